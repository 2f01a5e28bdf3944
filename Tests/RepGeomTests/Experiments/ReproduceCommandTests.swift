import Foundation
import GRDB
import XCTest
@testable import RepGeom

/// `repgeom reproduce` through the built binary: the end-to-end run, and every kind of bad input
/// — one-line error, non-zero exit, existing results untouched.
final class ReproduceCommandTests: XCTestCase {
    func testEndToEndAndRefusals() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let out = dir.appendingPathComponent("out")
        let r = try CommandLineTool.run(["reproduce", "smoke", "--scale", "quick", "--out", out.path, "--jobs", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.last, "Report: \(out.path)/report/index.html")
        XCTAssertTrue(lines.contains { $0.hasPrefix("smoke 16/16 networks") }, r.stdout)
        XCTAssertTrue(lines.contains("smoke: 16 networks exported to \(out.path)/smoke/; claims: 2 of 2 pass"), r.stdout)
        for file in ["smoke/records.csv", "smoke/summary.csv", "smoke/networks.csv", "report/index.html", "results.sqlite"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), file)
        }
        let html = try String(contentsOf: out.appendingPathComponent("report/index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("Training reduces the training loss."))
        XCTAssertTrue(html.contains("smoke/summary.csv"))

        let storeFile = out.appendingPathComponent(ResultStore.fileName)
        let snapshot = try Snapshot(out)

        func refused(_ arguments: [String], _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
            let r = try CommandLineTool.run(arguments)
            XCTAssertNotEqual(r.status, 0, "\(arguments)", file: file, line: line)
            let errorLines = r.stderr.split(separator: "\n")
            XCTAssertEqual(errorLines.count, 1, r.stderr, file: file, line: line)
            XCTAssertTrue(r.stderr.hasPrefix("Error: "), r.stderr, file: file, line: line)
            XCTAssertTrue(r.stderr.contains(message), "\(r.stderr) lacks \(message)", file: file, line: line)
            XCTAssertEqual(try Snapshot(out), snapshot, "results changed by \(arguments)", file: file, line: line)
        }
        // Another scale into the same folder.
        try refused(["reproduce", "smoke", "--scale", "paper", "--out", out.path], "holds quick-scale results, not paper")
        // Unknown experiments, listing the known ones; nothing created.
        let fresh = dir.appendingPathComponent("fresh")
        try refused(["reproduce", "E42", "--out", fresh.path], "E42: unknown experiment (known: \((Catalogue.known.map(\.id) + ["all"]).joined(separator: ", ")))")
        try refused(["reproduce", "smoke", "nope", "--out", out.path], "nope: unknown experiment")
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh.path))
        // Bad shards, scales, worker counts, combinations.
        try refused(["reproduce", "smoke", "--out", out.path, "--shard", "2/2"], "--shard: index 2 is outside 0…1")
        try refused(["reproduce", "smoke", "--out", out.path, "--shard", "half"], "--shard: expected i/n")
        try refused(["reproduce", "smoke", "--out", out.path, "--shard", "0/0"], "--shard: the shard count must be in")
        try refused(["reproduce", "smoke", "--out", out.path, "--scale", "huge"], "--scale: must be quick or paper")
        try refused(["reproduce", "smoke", "--out", out.path, "--jobs", "0"], "--jobs: must be in 1…4096")
        try refused(["reproduce", "smoke", "--out", out.path, "--no-train", "--shard", "0/2"], "cannot be combined with --no-train")
        try refused(["reproduce", "smoke", "--out", fresh.path, "--no-train"], "holds no result store")
        // An --out that is a file, or lies under one.
        let plain = dir.appendingPathComponent("plain.txt")
        try Data("x".utf8).write(to: plain)
        try refused(["reproduce", "smoke", "--out", plain.path], "exists and is not a folder")
        try refused(["reproduce", "smoke", "--out", plain.appendingPathComponent("sub").path], "cannot create the folder (Not a directory)")

        // A store written by another version, or with other job definitions (simulated by editing
        // the store as another build would have written it).
        try edit(storeFile, "UPDATE store_info SET value = '0.0.1' WHERE key = 'version'")
        let versionSnapshot = try Snapshot(out)
        let v = try CommandLineTool.run(["reproduce", "smoke", "--out", out.path])
        XCTAssertNotEqual(v.status, 0)
        XCTAssertTrue(v.stderr.contains("was written by repgeom 0.0.1, this is \(RepGeomVersion.string)"), v.stderr)
        XCTAssertEqual(try Snapshot(out), versionSnapshot)
        try edit(storeFile, "UPDATE store_info SET value = '\(RepGeomVersion.string)' WHERE key = 'version'")

        try edit(storeFile, "UPDATE experiments SET job_keys = substr(job_keys, 1, instr(job_keys, char(10)) - 1) WHERE id = 'smoke'")
        let jobsSnapshot = try Snapshot(out)
        let j = try CommandLineTool.run(["reproduce", "smoke", "--out", out.path])
        XCTAssertNotEqual(j.status, 0)
        XCTAssertTrue(j.stderr.contains("smoke's job definitions changed since this store was written (stored 1 jobs, now 16)"), j.stderr)
        XCTAssertEqual(try Snapshot(out), jobsSnapshot)
    }

    /// --no-train reports from a store that a shard run filled only partly: refused, naming how many are missing.
    func testShardRunThenIncompleteReport() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let r = try CommandLineTool.run(["reproduce", "smoke", "--out", dir.path, "--shard", "1/4", "--jobs", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("shard 1/4 — 4 networks, 0 already in"), r.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("smoke").path), "a shard exports nothing")
        let n = try CommandLineTool.run(["reproduce", "smoke", "--out", dir.path, "--no-train"])
        XCTAssertNotEqual(n.status, 0)
        XCTAssertTrue(n.stderr.contains("smoke: 12 of 16 networks are missing"), n.stderr)
    }

    func edit(_ file: URL, _ sql: String) throws {
        let queue = try DatabaseQueue(path: file.path)
        try queue.write { try $0.execute(sql: sql) }
        try queue.close()
    }
}

/// The observable results of an output folder: the store's rows and every exported file's bytes.
struct Snapshot: Equatable {
    var store: String
    var files: [String: Data]

    init(_ out: URL) throws {
        store = try storeDump(out.appendingPathComponent(ResultStore.fileName))
        files = [:]
        for name in ["smoke/records.csv", "smoke/summary.csv", "smoke/networks.csv", "report/index.html"] {
            files[name] = try? Data(contentsOf: out.appendingPathComponent(name))
        }
    }
}
