import XCTest
@testable import RepGeom

final class E4Tests: XCTestCase {
    let e4 = E4AlignmentSweep()

    /// SPEC §2/§3/§6: d ∈ {3,5}, k ∈ {1,d}, c = linspace(0, c_max, 12), 10 networks, tanh vs relu,
    /// 1000 epochs on 5000 samples.
    func testPaperGridMatchesTheSpec() throws {
        let jobs = try e4.jobs(scale: .paper)
        XCTAssertEqual(jobs.count, 4 * 12 * 2 * 10)
        XCTAssertEqual(Set(jobs).count, jobs.count)
        for (d, k) in [(3, 1), (3, 3), (5, 1), (5, 5)] {
            let mine = jobs.filter { $0.setting["d"] == .int(d) && $0.setting["k"] == .int(k) }
            XCTAssertEqual(mine.count, 240, "d=\(d) k=\(k)")
            let cs = Set(mine.compactMap { $0.setting["c"]?.number }).sorted()
            let cMax = (Double(k) / Double((1 << d) - 1)).squareRoot()
            XCTAssertEqual(cs.count, 12)
            XCTAssertEqual(cs.first, 0)
            XCTAssertEqual(cs.last!, cMax, accuracy: 1e-15)
            for (i, c) in cs.enumerated() { XCTAssertEqual(c, cMax * Double(i) / 11, accuracy: 1e-12) }
            for c in cs {
                for f in ["tanh", "relu"] {
                    let seeds = mine.filter { $0.setting["c"]?.number == c && $0.setting["nonlinearity"] == .string(f) }.map(\.seed)
                    XCTAssertEqual(seeds.sorted(), Array(0..<10))
                }
            }
        }
        XCTAssertTrue(jobs.allSatisfy { $0.setting["epochs"] == .int(1000) && $0.setting["train_samples"] == .int(5000)
                && $0.setting["test_samples"] == .int(1000) && $0.experiment == "E4" })
        // The configuration a job trains is the SPEC §3 reference.
        let config = try ShallowReference.configuration(task: try E4AlignmentSweep.task(jobs[0]), job: jobs[0])
        XCTAssertEqual(config.network.hiddenWidths, [128])
        XCTAssertFalse(config.network.trainReadout)
        XCTAssertEqual(config.training.learningRate, 0.1)
        XCTAssertEqual(config.training.batchSize, 64)
        XCTAssertEqual(config.training.optimizer, .sgd)
        XCTAssertEqual(config.training.epochs, 1000)
        let task = try config.makeTask(seed: jobs[0].seed)
        XCTAssertEqual(task.inputDimension, 100)
        XCTAssertEqual(task.noise, 1)
    }

    func testQuickGridIsASmallerVersionOfTheSameGrid() throws {
        let quick = try e4.jobs(scale: .quick), paper = try e4.jobs(scale: .paper)
        XCTAssertLessThanOrEqual(quick.count, paper.count / 4)
        let pairs = Set(quick.map { "\($0.setting["d"]!),\($0.setting["k"]!)" })
        XCTAssertEqual(pairs, ["3,1", "3,3", "5,1", "5,5"])
        for (d, k) in [(3, 1), (5, 5)] {
            let cs = Set(quick.filter { $0.setting["d"] == .int(d) && $0.setting["k"] == .int(k) }.compactMap { $0.setting["c"]?.number }).sorted()
            XCTAssertEqual(cs.first, 0)
            XCTAssertEqual(cs.last!, AlignedCube.maximumAlignment(d: d, k: k), accuracy: 1e-15)
            XCTAssertEqual(cs.count, 12, "quick keeps the paper's c grid")
        }
        XCTAssertTrue(quick.allSatisfy { ($0.setting["epochs"]?.number ?? 1e9) < 1000 && ($0.setting["train_samples"]?.number ?? 1e9) < 5000 })
        XCTAssertEqual(Set(quick.map(\.seed)).count, 2)
    }

    /// A tiny job (a test-only schedule in its setting): same records twice, geometry at the
    /// plan's epochs, and the records' input alignment at epoch 0 computed independently.
    func testTinyJobIsDeterministic() throws {
        var setting = ShallowSchedule(epochs: 3, trainSamples: 64, testSamples: 16, checkpointEvery: 1, measureStride: 2, samplesPerCondition: 0).setting
        setting["d"] = .int(3); setting["k"] = .int(1); setting["c"] = .double(0.2); setting["nonlinearity"] = .string("relu")
        let job = SweepJob(experiment: "E4", setting: setting, seed: 4)
        let a = try e4.run(job), b = try e4.run(job)
        XCTAssertEqual(a, b)
        XCTAssertEqual(Set(a.records.filter { $0.measure == "target_alignment" }.map(\.epoch)), [0, 2, 3])
        XCTAssertEqual(Set(a.records.filter { $0.measure == "train_loss" }.map(\.epoch)), [0, 1, 2, 3])
        XCTAssertNotNil(a.value(RecordSelector("orth_target_alignment")))
        XCTAssertTrue(a.configuration.contains("aligned_cube"))

        // Independent check at epoch 0: CKA of the initial network's condition kernel and Kx.
        let config = try ShallowReference.configuration(task: try E4AlignmentSweep.task(job), job: job)
        let prepared: PreparedRun<Float> = try config.prepare(seed: job.seed)
        let task = prepared.task
        let p = task.conditionCount
        let z = prepared.network.hiddenActivities(Matrix<Float>(rows: p, columns: task.inputDimension) { Float(task.means[$0, $1]) })[0]
        func centredKernel(_ rows: [[Double]]) -> [[Double]] {
            let k = rows.map { a in rows.map { b in zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } } }
            let rowMean = k.map { $0.reduce(0, +) / Double(p) }, all = rowMean.reduce(0, +) / Double(p)
            return (0..<p).map { i in (0..<p).map { j in k[i][j] - rowMean[i] - rowMean[j] + all } }
        }
        let kz = centredKernel((0..<p).map { i in (0..<z.columns).map { Double(z[i, $0]) } })
        let kx = centredKernel((0..<p).map { i in (0..<task.inputDimension).map { task.means[i, $0] } })
        func dot(_ a: [[Double]], _ b: [[Double]]) -> Double { zip(a, b).reduce(0) { $0 + zip($1.0, $1.1).reduce(0) { $0 + $1.0 * $1.1 } } }
        let expected = dot(kz, kx) / (dot(kz, kz) * dot(kx, kx)).squareRoot()
        XCTAssertEqual(a.value(RecordSelector("input_alignment"), epoch: 0)!, expected, accuracy: 1e-5)
        // Another seed is another network.
        XCTAssertNotEqual(try e4.run(SweepJob(experiment: "E4", setting: setting, seed: 5)).records, a.records)
    }

    func synthetic(tanhWins: (SweepJob) -> Bool) throws -> [NetworkResult] {
        try SyntheticResults.make(e4.jobs(scale: .quick),
                                  records: [("target_alignment", "gretton/linear/condition_means", nil),
                                            ("input_alignment", "gretton/linear/condition_means", nil),
                                            ("orth_target_alignment", "gretton/linear/condition_means", nil),
                                            ("orth_input_alignment", "gretton/linear/condition_means", nil)]) { job, measure, _, _ in
            let high = SyntheticResults.isTanh(job) == tanhWins(job)
            let j = SyntheticResults.jitter(job)
            switch measure {
            case "target_alignment", "orth_target_alignment": return (high ? 0.8 : 0.5) + j
            default: return (high ? 0.3 : 0.6) + j
            }
        }
    }

    func testReportDrawsTheFiguresAndPassesWhenTanhFollowsTheTargets() throws {
        let report = try e4.report(try synthetic { _ in true }, scale: .quick)
        assertFigures(report, names: ["target_alignment_vs_c", "input_alignment_vs_c", "orthogonalised_plane"])
        XCTAssertEqual(report.claims.count, 2)
        XCTAssertTrue(report.claims.allSatisfy(\.passed), "\(report.claims)")
        XCTAssertTrue(report.claims[0].measured.contains("holds in 48 of 48"), report.claims[0].measured)
        XCTAssertTrue(report.figures[2].svg.contains("unit circle"))
    }

    func testClaimsFailWhenReluWinsOrWinsTooOften() throws {
        let reversed = try e4.report(try synthetic { _ in false }, scale: .quick)
        XCTAssertTrue(reversed.claims.allSatisfy { !$0.passed })
        XCTAssertTrue(reversed.claims[0].measured.contains("holds in 0 of 48"))
        // relu wins in a whole (d, k) panel (12 of 48 settings): 75 % < 80 % fails.
        let panel = try e4.report(try synthetic { !($0.setting["d"] == .int(3) && $0.setting["k"] == .int(1)) }, scale: .quick)
        XCTAssertFalse(panel.claims[0].passed)
        XCTAssertTrue(panel.claims[0].measured.contains("holds in 36 of 48"), panel.claims[0].measured)
        // relu wins at c = 0 of every panel (4 of 48): 92 % passes, and the exceptions are named.
        let atZero = try e4.report(try synthetic { $0.setting["c"]?.number != 0 }, scale: .quick)
        XCTAssertTrue(atZero.claims[0].passed)
        XCTAssertTrue(atZero.claims[0].measured.contains("holds in 44 of 48"), atZero.claims[0].measured)
        XCTAssertTrue(atZero.claims[0].measured.contains("does not hold at: c=0.0, d=3, k=1: tanh 0.5"), atZero.claims[0].measured)
    }
}
