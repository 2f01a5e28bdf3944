import Foundation
import XCTest
@testable import RepGeom

final class StoreMergeTests: XCTestCase {
    /// Runs `plan` (or one shard of it) into a fresh store folder.
    func run(_ plan: SweepPlan, shard: Shard? = nil, into dir: URL, identity: ResultStore.Identity? = nil) throws {
        let store = try ResultStore.open(dir, for: identity ?? .init(scale: plan.scale))
        try store.register(plan)
        _ = try SweepRunner.run(plan, into: store, shard: shard, workers: 2)
        try store.close()
    }

    func readBack(_ dir: URL, _ plan: SweepPlan) throws -> [NetworkResult?] {
        let store = try ResultStore.openExisting(dir)
        defer { try? store.close() }
        return try store.results(for: plan.entries[0])
    }

    /// Three shards merged hold exactly the records of the unsharded run; merging again adds nothing.
    func testShardsMergeIntoTheFullRun() throws {
        let plan = try SweepPlan([ArithmeticExperiment()], scale: .quick)
        let root = try temporaryFolder()
        try run(plan, into: root.appendingPathComponent("full"))
        var shards: [URL] = []
        for i in 0..<3 {
            shards.append(root.appendingPathComponent("shard\(i)"))
            try run(plan, shard: try Shard(index: i, count: 3), into: shards[i])
            XCTAssertEqual(try readBack(shards[i], plan).compactMap { $0 }.count, 4) // 12 jobs / 3
        }
        let merged = root.appendingPathComponent("merged")
        let outcome = try StoreMerge.merge(shards, into: merged)
        XCTAssertEqual(outcome.added, 12)
        XCTAssertEqual(outcome.duplicates, 0)
        XCTAssertEqual(outcome.completeness.map(\.finished), [12])
        XCTAssertEqual(outcome.completeness.map(\.jobs), [12])
        assertSameResults(try readBack(merged, plan).map { $0! }, try readBack(root.appendingPathComponent("full"), plan).map { $0! })

        let again = try StoreMerge.merge(shards + [root.appendingPathComponent("full")], into: merged)
        XCTAssertEqual(again.added, 0)
        XCTAssertEqual(again.duplicates, 24)
        XCTAssertEqual(again.conflicting, 0)
        let store = try ResultStore.openExisting(merged)
        XCTAssertEqual(try store.storedJobs().count, 12)
        XCTAssertEqual(try store.integrityCheck(), "ok")
        try store.close()
    }

    func testRefusesMismatchedStoresBeforeWriting() throws {
        let root = try temporaryFolder()
        let plan = try SweepPlan([ArithmeticExperiment()], scale: .quick)
        let a = root.appendingPathComponent("a"), paper = root.appendingPathComponent("paper")
        let old = root.appendingPathComponent("old"), changed = root.appendingPathComponent("changed")
        try run(plan, shard: try Shard(index: 0, count: 2), into: a)
        try run(try SweepPlan([ArithmeticExperiment()], scale: .paper), into: paper)
        try run(plan, into: old, identity: .init(scale: .quick, version: "0.0.1"))
        try run(try SweepPlan([ArithmeticExperiment(seeds: 2)], scale: .quick), into: changed)
        let target = root.appendingPathComponent("target")

        for (other, message) in [(paper, "different scales or versions"), (old, "different scales or versions"),
                                 (changed, "job list differs")] {
            XCTAssertThrowsError(try StoreMerge.merge([a, other], into: target)) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: target.path), "nothing may be written")
        }
        XCTAssertThrowsError(try StoreMerge.merge([a, a], into: target)) { XCTAssertTrue("\($0)".contains("named twice"), "\($0)") }
        XCTAssertThrowsError(try StoreMerge.merge([a], into: a)) { XCTAssertTrue("\($0)".contains("merge target itself"), "\($0)") }
        XCTAssertThrowsError(try StoreMerge.merge([root.appendingPathComponent("missing")], into: target)) {
            XCTAssertTrue("\($0)".contains("no result store here"), "\($0)")
        }
        // An existing target of another identity is refused and left as it was.
        let before = try storeDump(old.appendingPathComponent(ResultStore.fileName))
        XCTAssertThrowsError(try StoreMerge.merge([a], into: old))
        XCTAssertEqual(try storeDump(old.appendingPathComponent(ResultStore.fileName)), before)
    }
}
