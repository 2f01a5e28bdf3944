import Foundation

/// The one place where `reproduce` hands its reports to the report writer (Report/, the figures
/// branch). Until that writer is merged this writes a plain, complete HTML page of the same
/// content (settings, claim checks with their numbers, figures inline, data files), so the
/// pipeline is usable and testable end to end.
enum ReportHandoff {
    /// Writes the report for `reports` under `output` and returns the URL of its index page.
    static func write(_ reports: [ExperimentReport], output: URL) throws -> URL {
        let folder = output.appendingPathComponent("report")
        let index = folder.appendingPathComponent("index.html")
        try AtomicFile.write(page(reports), to: index)
        return index
    }

    static func page(_ reports: [ExperimentReport]) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>repgeom report</title>
            <style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{padding:.2em .6em;text-align:left;vertical-align:top}
            .pass{color:#1a7f37}.fail{color:#cf222e}</style></head><body>
            <h1>repgeom report</h1><p>repgeom \(esc(RepGeomVersion.string))</p>

            """
        for r in reports {
            let passed = r.claims.filter(\.passed).count
            html += "<section id=\"\(esc(r.id))\"><h2>\(esc(r.id)): \(esc(r.title))</h2><p>\(esc(r.summary))</p>\n"
            if !r.settings.isEmpty {
                html += "<table>" + r.settings.map { "<tr><th>\(esc($0.name))</th><td>\(esc($0.value))</td></tr>" }.joined() + "</table>\n"
            }
            html += "<h3>Claims: \(passed) of \(r.claims.count) pass</h3><table><tr><th></th><th>claim</th><th>measured</th><th>criterion</th></tr>"
            for c in r.claims {
                html += "<tr><td class=\"\(c.passed ? "pass" : "fail")\">\(c.passed ? "pass" : "fail")</td><td>\(esc(c.claim))</td><td>\(esc(c.measured))</td><td>\(esc(c.criterion))</td></tr>"
            }
            html += "</table>\n"
            for f in r.figures {
                html += "<figure><figcaption><b>\(esc(f.title))</b> \(esc(f.caption))</figcaption>\(f.svg)</figure>\n"
            }
            if !r.files.isEmpty {
                html += "<p>Data: " + r.files.map { "<a href=\"../\(esc($0))\">\(esc($0))</a>" }.joined(separator: ", ") + "</p>\n"
            }
            html += "</section>\n"
        }
        return html + "</body></html>\n"
    }
}
