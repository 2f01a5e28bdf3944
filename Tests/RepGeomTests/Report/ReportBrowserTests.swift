import XCTest
@testable import RepGeom

/// Opens the sample report in headless Chromium: every figure loads, the page raises no script or
/// resource errors, and it renders (a decoded screenshot is far from blank).
final class ReportBrowserTests: XCTestCase {
    /// Injected into a copy of the page (never into the report itself): records errors, console
    /// errors and failed resources, and once the page has loaded writes each image's state and
    /// the errors into the DOM as JSON, which `--dump-dom` prints.
    static let probe = """
    <script>
    window.__errors = [];
    window.addEventListener('error', function (e) {
      var t = e.target;
      window.__errors.push(t && t !== window && (t.src || t.href) ? 'resource failed: ' + (t.src || t.href) : 'error: ' + e.message);
    }, true);
    window.addEventListener('unhandledrejection', function (e) { window.__errors.push('rejection: ' + e.reason); });
    (function () {
      var original = console.error;
      console.error = function () { window.__errors.push('console.error: ' + Array.prototype.join.call(arguments, ' ')); original.apply(console, arguments); };
    })();
    window.addEventListener('load', function () {
      var images = Array.prototype.map.call(document.images, function (img) {
        return { src: img.getAttribute('src'), complete: img.complete, width: img.naturalWidth, height: img.naturalHeight };
      });
      var out = document.createElement('pre');
      out.id = 'repgeom-probe';
      out.textContent = JSON.stringify({ images: images, errors: window.__errors,
        sections: document.querySelectorAll('section.experiment').length,
        failRows: document.querySelectorAll('tr.claim.fail').length,
        passRows: document.querySelectorAll('tr.claim.pass').length });
      document.body.appendChild(out);
    });
    </script>
    """

    struct Probe: Decodable {
        struct Image: Decodable { var src: String; var complete: Bool; var width: Int; var height: Int }
        var images: [Image]
        var errors: [String]
        var sections: Int
        var failRows: Int
        var passRows: Int
    }

    func testReportRendersInHeadlessChromium() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let reports = ReportDemo.reports()
        let index = try ReportDemo.write(to: dir, pngScale: nil)

        // 1. Every image loads, no errors, every section and claim row present.
        let page = try String(contentsOf: index, encoding: .utf8)
        let probed = index.deletingLastPathComponent().appendingPathComponent("probe.html")
        try page.replacingOccurrences(of: "<head>", with: "<head>\n" + Self.probe).write(to: probed, atomically: true, encoding: .utf8)
        let dom = try HeadlessChromium.run(["--dump-dom", "--virtual-time-budget=10000"], url: probed)
        XCTAssertEqual(dom.status, 0, dom.stderr)
        let json = try XCTUnwrap(Self.between(dom.stdout, "<pre id=\"repgeom-probe\">", "</pre>"), "probe output missing:\n\(dom.stdout.prefix(500))\n\(dom.stderr)")
        let probe = try JSONDecoder().decode(Probe.self, from: Data(Self.unescapeHTML(json).utf8))
        XCTAssertEqual(probe.errors, [])
        XCTAssertEqual(probe.images.count, reports.flatMap(\.figures).count)
        for image in probe.images {
            XCTAssertTrue(image.complete && image.width > 0 && image.height > 0, "figure did not load: \(image.src)")
        }
        XCTAssertEqual(probe.sections, reports.count)
        XCTAssertEqual(probe.failRows, reports.flatMap(\.claims).filter { !$0.passed }.count)
        XCTAssertEqual(probe.passRows, reports.flatMap(\.claims).filter(\.passed).count)
        XCTAssertFalse(dom.stderr.contains("ERR_FILE_NOT_FOUND"), dom.stderr)

        // 2. A screenshot of the page is far from blank: decoded, a good share of its pixels differ
        // from the background, in many colours (text, tables, badges, figures).
        let shot = dir.appendingPathComponent("page.png")
        _ = try HeadlessChromium.run(["--screenshot=\(shot.path)", "--virtual-time-budget=10000"], url: index, windowSize: (1000, 1400))
        let image = try DecodedPNG(Data(contentsOf: shot))
        XCTAssertEqual(image.width, 1000)
        XCTAssertEqual(image.height, 1400)
        var histogram: [UInt32: Int] = [:]
        for i in stride(from: 0, to: image.rgba.count, by: 4) {
            let key = UInt32(image.rgba[i]) << 16 | UInt32(image.rgba[i + 1]) << 8 | UInt32(image.rgba[i + 2])
            histogram[key, default: 0] += 1
        }
        let background = histogram.max { $0.value < $1.value }!
        let inked = Double(image.width * image.height - background.value) / Double(image.width * image.height)
        XCTAssertGreaterThan(inked, 0.05, "only \(inked * 100) % of the screenshot differs from the background")
        XCTAssertGreaterThan(histogram.count, 100, "only \(histogram.count) colours in the screenshot")
        // The red of a FAIL badge is on screen (claims are near the top of each section).
        XCTAssertTrue(histogram.keys.contains { k in
            let r = Int(k >> 16), g = Int(k >> 8 & 0xFF), b = Int(k & 0xFF)
            return abs(r - 0xC6) < 6 && abs(g - 0x28) < 6 && abs(b - 0x28) < 6
        }, "no FAIL red in the screenshot")
    }

    static func between(_ s: String, _ start: String, _ end: String) -> String? {
        guard let a = s.range(of: start), let b = s.range(of: end, range: a.upperBound..<s.endIndex) else { return nil }
        return String(s[a.upperBound..<b.lowerBound])
    }

    static func unescapeHTML(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
