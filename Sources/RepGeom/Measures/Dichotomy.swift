/// A split of the P conditions into two sides (SPEC §1): a 0/1 label per condition.
///
/// Side A holds the conditions labelled 0, side B those labelled 1. A dichotomy is *balanced*
/// when both sides hold P/2 conditions. *Trained* dichotomies are the network's targets; all
/// others are untrained. A dichotomy and its complement describe the same split: every measure
/// here gives the same value for both (PS and CCGP are symmetric in the sides, decoding
/// accuracy of the complement is the same classifier with the sign flipped).
public struct Dichotomy: Sendable, Codable, Equatable, Hashable {
    /// 0 or 1 for each condition (validated by `MeasureInput.validate`).
    public var labels: [Int]
    /// Whether this dichotomy is one of the network's targets.
    public var trained: Bool
    /// An optional name, e.g. "target 0" or "latent b2".
    public var name: String?
    /// An optional fixed pairing of side-A with side-B conditions for PS variant "fixed"
    /// (e.g. conditions matched on the other latent values).
    public var pairing: [ConditionPair]?

    public init(labels: [Int], trained: Bool = false, name: String? = nil, pairing: [ConditionPair]? = nil) {
        self.labels = labels
        self.trained = trained
        self.name = name
        self.pairing = pairing
    }

    /// The conditions labelled 0, in increasing order.
    public var sideA: [Int] { labels.indices.filter { labels[$0] == 0 } }
    /// The conditions labelled 1, in increasing order.
    public var sideB: [Int] { labels.indices.filter { labels[$0] != 0 } }
    /// True when both sides have the same number of conditions.
    public var isBalanced: Bool { 2 * sideA.count == labels.count }

    /// The same split written with condition 0 on side A (label 0): the canonical
    /// representative of a dichotomy and its complement.
    public var canonicalLabels: [Int] {
        guard let first = labels.first, first != 0 else { return labels }
        return labels.map { 1 - $0 }
    }

    /// Side B as a bit mask over conditions (P ≤ 64), canonicalised so condition 0 is on side A.
    var canonicalMask: UInt64 {
        var m: UInt64 = 0
        for (c, l) in canonicalLabels.enumerated() where l != 0 { m |= 1 << UInt64(c) }
        return m
    }
}

/// One matched pair of conditions: `a` from side A (label 0), `b` from side B (label 1).
public struct ConditionPair: Sendable, Codable, Equatable, Hashable {
    public var a: Int
    public var b: Int
    public init(a: Int, b: Int) { self.a = a; self.b = b }
}

/// The balanced dichotomies of P conditions, each listed once (up to complement).
public struct BalancedDichotomies: Sendable, Equatable {
    /// The dichotomies, as 0/1 labels with condition 0 always on side A (label 0).
    public var labels: [[Int]]
    /// True when `labels` is the complete list; false when it is a seeded random subset.
    public var exhaustive: Bool
    /// The number of distinct balanced dichotomies of P conditions, C(P, P/2)/2 for even P
    /// (C(P, ⌊P/2⌋) for odd P), as a Double because it overflows Int beyond P ≈ 66.
    public var total: Double

    /// Lists the balanced dichotomies of `conditionCount` conditions.
    ///
    /// Each split appears once: condition 0 is always on side A (label 0), so a dichotomy and its
    /// complement are never both listed. The list is sorted lexicographically by label vector.
    /// When there are more than `limit`, a seeded random subset of exactly `limit` distinct
    /// dichotomies is drawn (uniformly, by rejection of duplicates) and sorted the same way.
    ///
    /// For odd P "balanced" means sides of ⌊P/2⌋ (side B) and ⌈P/2⌉ (side A, with condition 0);
    /// for P < 2 the list is empty. P must be at most 64.
    ///
    /// - Parameters:
    ///   - conditionCount: P.
    ///   - limit: the most dichotomies to return (≥ 1).
    ///   - seed: seed of the subset draw (stream `.measures`, sub-stream 0x5344 "SD").
    public init(conditionCount p: Int, limit: Int, seed: UInt64) {
        precondition(p >= 0 && p <= 64, "balanced dichotomies need 0 ≤ P ≤ 64")
        precondition(limit >= 1, "limit must be positive")
        guard p >= 2 else { labels = []; exhaustive = true; total = 0; return }
        let sizeB = p / 2
        // Even P: side B is a P/2-subset of conditions 1..<P, so condition 0 stays on side A and
        // no complement is listed twice. Odd P: the sides differ in size, so every ⌊P/2⌋-subset
        // of all conditions is a distinct split; its labels are then canonicalised.
        let evenP = p % 2 == 0
        let pool = evenP ? Array(1..<p) : Array(0..<p)
        let count = BalancedDichotomies.binomial(pool.count, sizeB)
        total = count
        func labelsOf(_ subset: [Int]) -> [Int] {
            var l = [Int](repeating: 0, count: p)
            for c in subset { l[c] = 1 }
            return Dichotomy(labels: l).canonicalLabels
        }
        if count <= Double(limit) {
            var result: [[Int]] = []
            var idx = Array(0..<sizeB)
            while true {
                result.append(labelsOf(idx.map { pool[$0] }))
                // Next combination of indices in lexicographic order.
                var i = sizeB - 1
                while i >= 0 && idx[i] == pool.count - sizeB + i { i -= 1 }
                if i < 0 { break }
                idx[i] += 1
                for j in (i + 1)..<sizeB { idx[j] = idx[j - 1] + 1 }
            }
            result.sort { $0.lexicographicallyPrecedes($1) }
            labels = result
            exhaustive = true
        } else {
            var rng = RandomSource.measures(seed: seed, purpose: 0x5344)
            var seen = Set<UInt64>()
            var result: [[Int]] = []
            while result.count < limit {
                let subset = rng.sample(sizeB, from: pool.count).map { pool[$0] }
                let l = labelsOf(subset)
                let mask = Dichotomy(labels: l).canonicalMask
                if seen.insert(mask).inserted { result.append(l) }
            }
            result.sort { $0.lexicographicallyPrecedes($1) }
            labels = result
            exhaustive = false
        }
    }

    /// C(n, k) in Double (exact up to 2^53).
    static func binomial(_ n: Int, _ k: Int) -> Double {
        guard k >= 0 && k <= n else { return 0 }
        let k = min(k, n - k)
        var r = 1.0
        for i in 0..<k { r = r * Double(n - i) / Double(i + 1) }
        return r.rounded()
    }
}
