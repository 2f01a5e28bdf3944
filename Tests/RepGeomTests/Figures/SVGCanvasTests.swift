import XCTest
@testable import RepGeom

final class SVGCanvasTests: XCTestCase {
    func testEscapingRoundTripsThroughAnXMLParser() throws {
        let nasty = "a < b && c > \"d\" 'e' \u{1}bell"
        var canvas = SVGCanvas(width: 100, height: 50)
        canvas.text(nasty, x: 10, y: 20)
        let svg = canvas.document(title: "<title & more>")
        let doc = try XCTUnwrap(assertValidSVG(svg, width: 100, height: 50))
        XCTAssertEqual(doc.texts(), ["a < b && c > \"d\" 'e' bell"]) // control character dropped
        XCTAssertEqual(doc.all("title").first?.text, "<title & more>")
        XCTAssertFalse(svg.contains("a < b"))
        XCTAssertEqual(SVGCanvas.escape("&<>\"'"), "&amp;&lt;&gt;&quot;&apos;")
    }

    func testNumbers() {
        XCTAssertEqual(SVGCanvas.number(3), "3")
        XCTAssertEqual(SVGCanvas.number(3.14159), "3.14")
        XCTAssertEqual(SVGCanvas.number(-0.001), "0")
        XCTAssertEqual(SVGCanvas.number(2.50), "2.5")
        XCTAssertEqual(SVGCanvas.number(-12.345), "-12.35")
        XCTAssertEqual(SVGCanvas.number(1e6), "1000000")
        XCTAssertEqual(SVGCanvas.number(.nan), "0")
        XCTAssertEqual(SVGCanvas.number(-.infinity), "0")
    }

    func testNonFiniteGeometryIsSkippedNotWritten() throws {
        var canvas = SVGCanvas(width: 100, height: 100)
        canvas.line(0, 0, .nan, 10, stroke: .init("#000"))
        canvas.circle(cx: .infinity, cy: 1, r: 2, fill: "#000")
        canvas.rect(x: 0, y: 0, width: .nan, height: 1, fill: "#000")
        canvas.text("x", x: .nan, y: 1)
        canvas.polygon([PlotPoint(0, 0), PlotPoint(1, .nan), PlotPoint(2, 2)], fill: "#000")
        // A NaN in the middle splits a polyline in two; a lone finite point is dropped.
        canvas.polyline([PlotPoint(0, 0), PlotPoint(1, 1), PlotPoint(.nan, 2), PlotPoint(3, 3), PlotPoint(4, 4), PlotPoint(5, .infinity), PlotPoint(6, 6)],
                        stroke: .init("#123456"))
        var path = PathBuilder()
        path.move(0, 0); path.line(.nan, 1); path.line(2, 2); path.line(3, 3)
        canvas.path(path.data, fill: nil, stroke: .init("#000"))
        let doc = try XCTUnwrap(assertValidSVG(canvas.document(title: "t"), width: 100, height: 100))
        XCTAssertEqual(doc.all("line").count, 0)
        XCTAssertEqual(doc.all("circle").count, 0)
        XCTAssertEqual(doc.all("rect").count, 1) // only the background
        XCTAssertEqual(doc.all("text").count, 0)
        XCTAssertEqual(doc.all("polygon").count, 0)
        let lines = doc.all("polyline")
        XCTAssertEqual(lines.map { $0.attributes["points"]! }, ["0,0 1,1", "3,3 4,4"])
        XCTAssertEqual(doc.all("path").first?.attributes["d"], "M0 0M2 2L3 3")
    }

    func testClipIdentifiersAreUnique() throws {
        var canvas = SVGCanvas(width: 10, height: 10)
        for _ in 0..<3 { canvas.beginGroup(clip: PlotRect(x: 0, y: 0, width: 5, height: 5)); canvas.endGroup() }
        let doc = try XCTUnwrap(assertValidSVG(canvas.document(title: ""), width: 10, height: 10))
        let ids = doc.all("clipPath").compactMap { $0.attributes["id"] }
        XCTAssertEqual(Set(ids).count, 3)
    }
}
