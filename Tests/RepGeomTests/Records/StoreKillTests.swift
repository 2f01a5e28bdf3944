import Foundation
import GRDB
import XCTest
@testable import RepGeom

/// Crash safety for real: the built binary is SIGKILLed in the middle of a sweep; the store must
/// pass SQLite's integrity check, keep every network committed before the kill, and a rerun must
/// train exactly the missing networks and end with the same records as an uninterrupted run.
final class StoreKillTests: XCTestCase {
    func testSIGKILLMidSweepLosesOnlyNetworksInFlight() throws {
        let root = try temporaryFolder()
        let reference = root.appendingPathComponent("reference")
        let r = try CommandLineTool.run(["reproduce", "smoke", "--out", reference.path, "--jobs", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let total = try SweepPlan([SmokeExperiment()], scale: .quick).jobCount

        // Kill as soon as a first network is committed; retry if the sweep outran the kill.
        var killed: URL?
        var committedBeforeKill = 0
        for attempt in 0..<4 where killed == nil {
            let dir = root.appendingPathComponent("killed\(attempt)")
            let (process, log) = try start(["reproduce", "smoke", "--out", dir.path, "--jobs", "2"], in: root)
            let deadline = Date().addingTimeInterval(60)
            var seen = 0
            while process.isRunning && Date() < deadline {
                seen = finishedCount(dir)
                if seen >= 1 { break }
                usleep(2_000)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            XCTAssertLessThan(Date(), deadline, "the sweep never committed a network: \(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))")
            if process.terminationReason == .uncaughtSignal && finishedCount(dir) < total {
                killed = dir
                committedBeforeKill = seen
            }
        }
        guard let dir = killed else { return XCTFail("the sweep finished before every kill attempt") }

        // The store is sound and holds at least what was committed before the kill.
        let store = try ResultStore.openExisting(dir)
        XCTAssertEqual(try store.integrityCheck(), "ok")
        let survived = try store.storedJobs().count
        try store.close()
        XCTAssertGreaterThanOrEqual(survived, committedBeforeKill)
        XCTAssertLessThan(survived, total)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("smoke/records.csv").path))

        // The rerun trains exactly the missing networks (a duplicate insert would fail loudly).
        let rerun = try CommandLineTool.run(["reproduce", "smoke", "--out", dir.path, "--jobs", "2"])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertTrue(rerun.stdout.contains("\(total) networks, \(survived) already in \(dir.path); training \(total - survived) on"), rerun.stdout)
        XCTAssertTrue(rerun.stdout.contains("trained \(total - survived) networks"), rerun.stdout)
        for file in ["records.csv", "networks.csv", "summary.csv"] {
            XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("smoke/\(file)")),
                           try Data(contentsOf: reference.appendingPathComponent("smoke/\(file)")), file)
        }
        let final = try ResultStore.openExisting(dir)
        XCTAssertEqual(try final.integrityCheck(), "ok")
        XCTAssertEqual(try final.storedJobs().count, total)
        try final.close()
    }

    /// Finished networks in the store at `dir`, read through a separate read-only connection.
    func finishedCount(_ dir: URL) -> Int {
        let file = dir.appendingPathComponent(ResultStore.fileName).path
        guard FileManager.default.fileExists(atPath: file) else { return 0 }
        var config = Configuration()
        config.readonly = true
        guard let queue = try? DatabaseQueue(path: file, configuration: config) else { return 0 }
        defer { try? queue.close() }
        return (try? queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM jobs") ?? 0 }) ?? 0
    }

    /// Starts the binary in the background, output to a log file.
    func start(_ arguments: [String], in dir: URL) throws -> (Process, URL) {
        let process = Process()
        process.executableURL = CommandLineTool.executable
        process.arguments = arguments
        let log = dir.appendingPathComponent("log-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        addTeardownBlock { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
        return (process, log)
    }
}
