/// The measures the suite can compute.
public enum MeasureKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// Target / input / task kernel alignment.
    case alignment
    /// Parallelism score (max, distsum, and fixed when a pairing is given) per dichotomy.
    case parallelism
    /// CCGP per dichotomy (needs samples).
    case ccgp
    /// Cross-validated decoding per dichotomy (needs samples).
    case decoding
    /// Shattering dimensionality (needs samples).
    case shattering
    case participationRatio = "participation_ratio"
    case sparsity
    /// Euclidean and correlation RDMs of the condition means (off by default: P² numbers).
    case rdm

    /// Everything except `rdm`.
    public static let defaults: [MeasureKind] = [.alignment, .parallelism, .ccgp, .decoding, .shattering, .participationRatio, .sparsity]

    public static func < (a: MeasureKind, b: MeasureKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Everything that selects what the suite computes and how. Defaults are SPEC §4's.
public struct MeasureOptions: Sendable, Codable, Equatable {
    /// Which measures (order irrelevant; stored sorted).
    public var measures: [MeasureKind] = MeasureKind.defaults
    public var alignment = AlignmentOptions()
    public var ccgp = CCGPOptions()
    /// The decoder for CCGP, decoding and SD (default: hinge SVM, C = 1).
    public var decoder = LinearDecoder()
    /// Cross-validation folds for decoding and SD.
    public var folds = 5
    /// Null draws per null kind for PS and CCGP (0: no nulls).
    public var nullCount = 0
    public var nullKinds: [NullKind] = NullKind.allCases
    /// Seed of every random choice (folds, split and dichotomy subsets, null draws; the
    /// decoder's own visiting-order seed is `decoder.seed`).
    public var seed: UInt64 = 0
    /// The most balanced dichotomies decoded for SD (a seeded subset above it).
    public var shatteringLimit = 10_000
    /// Activity above which a unit counts as active.
    public var sparsityThreshold = 0.0
    /// Threads for decoding-heavy work (0: all active cores). Results do not depend on it.
    public var threads = 0

    public init() {}

    public func includes(_ m: MeasureKind) -> Bool { measures.contains(m) }

    /// Checks every option; throws `InputError` naming it.
    public func validate() throws {
        try decoder.validate()
        guard folds >= 2 else { throw InputError("folds", "must be at least 2, got \(folds)") }
        guard nullCount >= 0, nullCount <= 1_000_000 else { throw InputError("null_count", "must be in 0…1000000, got \(nullCount)") }
        guard shatteringLimit >= 1 else { throw InputError("shattering_limit", "must be at least 1, got \(shatteringLimit)") }
        guard ccgp.maxSplits >= 1 else { throw InputError("ccgp.max_splits", "must be at least 1, got \(ccgp.maxSplits)") }
        guard ccgp.heldOutPerSide >= 1 else { throw InputError("ccgp.held_out_per_side", "must be at least 1, got \(ccgp.heldOutPerSide)") }
        guard sparsityThreshold.isFinite else { throw InputError("sparsity_threshold", "must be finite") }
        guard threads >= 0 else { throw InputError("threads", "must be ≥ 0, got \(threads)") }
        if alignment.kernel.kind == .rbf {
            guard alignment.kernel.bandwidthFactor > 0, alignment.kernel.bandwidthFactor.isFinite else {
                throw InputError("alignment.kernel.bandwidth_factor", "must be positive, got \(alignment.kernel.bandwidthFactor)")
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case measures, alignment, ccgp, decoder, folds, seed, threads
        case nullCount = "null_count"
        case nullKinds = "null_kinds"
        case shatteringLimit = "shattering_limit"
        case sparsityThreshold = "sparsity_threshold"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MeasureOptions()
        measures = try c.decodeIfPresent([MeasureKind].self, forKey: .measures) ?? d.measures
        alignment = try c.decodeIfPresent(AlignmentOptions.self, forKey: .alignment) ?? d.alignment
        ccgp = try c.decodeIfPresent(CCGPOptions.self, forKey: .ccgp) ?? d.ccgp
        self.decoder = try c.decodeIfPresent(LinearDecoder.self, forKey: .decoder) ?? d.decoder
        folds = try c.decodeIfPresent(Int.self, forKey: .folds) ?? d.folds
        nullCount = try c.decodeIfPresent(Int.self, forKey: .nullCount) ?? d.nullCount
        nullKinds = try c.decodeIfPresent([NullKind].self, forKey: .nullKinds) ?? d.nullKinds
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        shatteringLimit = try c.decodeIfPresent(Int.self, forKey: .shatteringLimit) ?? d.shatteringLimit
        sparsityThreshold = try c.decodeIfPresent(Double.self, forKey: .sparsityThreshold) ?? d.sparsityThreshold
        threads = try c.decodeIfPresent(Int.self, forKey: .threads) ?? d.threads
    }
}
