import Foundation
import XCTest
@testable import RepGeom

final class ResultExportTests: XCTestCase {
    func results(_ e: ArithmeticExperiment = ArithmeticExperiment()) throws -> (SweepPlan.Entry, [NetworkResult]) {
        let plan = try SweepPlan([e], scale: .quick)
        return (plan.entries[0], try plan.entries[0].jobs.map(e.run))
    }

    /// records.csv holds every record once, with its network's parameters, seed and version, and
    /// the exact values (shortest round-trip decimals); quoted fields survive.
    func testRecordsCSVHoldsEveryRecordExactly() throws {
        let (entry, results) = try results()
        let dir = try temporaryFolder()
        try ResultExport.write(results.reversed(), of: entry, to: dir) // any order in, job order out
        let (header, rows) = try CSVTestReader.read(dir.appendingPathComponent("records.csv"))
        XCTAssertEqual(header, ["experiment", "network", "nonlinearity", "c", "x", "seed", "epoch", "layer", "measure", "variant",
                                "subject", "value", "version"])
        XCTAssertEqual(rows.count, results.count * 4)
        var i = 0
        for (n, r) in results.enumerated() {
            for m in r.records {
                let row = rows[i]; i += 1
                XCTAssertEqual(row["network"], "\(n)")
                XCTAssertEqual(row["nonlinearity"], r.job.setting["nonlinearity"]!.description)
                XCTAssertEqual(row["x"], r.job.setting["x"]!.description)
                XCTAssertEqual(row["c"], r.job.setting["c"]!.description)
                XCTAssertEqual(row["seed"], "\(r.job.seed)")
                XCTAssertEqual(Int(row["epoch"]!), m.epoch)
                XCTAssertEqual(Int(row["layer"]!), m.layer)
                XCTAssertEqual(row["subject"], m.subject ?? "")
                XCTAssertEqual(Double(row["value"]!)!.bitPattern, m.value.bitPattern)
                XCTAssertEqual(row["version"], RepGeomVersion.string)
            }
        }
        // "clip:-1,1" needs quoting, "b,1" too; the reader got them back intact above.
        XCTAssertTrue(try String(contentsOf: dir.appendingPathComponent("records.csv"), encoding: .utf8).contains("\"clip:-1,1\""))

        let (nHeader, networks) = try CSVTestReader.read(dir.appendingPathComponent("networks.csv"))
        XCTAssertEqual(nHeader, ["experiment", "network", "nonlinearity", "c", "x", "seed", "version", "configuration"])
        XCTAssertEqual(networks.map { $0["configuration"]! }, results.map(\.configuration))
    }

    /// summary.csv against a brute-force computation from the closed-form values: mean and sample
    /// std over the 3 seeds of each setting at the final epoch; value(seed) = 0.5·seed + const,
    /// so mean = const + 0.5 and std = 0.5 exactly.
    func testSummaryMatchesBruteForce() throws {
        let (entry, results) = try results()
        let dir = try temporaryFolder()
        try ResultExport.write(results, of: entry, to: dir)
        let (header, rows) = try CSVTestReader.read(dir.appendingPathComponent("summary.csv"))
        XCTAssertEqual(header, ["experiment", "nonlinearity", "c", "x", "layer", "epoch", "measure", "variant", "subject",
                                "mean", "std", "n_networks"])
        XCTAssertEqual(rows.count, 4 * 2) // 4 settings × 2 quantities
        for row in rows {
            let job = SweepJob(experiment: "arith", setting: ["nonlinearity": .string(row["nonlinearity"]!), "x": .int(Int(row["x"]!)!),
                                                              "c": .double(Double(row["c"]!)!)], seed: 0)
            let s = row["subject"] == "" ? 0 : 1
            let values = (0..<3).map { ArithmeticExperiment.value(SweepJob(experiment: "arith", setting: job.setting, seed: UInt64($0)), epoch: 10, subject: s) }
            let mean = values.reduce(0, +) / 3
            let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
            XCTAssertEqual(Double(row["mean"]!)!, mean, accuracy: 1e-12)
            XCTAssertEqual(Double(row["std"]!)!, std, accuracy: 1e-12)
            XCTAssertEqual(Double(row["std"]!)!, 0.5, accuracy: 1e-12)
            XCTAssertEqual(row["epoch"], "10")
            XCTAssertEqual(row["n_networks"], "3")
            XCTAssertEqual(row["layer"], s == 0 ? "1" : "2")
        }
    }

    func testSummaryOfAllCheckpointsAndEdgeCases() throws {
        let (_, results) = try results()
        let all = ResultSummary.rows(results, checkpoints: .all)
        XCTAssertEqual(all.count, 4 * 2 * 2) // × 2 epochs
        XCTAssertEqual(Set(all.map(\.epoch)), [0, 10])

        // One network per setting: std is NaN (undefined), never 0.
        let one = ResultSummary.rows([results[0]])
        XCTAssertTrue(one.allSatisfy { $0.std.isNaN && $0.networks == 1 })

        // A NaN value propagates into the mean instead of being dropped.
        var withNaN = Array(results[0..<3])
        withNaN[1].records[2].value = .nan
        let rows = ResultSummary.rows(withNaN)
        XCTAssertTrue(rows.contains { $0.mean.isNaN })

        // Networks whose last checkpoints differ (early stopping): each uses its own last value,
        // and the epoch is left empty.
        var early = Array(results[0..<3])
        early[2].records = early[2].records.filter { $0.epoch == 0 }
        let mixed = ResultSummary.rows(early)
        XCTAssertEqual(mixed.count, 2)
        XCTAssertNil(mixed[0].epoch)
        let expected = [ArithmeticExperiment.value(early[0].job, epoch: 10, subject: 0), ArithmeticExperiment.value(early[1].job, epoch: 10, subject: 0),
                        ArithmeticExperiment.value(early[2].job, epoch: 0, subject: 0)]
        XCTAssertEqual(mixed[0].mean, expected.reduce(0, +) / 3, accuracy: 1e-12)
    }

    /// A write that fails midway (after more than one buffer went to disk) leaves the previous
    /// file untouched and no temporary file behind.
    func testStreamedWriteIsAtomic() throws {
        struct Stop: Error {}
        let dir = try temporaryFolder()
        let url = dir.appendingPathComponent("out.csv")
        try AtomicFile.stream(to: url) { try $0.write("old\n") }
        XCTAssertThrowsError(try AtomicFile.stream(to: url) { out in
            for _ in 0..<30_000 { try out.write("0123456789012345678901234567890123456789012345678901234567890123456789\n") }
            throw Stop()
        })
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "old\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["out.csv"])
    }

    func testCSVFormat() {
        XCTAssertEqual(CSVFormat.field("plain"), "plain")
        XCTAssertEqual(CSVFormat.field("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVFormat.field("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVFormat.field("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(CSVFormat.number(.nan), "nan")
        XCTAssertEqual(CSVFormat.number(-.infinity), "-inf")
        XCTAssertEqual(CSVFormat.number(1e-5), "1e-05")
        for v in [0.1, 1.0 / 3, 1e300, -2.5e-310, 123456789.123] {
            XCTAssertEqual(Double(CSVFormat.number(v))!.bitPattern, v.bitPattern)
        }
    }
}
