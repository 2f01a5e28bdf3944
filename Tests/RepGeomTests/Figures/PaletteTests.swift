import XCTest
@testable import RepGeom

final class PaletteTests: XCTestCase {
    func testTanhAndReluAreFixedAndUnique() {
        XCTAssertEqual(Palette.color(for: "tanh"), "#D55E00")
        XCTAssertEqual(Palette.color(for: "relu"), "#0072B2")
        XCTAssertEqual(Palette.color(for: " ReLU "), "#0072B2")
        // No other name, hashed or ramp, may take the tanh or relu colour.
        let others = ["clip:-1,1", "clip:0,inf", "smooth_clip:-1,1,4", "intra", "inter", "b1", "b2", "trained0",
                      "bounded_relu:1", "bounded_relu:1.5", "shifted_relu:-0.5", "bias_shift:0.5", "xyz"]
        for name in others {
            XCTAssertFalse([Palette.tanh, Palette.relu].contains(Palette.color(for: name)), name)
        }
        XCTAssertFalse(Palette.extended.contains(Palette.tanh) || Palette.extended.contains(Palette.relu))
    }

    func testFNV1aMatchesPublishedVectors() {
        // Reference values of 64-bit FNV-1a (Fowler/Noll/Vo test suite).
        XCTAssertEqual(Palette.fnv1a(""), 0xcbf29ce484222325)
        XCTAssertEqual(Palette.fnv1a("a"), 0xaf63dc4c8601ec8c)
        XCTAssertEqual(Palette.fnv1a("foobar"), 0x85944171f73967e8)
    }

    func testHashedColoursAreStableAndDistinctWithinAFigure() {
        let names = (0..<12).map { "clip:\($0),\($0 + 1)" }
        let colors = Palette.colors(for: names)
        XCTAssertEqual(Set(colors).count, 12, "12 hashed names must get 12 colours")
        XCTAssertEqual(colors, Palette.colors(for: names)) // deterministic
        // Alone, a hashed name takes its hash slot.
        let solo = Palette.color(for: "clip:-1,1")
        XCTAssertEqual(solo, Palette.extended[Int(Palette.fnv1a("clip:-1,1") % UInt64(Palette.extended.count))])
        // Fixed names keep their colour in any company; repeated names share one colour.
        let mixed = Palette.colors(for: ["xyz", "relu", "tanh", "xyz"])
        XCTAssertEqual(mixed[1], Palette.relu)
        XCTAssertEqual(mixed[2], Palette.tanh)
        XCTAssertEqual(mixed[0], mixed[3])
    }

    func testFamiliesFollowTheirParameter() {
        // Ramp ends are the ramp's first and last stops (interpolation at t = 0 and 1).
        XCTAssertEqual(Palette.color(for: "bounded_relu:0.5"), "#00443A")
        XCTAssertEqual(Palette.color(for: "bounded_relu:3"), "#6DBE45")
        XCTAssertEqual(Palette.color(for: "bounded_relu:10"), "#6DBE45") // clamped
        XCTAssertEqual(Palette.dash(for: "shifted_relu:0.5"), .dashed)
        XCTAssertEqual(Palette.dash(for: "tanh"), .solid)
        let ubs = ["bounded_relu:1", "bounded_relu:1.5", "bounded_relu:2"].map(Palette.color(for:))
        XCTAssertEqual(Set(ubs).count, 3)
        XCTAssertNotEqual(Palette.color(for: "shifted_relu:-0.5"), Palette.color(for: "shifted_relu:0.5"))
    }

    func testColorMapInterpolation() {
        let m = ColorMap(stops: ["#000000", "#FFFFFF"])
        XCTAssertEqual(m.color(at: 0), "#000000")
        XCTAssertEqual(m.color(at: 1), "#FFFFFF")
        XCTAssertEqual(m.color(at: 0.5), "#808080") // 127.5 rounds to 128
        XCTAssertEqual(m.color(at: -3), "#000000")
        XCTAssertEqual(m.color(at: .nan), "#808080")
        let three = ColorMap(stops: ["#FF0000", "#00FF00", "#0000FF"])
        XCTAssertEqual(three.color(at: 0.5), "#00FF00")
        XCTAssertEqual(three.color(at: 0.75), "#008080")
    }
}
