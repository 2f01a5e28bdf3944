import Foundation
import XCTest
@testable import RepGeom

final class SweepPlanTests: XCTestCase {
    /// The n shards of a plan are disjoint, cover it, and differ in size by at most one; every
    /// shard gets jobs of every setting when there are enough.
    func testShardsPartitionThePlan() throws {
        let plan = try SweepPlan([ArithmeticExperiment(), ArithmeticExperiment(id: "arith2", seeds: 2)], scale: .quick)
        XCTAssertEqual(plan.jobCount, 20)
        let all = plan.positions()
        XCTAssertEqual(all.count, 20)
        for n in 1...7 {
            let parts = try (0..<n).map { plan.positions(in: try Shard(index: $0, count: n)) }
            XCTAssertEqual(parts.flatMap { $0 }.sorted { ($0.entry, $0.job) < ($1.entry, $1.job) }, all, "n = \(n)")
            XCTAssertEqual(Set(parts.flatMap { $0 }).count, 20)
            XCTAssertLessThanOrEqual(parts.map(\.count).max()! - parts.map(\.count).min()!, 1)
        }
    }

    func testShardParsing() throws {
        XCTAssertEqual(try Shard(parsing: "3/8"), try Shard(index: 3, count: 8))
        XCTAssertEqual(try Shard(parsing: "0/1").description, "0/1")
        for bad in ["8/8", "-1/4", "1", "a/b", "1/0", "", "1/2/3", "0/1000000"] {
            XCTAssertThrowsError(try Shard(parsing: bad), bad) { error in
                XCTAssertEqual((error as? InputError)?.location, "--shard", bad)
            }
        }
    }

    func testPlanChecksJobs() throws {
        struct Custom: Experiment {
            var id = "c"
            var list: [SweepJob]
            var title: String { "" }
            var claims: [String] { [] }
            func jobs(scale: ExperimentScale) throws -> [SweepJob] { list }
            func run(_ job: SweepJob) throws -> NetworkResult { NetworkResult(job: job, configuration: "", records: []) }
            func report(_ r: [NetworkResult], scale: ExperimentScale) throws -> ExperimentReport { ExperimentReport(id: id, title: "", summary: "") }
        }
        let ok = SweepJob(experiment: "c", setting: ["a": .int(1)], seed: 0)
        XCTAssertNoThrow(try SweepPlan([Custom(list: [ok])], scale: .quick))
        let cases: [(Custom, String)] = [
            (Custom(list: [ok, ok]), "listed twice"),
            (Custom(list: [SweepJob(experiment: "other", setting: [:], seed: 0)]), "names experiment 'other'"),
            (Custom(list: [SweepJob(experiment: "c", setting: ["epoch": .int(1)], seed: 0)]), "clashes with a fixed CSV column"),
            (Custom(list: [SweepJob(experiment: "c", setting: ["bad key": .int(1)], seed: 0)]), "not an identifier"),
            (Custom(list: [SweepJob(experiment: "c", setting: ["c": .double(.nan)], seed: 0)]), "not finite"),
            (Custom(id: "report", list: []), "the id must be"),
            (Custom(id: "a/b", list: []), "the id must be"),
        ]
        for (experiment, message) in cases {
            XCTAssertThrowsError(try SweepPlan([experiment], scale: .quick), message) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
        }
        XCTAssertThrowsError(try SweepPlan([Custom(list: []), Custom(list: [])], scale: .quick))
        // Parameter column order: nonlinearity first, then alphabetical.
        XCTAssertEqual(try SweepPlan([ArithmeticExperiment()], scale: .quick).entries[0].parameters, ["nonlinearity", "c", "x"])
    }

    func testCatalogueResolution() throws {
        let a = ArithmeticExperiment(), b = ArithmeticExperiment(id: "B2")
        XCTAssertEqual(try Catalogue.resolve(["b2", "arith", "ARITH"], from: [a, b], all: [a]).map(\.id), ["arith", "B2"])
        XCTAssertEqual(try Catalogue.resolve(["all"], from: [a, b], all: [a]).map(\.id), ["arith"])
        XCTAssertThrowsError(try Catalogue.resolve(["E9"], from: [a, b], all: [a])) { error in
            XCTAssertEqual("\(error)", "E9: unknown experiment (known: arith, B2, all)")
        }
        XCTAssertThrowsError(try Catalogue.resolve(["all"], from: [b], all: []))
        XCTAssertThrowsError(try Catalogue.resolve([], from: [a], all: [a]))
        XCTAssertTrue(Catalogue.known.contains { $0.id == "smoke" })
    }
}
