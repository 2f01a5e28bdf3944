/// Everything the suite measured for one dichotomy. JSON keys are snake_case; a value that could
/// not be computed is `null` and its reason is in `unavailable` under the same key.
public struct DichotomyReport: Sendable, Codable, Equatable {
    /// Position in `MeasureInput.dichotomies`.
    public var index: Int
    public var name: String?
    public var trained: Bool
    public var balanced: Bool
    public var labels: [Int]
    /// PS, variant "max".
    public var psMax: Double?
    /// PS, variant "distsum".
    public var psDistsum: Double?
    /// PS, variant "fixed" (only with a given pairing).
    public var psFixed: Double?
    /// Mean CCGP accuracy.
    public var ccgp: Double?
    /// Mean cross-validated decoding accuracy.
    public var decoding: Double?
    public var psMaxDetail: ParallelismScoreResult?
    public var psDistsumDetail: ParallelismScoreResult?
    public var psFixedDetail: ParallelismScoreResult?
    public var ccgpDetail: CCGPResult?
    public var decodingDetail: DecodingResult?
    /// Null summaries (one per measure × null kind), when nulls were asked for.
    public var nulls: [NullSummary]?
    /// Reason per missing value, keyed like the value ("ps_max", "ccgp", …).
    public var unavailable: [String: String]

    public init(index: Int, dichotomy: Dichotomy) {
        self.index = index
        self.name = dichotomy.name
        self.trained = dichotomy.trained
        self.balanced = dichotomy.isBalanced
        self.labels = dichotomy.labels
        self.unavailable = [:]
    }

    enum CodingKeys: String, CodingKey {
        case index, name, trained, balanced, labels, ccgp, decoding, nulls, unavailable
        case psMax = "ps_max"
        case psDistsum = "ps_distsum"
        case psFixed = "ps_fixed"
        case psMaxDetail = "ps_max_detail"
        case psDistsumDetail = "ps_distsum_detail"
        case psFixedDetail = "ps_fixed_detail"
        case ccgpDetail = "ccgp_detail"
        case decodingDetail = "decoding_detail"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(name, forKey: .name)
        try c.encode(trained, forKey: .trained)
        try c.encode(balanced, forKey: .balanced)
        try c.encode(labels, forKey: .labels)
        try c.encode(psMax, forKey: .psMax)
        try c.encode(psDistsum, forKey: .psDistsum)
        try c.encode(psFixed, forKey: .psFixed)
        try c.encode(ccgp, forKey: .ccgp)
        try c.encode(decoding, forKey: .decoding)
        try c.encode(psMaxDetail, forKey: .psMaxDetail)
        try c.encode(psDistsumDetail, forKey: .psDistsumDetail)
        try c.encode(psFixedDetail, forKey: .psFixedDetail)
        try c.encode(ccgpDetail, forKey: .ccgpDetail)
        try c.encode(decodingDetail, forKey: .decodingDetail)
        try c.encode(nulls, forKey: .nulls)
        try c.encode(unavailable, forKey: .unavailable)
    }
}

/// Means of the per-dichotomy values over a group of dichotomies (SPEC §4: "for several trained
/// outputs report each and their mean"). A mean is over the dichotomies where the value exists;
/// `null` when it exists for none.
public struct DichotomyGroupSummary: Sendable, Codable, Equatable {
    public var count: Int
    public var psMax: Double?
    public var psDistsum: Double?
    public var ccgp: Double?
    public var decoding: Double?

    enum CodingKeys: String, CodingKey {
        case count, ccgp, decoding
        case psMax = "ps_max"
        case psDistsum = "ps_distsum"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encode(psMax, forKey: .psMax)
        try c.encode(psDistsum, forKey: .psDistsum)
        try c.encode(ccgp, forKey: .ccgp)
        try c.encode(decoding, forKey: .decoding)
    }

    init(_ reports: [DichotomyReport]) {
        func mean(_ key: KeyPath<DichotomyReport, Double?>) -> Double? {
            let v = reports.compactMap { $0[keyPath: key] }
            return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
        }
        count = reports.count
        psMax = mean(\.psMax)
        psDistsum = mean(\.psDistsum)
        ccgp = mean(\.ccgp)
        decoding = mean(\.decoding)
    }
}

/// The suite's result: exactly what `repgeom measure --json` prints.
///
/// Top-level keys: `name` ("measure_suite"), `software_version`, `condition_count`,
/// `unit_count`, `sample_count`, `options` (the resolved options), `alignment`,
/// `shattering_dimensionality`, `participation_ratio` (and `participation_ratio_detail` with
/// name and variant), `sparsity`, `rdm`, `trained_summary`,
/// `untrained_summary`, `dichotomies`, `unavailable`. A measure that was not asked for or
/// cannot be computed is `null`; when it was asked for, `unavailable` says why.
public struct MeasureReport: Sendable, Codable, Equatable {
    public var name = "measure_suite"
    public var softwareVersion = RepGeomVersion.string
    public var conditionCount: Int
    public var unitCount: Int
    public var sampleCount: Int
    public var options: MeasureOptions
    public var alignment: AlignmentResult?
    public var shatteringDimensionality: ShatteringResult?
    public var participationRatio: Double?
    /// `participationRatio` with its name and variant.
    public var participationRatioDetail: ParticipationRatioResult?
    public var sparsity: SparsityResult?
    public var rdm: [RDMResult]?
    /// Means over the trained dichotomies of `dichotomies`.
    public var trainedSummary: DichotomyGroupSummary
    /// Means over the untrained dichotomies of `dichotomies`.
    public var untrainedSummary: DichotomyGroupSummary
    public var dichotomies: [DichotomyReport]
    /// Reason per missing top-level measure ("alignment", "shattering_dimensionality", …).
    public var unavailable: [String: String]

    enum CodingKeys: String, CodingKey {
        case name, options, alignment, sparsity, rdm, dichotomies, unavailable
        case softwareVersion = "software_version"
        case conditionCount = "condition_count"
        case unitCount = "unit_count"
        case sampleCount = "sample_count"
        case shatteringDimensionality = "shattering_dimensionality"
        case participationRatio = "participation_ratio"
        case participationRatioDetail = "participation_ratio_detail"
        case trainedSummary = "trained_summary"
        case untrainedSummary = "untrained_summary"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(softwareVersion, forKey: .softwareVersion)
        try c.encode(conditionCount, forKey: .conditionCount)
        try c.encode(unitCount, forKey: .unitCount)
        try c.encode(sampleCount, forKey: .sampleCount)
        try c.encode(options, forKey: .options)
        try c.encode(alignment, forKey: .alignment)
        try c.encode(shatteringDimensionality, forKey: .shatteringDimensionality)
        try c.encode(participationRatio, forKey: .participationRatio)
        try c.encode(participationRatioDetail, forKey: .participationRatioDetail)
        try c.encode(sparsity, forKey: .sparsity)
        try c.encode(rdm, forKey: .rdm)
        try c.encode(trainedSummary, forKey: .trainedSummary)
        try c.encode(untrainedSummary, forKey: .untrainedSummary)
        try c.encode(dichotomies, forKey: .dichotomies)
        try c.encode(unavailable, forKey: .unavailable)
    }
}
