import XCTest
@testable import RepGeom

/// The sample report: every plot type, every figure written as SVG and PNG. Set
/// REPGEOM_DEMO_DIR to keep it (e.g. to look at the figures).
final class ReportDemoTests: XCTestCase {
    func testDemoReportWritesEveryFigure() throws {
        let dir: URL
        if let kept = ProcessInfo.processInfo.environment["REPGEOM_DEMO_DIR"], !kept.isEmpty {
            dir = URL(fileURLWithPath: kept)
        } else {
            dir = try CommandLineTool.temporaryDirectory(self)
        }
        let reports = ReportDemo.reports()
        let index = try ReportDemo.write(to: dir)
        XCTAssertEqual(index.lastPathComponent, "index.html")
        let figures = dir.appendingPathComponent("report/figures")
        var kinds = Set<String>()
        for r in reports {
            for f in r.figures {
                let stem = "\(r.id)-\(f.name)"
                let svg = try String(contentsOf: figures.appendingPathComponent(stem + ".svg"), encoding: .utf8)
                let doc = try XCTUnwrap(SVGInspection.parse(svg), stem)
                if doc.all("pattern").count > 0 { kinds.insert("heatmap") }
                if doc.all("polyline").contains(where: { ($0.attributes["points"] ?? "").split(separator: " ").count == 91 }) { kinds.insert("plane") }
                if doc.all("polygon").count > 100 { kinds.insert("field") }
                let png = try Data(contentsOf: figures.appendingPathComponent(stem + ".png"))
                let size = try XCTUnwrap(PNGConverter.dimensions(ofPNG: png), stem)
                XCTAssertEqual(Double(size.width), 2 * (ReportWriter.svgWidth(f.svg) ?? 0), accuracy: 1, stem)
            }
        }
        XCTAssertEqual(kinds, ["heatmap", "plane", "field"])
        XCTAssertEqual(reports.flatMap(\.figures).count, 11)
    }
}
