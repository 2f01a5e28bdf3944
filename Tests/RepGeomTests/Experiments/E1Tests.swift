import XCTest
@testable import RepGeom

final class E1Tests: XCTestCase {
    let e1 = E1GeometryOverTraining()

    /// SPEC §6: T1 with P = 4, tanh vs relu, 20 networks; §3 schedule.
    func testPaperGridMatchesTheSpec() throws {
        let jobs = try e1.jobs(scale: .paper)
        XCTAssertEqual(jobs.count, 40)
        for f in ["tanh", "relu"] {
            XCTAssertEqual(jobs.filter { $0.setting["nonlinearity"] == .string(f) }.map(\.seed).sorted(), Array(0..<20))
        }
        XCTAssertTrue(jobs.allSatisfy { $0.setting["epochs"] == .int(1000) && $0.setting["train_samples"] == .int(5000) })
        let config = try ShallowReference.configuration(task: E1GeometryOverTraining.task(seed: 3), job: jobs[3])
        let task = try config.makeTask(seed: 3)
        XCTAssertEqual(task.conditionCount, 4)
        XCTAssertEqual(task.inputDimension, 200)
        XCTAssertEqual((0..<4).map { task.targets[$0, 0] }, [0, 0, 1, 1])
        XCTAssertEqual(TaskDichotomies.of(task).map(\.name), ["y1", "b2"])
        // Each network draws its own patterns.
        XCTAssertNotEqual(try config.makeTask(seed: 4).means, task.means)
        XCTAssertEqual(config.network.hiddenWidths, [128])
        XCTAssertEqual(config.training.batchSize, 64)
    }

    func testQuickGridIsSmaller() throws {
        let quick = try e1.jobs(scale: .quick)
        XCTAssertLessThan(quick.count, 40)
        XCTAssertEqual(Set(quick.compactMap { $0.setting["nonlinearity"]?.description }), ["tanh", "relu"])
        XCTAssertGreaterThanOrEqual(quick.count / 2, 3)
        XCTAssertTrue(quick.allSatisfy { ($0.setting["epochs"]?.number ?? 1e9) < 1000 })
    }

    func testTinyJobIsDeterministic() throws {
        var setting = ShallowSchedule(epochs: 4, trainSamples: 64, testSamples: 16, checkpointEvery: 2, measureStride: 1, samplesPerCondition: 6).setting
        setting["nonlinearity"] = .string("tanh")
        let job = SweepJob(experiment: "E1", setting: setting, seed: 2)
        let a = try e1.run(job), b = try e1.run(job)
        XCTAssertEqual(a, b)
        XCTAssertEqual(Set(a.records.filter { $0.measure == "ccgp" }.map(\.epoch)), [0, 2, 4])
        XCTAssertEqual(Set(a.records.filter { $0.measure == "ps" }.compactMap(\.subject)), ["y1", "b2"])
        // CCGP is an accuracy; PS a mean cosine.
        XCTAssertTrue(a.records.filter { $0.measure == "ccgp" }.allSatisfy { (0...1).contains($0.value) })
        XCTAssertTrue(a.records.filter { $0.measure == "ps" }.allSatisfy { (-1...1).contains($0.value) })
    }

    func synthetic(tanhWins: Bool) throws -> [NetworkResult] {
        let records: [(measure: String, variant: String, subject: String?)] = [
            ("target_alignment", "gretton/linear/condition_means", nil), ("input_alignment", "gretton/linear/condition_means", nil),
            ("ps", "max", "y1"), ("ps", "max", "b2"), ("ccgp", "leave-one-per-side/svm", "y1"), ("ccgp", "leave-one-per-side/svm", "b2")]
        return try SyntheticResults.make(e1.jobs(scale: .quick), epochs: [0, 10, 20], records: records) { job, measure, subject, epoch in
            let high = SyntheticResults.isTanh(job) == tanhWins
            let t = Double(epoch) / 20, j = SyntheticResults.jitter(job)
            switch (measure, subject) {
            case ("input_alignment", _): return (high ? 0.9 - 0.5 * t : 0.9 - 0.1 * t) + j
            case (_, "b2"): return 0.5 + j
            default: return (high ? 0.2 + 0.7 * t : 0.2 + 0.3 * t) + j
            }
        }
    }

    func testReportDrawsCurvesAndChecksTheClaims() throws {
        let report = try e1.report(try synthetic(tanhWins: true), scale: .quick)
        assertFigures(report, names: ["geometry_vs_epoch", "untrained_vs_epoch"])
        XCTAssertEqual(report.claims.count, 4)
        XCTAssertTrue(report.claims.allSatisfy(\.passed), "\(report.claims)")
        // The final epoch is compared: tanh 0.9 + jitter vs relu 0.5 + jitter.
        XCTAssertTrue(report.claims[0].measured.contains("tanh 0.9"), report.claims[0].measured)
        XCTAssertTrue(report.figures[0].svg.contains("epoch"))
        let reversed = try e1.report(try synthetic(tanhWins: false), scale: .quick)
        XCTAssertTrue(reversed.claims.allSatisfy { !$0.passed }, "\(reversed.claims)")
    }
}
