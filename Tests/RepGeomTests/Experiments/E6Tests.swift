import Foundation
import XCTest
@testable import RepGeom

final class E6Tests: XCTestCase {
    let e6 = E6DepthExperiment()

    /// The grid of issue 6: depth {1, 2, 5, 10} (quick {1, 3}), width 128, Adam lr 1e-3 (SGD lr
    /// 0.1 as the option), T3 d ∈ {3, 5} × k ∈ {1, d} and T4 P = 8 × k ∈ {1, 3}, tanh vs relu.
    func testGridMatchesTheIssueAtBothScales() throws {
        let expectedTasks: Set<String> = ["T3 d=3 k=1", "T3 d=3 k=3", "T3 d=5 k=1", "T3 d=5 k=5", "T4 P=8 k=1", "T4 P=8 k=3"]
        for (scale, depths, cs, reps) in [(ExperimentScale.quick, [1, 3], [50], 3), (.paper, [1, 2, 5, 10], [0, 50, 100], 10)] {
            let jobs = try e6.jobs(scale: scale)
            XCTAssertEqual(jobs.count, 6 * cs.count * depths.count * 2 * reps, "\(scale)")
            XCTAssertEqual(Set(jobs.map(\.key)).count, jobs.count, "job keys unique")
            XCTAssertNoThrow(try SweepPlan([e6], scale: scale))
            XCTAssertEqual(Set(jobs.compactMap { $0.setting["depth"]?.number.map { Int($0) } }), Set(depths))
            XCTAssertEqual(Set(jobs.compactMap { $0.setting["c_percent"]?.number.map { Int($0) } }), Set(cs))
            XCTAssertEqual(Set(jobs.map(\.seed)), Set((0..<UInt64(reps))))
            XCTAssertEqual(Set(jobs.map { $0.setting["nonlinearity"]!.description }), ["tanh", "relu"])
            XCTAssertEqual(Set(jobs.map { $0.setting["optimizer"]!.description }), ["adam"])
            XCTAssertEqual(Set(jobs.map { $0.setting["lr"]!.number! }), [1e-3])
            let labels = Set(jobs.map { job -> String in
                let s = job.setting
                return s["task"]!.description == "T3" ? "T3 d=\(s["d"]!) k=\(s["k"]!)" : "T4 P=\(s["P"]!) k=\(s["k"]!)"
            })
            XCTAssertEqual(labels, expectedTasks)
            // Every job builds: width 128 in every layer, frozen readout, Adam.
            let run = try E6DepthExperiment.condition(jobs.last!)
            XCTAssertEqual(run.configuration.network.hiddenWidths, Array(repeating: 128, count: depths.last!))
            XCTAssertFalse(run.configuration.network.trainReadout)
            XCTAssertEqual(run.configuration.training.optimizer, .adamDefault)
            XCTAssertEqual(run.configuration.training.batchSize, 64)
        }
        let paper = try E6DepthExperiment.condition(e6.jobs(scale: .paper)[0])
        XCTAssertEqual(paper.configuration.trainSamples, 5000)
        XCTAssertEqual(paper.configuration.testSamples, 1000)

        let sgd = try E6DepthExperiment(optimizer: "sgd").jobs(scale: .quick)
        XCTAssertEqual(Set(sgd.map { $0.setting["optimizer"]!.description }), ["sgd"])
        XCTAssertEqual(try E6DepthExperiment.condition(sgd[0]).configuration.training.optimizer, .sgd)
        XCTAssertEqual(try E6DepthExperiment.condition(sgd[0]).configuration.training.learningRate, 0.1)
        XCTAssertThrowsError(try E6DepthExperiment(optimizer: "lbfgs").jobs(scale: .quick))
    }

    /// c is the requested fraction of each task's own c_max: the built task's A(Kx, Ky) (computed
    /// from its means and targets) equals it — for T4 per network seed.
    func testTaskAlignmentIsTheRequestedFractionOfCMax() throws {
        func job(_ setting: [String: ParameterValue], seed: UInt64 = 0) -> SweepJob {
            SweepJob(experiment: "E6", setting: setting, seed: seed)
        }
        let t3 = try E6DepthExperiment.taskSpec(job(["task": .string("T3"), "d": .int(3), "k": .int(1), "c_percent": .int(50)])).make()
        XCTAssertEqual(t3.inputTargetAlignment, 0.5 * (1.0 / 7).squareRoot(), accuracy: 1e-9)
        var maxima: [Double] = []
        for seed: UInt64 in [0, 1] {
            let spec = try E6DepthExperiment.taskSpec(job(["task": .string("T4"), "P": .int(8), "k": .int(3), "c_percent": .int(100)], seed: seed))
            let top = try spec.make()
            let half = try E6DepthExperiment.taskSpec(job(["task": .string("T4"), "P": .int(8), "k": .int(3), "c_percent": .int(50)], seed: seed)).make()
            XCTAssertEqual(half.inputTargetAlignment, 0.5 * top.inputTargetAlignment, accuracy: 1e-9)
            XCTAssertEqual(spec.seed, seed, "T4 geometry per network")
            maxima.append(top.inputTargetAlignment)
        }
        XCTAssertNotEqual(maxima[0], maxima[1], "different draws, different c_max")
        XCTAssertThrowsError(try E6DepthExperiment.taskSpec(job(["task": .string("T5"), "k": .int(1), "c_percent": .int(0)])))
        XCTAssertThrowsError(try E6DepthExperiment.taskSpec(job(["task": .string("T3"), "d": .int(3), "k": .int(1), "c_percent": .int(150)])))
    }

    func tinyJob(task: [String: ParameterValue], depth: Int, nonlinearity: String, optimizer: String) -> SweepJob {
        var setting = task
        setting["c_percent"] = .int(50)
        setting["depth"] = .int(depth)
        setting["nonlinearity"] = .string(nonlinearity)
        setting["optimizer"] = .string(optimizer)
        setting["lr"] = .double(E6DepthExperiment.learningRate(optimizer))
        setting["epochs"] = .int(4)
        setting["train_samples"] = .int(256)
        setting["test_samples"] = .int(64)
        setting["samples_per_condition"] = .int(6)
        return SweepJob(experiment: "E6", setting: setting, seed: 3)
    }

    /// A tiny depth-3 job: the same records twice; geometry at every hidden layer (1…3) before and
    /// after training, loss and accuracy at layer 4; Adam and SGD both lower the training loss.
    func testTinyJobIsDeterministicWithRecordsForEveryLayer() throws {
        let job = tinyJob(task: ["task": .string("T3"), "d": .int(3), "k": .int(1)], depth: 3, nonlinearity: "relu", optimizer: "adam")
        let a = try e6.run(job), b = try e6.run(job)
        assertSameResults([a], [b])
        let geometry = a.records.filter { $0.layer <= 3 }
        XCTAssertEqual(Set(geometry.map(\.epoch)), [0, 4])
        for layer in 1...3 {
            let here = a.records.filter { $0.layer == layer && $0.epoch == 4 }
            for measure in ["target_alignment", "input_alignment"] {
                XCTAssertEqual(here.filter { $0.measure == measure }.count, 1, "\(measure) at layer \(layer)")
            }
            XCTAssertEqual(Set(here.filter { $0.measure == "ps" && $0.variant == "max" }.compactMap(\.subject)), ["y1", "b2", "b3"])
            XCTAssertEqual(Set(here.filter { $0.measure == "ccgp" }.compactMap(\.subject)), ["y1", "b2", "b3"])
            XCTAssertEqual(Set(here.filter { $0.measure == "decoding" }.compactMap(\.subject)), ["y1", "b2", "b3"])
        }
        XCTAssertTrue(a.records.filter { $0.layer == 4 }.allSatisfy { ["train_loss", "test_loss", "train_accuracy", "test_accuracy"].contains($0.measure) })
        XCTAssertFalse(a.records.contains { $0.layer > 4 || $0.layer < 1 })
        XCTAssertTrue(a.configuration.contains("\"hidden_widths\":[128,128,128]"), a.configuration)

        for (task, optimizer) in [(["task": ParameterValue.string("T4"), "P": .int(8), "k": .int(3)], "sgd"),
                                  (["task": .string("T3"), "d": .int(3), "k": .int(1)], "adam")] {
            let r = try e6.run(tinyJob(task: task, depth: 2, nonlinearity: "tanh", optimizer: optimizer))
            let loss = r.series(RecordSelector("train_loss", layer: 3))
            XCTAssertLessThan(loss.last!.value, loss.first!.value, "\(optimizer) lowers the training loss")
            XCTAssertEqual(Set(r.records.filter { $0.measure == "ps" && $0.layer == 2 }.compactMap(\.subject)), task["task"] == .string("T4") ? ["y1", "y2", "y3"] : ["y1", "b2", "b3"])
        }
    }

    /// E6's engine: a depth-4 network with a frozen readout, one full-batch step of SGD (lr 1) and
    /// of Adam (lr 1e-3) from the same start, against central finite differences of the loss for
    /// every hidden weight and bias of every layer. SGD's step is −g; Adam's first step is
    /// −lr·√(1−β₂)|g|/(√(1−β₂)|g| + ε)·sign(g) (bias-corrected moments of one gradient). The
    /// readout must not move.
    func testDeepStepsOfSGDAndAdamFollowFiniteDifferenceGradients() throws {
        var rng = RandomSource(seed: 21)
        let x: Matrix<Double> = rng.gaussianMatrix(rows: 9, columns: 5)
        let y = Matrix<Double>(rows: 9, columns: 2) { i, j in Double((i + j) % 2) }
        let data = Dataset(inputs: x, targets: y, conditions: Array(repeating: 0, count: 9))
        for activation in [Activation.tanh, .relu] {
            var spec = NetworkSpec()
            spec.hiddenWidths = [5, 4, 6, 3]
            spec.activation = activation
            let net = Network<Double>(spec: spec, inputs: 5, outputs: 2, seed: 4)
            var options = TrainingOptions()
            options.epochs = 1
            options.batchSize = data.count
            options.learningRate = 1
            let sgd = try Trainer<Double>(options: options).train(net, on: data, seed: 0).network
            options.optimizer = .adamDefault
            options.learningRate = 1e-3
            let adam = try Trainer<Double>(options: options).train(net, on: data, seed: 0).network
            XCTAssertEqual(sgd.readout.weights.elements, net.readout.weights.elements)
            XCTAssertEqual(adam.readout.bias, net.readout.bias)
            var checked = 0
            for layer in 0..<spec.hiddenWidths.count {
                for isBias in [false, true] {
                    let count = isBias ? net.hidden[layer].bias.count : net.hidden[layer].weights.elements.count
                    for i in 0..<count {
                        func loss(_ h: Double) -> Double {
                            var n = net
                            if isBias { n.hidden[layer].bias[i] += h } else { n.hidden[layer].weights.elements[i] += h }
                            return evaluate(n, on: data, loss: .bce).loss
                        }
                        let g = (loss(1e-6) - loss(-1e-6)) / 2e-6
                        func value(_ n: Network<Double>) -> Double { isBias ? n.hidden[layer].bias[i] : n.hidden[layer].weights.elements[i] }
                        let before = value(net)
                        XCTAssertEqual(value(sgd) - before, -g, accuracy: 1e-6 * max(1, Swift.abs(g)), "\(activation) SGD layer \(layer + 1)")
                        if Swift.abs(g) > 1e-5 {
                            let r = 0.001.squareRoot() * Swift.abs(g)
                            XCTAssertEqual(value(adam) - before, -1e-3 * r / (r + 1e-8) * (g > 0 ? 1 : -1), accuracy: 1e-9,
                                           "\(activation) Adam layer \(layer + 1)")
                            checked += 1
                        }
                    }
                }
            }
            XCTAssertGreaterThan(checked, 60, "most parameters have a non-negligible gradient")
        }
    }

    /// Synthetic results on the quick grid: `tanhWins(job)` says whether tanh is the more
    /// target-aligned / less input-aligned / more parallel one at a job's setting and layer.
    func synthetic(tanhWinsAt: (SweepJob, Int) -> Bool) throws -> [NetworkResult] {
        try e6.jobs(scale: .quick).map { job in
            let depth = Int(job.setting["depth"]!.number!)
            let tanh = job.setting["nonlinearity"] == .string("tanh")
            let noise = Double(job.seed) * 0.001
            var records: [MeasureRecord] = []
            let k = Int(job.setting["k"]!.number!)
            let untrained = job.setting["task"] == .string("T3") && k == 1 ? (2...Int(job.setting["d"]!.number!)).map { "b\($0)" } : []
            let p = job.setting["task"] == .string("T3") ? 1 << Int(job.setting["d"]!.number!) : 8
            for layer in 1...depth {
                let win = tanhWinsAt(job, layer)
                let high = 0.8 + noise, low = 0.5 + noise
                func add(_ m: String, _ v: String, _ s: String?, _ x: Double) {
                    records.append(MeasureRecord(epoch: 40, layer: layer, measure: m, variant: v, subject: s, value: x))
                    records.append(MeasureRecord(epoch: 0, layer: layer, measure: m, variant: v, subject: s, value: 0.3))
                }
                add("target_alignment", "gretton/linear/condition_means", nil, tanh == win ? high : low)
                add("input_alignment", "gretton/linear/condition_means", nil, tanh == win ? low : high)
                for y in 1...k {
                    add("ps", p == 32 ? "distsum" : "max", "y\(y)", tanh == win ? high : low)
                    add("ccgp", "leave_one_per_side", "y\(y)", 0.9)
                }
                for b in untrained { add("decoding", "svm", b, tanh == win ? 0.7 : 0.95) }
            }
            records.append(MeasureRecord(epoch: 40, layer: depth + 1, measure: "test_accuracy", variant: "logit_sign", value: 0.97))
            return NetworkResult(job: job, configuration: "{}", records: records)
        }
    }

    /// The report draws every figure and checks its claims; the claims pass when tanh wins
    /// everywhere, fail when relu does, and the 80 % threshold and the layer summaries bite.
    func testReportBuildsFiguresAndClaimsCanFail() throws {
        let good = try e6.report(synthetic { _, _ in true }, scale: .quick)
        assertFigures(good, ["target_alignment_vs_depth", "input_alignment_vs_depth", "target_alignment_per_layer",
                                               "input_alignment_per_layer", "ps_per_layer", "ccgp_per_layer",
                                               "untrained_decoding_per_layer", "test_accuracy_vs_depth"])
        XCTAssertEqual(good.claims.count, 8)
        XCTAssertTrue(good.claims.allSatisfy(\.passed), good.claims.map(\.measured).joined(separator: "\n"))
        XCTAssertTrue(good.claims[0].measured.contains("holds in 12 of 12"), good.claims[0].measured)
        XCTAssertTrue(good.claims[6].measured.contains("holds in 4 of 4"), good.claims[6].measured)

        let bad = try e6.report(synthetic { _, _ in false }, scale: .quick)
        XCTAssertTrue(bad.claims.allSatisfy { !$0.passed })

        // Tanh wins only at the last hidden layer: the last-layer checks pass, the layer means fail
        // (depth 1: 6 of 12 settings, where last = mean).
        let lastOnly = try e6.report(synthetic { job, layer in layer == Int(job.setting["depth"]!.number!) }, scale: .quick)
        XCTAssertEqual(lastOnly.claims.map(\.passed), [true, false, true, false, true, false, true, false])

        // 80 %: tanh wins in 10 of 12 matched settings passes, 9 of 12 fails.
        func losingSettings(_ n: Int) throws -> [Bool] {
            let settings = try e6.jobs(scale: .quick).map { E6Tests.matched($0) }
            var distinct: [String] = []
            for s in settings where !distinct.contains(s) { distinct.append(s) }
            let losers = Set(distinct.prefix(n))
            return try e6.report(synthetic { job, _ in !losers.contains(E6Tests.matched(job)) }, scale: .quick).claims.prefix(6).map(\.passed)
        }
        XCTAssertEqual(try losingSettings(2), Array(repeating: true, count: 6))
        XCTAssertEqual(try losingSettings(3), Array(repeating: false, count: 6))
    }

    static func matched(_ job: SweepJob) -> String {
        job.setting.filter { $0.key != "nonlinearity" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    func assertFigures(_ report: ExperimentReport, _ figures: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(report.figures.map(\.name), figures, file: file, line: line)
        for f in report.figures {
            XCTAssertTrue(f.svg.hasPrefix("<svg") || f.svg.contains("<svg"), f.name, file: file, line: line)
            XCTAssertTrue(f.svg.contains("<path") || f.svg.contains("<polyline"), "\(f.name) draws lines", file: file, line: line)
        }
    }
}
