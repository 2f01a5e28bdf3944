import XCTest
@testable import RepGeom

final class ActivationParsingTests: XCTestCase {
    static let all: [Activation] = [
        .tanh, .relu, .sigmoid, .linear, .gelu, .abs,
        .softplus(beta: 1), .softplus(beta: 2.5), .leakyReLU(alpha: 0.01), .leakyReLU(alpha: 0.2), .leakyReLU(alpha: 0),
        .elu(alpha: 1), .elu(alpha: 0.3), .hardtanh(lo: -1, hi: 1), .hardtanh(lo: -2, hi: 0.5),
        .boundedReLU(upper: 1.5), .shiftedReLU(shift: -0.5), .shiftedReLU(shift: 1),
        .clip(lo: -.infinity, hi: 1), .clip(lo: 0, hi: .infinity), .clip(lo: -0.1, hi: 1e-3),
        .smoothClip(lo: -1, hi: 1, beta: 10), .smoothClip(lo: -.infinity, hi: 2, beta: 4),
    ]

    func testCanonicalNamesParseBackAndCodeAsStrings() throws {
        for a in Self.all {
            XCTAssertEqual(try Activation(parsing: a.name), a, a.name)
            let json = try JSONEncoder().encode([a])
            XCTAssertEqual(String(decoding: json, as: UTF8.self), "[\"\(a.name)\"]")
            XCTAssertEqual(try JSONDecoder().decode([Activation].self, from: json), [a])
        }
        let expected: [(String, Activation)] = [
            ("tanh", .tanh), ("softplus", .softplus(beta: 1)), ("softplus:2.5", .softplus(beta: 2.5)),
            ("leaky_relu", .leakyReLU(alpha: 0.01)), ("hardtanh", .hardtanh(lo: -1, hi: 1)),
            ("bounded_relu:1.5", .boundedReLU(upper: 1.5)), ("clip:-inf,1", .clip(lo: -.infinity, hi: 1)),
            ("smooth_clip:-1,1", .smoothClip(lo: -1, hi: 1, beta: 10)), ("shifted_relu:-0.5", .shiftedReLU(shift: -0.5)),
        ]
        for (name, a) in expected { XCTAssertEqual(a.name, name) }
        // Other spellings of the same value parse to it.
        XCTAssertEqual(try Activation(parsing: " leaky_relu:0.01 "), .leakyReLU(alpha: 0.01))
        XCTAssertEqual(try Activation(parsing: "clip:-infinity,1.0"), .clip(lo: -.infinity, hi: 1))
        XCTAssertEqual(try Activation(parsing: "TANH"), .tanh)
        XCTAssertEqual(try Activation(parsing: "hardtanh:-1,1").name, "hardtanh")
    }

    func testParsedActivationsComputeTheirDefinition() throws {
        // The parameters land where the formulas use them (against the SPEC definitions).
        XCTAssertEqual(try Activation(parsing: "bounded_relu:1.5").value(3), 1.5)
        XCTAssertEqual(try Activation(parsing: "bounded_relu:1.5").value(-3), 0)
        XCTAssertEqual(try Activation(parsing: "shifted_relu:-0.5").value(1), 0.5)
        XCTAssertEqual(try Activation(parsing: "clip:-inf,1").value(-100), -100)
        XCTAssertEqual(try Activation(parsing: "clip:-inf,1").value(5), 1)
        XCTAssertEqual(try Activation(parsing: "leaky_relu:0.2").value(-1), -0.2, accuracy: 1e-15)
        XCTAssertEqual(try Activation(parsing: "softplus:2").value(0), 0.5 * Foundation.log(2), accuracy: 1e-15)
    }

    func testInvalidNamesAndParameters() {
        assertInputError("activation", ["unknown 'tanhh'", "did you mean 'tanh'", "smooth_clip:lo,hi[,β]"]) { _ = try Activation(parsing: "tanhh") }
        assertInputError("--activation", ["unknown 'swish'"]) { _ = try Activation(parsing: "swish", location: "--activation") }
        assertInputError("activation", ["lo < hi"]) { _ = try Activation(parsing: "clip:1,-1") }
        assertInputError("activation", ["lo < hi"]) { _ = try Activation(parsing: "clip:inf,inf") }
        assertInputError("activation", ["ub must be"]) { _ = try Activation(parsing: "bounded_relu:0") }
        assertInputError("activation", ["ub must be"]) { _ = try Activation(parsing: "bounded_relu:-1") }
        assertInputError("activation", ["takes one parameter"]) { _ = try Activation(parsing: "bounded_relu") }
        assertInputError("activation", ["takes no parameters"]) { _ = try Activation(parsing: "relu:1") }
        assertInputError("activation", ["α must be in [0, 1)"]) { _ = try Activation(parsing: "leaky_relu:1.5") }
        assertInputError("activation", ["β must be"]) { _ = try Activation(parsing: "softplus:0") }
        assertInputError("activation", ["not a number"]) { _ = try Activation(parsing: "softplus:x") }
        assertInputError("activation", ["not a number"]) { _ = try Activation(parsing: "shifted_relu:nan") }
        assertInputError("activation", ["two parameters"]) { _ = try Activation(parsing: "clip:1") }
        assertInputError("activation", ["hardtanh takes none or two"]) { _ = try Activation(parsing: "hardtanh:1") }
        assertInputError("activation", ["finite lo < hi"]) { _ = try Activation(parsing: "hardtanh:-inf,1") }
        assertInputError("activation", ["β must be"]) { _ = try Activation(parsing: "smooth_clip:-1,1,0") }
        assertInputError("network.activation", ["lo < hi"]) { try Activation.clip(lo: 2, hi: 1).validate(location: "network.activation") }
    }
}
