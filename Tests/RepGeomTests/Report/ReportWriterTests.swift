import XCTest
@testable import RepGeom

final class ReportWriterTests: XCTestCase {
    private func sampleReports() -> [ExperimentReport] {
        let plot = LinePlot(title: "t", x: Axis("c"), y: Axis("a"), series: [LineSeries(name: "tanh", x: [0, 1], y: [0.2, 0.8])])
        return [
            ExperimentReport(id: "E1", title: "First <experiment> & co", summary: "Para one.\n\nPara <two>.",
                             settings: [ReportSetting("networks", "20"), ReportSetting("σ", "0.5 < 1")],
                             figures: [plot.figure(name: "lines", caption: "A caption with \"quotes\"."),
                                       plot.figure(name: "lines_again", title: "Second", caption: "c", width: 400, height: 300)],
                             claims: [ClaimCheck(claim: "tanh > relu", measured: "0.9 vs 0.6", criterion: "difference > 0.1", passed: true),
                                      ClaimCheck(claim: "relu > tanh on input", measured: "0.5 vs 0.7", criterion: "relu larger", passed: false)],
                             files: ["E1/summary.csv", "E1/missing.csv"]),
            ExperimentReport(id: "E2", title: "Second", summary: "No claims here."),
        ]
    }

    func testWritesPageFiguresClaimsAndLinks() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        try AtomicFile.write("a,b\n1,2\n", to: dir.appendingPathComponent("E1/summary.csv"))
        let writer = ReportWriter(outputDirectory: dir, scale: .quick, version: "9.9.9", date: Date(timeIntervalSince1970: 0))
        let index = try writer.write(sampleReports())
        XCTAssertEqual(index, dir.appendingPathComponent("report/index.html"))
        let html = try String(contentsOf: index, encoding: .utf8)
        let fm = FileManager.default
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: dir.appendingPathComponent("report/figures").path).sorted(),
                       ["E1-lines.png", "E1-lines.svg", "E1-lines_again.png", "E1-lines_again.svg"])
        XCTAssertEqual(PNGConverter.dimensions(ofPNG: try Data(contentsOf: dir.appendingPathComponent("report/figures/E1-lines_again.png")))?.width, 800)
        // Header: version, date, scale, tally.
        XCTAssertTrue(html.contains("repgeom 9.9.9"))
        XCTAssertTrue(html.contains("1970-01-01 00:00 UTC"))
        XCTAssertTrue(html.contains("<dd>quick</dd>"))
        XCTAssertTrue(html.contains("2 claims checked:"))
        XCTAssertTrue(html.contains("<span class=\"count pass\">1 passed</span>"))
        XCTAssertTrue(html.contains("<span class=\"count fail\">1 failed</span>"))
        // Contents and sections.
        XCTAssertTrue(html.contains("<a href=\"#E1\">") && html.contains("<a href=\"#E2\">"))
        XCTAssertEqual(html.components(separatedBy: "<section class=\"experiment\"").count - 1, 2)
        XCTAssertTrue(html.contains("1 of 2 fail"))
        XCTAssertTrue(html.contains("This experiment checks no claims."))
        // Claims: one PASS and one FAIL row, both styled.
        XCTAssertEqual(html.components(separatedBy: "<tr class=\"claim pass\">").count - 1, 1)
        XCTAssertEqual(html.components(separatedBy: "<tr class=\"claim fail\">").count - 1, 1)
        XCTAssertTrue(html.contains("✘ FAIL") && html.contains("✔ PASS"))
        // Figures with titles, captions, both formats; image size from the SVG.
        XCTAssertTrue(html.contains("<img src=\"figures/E1-lines.svg\" alt=\"t\" width=\"760\" height=\"480\""))
        XCTAssertTrue(html.contains("Figure E1.2 — Second."))
        XCTAssertTrue(html.contains("<a href=\"figures/E1-lines.png\">PNG</a>"))
        // Data files: links relative to DIR, a missing one marked.
        XCTAssertTrue(html.contains("<a href=\"../E1/summary.csv\">E1/summary.csv</a>"))
        XCTAssertTrue(html.contains("<li class=\"missing\">E1/missing.csv <span class=\"mini fail\">missing</span></li>"))
        // Escaping; settings table.
        XCTAssertTrue(html.contains("First &lt;experiment&gt; &amp; co"))
        XCTAssertFalse(html.contains("<experiment>") || html.contains("<two>"))
        XCTAssertTrue(html.contains("<p>Para one.</p>\n<p>Para &lt;two&gt;.</p>"))
        XCTAssertTrue(html.contains("<th scope=\"row\">σ</th><td>0.5 &lt; 1</td>"))
        // Self-contained: no external resources at all.
        for pattern in ["http://", "https://", "src=\"//", "@import", "<script", "<link"] {
            XCTAssertFalse(html.contains(pattern), pattern)
        }
        // claims.json mirrors the table.
        struct Claims: Decodable { struct C: Decodable { var experiment: String; var passed: Bool }; var passed: Int; var failed: Int; var claims: [C]; var version: String }
        let claims = try JSONDecoder().decode(Claims.self, from: Data(contentsOf: dir.appendingPathComponent("report/claims.json")))
        XCTAssertEqual(claims.passed, 1); XCTAssertEqual(claims.failed, 1); XCTAssertEqual(claims.version, "9.9.9")
        XCTAssertEqual(claims.claims.map(\.experiment), ["E1", "E1"])
        // Nothing but the report (and the data) in DIR.
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: dir.path).sorted(), ["E1", "report"])
    }

    func testRewriteReplacesTheOldReportAndFailuresLeaveItIntact() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let writer = ReportWriter(outputDirectory: dir, scale: "quick", pngScale: nil)
        try writer.write(sampleReports())
        let figures = dir.appendingPathComponent("report/figures")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: figures.path).sorted(), ["E1-lines.svg", "E1-lines_again.svg"])

        // A new report replaces the old one entirely (stale figures go).
        var reports = sampleReports()
        reports[0].figures.removeLast()
        try writer.write(reports)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: figures.path), ["E1-lines.svg"])
        let before = try Data(contentsOf: dir.appendingPathComponent("report/index.html"))

        // A failure halfway (the converter rejects the second figure's SVG) leaves the last good
        // report untouched and no temporary folders behind.
        var broken = sampleReports()
        broken[0].figures[1].svg = "<svg xmlns=\"http://www.w3.org/2000/svg\">&undefined;</svg>"
        XCTAssertThrowsError(try ReportWriter(outputDirectory: dir, scale: "quick").write(broken)) { error in
            XCTAssertTrue("\(error)".contains("rsvg-convert failed"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("report/index.html")), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["report"])
    }

    func testBadInputIsRejectedBeforeAnythingIsWritten() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let writer = ReportWriter(outputDirectory: dir, scale: "quick", pngScale: nil)
        func rejects(_ reports: [ExperimentReport], _ fragment: String, line: UInt = #line) {
            XCTAssertThrowsError(try writer.write(reports), line: line) { error in
                XCTAssertTrue(error is InputError, line: line)
                XCTAssertTrue("\(error)".contains(fragment), "\(error)", line: line)
            }
        }
        let good = sampleReports()[0]
        rejects([good, good], "appears twice")
        var r = good; r.id = "E 1/.."
        rejects([r], "id must be")
        r = good; r.figures[1].name = r.figures[0].name
        rejects([r], "name used twice")
        r = good; r.figures[0].name = "../escape"
        rejects([r], "name must be")
        r = good; r.figures[0].svg = "<html>"
        rejects([r], "not an SVG document")
        r = good; r.files = ["/etc/passwd"]
        rejects([r], "relative to the output folder")
        r = good; r.files = ["E1/../../x.csv"]
        rejects([r], "without '..'")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
    }

    func testEmptyReportIsStillAPage() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let html = try String(contentsOf: ReportWriter(outputDirectory: dir, scale: "paper", pngScale: nil).write([]), encoding: .utf8)
        XCTAssertTrue(html.contains("No experiments in this report."))
        XCTAssertTrue(html.contains("0 claims checked:"))
        XCTAssertTrue(html.hasSuffix("</html>\n"))
    }
}
