import Foundation
import GRDB
import XCTest
@testable import RepGeom

/// A cheap, deterministic experiment for testing the machinery: every record is a closed-form
/// function of the job, so expected values can be computed independently in the tests.
struct ArithmeticExperiment: Experiment {
    var id = "arith"
    var title = "Arithmetic test experiment"
    var claims: [String] { ["values are sums"] }
    /// Seeds per setting.
    var seeds = 3
    /// Seeds whose jobs throw (to test failure handling).
    var failingSeeds: Set<UInt64> = []
    /// Epochs at which records are made.
    var epochs = [0, 10]

    func jobs(scale: ExperimentScale) throws -> [SweepJob] {
        var jobs: [SweepJob] = []
        for nonlinearity in ["tanh", "clip:-1,1"] {
            for x in 0..<2 {
                for seed in 0..<(scale == .quick ? seeds : seeds + 1) {
                    jobs.append(SweepJob(experiment: id, setting: ["nonlinearity": .string(nonlinearity), "x": .int(x), "c": .double(0.25 * Double(x))],
                                         seed: UInt64(seed)))
                }
            }
        }
        return jobs
    }

    /// The value recorded for `job` at `epoch` for subject index `s`.
    static func value(_ job: SweepJob, epoch: Int, subject s: Int) -> Double {
        Double(job.seed) * 0.5 + (job.setting["x"]!.number!) * 10 + Double(epoch) / 10 + Double(s) * 100
            + (job.setting["nonlinearity"] == .string("tanh") ? 0 : 1000)
    }

    func run(_ job: SweepJob) throws -> NetworkResult {
        if failingSeeds.contains(job.seed) { throw TrainingError(description: "planned failure") }
        var records: [MeasureRecord] = []
        for epoch in epochs {
            records.append(MeasureRecord(epoch: epoch, layer: 1, measure: "m", variant: "v", value: Self.value(job, epoch: epoch, subject: 0)))
            records.append(MeasureRecord(epoch: epoch, layer: 2, measure: "m", variant: "v", subject: "b,1", value: Self.value(job, epoch: epoch, subject: 1)))
        }
        return NetworkResult(job: job, configuration: "{\"seed\":\(job.seed)}", records: records)
    }

    func report(_ results: [NetworkResult], scale: ExperimentScale) throws -> ExperimentReport {
        ExperimentReport(id: id, title: title, summary: "\(results.count) networks",
                         claims: [ClaimCheck(claim: claims[0], measured: "\(results.count)", criterion: "none", passed: true)])
    }
}

/// A minimal RFC 4180 reader for checking exports (quoted fields, doubled quotes).
enum CSVTestReader {
    static func read(_ url: URL) throws -> (header: [String], rows: [[String: String]]) {
        let text = try String(contentsOf: url, encoding: .utf8)
        var records: [[String]] = []
        var field = "", record: [String] = [], quoted = false
        var chars = Array(text), i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { record.append(field); field = "" }
            else if c == "\n" { record.append(field); records.append(record); record = []; field = "" }
            else { field.append(c) }
            i += 1
        }
        chars = []
        precondition(field.isEmpty && record.isEmpty, "CSV does not end with a line break")
        let header = records.removeFirst()
        for r in records { precondition(r.count == header.count, "row has \(r.count) fields, header \(header.count)") }
        return (header, records.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
    }
}

extension XCTestCase {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("repgeom-store-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}

/// Bitwise equality of results (NaN equals NaN), with a readable failure.
func assertSameResults(_ a: [NetworkResult], _ b: [NetworkResult], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "result counts", file: file, line: line)
    for (x, y) in zip(a, b) {
        XCTAssertEqual(x.job, y.job, file: file, line: line)
        XCTAssertEqual(x.configuration, y.configuration, file: file, line: line)
        XCTAssertEqual(x.version, y.version, file: file, line: line)
        XCTAssertEqual(x.records.count, y.records.count, file: file, line: line)
        for (r, s) in zip(x.records, y.records) {
            XCTAssertEqual(r.epoch, s.epoch, file: file, line: line)
            XCTAssertEqual(r.layer, s.layer, file: file, line: line)
            XCTAssertEqual(r.measure, s.measure, file: file, line: line)
            XCTAssertEqual(r.variant, s.variant, file: file, line: line)
            XCTAssertEqual(r.subject, s.subject, file: file, line: line)
            XCTAssertEqual(r.value.bitPattern, s.value.bitPattern, "\(r.value) vs \(s.value)", file: file, line: line)
        }
    }
}

/// Every row of every table of a store file, as text (values exact), for "unchanged" checks.
func storeDump(_ file: URL) throws -> String {
    var config = Configuration()
    config.readonly = true
    let queue = try DatabaseQueue(path: file.path, configuration: config)
    defer { try? queue.close() }
    return try queue.read { db in
        var out = ""
        for table in ["store_info", "experiments", "jobs", "records"] {
            out += "# \(table)\n"
            for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid") {
                out += row.databaseValues.map { v -> String in
                    if case .double(let d) = v.storage { return "\(d.bitPattern)" }
                    return v.description
                }.joined(separator: "|") + "\n"
            }
        }
        return out
    }
}
