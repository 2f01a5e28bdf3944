/// Shattering dimensionality: mean cross-validated decoding accuracy over balanced dichotomies.
///
/// **Name** "shattering_dimensionality". **Variant** "<decoding variant>/exhaustive" or
/// "<decoding variant>/subset(N)".
///
/// The dichotomy set is `BalancedDichotomies(conditionCount: P, limit:, seed:)` — all
/// C(P, P/2)/2 balanced dichotomies (each once, up to complement), or a seeded subset of `limit`
/// — plus any balanced trained dichotomy the subset missed. `trained` is the mean over the
/// dichotomies equal (up to complement) to a trained dichotomy, `untrained` over the rest, `all`
/// over the whole set. Every dichotomy uses the same stratified folds. **Invariances**: those of
/// the decoder; permutations of the conditions map the set onto itself (exhaustive case).
public struct ShatteringResult: Sendable, Codable, Equatable {
    public var name = "shattering_dimensionality"
    public var variant: String
    public var all: Double
    /// Nil when no balanced trained dichotomy was given.
    public var trained: Double?
    /// Nil when every dichotomy of the set is trained (e.g. P = 2).
    public var untrained: Double?
    public var dichotomyCount: Int
    public var trainedCount: Int
    public var untrainedCount: Int
    /// True when the set is every balanced dichotomy.
    public var exhaustive: Bool
    /// The number of distinct balanced dichotomies of P conditions.
    public var totalBalanced: Double

    enum CodingKeys: String, CodingKey {
        case name, variant, all, trained, untrained, exhaustive
        case dichotomyCount = "dichotomy_count"
        case trainedCount = "trained_count"
        case untrainedCount = "untrained_count"
        case totalBalanced = "total_balanced"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(variant, forKey: .variant)
        try c.encode(all, forKey: .all)
        try c.encode(trained, forKey: .trained)     // explicit null when absent
        try c.encode(untrained, forKey: .untrained)
        try c.encode(dichotomyCount, forKey: .dichotomyCount)
        try c.encode(trainedCount, forKey: .trainedCount)
        try c.encode(untrainedCount, forKey: .untrainedCount)
        try c.encode(exhaustive, forKey: .exhaustive)
        try c.encode(totalBalanced, forKey: .totalBalanced)
    }
}

public enum ShatteringDimensionality {
    /// SD of the samples in `engine` over P conditions.
    ///
    /// - Parameters:
    ///   - trained: the trained dichotomies (0/1 labels over conditions; unbalanced ones are ignored).
    ///   - limit: the most balanced dichotomies decoded (besides forced-in trained ones).
    ///   - seed: seed of the subset draw.
    /// - Returns: the result, and every decoded dichotomy keyed by its canonical side-B mask
    ///   (so callers can reuse the decodings).
    public static func compute(engine: DecodingEngine, conditionCount p: Int, trained: [[Int]], limit: Int, seed: UInt64,
                               threads: Int = 0) throws -> (result: ShatteringResult, decodings: [UInt64: DecodingResult]) {
        guard p >= 2 else { throw MeasureUnavailable("shattering_dimensionality", "needs at least 2 conditions") }
        guard p <= 64 else { throw MeasureUnavailable("shattering_dimensionality", "more than 64 conditions are not supported") }
        guard limit >= 1 else { throw InputError("shattering_limit", "must be at least 1, got \(limit)") }
        let set = BalancedDichotomies(conditionCount: p, limit: limit, seed: seed)
        var labels = set.labels
        var masks = labels.map { Dichotomy(labels: $0).canonicalMask }
        var present = Set(masks)
        var trainedMasks = Set<UInt64>()
        for t in trained {
            let d = Dichotomy(labels: t)
            guard min(d.sideA.count, d.sideB.count) == p / 2 else { continue }
            let mask = d.canonicalMask
            trainedMasks.insert(mask)
            if present.insert(mask).inserted {
                labels.append(d.canonicalLabels)
                masks.append(mask)
            }
        }
        let results = engine.decode(all: labels, threads: threads)
        var trainedSum = 0.0, untrainedSum = 0.0, trainedCount = 0, untrainedCount = 0
        var byMask: [UInt64: DecodingResult] = [:]
        for (k, r) in results.enumerated() {
            byMask[masks[k]] = r
            if trainedMasks.contains(masks[k]) { trainedSum += r.mean; trainedCount += 1 } else { untrainedSum += r.mean; untrainedCount += 1 }
        }
        let all = results.map(\.mean).reduce(0, +) / Double(results.count)
        let variant = "\(engine.variant)/" + (set.exhaustive ? "exhaustive" : "subset(\(set.labels.count))")
        let result = ShatteringResult(variant: variant, all: all,
                                      trained: trainedCount > 0 ? trainedSum / Double(trainedCount) : nil,
                                      untrained: untrainedCount > 0 ? untrainedSum / Double(untrainedCount) : nil,
                                      dichotomyCount: results.count, trainedCount: trainedCount, untrainedCount: untrainedCount,
                                      exhaustive: set.exhaustive, totalBalanced: set.total)
        return (result, byMask)
    }
}
