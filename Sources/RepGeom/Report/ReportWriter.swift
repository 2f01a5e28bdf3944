import Foundation

/// Writes the HTML report of a reproduction run: `DIR/report/index.html`, every figure as SVG and
/// PNG in `DIR/report/figures/`, and `DIR/report/claims.json` (every claim check, for scripts).
///
/// The folder is built next to its destination and moved into place at the end, so a failure
/// (bad input, a missing converter, a full disk) leaves the previous report — or nothing —
/// never a partial one. Inputs are checked before anything is written.
///
/// The page is self-contained: no network access, no external CSS, scripts or fonts.
public struct ReportWriter: Sendable {
    /// The run's output folder DIR; the report goes to DIR/report/, and experiment data files
    /// (`ExperimentReport.files`) are relative to DIR.
    public var outputDirectory: URL
    /// The scale shown in the header, e.g. "quick".
    public var scale: String
    /// The software version shown in the header.
    public var version: String
    /// The generation time shown in the header.
    public var date: Date
    /// PNG pixels per SVG pixel (2 = sharp on high-density screens and in slides); nil writes no
    /// PNGs (then `rsvg-convert` is not needed).
    public var pngScale: Double?
    /// The page's heading.
    public var title: String

    public init(outputDirectory: URL, scale: String, version: String = RepGeomVersion.string, date: Date = Date(),
                pngScale: Double? = 2, title: String = "repgeom reproduction report") {
        self.outputDirectory = outputDirectory
        self.scale = scale
        self.version = version
        self.date = date
        self.pngScale = pngScale
        self.title = title
    }

    public init(outputDirectory: URL, scale: ExperimentScale, version: String = RepGeomVersion.string, date: Date = Date(),
                pngScale: Double? = 2, title: String = "repgeom reproduction report") {
        self.init(outputDirectory: outputDirectory, scale: scale.rawValue, version: version, date: date,
                  pngScale: pngScale, title: title)
    }

    /// The folder the report is written to: DIR/report.
    public var reportDirectory: URL { outputDirectory.appendingPathComponent("report", isDirectory: true) }

    /// Writes the report for `reports` (in the given order) and returns the URL of index.html.
    @discardableResult
    public func write(_ reports: [ExperimentReport]) throws -> URL {
        try Self.validate(reports)
        if pngScale != nil, !PNGConverter.isAvailable {
            throw InputError(PNGConverter.toolName, "not found on PATH; it renders the report's PNG figures — install librsvg2-bin (scripts/install-deps.sh), or write the report without PNGs")
        }
        if let s = pngScale, !(s > 0 && s <= 8) { throw InputError("pngScale", "must be in (0, 8], got \(s)") }
        let fm = FileManager.default
        do { try fm.createDirectory(at: outputDirectory, withIntermediateDirectories: true) } catch {
            throw InputError(outputDirectory.path, "cannot create the output folder (\(error.localizedDescription))")
        }
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = outputDirectory.appendingPathComponent(".report.tmp-\(token)", isDirectory: true)
        do {
            let figures = staging.appendingPathComponent("figures", isDirectory: true)
            try fm.createDirectory(at: figures, withIntermediateDirectories: true)
            var pngNames = Set<String>()
            var conversions: [(svg: URL, png: URL, width: Int)] = []
            for report in reports {
                for figure in report.figures {
                    let stem = Self.figureStem(report, figure)
                    let svgURL = figures.appendingPathComponent(stem + ".svg")
                    try Data(figure.svg.utf8).write(to: svgURL)
                    if let scale = pngScale {
                        let width = Int(((Self.svgWidth(figure.svg) ?? 760) * scale).rounded())
                        conversions.append((svgURL, figures.appendingPathComponent(stem + ".png"), width))
                        pngNames.insert(stem)
                    }
                }
            }
            try Self.convertAll(conversions)
            let existing = Set(reports.flatMap(\.files).filter { fm.fileExists(atPath: outputDirectory.appendingPathComponent($0).path) })
            let page = html(reports, existingFiles: existing, pngFigures: pngNames)
            try Data(page.utf8).write(to: staging.appendingPathComponent("index.html"))
            try claimsJSON(reports).write(to: staging.appendingPathComponent("claims.json"))
            try Self.replace(reportDirectory, with: staging, token: token)
        } catch {
            try? fm.removeItem(at: staging)
            if error is InputError { throw error }
            throw InputError(reportDirectory.path, "cannot write the report (\(error.localizedDescription))")
        }
        return reportDirectory.appendingPathComponent("index.html")
    }

    /// Runs the PNG conversions, a few at a time (each is a separate rsvg-convert process);
    /// rethrows the first failure in figure order.
    static func convertAll(_ jobs: [(svg: URL, png: URL, width: Int)]) throws {
        guard !jobs.isEmpty else { return }
        let failures = FailureList(count: jobs.count)
        let workers = min(jobs.count, max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4)))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in stride(from: worker, to: jobs.count, by: workers) where !failures.any {
                do { try PNGConverter.convert(svg: jobs[i].svg, to: jobs[i].png, width: jobs[i].width) }
                catch { failures.record(error, at: i) }
            }
        }
        if let first = failures.first { throw first }
    }

    /// Errors from parallel work, by job index.
    private final class FailureList: @unchecked Sendable {
        private let lock = NSLock()
        private var errors: [Error?]
        init(count: Int) { errors = Array(repeating: nil, count: count) }
        func record(_ error: Error, at i: Int) { lock.lock(); errors[i] = error; lock.unlock() }
        var any: Bool { lock.lock(); defer { lock.unlock() }; return errors.contains { $0 != nil } }
        var first: Error? { lock.lock(); defer { lock.unlock() }; return errors.compactMap { $0 }.first }
    }

    // MARK: - Checks

    /// Experiment ids and figure names become file names: letters, digits, '_', '-', '.'.
    static func isSafeName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 120 && !s.hasPrefix(".") &&
            s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "_-.".unicodeScalars.contains($0) }
    }

    static func validate(_ reports: [ExperimentReport]) throws {
        var ids = Set<String>()
        for r in reports {
            guard isSafeName(r.id) else {
                throw InputError("experiment \"\(r.id)\"", "id must be letters, digits, '_', '-' or '.' (it names files)")
            }
            guard ids.insert(r.id).inserted else { throw InputError("experiment \(r.id)", "appears twice in the report") }
            var names = Set<String>()
            for f in r.figures {
                guard isSafeName(f.name) else {
                    throw InputError("\(r.id) figure \"\(f.name)\"", "name must be letters, digits, '_', '-' or '.' (it names files)")
                }
                guard names.insert(f.name).inserted else { throw InputError("\(r.id) figure \(f.name)", "name used twice") }
                guard f.svg.contains("<svg"), f.svg.contains("</svg>") else {
                    throw InputError("\(r.id) figure \(f.name)", "is not an SVG document")
                }
            }
            for file in r.files {
                guard !file.isEmpty, !file.hasPrefix("/"), !file.split(separator: "/").contains("..") else {
                    throw InputError("\(r.id) data file \"\(file)\"", "must be a path relative to the output folder, without '..'")
                }
            }
        }
    }

    static func figureStem(_ report: ExperimentReport, _ figure: ReportFigure) -> String { "\(report.id)-\(figure.name)" }

    /// The `width` attribute of the root <svg> element, in pixels.
    static func svgWidth(_ svg: String) -> Double? {
        guard let open = svg.range(of: "<svg") else { return nil }
        let tag = svg[open.upperBound...].prefix { $0 != ">" }
        guard let w = tag.range(of: " width=\"") else { return nil }
        let value = tag[w.upperBound...].prefix { $0 != "\"" }
        return Double(value.filter { $0.isNumber || $0 == "." })
    }

    /// Moves `staging` to `destination`, replacing what was there. The old report is moved
    /// aside first and deleted only once the new one is in place; on failure it is put back.
    static func replace(_ destination: URL, with staging: URL, token: String) throws {
        let fm = FileManager.default
        let aside = destination.deletingLastPathComponent().appendingPathComponent(".report.old-\(token)", isDirectory: true)
        let hadOld = fm.fileExists(atPath: destination.path)
        if hadOld, rename(destination.path, aside.path) != 0 {
            throw InputError(destination.path, "cannot replace the old report (\(String(cString: strerror(errno))))")
        }
        if rename(staging.path, destination.path) != 0 {
            let reason = String(cString: strerror(errno))
            if hadOld { _ = rename(aside.path, destination.path) }
            throw InputError(destination.path, "cannot move the new report into place (\(reason))")
        }
        if hadOld { try? fm.removeItem(at: aside) }
    }

    // MARK: - claims.json

    private struct ClaimsFile: Encodable {
        struct Entry: Encodable { var experiment: String; var claim: String; var measured: String; var criterion: String; var passed: Bool }
        var version: String
        var scale: String
        var generated: String
        var passed: Int
        var failed: Int
        var claims: [Entry]
    }

    func claimsJSON(_ reports: [ExperimentReport]) throws -> Data {
        let entries = reports.flatMap { r in
            r.claims.map { ClaimsFile.Entry(experiment: r.id, claim: $0.claim, measured: $0.measured, criterion: $0.criterion, passed: $0.passed) }
        }
        let file = ClaimsFile(version: version, scale: scale, generated: ReportHTML.timestamp(date),
                              passed: entries.filter(\.passed).count, failed: entries.filter { !$0.passed }.count, claims: entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(file)
    }

    // MARK: - The page

    /// The report page for `reports`. `existingFiles` are the data files present (others are
    /// marked missing); `pngFigures` the figure stems that have a PNG.
    public func html(_ reports: [ExperimentReport], existingFiles: Set<String>, pngFigures: Set<String>) -> String {
        ReportHTML(title: title, version: version, scale: scale, date: date, reports: reports,
                   existingFiles: existingFiles, pngFigures: pngFigures).render()
    }
}
