import XCTest
@testable import RepGeom

/// CKA against the published golden values (Kornblith et al.'s reference implementation on the
/// shared fixtures) and against its defining invariances.
final class KernelAlignmentTests: XCTestCase {
    func fixtures() throws -> (Matrix<Double>, Matrix<Double>) {
        (try Fixtures.csvMatrix("cka_kornblith_X.csv"), try Fixtures.csvMatrix("cka_kornblith_Y.csv"))
    }

    func testGoldenLinear() throws {
        let (x, y) = try fixtures()
        XCTAssertEqual(try KernelAlignment.cka(x, y), 0.55761, accuracy: 1e-5)
        // Both forms: the Gram form explicitly.
        XCTAssertEqual(try KernelAlignment.cka(gram: x.gram, gram: y.gram), 0.55761, accuracy: 1e-5)
    }

    func testGoldenDebiased() throws {
        let (x, y) = try fixtures()
        XCTAssertEqual(try KernelAlignment.cka(x, y, estimator: .song), 0.51346, accuracy: 1e-5)
        XCTAssertEqual(try KernelAlignment.cka(gram: x.gram, gram: y.gram, estimator: .song), 0.51346, accuracy: 1e-5)
    }

    func testGoldenRBF() throws {
        let (x, y) = try fixtures()
        XCTAssertEqual(try KernelAlignment.cka(x, y, kernel: .rbf(bandwidthFactor: 0.5)), 0.65483, accuracy: 1e-5)
    }
}
