import XCTest
@testable import RepGeom

/// RDMs against distances and correlations computed by hand.
final class RepresentationalDissimilarityTests: XCTestCase {
    func testEuclideanAndCorrelation() throws {
        let z = Matrix<Double>([[0, 0, 0, 1], [3, 4, 0, 1], [1, 2, 3, 4]])
        let e = try RDM.of(z, metric: .euclidean)
        XCTAssertEqual(e.name, "rdm")
        XCTAssertEqual(e.variant, "euclidean")
        XCTAssertEqual(e.values[0][1], 5, accuracy: 1e-12)
        XCTAssertEqual(e.values[1][0], 5, accuracy: 1e-12)
        XCTAssertEqual(e.values[0][2], (1 + 4 + 9 + 9.0).squareRoot(), accuracy: 1e-12)
        for i in 0..<3 { XCTAssertEqual(e.values[i][i], 0) }
        let c = try RDM.of(z, metric: .correlation)
        func pearson(_ a: [Double], _ b: [Double]) -> Double {
            let ma = a.reduce(0, +) / 4, mb = b.reduce(0, +) / 4
            let cov = zip(a, b).map { ($0 - ma) * ($1 - mb) }.reduce(0, +)
            return cov / (a.map { ($0 - ma) * ($0 - ma) }.reduce(0, +) * b.map { ($0 - mb) * ($0 - mb) }.reduce(0, +)).squareRoot()
        }
        for i in 0..<3 { for j in 0..<3 where i != j { XCTAssertEqual(c.values[i][j], 1 - pearson(z.row(i), z.row(j)), accuracy: 1e-12) } }
        // Unit permutations change neither.
        let zp = MeasureTestData.permuteColumns(z, [2, 0, 3, 1])
        for (a, b) in zip(try RDM.of(zp, metric: .euclidean).values.joined(), e.values.joined()) { XCTAssertEqual(a, b, accuracy: 1e-12) }
        for (a, b) in zip(try RDM.of(zp, metric: .correlation).values.joined(), c.values.joined()) { XCTAssertEqual(a, b, accuracy: 1e-12) }
        XCTAssertThrowsError(try RDM.of(Matrix([[1, 1, 1], [0, 1, 2]]), metric: .correlation)) { e in
            XCTAssertNotNil(e as? MeasureUnavailable)
        }
    }
}
