/// How a PS pairing of side-A with side-B conditions is chosen.
public enum PSVariant: String, Sendable, Codable, CaseIterable {
    /// The maximum over all one-to-one pairings (exact enumeration, up to 8 per side).
    case max
    /// The pairing minimising the summed squared distance between matched means.
    case distsum
    /// A given pairing.
    case fixed
}

/// The parallelism score of one dichotomy under one variant.
public struct ParallelismScoreResult: Sendable, Codable, Equatable {
    public var name = "parallelism_score"
    /// "max", "distsum" or "fixed".
    public var variant: String
    /// Mean cosine over all pairs of coding vectors, in [−1, 1].
    public var value: Double
    /// The pairing that produced `value`.
    public var pairing: [ConditionPair]
    /// How many pairings were scored (m! for "max", 1 otherwise).
    public var pairingsScored: Int

    enum CodingKeys: String, CodingKey {
        case name, variant, value, pairing
        case pairingsScored = "pairings_scored"
    }
}

/// Parallelism score (Bernardi et al. 2020) of a dichotomy of condition means.
///
/// **Name** "parallelism_score". **Variants** "max" (default), "distsum", "fixed".
///
/// For a one-to-one pairing π of side-A conditions aᵢ with side-B conditions b_π(i), the coding
/// vectors are vᵢ = z̄_aᵢ − z̄_b_π(i) (always A minus B, so signs are comparable) and the score is
/// the mean of cos(vᵢ, vⱼ) over all pairs i < j. A zero coding vector (two identical means)
/// contributes cosine 0.
///
/// - "max": maximum over all m! pairings of the m = P/2 conditions per side; exact enumeration
///   for m ≤ 8 (40 320 pairings): the m²×m² table of cosines between all cross-side difference
///   vectors is computed once (one matrix product), then a depth-first enumeration in
///   lexicographic order adds table entries incrementally. Ties keep the lexicographically
///   first pairing. Unbalanced dichotomies and m > 8 are `MeasureUnavailable`.
/// - "distsum": the pairing minimising Σᵢ ‖z̄_aᵢ − z̄_b_π(i)‖² (linear assignment), any m.
///   Unbalanced dichotomies: each condition of the smaller side is matched to a distinct
///   condition of the larger side (minimum summed squared distance); the larger side's
///   unmatched conditions are left out.
/// - "fixed": the given pairs (each a in side A, each b in side B, no condition twice; a
///   subset of the conditions is allowed).
///
/// Needs at least two coding vectors (m ≥ 2). **Invariances**: orthogonal maps, isotropic
/// scaling, translation, unit permutations of the representation; swapping the sides
/// (complement dichotomy) leaves every variant unchanged (all vᵢ flip sign together).
public enum ParallelismScore {
    /// The largest side for which "max" enumerates pairings (8! = 40 320).
    public static let maxEnumeratedSide = 8

    /// PS of `dichotomy` (labels over the rows of `means`) under `variant`; "fixed" uses `pairing`.
    public static func score(means: Matrix<Double>, dichotomy labels: [Int], variant: PSVariant,
                             pairing: [ConditionPair]? = nil) throws -> ParallelismScoreResult {
        precondition(labels.count == means.rows, "dichotomy width \(labels.count) ≠ conditions \(means.rows)")
        let a = labels.indices.filter { labels[$0] == 0 }, b = labels.indices.filter { labels[$0] != 0 }
        let key = "ps_\(variant.rawValue)"
        switch variant {
        case .max:
            guard a.count == b.count else {
                throw MeasureUnavailable(key, "the dichotomy is unbalanced (\(a.count) vs \(b.count) conditions); PS-max needs equal sides (use distsum)")
            }
            guard a.count <= maxEnumeratedSide else {
                throw MeasureUnavailable(key, "\(a.count) conditions per side: exact enumeration of \(a.count)! pairings is limited to \(maxEnumeratedSide) per side (use distsum)")
            }
            guard a.count >= 2 else { throw MeasureUnavailable(key, "needs at least 2 conditions per side") }
            return maximum(means: means, sideA: a, sideB: b)
        case .distsum:
            guard min(a.count, b.count) >= 2 else { throw MeasureUnavailable(key, "needs at least 2 conditions on each side") }
            let pairs = distsumPairing(means: means, sideA: a, sideB: b)
            return ParallelismScoreResult(variant: "distsum", value: meanCosine(means: means, pairs: pairs), pairing: pairs, pairingsScored: 1)
        case .fixed:
            guard let pairing else { throw MeasureUnavailable(key, "no pairing given") }
            let setA = Set(a), setB = Set(b)
            var usedA = Set<Int>(), usedB = Set<Int>()
            for (k, p) in pairing.enumerated() {
                guard setA.contains(p.a), setB.contains(p.b) else {
                    throw InputError("pairing[\(k)]", "pair (\(p.a), \(p.b)) must join a side-A (label 0) with a side-B (label 1) condition")
                }
                guard usedA.insert(p.a).inserted, usedB.insert(p.b).inserted else {
                    throw InputError("pairing[\(k)]", "condition used twice in the pairing")
                }
            }
            guard pairing.count >= 2 else { throw MeasureUnavailable(key, "needs at least 2 pairs") }
            return ParallelismScoreResult(variant: "fixed", value: meanCosine(means: means, pairs: pairing), pairing: pairing, pairingsScored: 1)
        }
    }

    /// The mean pairwise cosine of the coding vectors z̄_a − z̄_b of `pairs`.
    public static func meanCosine(means: Matrix<Double>, pairs: [ConditionPair]) -> Double {
        let p = means.columns, m = pairs.count
        precondition(m >= 2)
        var v = Matrix<Double>(rows: m, columns: p)
        for (i, pr) in pairs.enumerated() {
            for j in 0..<p { v.elements[i * p + j] = means.elements[pr.a * p + j] - means.elements[pr.b * p + j] }
        }
        normaliseRows(&v)
        let g = v.gram
        var s = 0.0
        for i in 0..<m { for j in (i + 1)..<m { s += g.elements[i * m + j] } }
        return s * 2 / Double(m * (m - 1))
    }

    /// The distsum pairing: minimum Σ‖z̄_a − z̄_b‖² over one-to-one matchings of the smaller side
    /// into the larger one, listed in the order of side A's conditions.
    static func distsumPairing(means: Matrix<Double>, sideA a: [Int], sideB b: [Int]) -> [ConditionPair] {
        let p = means.columns
        func distance(_ x: Int, _ y: Int) -> Double {
            var s = 0.0
            for j in 0..<p { let d = means.elements[x * p + j] - means.elements[y * p + j]; s += d * d }
            return s
        }
        let aRows = a.count <= b.count
        let rowsSide = aRows ? a : b, colsSide = aRows ? b : a
        let cost = Matrix<Double>(rows: rowsSide.count, columns: colsSide.count) { i, j in distance(rowsSide[i], colsSide[j]) }
        let (columns, _) = LinearAssignment.minimumCost(cost)
        var pairs = zip(rowsSide, columns).map { row, col in
            aRows ? ConditionPair(a: row, b: colsSide[col]) : ConditionPair(a: colsSide[col], b: row)
        }
        pairs.sort { $0.a < $1.a }
        return pairs
    }

    /// Exact PS-max by enumeration over all pairings of balanced sides (m ≤ 8).
    static func maximum(means: Matrix<Double>, sideA a: [Int], sideB b: [Int]) -> ParallelismScoreResult {
        let m = a.count, p = means.columns, mm = m * m
        // Unit difference vectors u_(i,k) = normalised z̄_aᵢ − z̄_b_k, row i·m + k.
        var u = Matrix<Double>(rows: mm, columns: p)
        for i in 0..<m {
            for k in 0..<m {
                let r = (i * m + k) * p
                for j in 0..<p { u.elements[r + j] = means.elements[a[i] * p + j] - means.elements[b[k] * p + j] }
            }
        }
        normaliseRows(&u)
        let table = u.gram   // table[(i,k), (j,l)] = cos(v_ik, v_jl)
        var best = -Double.infinity
        var bestPerm = Array(0..<m)
        var perm = [Int](repeating: 0, count: m)
        var used = [Bool](repeating: false, count: m)
        var count = 0
        table.elements.withUnsafeBufferPointer { t in
            // Depth-first over positions; `partial` = Σ over assigned pairs i < j of the table.
            func descend(_ depth: Int, _ partial: Double) {
                if depth == m {
                    count += 1
                    if partial > best { best = partial; bestPerm = perm }
                    return
                }
                for k in 0..<m where !used[k] {
                    let row = (depth * m + k) * mm
                    var add = 0.0
                    for i in 0..<depth { add += t[row + i * m + perm[i]] }
                    used[k] = true
                    perm[depth] = k
                    descend(depth + 1, partial + add)
                    used[k] = false
                }
            }
            descend(0, 0)
        }
        let pairs = (0..<m).map { ConditionPair(a: a[$0], b: b[bestPerm[$0]]) }
        return ParallelismScoreResult(variant: "max", value: best * 2 / Double(m * (m - 1)), pairing: pairs, pairingsScored: count)
    }

    /// Scales each row to unit norm; zero rows stay zero (their cosines are 0).
    static func normaliseRows(_ v: inout Matrix<Double>) {
        let p = v.columns
        for i in 0..<v.rows {
            var s = 0.0
            for j in 0..<p { s += v.elements[i * p + j] * v.elements[i * p + j] }
            guard s > 0 else { continue }
            let inv = 1 / s.squareRoot()
            for j in 0..<p { v.elements[i * p + j] *= inv }
        }
    }
}
