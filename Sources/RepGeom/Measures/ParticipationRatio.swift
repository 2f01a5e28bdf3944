/// Participation ratio of a cloud of points (rows).
///
/// **Name** "participation_ratio". **Variant** "covariance" (the centred covariance across rows).
///
/// PR = (tr C)² / tr(C²) = (Σλᵢ)² / Σλᵢ², C the covariance of the rows (here the condition
/// means). It lies in [1, rank C]: 1 for points on a line, d for points spread evenly over d
/// orthogonal directions. Computed from the smaller of the row Gram and the column covariance
/// (same non-zero eigenvalues). **Invariances**: orthogonal maps, isotropic scaling,
/// translation, unit and row permutations. **Edge case**: zero variance (all rows equal) is
/// `MeasureUnavailable`.
public enum ParticipationRatio {
    /// The variant string of `of(_:)`.
    public static let variant = "covariance"

    /// The participation ratio with its name and variant.
    public static func result(_ x: Matrix<Double>) throws -> ParticipationRatioResult {
        ParticipationRatioResult(variant: variant, value: try of(x))
    }

    public static func of(_ x: Matrix<Double>) throws -> Double {
        let xc = x.columnCentered
        // tr C and tr C² up to the common factor 1/n, which cancels.
        let g = xc.rows <= xc.columns ? xc.gram : Matrix.product(xc, transposeA: true, xc)
        let tr = g.trace, tr2 = Matrix.frobeniusDot(g, g)
        guard tr > 0, tr2 > 0 else {
            throw MeasureUnavailable("participation_ratio", "the points have zero variance")
        }
        return tr * tr / tr2
    }
}

/// A participation ratio with the measure's name and variant (`MeasureReport.participationRatioDetail`).
public struct ParticipationRatioResult: Sendable, Codable, Equatable {
    public var name = "participation_ratio"
    public var variant: String
    public var value: Double
}
