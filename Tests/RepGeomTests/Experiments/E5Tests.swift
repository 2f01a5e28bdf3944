import XCTest
@testable import RepGeom

final class E5Tests: XCTestCase {
    let e5 = E5Disentanglement()

    /// SPEC §6: T3 with k = d (d = 3 and 5), c = linspace(0, c_max, 12), tanh vs relu, 10 networks.
    func testPaperGridMatchesTheSpec() throws {
        let jobs = try e5.jobs(scale: .paper)
        XCTAssertEqual(jobs.count, 2 * 12 * 2 * 10)
        XCTAssertTrue(jobs.allSatisfy { $0.setting["k"] == $0.setting["d"] })
        for d in [3, 5] {
            let cs = Set(jobs.filter { $0.setting["d"] == .int(d) }.compactMap { $0.setting["c"]?.number }).sorted()
            XCTAssertEqual(cs.count, 12)
            XCTAssertEqual(cs.first, 0)
            XCTAssertEqual(cs.last!, (Double(d) / Double((1 << d) - 1)).squareRoot(), accuracy: 1e-15)
        }
        XCTAssertEqual(Set(jobs.map(\.seed)), Set(0..<10))
        XCTAssertTrue(jobs.allSatisfy { $0.setting["epochs"] == .int(1000) && ($0.setting["measure_samples"]?.number ?? 0) > 0 })
        XCTAssertEqual(E5Disentanglement.psVariant(d: 3), "max")
        XCTAssertEqual(E5Disentanglement.psVariant(d: 5), "distsum")
    }

    func testQuickGridIsSmaller() throws {
        let quick = try e5.jobs(scale: .quick)
        XCTAssertLessThan(quick.count, 480 / 4)
        XCTAssertEqual(Set(quick.compactMap { $0.setting["d"]?.number }), [3])
        let cs = Set(quick.compactMap { $0.setting["c"]?.number }).sorted()
        XCTAssertEqual(cs.first, 0)
        XCTAssertEqual(cs.last!, AlignedCube.maximumAlignment(d: 3, k: 3), accuracy: 1e-15)
    }

    func testTinyJobIsDeterministicAndMeasuresEveryLatent() throws {
        var setting = ShallowSchedule(epochs: 2, trainSamples: 64, testSamples: 0, checkpointEvery: 1, measureStride: 5, samplesPerCondition: 4).setting
        setting["d"] = .int(3); setting["k"] = .int(3); setting["c"] = .double(0.3); setting["nonlinearity"] = .string("tanh")
        let job = SweepJob(experiment: "E5", setting: setting, seed: 1)
        let a = try e5.run(job), b = try e5.run(job)
        XCTAssertEqual(a, b)
        XCTAssertEqual(Set(a.records.filter { $0.measure == "ccgp" }.map(\.epoch)), [0, 2])
        XCTAssertEqual(Set(a.records.filter { $0.measure == "ps" && $0.variant == "max" }.compactMap(\.subject)), ["y1", "y2", "y3"])
        XCTAssertEqual(Set(a.records.filter { $0.measure == "ccgp" }.compactMap(\.subject)), ["y1", "y2", "y3"])
    }

    func synthetic(tanhWins: (SweepJob, String) -> Bool) throws -> [NetworkResult] {
        let records: [(measure: String, variant: String, subject: String?)] = ["y1", "y2", "y3"].flatMap { s in
            [("ps", "max", s), ("ps", "distsum", s), ("ccgp", "leave-one-per-side/svm", s)] as [(measure: String, variant: String, subject: String?)]
        }
        return try SyntheticResults.make(e5.jobs(scale: .quick), records: records) { job, measure, subject, _ in
            let high = SyntheticResults.isTanh(job) == tanhWins(job, subject!)
            return (measure == "ps" ? (high ? 0.7 : 0.3) : (high ? 0.9 : 0.6)) + SyntheticResults.jitter(job)
        }
    }

    func testReportDrawsEachLatentAndChecksTheClaims() throws {
        let report = try e5.report(try synthetic { _, _ in true }, scale: .quick)
        assertFigures(report, names: ["ps_ccgp_vs_c_d3"])
        XCTAssertEqual(report.claims.count, 2)
        XCTAssertTrue(report.claims.allSatisfy(\.passed), "\(report.claims)")
        // One row per (latent, c): 3 × 12.
        XCTAssertTrue(report.claims[0].measured.contains("holds in 36 of 36"), report.claims[0].measured)
        XCTAssertFalse(report.claims[0].measured.contains("does not hold"))
        for j in 1...3 { XCTAssertTrue(report.figures[0].svg.contains("latent \(j)")) }

        let reversed = try e5.report(try synthetic { _, _ in false }, scale: .quick)
        XCTAssertTrue(reversed.claims.allSatisfy { !$0.passed })
        // relu wins on latent 3 everywhere: 24 of 36 rows (67 %) < 80 % — fails.
        let oneLatent = try e5.report(try synthetic { _, s in s != "y3" }, scale: .quick)
        XCTAssertFalse(oneLatent.claims[0].passed)
        XCTAssertTrue(oneLatent.claims[0].measured.contains("holds in 24 of 36"), oneLatent.claims[0].measured)
    }
}
