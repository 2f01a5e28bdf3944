import Foundation
import XCTest
@testable import RepGeom

final class SweepRunnerTests: XCTestCase {
    /// The stored results do not depend on the number of workers, and rerunning skips everything.
    func testWorkersDoNotChangeResultsAndRerunsSkip() throws {
        let plan = try SweepPlan([ArithmeticExperiment()], scale: .quick)
        var stored: [[NetworkResult]] = []
        for workers in [1, 3] {
            let dir = try temporaryFolder()
            let store = try ResultStore.open(dir, for: .init(scale: .quick))
            try store.register(plan)
            let lines = Lines()
            let outcome = try SweepRunner.run(plan, into: store, workers: workers) { lines.append($0.done) }
            XCTAssertEqual(outcome.ran, 12)
            XCTAssertEqual(lines.values, Array(1...12)) // progress in order, once per network
            XCTAssertEqual(try SweepRunner.run(plan, into: store, workers: workers).ran, 0)
            stored.append(try store.results(for: plan.entries[0]).map { $0! })
            try store.close()
        }
        assertSameResults(stored[0], stored[1])
        assertSameResults(stored[0], try plan.entries[0].jobs.map(ArithmeticExperiment().run))
        assertSameResults(stored[0], try SweepRunner.results(of: ArithmeticExperiment(), scale: .quick, workers: 2))
    }

    /// A failing job stops the sweep with an error naming it; finished networks stay stored, and
    /// a rerun (with the failure fixed) completes exactly the missing ones.
    func testFailureKeepsFinishedNetworks() throws {
        let failing = ArithmeticExperiment(failingSeeds: [2])
        let plan = try SweepPlan([failing], scale: .quick)
        let dir = try temporaryFolder()
        let store = try ResultStore.open(dir, for: .init(scale: .quick))
        try store.register(plan)
        XCTAssertThrowsError(try SweepRunner.run(plan, into: store, workers: 1)) { error in
            XCTAssertTrue("\(error)".contains("arith job {\"experiment\":\"arith\",\"seed\":2"), "\(error)")
            XCTAssertTrue("\(error)".contains("planned failure"), "\(error)")
        }
        // One worker, jobs in order: seeds 0 and 1 of the first setting finished before seed 2 failed.
        XCTAssertEqual(try store.finishedKeys(experiment: "arith"), Set(plan.entries[0].keys[0..<2]))
        let fixed = try SweepPlan([ArithmeticExperiment()], scale: .quick)
        XCTAssertEqual(try SweepRunner.run(fixed, into: store, workers: 2).ran, 10)
        assertSameResults(try store.results(for: fixed.entries[0]).map { $0! }, try fixed.entries[0].jobs.map(ArithmeticExperiment().run))
        try store.close()
    }

    func testRejectsBadResults() throws {
        struct Bad: Experiment {
            var duplicate: Bool
            var id: String { "bad" }
            var title: String { "" }
            var claims: [String] { [] }
            func jobs(scale: ExperimentScale) throws -> [SweepJob] { [SweepJob(experiment: id, setting: [:], seed: 1)] }
            func run(_ job: SweepJob) throws -> NetworkResult {
                if duplicate {
                    let r = MeasureRecord(epoch: 0, layer: 1, measure: "m", variant: "v", value: 1)
                    return NetworkResult(job: job, configuration: "", records: [r, r])
                }
                return NetworkResult(job: SweepJob(experiment: id, setting: [:], seed: 2), configuration: "", records: [])
            }
            func report(_ r: [NetworkResult], scale: ExperimentScale) throws -> ExperimentReport { ExperimentReport(id: id, title: "", summary: "") }
        }
        XCTAssertThrowsError(try SweepRunner.results(of: Bad(duplicate: true), scale: .quick)) { XCTAssertTrue("\($0)".contains("duplicate record"), "\($0)") }
        XCTAssertThrowsError(try SweepRunner.results(of: Bad(duplicate: false), scale: .quick)) { XCTAssertTrue("\($0)".contains("another job"), "\($0)") }
    }

    func testProgressLine() {
        let p = SweepProgress(finished: 3, pending: 12, alreadyStored: 4, elapsed: 6, job: SweepJob(experiment: "E4", setting: [:], seed: 0))
        XCTAssertEqual(p.line, "E4 7/16 networks · 6.0 s · ETA 18 s")
        XCTAssertEqual(SweepProgress.duration(185), "3 min 05 s")
        XCTAssertEqual(SweepProgress.duration(7800), "2 h 10 min")
    }

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Int] = []
        func append(_ v: Int) { lock.lock(); items.append(v); lock.unlock() }
        var values: [Int] { lock.lock(); defer { lock.unlock() }; return items }
    }
}
