import Foundation
import XCTest
@testable import RepGeom

final class SmokeExperimentTests: XCTestCase {
    /// Deterministic in the job; records every checkpoint; its claim checks pass on real results
    /// and fail on results where training made things worse (the checks can fail).
    func testRunsDeterministicallyAndChecksItsClaims() throws {
        let smoke = SmokeExperiment()
        let jobs = try smoke.jobs(scale: .quick)
        XCTAssertEqual(jobs.count, 16)
        XCTAssertEqual(Set(jobs.map(\.key)).count, 16)
        let a = try smoke.run(jobs[5]), b = try smoke.run(jobs[5])
        assertSameResults([a], [b])
        XCTAssertEqual(Set(a.records.map(\.epoch)), [0, 5, 10, 15, 20])
        XCTAssertEqual(a.records.count, 5 * 4)
        XCTAssertTrue(a.configuration.contains("\"epochs\":20"), a.configuration)

        let results = try SweepRunner.results(of: smoke, scale: .quick, workers: 2)
        let report = try smoke.report(results, scale: .quick)
        XCTAssertEqual(report.claims.count, 2)
        XCTAssertTrue(report.claims.allSatisfy(\.passed), "\(report.claims)")

        // Reverse time: final and initial loss swapped, accuracies at chance.
        let worse = results.map { r -> NetworkResult in
            var r = r
            let last = r.records.map(\.epoch).max()!
            r.records = r.records.map { m in
                var m = m
                if m.measure == "train_loss" { m.value = m.epoch == last ? 1 : 0.5 }
                if m.measure == "test_accuracy" { m.value = 0.5 }
                return m
            }
            return r
        }
        let failing = try smoke.report(worse, scale: .quick)
        XCTAssertEqual(failing.claims.map(\.passed), [false, false])
    }
}
