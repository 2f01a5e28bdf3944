import Foundation

/// The report page: header (version, date, scale, claims tally), table of contents, one section
/// per experiment (summary, claim checks, figures, settings, data files). Plain HTML with one
/// inline style sheet; no scripts, no external resources.
struct ReportHTML {
    var title: String
    var version: String
    var scale: String
    var date: Date
    var reports: [ExperimentReport]
    var existingFiles: Set<String>
    var pngFigures: Set<String>

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if ch.value < 0x20 && ch != "\n" && ch != "\t" { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A relative URL path with each segment percent-encoded.
    static func href(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#;&'\"")
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }
            .joined(separator: "/")
    }

    static func timestamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return f.string(from: date)
    }

    /// The text as paragraphs (split at blank lines).
    static func paragraphs(_ text: String) -> String {
        text.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
            .map { "<p>\(escape($0))</p>" }
            .joined(separator: "\n")
    }

    static func svgSize(_ svg: String) -> (Int, Int)? {
        guard let open = svg.range(of: "<svg") else { return nil }
        let tag = String(svg[open.upperBound...].prefix { $0 != ">" })
        func attribute(_ name: String) -> Double? {
            guard let r = tag.range(of: " \(name)=\"") else { return nil }
            return Double(tag[r.upperBound...].prefix { $0 != "\"" }.filter { $0.isNumber || $0 == "." })
        }
        guard let w = attribute("width"), let h = attribute("height"), w > 0, h > 0 else { return nil }
        return (Int(w.rounded()), Int(h.rounded()))
    }

    func tally(_ claims: [ClaimCheck]) -> (passed: Int, failed: Int) {
        (claims.filter(\.passed).count, claims.filter { !$0.passed }.count)
    }

    func render() -> String {
        let all = reports.flatMap(\.claims)
        let (passed, failed) = tally(all)
        var h = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="repgeom \(Self.escape(version))">
        <title>\(Self.escape(title))</title>
        <style>
        \(Self.css)
        </style>
        </head>
        <body>
        <header class="page-header" id="top">
        <h1>\(Self.escape(title))</h1>
        <p class="subtitle">Reproduction of Alleman, Lindsey &amp; Fusi, “Task structure and nonlinearity jointly determine learned representational geometry” (ICLR 2024).</p>
        <dl class="meta">
        <div><dt>software</dt><dd>repgeom \(Self.escape(version))</dd></div>
        <div><dt>generated</dt><dd>\(Self.escape(Self.timestamp(date)))</dd></div>
        <div><dt>scale</dt><dd>\(Self.escape(scale))</dd></div>
        <div><dt>experiments</dt><dd>\(reports.count)</dd></div>
        </dl>
        <div class="tally" id="tally">
        <span class="tally-total">\(all.count) claim\(all.count == 1 ? "" : "s") checked:</span>
        <span class="count pass">\(passed) passed</span>
        <span class="count \(failed > 0 ? "fail" : "zero")">\(failed) failed</span>
        </div>
        </header>

        """
        h += tableOfContents()
        h += "<main>\n"
        for r in reports { h += section(r) }
        if reports.isEmpty { h += "<p class=\"empty\">No experiments in this report.</p>\n" }
        h += "</main>\n<footer>Written by repgeom \(Self.escape(version)). Figures are in <code>figures/</code> (SVG and PNG); every claim check is also in <code>claims.json</code>.</footer>\n</body>\n</html>\n"
        return h
    }

    func tableOfContents() -> String {
        guard !reports.isEmpty else { return "" }
        var h = "<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n"
        for r in reports {
            let (p, f) = tally(r.claims)
            let badge: String
            if r.claims.isEmpty { badge = "<span class=\"mini none\">no claims</span>" }
            else if f == 0 { badge = "<span class=\"mini pass\">\(p)/\(p + f) pass</span>" }
            else { badge = "<span class=\"mini fail\">\(f) of \(p + f) fail</span>" }
            h += "<li><a href=\"#\(Self.escape(r.id))\"><span class=\"eid\">\(Self.escape(r.id))</span> \(Self.escape(r.title))</a> \(badge)</li>\n"
        }
        return h + "</ol>\n</nav>\n"
    }

    func section(_ r: ExperimentReport) -> String {
        let id = Self.escape(r.id)
        var h = "<section class=\"experiment\" id=\"\(id)\">\n"
        h += "<h2><span class=\"eid\">\(id)</span> \(Self.escape(r.title))</h2>\n"
        h += "<div class=\"summary\">\n\(Self.paragraphs(r.summary))\n</div>\n"
        h += claimsTable(r)
        if !r.figures.isEmpty {
            h += "<h3>Figures</h3>\n"
            for (i, f) in r.figures.enumerated() { h += figure(r, f, number: i + 1) }
        }
        if !r.settings.isEmpty {
            h += "<h3>Settings</h3>\n<table class=\"settings\">\n<tbody>\n"
            for s in r.settings { h += "<tr><th scope=\"row\">\(Self.escape(s.name))</th><td>\(Self.escape(s.value))</td></tr>\n" }
            h += "</tbody>\n</table>\n"
        }
        if !r.files.isEmpty {
            h += "<h3>Data files</h3>\n<ul class=\"files\">\n"
            for file in r.files {
                if existingFiles.contains(file) {
                    h += "<li><a href=\"../\(Self.escape(Self.href(file)))\">\(Self.escape(file))</a></li>\n"
                } else {
                    h += "<li class=\"missing\">\(Self.escape(file)) <span class=\"mini fail\">missing</span></li>\n"
                }
            }
            h += "</ul>\n"
        }
        h += "<p class=\"top\"><a href=\"#top\">↑ contents</a></p>\n</section>\n"
        return h
    }

    func claimsTable(_ r: ExperimentReport) -> String {
        guard !r.claims.isEmpty else { return "<h3>Claims</h3>\n<p class=\"empty\">This experiment checks no claims.</p>\n" }
        let (p, f) = tally(r.claims)
        var h = "<h3>Claims <span class=\"claim-tally\">\(p) passed, \(f) failed</span></h3>\n"
        h += "<table class=\"claims\">\n<thead><tr><th>result</th><th>claim</th><th>measured</th><th>criterion</th></tr></thead>\n<tbody>\n"
        for c in r.claims {
            let cls = c.passed ? "pass" : "fail"
            let verdict = c.passed ? "✔ PASS" : "✘ FAIL"
            h += "<tr class=\"claim \(cls)\"><td class=\"verdict\"><span class=\"badge \(cls)\">\(verdict)</span></td><td>\(Self.escape(c.claim))</td><td class=\"numbers\">\(Self.escape(c.measured))</td><td>\(Self.escape(c.criterion))</td></tr>\n"
        }
        return h + "</tbody>\n</table>\n"
    }

    func figure(_ r: ExperimentReport, _ f: ReportFigure, number: Int) -> String {
        let stem = ReportWriter.figureStem(r, f)
        let svg = Self.href("figures/\(stem).svg"), png = Self.href("figures/\(stem).png")
        var size = ""
        if let (w, hh) = Self.svgSize(f.svg) { size = " width=\"\(w)\" height=\"\(hh)\"" }
        var h = "<figure class=\"figure\" id=\"\(Self.escape(stem))\">\n"
        h += "<a href=\"\(svg)\"><img src=\"\(svg)\" alt=\"\(Self.escape(f.title))\"\(size) loading=\"eager\"></a>\n"
        h += "<figcaption><strong>Figure \(Self.escape(r.id)).\(number) — \(Self.escape(f.title)).</strong> \(Self.escape(f.caption))"
        h += " <span class=\"downloads\"><a href=\"\(svg)\">SVG</a>"
        if pngFigures.contains(stem) { h += " · <a href=\"\(png)\">PNG</a>" }
        h += "</span></figcaption>\n</figure>\n"
        return h
    }

    static let css = """
    :root { --text: #1d1d1f; --muted: #5a5a60; --line: #e2e2e6; --bg: #fafafa; --pass: #1a7f37; --pass-bg: #e9f6ec; --fail: #c62828; --fail-bg: #fdecea; --accent: #0072b2; }
    * { box-sizing: border-box; }
    html { scroll-behavior: smooth; }
    body { margin: 0; padding: 0 24px 48px; background: var(--bg); color: var(--text); font: 16px/1.55 -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; }
    body > * { max-width: 1120px; margin-left: auto; margin-right: auto; }
    a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
    code { font: 0.9em "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #efeff2; padding: 1px 4px; border-radius: 3px; }
    .page-header { padding: 28px 0 12px; border-bottom: 1px solid var(--line); }
    h1 { margin: 0 0 4px; font-size: 30px; letter-spacing: -0.01em; }
    .subtitle { margin: 0 0 14px; color: var(--muted); }
    .meta { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 0 0 14px; }
    .meta div { display: flex; gap: 6px; } .meta dt { color: var(--muted); } .meta dd { margin: 0; font-weight: 600; }
    .tally { display: flex; flex-wrap: wrap; align-items: center; gap: 10px; font-size: 18px; }
    .tally .count { padding: 4px 14px; border-radius: 999px; font-weight: 700; border: 2px solid; }
    .count.pass { color: var(--pass); background: var(--pass-bg); border-color: var(--pass); }
    .count.fail { color: #fff; background: var(--fail); border-color: var(--fail); }
    .count.zero { color: var(--muted); background: #f0f0f2; border-color: #c9c9cf; }
    .toc { padding: 8px 0 4px; border-bottom: 1px solid var(--line); }
    .toc h2 { font-size: 18px; margin: 12px 0 6px; }
    .toc ol { list-style: none; padding: 0; margin: 0 0 12px; }
    .toc li { padding: 3px 0; break-inside: avoid; }
    .eid { display: inline-block; min-width: 2.6em; font-weight: 700; color: var(--muted); }
    .mini { font-size: 12px; font-weight: 700; padding: 1px 8px; border-radius: 999px; white-space: nowrap; }
    .mini.pass { color: var(--pass); background: var(--pass-bg); border: 1px solid var(--pass); }
    .mini.fail { color: #fff; background: var(--fail); border: 1px solid var(--fail); }
    .mini.none { color: var(--muted); background: #f0f0f2; border: 1px solid #c9c9cf; }
    .experiment { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 4px 28px 12px; margin-top: 28px; }
    .experiment h2 { font-size: 24px; margin: 20px 0 8px; }
    .experiment h3 { font-size: 17px; margin: 24px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
    .claim-tally { font-weight: 400; color: var(--muted); font-size: 14px; margin-left: 8px; }
    .summary p { margin: 6px 0; }
    table { border-collapse: collapse; width: 100%; font-size: 15px; }
    th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--line); }
    thead th { font-size: 13px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); border-bottom: 2px solid var(--line); }
    .claims tr.pass td:first-child { border-left: 5px solid var(--pass); }
    .claims tr.fail td:first-child { border-left: 5px solid var(--fail); }
    .claims tr.pass { background: var(--pass-bg); }
    .claims tr.fail { background: var(--fail-bg); }
    .claims td.numbers { font-variant-numeric: tabular-nums; }
    .verdict { width: 7.5em; white-space: nowrap; }
    .badge { display: inline-block; font-weight: 800; font-size: 14px; padding: 3px 10px; border-radius: 6px; letter-spacing: 0.03em; color: #fff; }
    .badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); }
    .settings { width: auto; min-width: 50%; } .settings th { font-weight: 600; color: var(--muted); padding-right: 28px; }
    .figure { margin: 18px 0 26px; }
    .figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
    figcaption { margin-top: 8px; color: #333; font-size: 15px; max-width: 860px; }
    .downloads { white-space: nowrap; font-size: 13px; margin-left: 6px; }
    .files { padding-left: 20px; } .files li { margin: 2px 0; } .files .missing { color: var(--fail); }
    .empty { color: var(--muted); font-style: italic; }
    .top { text-align: right; font-size: 13px; margin: 8px 0 0; }
    footer { margin-top: 36px; color: var(--muted); font-size: 14px; }
    @media print { body { background: #fff; } .experiment { border: none; padding: 0; } .toc { display: none; } }
    """
}
