/// The two null models for PS and CCGP (SPEC §4 "Nulls").
public enum NullKind: String, Sendable, Codable, CaseIterable {
    /// Shuffled condition labels: the dichotomy's labels are permuted over the conditions
    /// (labels′[c] = labels[π(c)], π uniform), i.e. the same geometry with a random balanced
    /// split of the same side sizes. Samples keep their conditions.
    case shuffledLabels = "shuffled_labels"
    /// Random geometry with the same spectrum: the centred condition means Z̄ − 1μᵀ are rotated
    /// in condition space by a Haar-random orthogonal map of the subspace orthogonal to 1
    /// (Q = B·R·Bᵀ, B an orthonormal (Helmert) basis of 1^⊥, R Haar on P−1 dimensions), so
    /// Z̃ = 1μᵀ + Q(Z̄ − 1μᵀ) has exactly the same singular values — the same eigenvalues of the
    /// centred condition-mean covariance — and the same unit-space subspace, but a random
    /// arrangement of the conditions. For CCGP the samples follow their condition:
    /// x̃ₛ = xₛ − m_c + m̃_c with m the per-condition sample averages and m̃ their rotation, so
    /// the within-condition noise is kept exactly.
    case sameSpectrum = "same_spectrum"
}

/// A null distribution summarised against the observed value.
///
/// p = (1 + #{null ≥ observed}) / (1 + N) (one-sided, the observed value counted as one draw,
/// so p > 0); percentile = 100·(#{null < observed} + ½#{null = observed}) / N (mid-rank).
public struct NullSummary: Sendable, Codable, Equatable {
    public var name = "null"
    /// The measure the null is for: "ps_max", "ps_distsum" or "ccgp".
    public var measure: String
    /// `NullKind` raw value.
    public var variant: String
    public var observed: Double
    public var count: Int
    public var mean: Double
    /// Sample standard deviation of the null values (0 when N = 1).
    public var std: Double
    public var percentile: Double
    public var pValue: Double

    enum CodingKeys: String, CodingKey {
        case name, measure, variant, observed, count, mean, std, percentile
        case pValue = "p_value"
    }

    public init(measure: String, kind: NullKind, observed: Double, values: [Double]) {
        precondition(!values.isEmpty)
        self.measure = measure
        self.variant = kind.rawValue
        self.observed = observed
        count = values.count
        let n = Double(values.count)
        mean = values.reduce(0, +) / n
        let m = mean
        std = values.count > 1 ? (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / (n - 1)).squareRoot() : 0
        let below = values.filter { $0 < observed }.count, equal = values.filter { $0 == observed }.count
        let atLeast = values.filter { $0 >= observed }.count
        percentile = 100 * (Double(below) + 0.5 * Double(equal)) / n
        pValue = Double(1 + atLeast) / (1 + n)
    }
}

public enum NullModel {
    /// labels′[c] = labels[π(c)] for a uniform random permutation π.
    public static func shuffledLabels(_ labels: [Int], using rng: inout RandomSource) -> [Int] {
        let perm = rng.permutation(labels.count)
        return perm.map { labels[$0] }
    }

    /// A random orthogonal map Q of R^P that fixes 1 (Q = B·R·Bᵀ + 11ᵀ/P, see `NullKind.sameSpectrum`).
    public static func centringPreservingRotation(_ p: Int, using rng: inout RandomSource) -> Matrix<Double> {
        precondition(p >= 1)
        guard p >= 2 else { return .identity(1) }
        let b = helmertBasis(p)
        let r = rng.orthogonalMatrix(p - 1)
        var q = Matrix.product(Matrix.product(b, r), b, transposeB: true)
        for i in 0..<p { for j in 0..<p { q[i, j] += 1 / Double(p) } }
        return q
    }

    /// The same-spectrum null geometry of `means` (P×p) under rotation `q` from
    /// `centringPreservingRotation`: 1μᵀ + Q(Z̄ − 1μᵀ), which equals Q·Z̄ because Q1 = 1.
    public static func rotated(_ means: Matrix<Double>, by q: Matrix<Double>) -> Matrix<Double> {
        Matrix.product(q, means)
    }

    /// Samples moved with their condition: xₛ − m_c + m̃_c (m, m̃ per-condition P×p).
    public static func movedSamples(_ samples: Matrix<Double>, conditions: [Int], from m: Matrix<Double>, to mt: Matrix<Double>) -> Matrix<Double> {
        var out = samples
        let p = samples.columns
        for (r, c) in conditions.enumerated() {
            for j in 0..<p { out.elements[r * p + j] += mt.elements[c * p + j] - m.elements[c * p + j] }
        }
        return out
    }

    /// Orthonormal basis of 1^⊥ in R^P (P×(P−1)): column k has k entries 1/√(k(k+1)), then
    /// −k/√(k(k+1)), then zeros (the Helmert contrasts).
    static func helmertBasis(_ p: Int) -> Matrix<Double> {
        var b = Matrix<Double>(rows: p, columns: p - 1)
        for k in 1..<p {
            let s = 1 / (Double(k) * Double(k + 1)).squareRoot()
            for i in 0..<k { b[i, k - 1] = s }
            b[k, k - 1] = -Double(k) * s
        }
        return b
    }
}
