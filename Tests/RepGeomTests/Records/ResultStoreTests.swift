import Foundation
import GRDB
import XCTest
@testable import RepGeom

final class ResultStoreTests: XCTestCase {
    func plan(_ e: ArithmeticExperiment = ArithmeticExperiment(), _ scale: ExperimentScale = .quick) throws -> SweepPlan {
        try SweepPlan([e], scale: scale)
    }

    func testSaveAndReadBackExactly() throws {
        let dir = try temporaryFolder()
        let plan = try plan()
        let entry = plan.entries[0]
        let store = try ResultStore.open(dir, for: .init(scale: .quick))
        try store.register(plan)
        // Edge values: NaN (stored as NULL), ±inf, subnormal, nil and non-nil subjects, a huge seed.
        var special = SweepJob(experiment: "arith", setting: entry.jobs[0].setting, seed: 0)
        special.seed = 0
        let records = [MeasureRecord(epoch: 0, layer: 1, measure: "a", variant: "v", value: .nan),
                       MeasureRecord(epoch: 0, layer: 1, measure: "b", variant: "v", subject: "s", value: .infinity),
                       MeasureRecord(epoch: 3, layer: 0, measure: "c", variant: "w", value: -.infinity),
                       MeasureRecord(epoch: 3, layer: 0, measure: "d", variant: "w", value: .leastNonzeroMagnitude),
                       MeasureRecord(epoch: 3, layer: 0, measure: "e", variant: "w", value: 0.1 + 0.2)]
        let first = NetworkResult(job: entry.jobs[0], configuration: "{\"k\":1}", version: "9.9", records: records)
        try store.save(first, index: 0, seconds: 1.5)
        let second = try ArithmeticExperiment().run(entry.jobs[4])
        try store.save(second, index: 4, seconds: 0.5)

        let back = try store.results(for: entry)
        XCTAssertEqual(back.count, entry.jobs.count)
        XCTAssertEqual(back.compactMap { $0 }.count, 2)
        XCTAssertNil(back[1])
        assertSameResults([back[0]!, back[4]!], [first, second])
        XCTAssertEqual(try store.finishedKeys(experiment: "arith"), [entry.keys[0], entry.keys[4]])
        XCTAssertEqual(try store.integrityCheck(), "ok")

        // Saving the same network twice is refused (the key is unique), and changes nothing.
        XCTAssertThrowsError(try store.save(second, index: 4, seconds: 0.5))
        XCTAssertEqual(try store.results(for: entry).compactMap { $0 }.count, 2)
        try store.close()
    }

    func testHugeSeedsRoundTrip() throws {
        struct Seeds: Experiment {
            var id: String { "seeds" }
            var title: String { "" }
            var claims: [String] { [] }
            func jobs(scale: ExperimentScale) throws -> [SweepJob] {
                [UInt64.max, 1 << 63, 0].map { SweepJob(experiment: id, setting: [:], seed: $0) }
            }
            func run(_ job: SweepJob) throws -> NetworkResult { NetworkResult(job: job, configuration: "{}", records: []) }
            func report(_ results: [NetworkResult], scale: ExperimentScale) throws -> ExperimentReport { ExperimentReport(id: id, title: "", summary: "") }
        }
        let dir = try temporaryFolder()
        let plan = try SweepPlan([Seeds()], scale: .quick)
        let store = try ResultStore.open(dir, for: .init(scale: .quick))
        try store.register(plan)
        for (i, job) in plan.entries[0].jobs.enumerated() { try store.save(try Seeds().run(job), index: i, seconds: 0) }
        XCTAssertEqual(try store.results(for: plan.entries[0]).map { $0?.job.seed }, [UInt64.max, 1 << 63, 0])
        XCTAssertEqual(try store.storedJobs().map(\.seed), [UInt64.max, 1 << 63, 0])
    }

    /// The documented views present one row per network per checkpoint (with configuration, seed,
    /// version) and one row per record; checked with plain SQL against the saved results.
    func testViews() throws {
        let dir = try temporaryFolder()
        let plan = try plan()
        let store = try ResultStore.open(dir, for: .init(scale: .quick))
        try store.register(plan)
        for i in 0..<3 { try store.save(try ArithmeticExperiment().run(plan.entries[0].jobs[i]), index: i, seconds: 0) }
        try store.close()
        let queue = try DatabaseQueue(path: dir.appendingPathComponent(ResultStore.fileName).path)
        try queue.read { db in
            // 3 networks × 2 checkpoints, 2 records each.
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM checkpoints ORDER BY job_index, epoch")
            XCTAssertEqual(rows.count, 6)
            XCTAssertEqual(rows.map { $0["measures"] as Int }, Array(repeating: 2, count: 6))
            XCTAssertEqual(rows[2]["configuration"] as String, "{\"seed\":1}")
            XCTAssertEqual(rows[2]["seed"] as Int, 1)
            XCTAssertEqual(rows[2]["version"] as String, RepGeomVersion.string)
            XCTAssertEqual(rows[2]["setting"] as String, #"{"c":0.0,"nonlinearity":"tanh","x":0}"#)
            let value = try Double.fetchOne(db, sql: "SELECT value FROM measurements WHERE job_index = 2 AND epoch = 10 AND subject = 'b,1'")
            XCTAssertEqual(value, ArithmeticExperiment.value(plan.entries[0].jobs[2], epoch: 10, subject: 1))
        }
    }

    func testRefusesOtherScaleOtherVersionAndChangedJobsWithoutTouchingTheStore() throws {
        let dir = try temporaryFolder()
        let quick = try plan()
        let store = try ResultStore.open(dir, for: .init(scale: .quick))
        try store.register(quick)
        try store.save(try ArithmeticExperiment().run(quick.entries[0].jobs[0]), index: 0, seconds: 0)
        try store.close()
        let file = dir.appendingPathComponent(ResultStore.fileName)
        let before = try storeDump(file)

        XCTAssertThrowsError(try ResultStore.open(dir, for: .init(scale: .paper))) { error in
            XCTAssertTrue("\(error)".contains("holds quick-scale results, not paper"), "\(error)")
        }
        XCTAssertThrowsError(try ResultStore.open(dir, for: .init(scale: .quick, version: "0.0.1"))) { error in
            XCTAssertTrue("\(error)".contains("was written by repgeom \(RepGeomVersion.string), this is 0.0.1"), "\(error)")
        }
        // Same scale, but the experiment's job list changed (fewer seeds).
        let reopened = try ResultStore.open(dir, for: .init(scale: .quick))
        XCTAssertThrowsError(try reopened.register(try plan(ArithmeticExperiment(seeds: 2)))) { error in
            XCTAssertTrue("\(error)".contains("arith's job definitions changed"), "\(error)")
            XCTAssertTrue("\(error)".contains("stored 12 jobs, now 8"), "\(error)")
        }
        XCTAssertThrowsError(try ResultStore.verify(dir, plan: try plan(ArithmeticExperiment(seeds: 2))))
        XCTAssertNoThrow(try ResultStore.verify(dir, plan: quick))
        try reopened.register(quick) // the unchanged plan is accepted
        XCTAssertEqual(try reopened.results(for: quick.entries[0]).compactMap { $0 }.count, 1)
        try reopened.close()
        XCTAssertEqual(try storeDump(file), before, "a refused open must not change the store")
    }

    func testRefusesAFileThatIsNotAStore() throws {
        let dir = try temporaryFolder()
        let file = dir.appendingPathComponent(ResultStore.fileName)
        try Data("not a database at all, just text that is long enough to look like a header".utf8).write(to: file)
        XCTAssertThrowsError(try ResultStore.open(dir, for: .init(scale: .quick))) { error in
            XCTAssertTrue("\(error)".contains("not a repgeom result store"), "\(error)")
        }
        // A valid SQLite database of something else.
        let other = try temporaryFolder()
        let queue = try DatabaseQueue(path: other.appendingPathComponent(ResultStore.fileName).path)
        try queue.write { try $0.execute(sql: "CREATE TABLE t (x)") }
        try queue.close()
        XCTAssertThrowsError(try ResultStore.open(other, for: .init(scale: .quick))) { error in
            XCTAssertTrue("\(error)".contains("not a repgeom result store"), "\(error)")
        }
    }

    func testOneWriterPerFolder() throws {
        let dir = try temporaryFolder()
        let store = try ResultStore.open(dir, for: .init(scale: .quick))
        XCTAssertThrowsError(try ResultStore.open(dir, for: .init(scale: .quick))) { error in
            XCTAssertTrue("\(error)".contains("in use by another repgeom process"), "\(error)")
        }
        try store.close()
        _ = store
    }

    func testCanonicalKeys() {
        let a = SweepJob(experiment: "e", setting: ["b": .int(1), "a": .double(1), "z": .string("x\"y,\n"), "t": .bool(true)], seed: 7)
        XCTAssertEqual(a.key, #"{"experiment":"e","seed":7,"setting":{"a":1.0,"b":1,"t":true,"z":"x\"y,\n"}}"#)
        // Insertion order does not matter; value types do.
        var setting: [String: ParameterValue] = [:]
        for (k, v) in a.setting.reversed() { setting[k] = v }
        XCTAssertEqual(SweepJob(experiment: "e", setting: setting, seed: 7).key, a.key)
        XCTAssertNotEqual(SweepJob(experiment: "e", setting: ["a": .int(1)], seed: 7).key,
                          SweepJob(experiment: "e", setting: ["a": .double(1)], seed: 7).key)
        // The key is valid JSON that decodes to the same content.
        let decoded = try? JSONSerialization.jsonObject(with: Data(a.key.utf8)) as? [String: Any]
        XCTAssertEqual((decoded?["setting"] as? [String: Any])?["z"] as? String, "x\"y,\n")
        XCTAssertEqual(decoded?["seed"] as? Int, 7)
    }
}
