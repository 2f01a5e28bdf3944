/// Representational dissimilarity matrices between condition means.
///
/// **Name** "rdm". **Variants** "euclidean" (‖z̄_a − z̄_b‖) and "correlation" (1 − Pearson
/// correlation of the two mean vectors across units). Both are symmetric with a zero diagonal.
/// **Invariances**: euclidean — orthogonal maps, translation, unit permutations (scales with
/// isotropic scaling); correlation — unit permutations, isotropic scaling and adding a constant
/// to all units of a condition, not orthogonal maps. A condition whose mean is constant across
/// units has undefined correlation: `MeasureUnavailable`.
public struct RDMResult: Sendable, Codable, Equatable {
    public var name = "rdm"
    public var variant: String
    /// P×P dissimilarities, row-major.
    public var values: [[Double]]
}

public enum RDM {
    public enum Metric: String, Sendable, Codable, CaseIterable { case euclidean, correlation }

    public static func of(_ means: Matrix<Double>, metric: Metric) throws -> RDMResult {
        let p = means.rows
        var x = means
        if metric == .correlation {
            // Centre and normalise each condition's vector across units.
            let q = x.columns
            for i in 0..<p {
                var mu = 0.0
                for j in 0..<q { mu += x[i, j] }
                mu /= Double(q)
                var ss = 0.0
                for j in 0..<q { x[i, j] -= mu; ss += x[i, j] * x[i, j] }
                guard ss > 0 else { throw MeasureUnavailable("rdm", "condition \(i) is constant across units; correlation distance undefined") }
                let inv = 1 / ss.squareRoot()
                for j in 0..<q { x[i, j] *= inv }
            }
        }
        let g = metric == .correlation ? x.gram : Matrix(rows: 0, columns: 0)
        var d = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for i in 0..<p {
            for j in 0..<p where j != i {
                switch metric {
                case .euclidean:
                    // Direct differences (not the Gram identity) so close means keep their digits.
                    var s = 0.0
                    for k in 0..<x.columns { let v = x[i, k] - x[j, k]; s += v * v }
                    d[i][j] = s.squareRoot()
                case .correlation: d[i][j] = 1 - g[i, j]
                }
            }
        }
        return RDMResult(variant: metric.rawValue, values: d)
    }
}
