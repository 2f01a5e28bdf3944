import XCTest
@testable import RepGeom

/// Sparsity (active fraction, silent units) counted by hand.
final class SparsityTests: XCTestCase {
    func testCountsByHand() throws {
        let z = Matrix<Double>([[0, 1, 0, 2], [0, 0, 0, 3], [0, 0.5, 0, 0]])
        let r = try Sparsity.of(z)
        XCTAssertEqual(r.name, "sparsity")
        XCTAssertEqual(r.variant, "active_fraction(threshold=0.0)")
        XCTAssertEqual(r.activeFraction, 4.0 / 12.0, accuracy: 1e-12)
        XCTAssertEqual(r.silentUnitFraction, 0.5, accuracy: 1e-12)   // units 0 and 2 never active
        let t = try Sparsity.of(z, threshold: 0.75)
        XCTAssertEqual(t.activeFraction, 3.0 / 12.0, accuracy: 1e-12)
        // Unit permutations change nothing.
        XCTAssertEqual(try Sparsity.of(MeasureTestData.permuteColumns(z, [3, 1, 0, 2])).activeFraction, r.activeFraction)
        XCTAssertThrowsError(try Sparsity.of(Matrix([[1, -0.1]]))) { e in XCTAssertNotNil(e as? MeasureUnavailable) }
    }
}
