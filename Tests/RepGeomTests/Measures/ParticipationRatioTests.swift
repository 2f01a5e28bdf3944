import XCTest
@testable import RepGeom

/// Participation ratio (tr C)²/tr(C²) on clouds with known covariance spectra.
final class ParticipationRatioTests: XCTestCase {
    func testAnalyticCases() throws {
        // The d-cube's corners: covariance ∝ I_d, PR = d exactly.
        for d in 1...5 { XCTAssertEqual(try ParticipationRatio.of(MeasureTestData.cube(d)), Double(d), accuracy: 1e-12) }
        // Points on a line: PR = 1.
        let line = Matrix<Double>(rows: 6, columns: 3) { i, j in Double(i) * [1, -2, 0.5][j] + 7 }
        XCTAssertEqual(try ParticipationRatio.of(line), 1, accuracy: 1e-12)
        // A 2×2 grid stretched by (2, 1): eigenvalues ∝ (4, 1), PR = 25/17.
        let grid = Matrix<Double>([[2, 1], [2, -1], [-2, 1], [-2, -1]])
        XCTAssertEqual(try ParticipationRatio.of(grid), 25.0 / 17.0, accuracy: 1e-12)
        // P orthogonal directions (a simplex of P points): P − 1 equal eigenvalues after centring.
        XCTAssertEqual(try ParticipationRatio.of(Matrix<Double>.identity(7)), 6, accuracy: 1e-12)
    }

    /// Both computation paths (row Gram when P ≤ p, column covariance otherwise) and the invariances.
    func testPathsAndInvariances() throws {
        var rng = RandomSource(seed: 81)
        let wide: Matrix<Double> = rng.gaussianMatrix(rows: 5, columns: 9), tall = wide.transposed
        let eig = try LinearAlgebra.symmetricEigen(Matrix.product(tall.columnCentered, transposeA: true, tall.columnCentered)).values
        XCTAssertEqual(try ParticipationRatio.of(tall), eig.reduce(0, +) * eig.reduce(0, +) / eig.map { $0 * $0 }.reduce(0, +),
                       accuracy: 1e-10)
        let base = try ParticipationRatio.of(wide)
        let q = rng.orthogonalMatrix(9)
        XCTAssertEqual(try ParticipationRatio.of(Matrix.product(wide, q)), base, accuracy: 1e-10)
        XCTAssertEqual(try ParticipationRatio.of(3 * wide), base, accuracy: 1e-10)
        XCTAssertEqual(try ParticipationRatio.of(wide.map { $0 + 4 }), base, accuracy: 1e-10)
        XCTAssertEqual(try ParticipationRatio.of(MeasureTestData.permuteColumns(wide, rng.permutation(9))), base, accuracy: 1e-10)
        XCTAssertThrowsError(try ParticipationRatio.of(Matrix(rows: 3, columns: 2, repeating: 1))) { e in
            XCTAssertNotNil(e as? MeasureUnavailable)
        }
        let r = try ParticipationRatio.result(wide)
        XCTAssertEqual(r.name, "participation_ratio")
        XCTAssertEqual(r.variant, "covariance")
        XCTAssertEqual(r.value, base)
    }
}
