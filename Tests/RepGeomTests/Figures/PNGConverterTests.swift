import XCTest
@testable import RepGeom

final class PNGConverterTests: XCTestCase {
    func testConvertsToAPNGOfTheRequestedSize() throws {
        XCTAssertTrue(PNGConverter.isAvailable, "rsvg-convert is missing: run scripts/install-deps.sh")
        let dir = try CommandLineTool.temporaryDirectory(self)
        let svg = dir.appendingPathComponent("plot.svg"), png = dir.appendingPathComponent("plot.png")
        let plot = LinePlot(title: "t", x: Axis("x"), y: Axis("y"), series: [LineSeries(name: "tanh", x: [0, 1, 2], y: [1, 3, 2])])
        try plot.svg(width: 760, height: 480).write(to: svg, atomically: true, encoding: .utf8)
        try PNGConverter.convert(svg: svg, to: png, width: 380)
        let data = try Data(contentsOf: png)
        let size = try XCTUnwrap(PNGConverter.dimensions(ofPNG: data))
        XCTAssertEqual(size.width, 380)
        XCTAssertEqual(size.height, 240)
        XCTAssertGreaterThan(data.count, 2000) // axes, text and a curve, not an empty image
        // No temporary files left next to the output.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["plot.png", "plot.svg"])
    }

    func testMissingToolAndBadInputGiveOneClearError() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let svg = dir.appendingPathComponent("bad.svg"), png = dir.appendingPathComponent("bad.png")
        try "this is not svg".write(to: svg, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PNGConverter.convert(svg: svg, to: png, width: 100, tool: "/nonexistent/rsvg-convert")) { error in
            XCTAssertTrue("\(error)".contains("librsvg2-bin"), "\(error)")
        }
        XCTAssertThrowsError(try PNGConverter.convert(svg: svg, to: png, width: 100)) { error in
            XCTAssertTrue("\(error)".contains("rsvg-convert failed"), "\(error)")
        }
        XCTAssertThrowsError(try PNGConverter.convert(svg: svg, to: png, width: 0))
        XCTAssertFalse(FileManager.default.fileExists(atPath: png.path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["bad.svg"])
    }

    func testPNGHeaderParsing() {
        var header: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        header += Array("IHDR".utf8) + [0, 0, 0x02, 0x80, 0, 0, 0x01, 0xE0]
        XCTAssertEqual(PNGConverter.dimensions(ofPNG: Data(header))?.width, 640)
        XCTAssertEqual(PNGConverter.dimensions(ofPNG: Data(header))?.height, 480)
        XCTAssertNil(PNGConverter.dimensions(ofPNG: Data("GIF89a".utf8)))
    }
}
