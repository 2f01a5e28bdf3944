import XCTest
@testable import RepGeom

final class KitTests: XCTestCase {
    func testTaskDichotomiesNameTargetsAndUntrainedLatents() throws {
        let k1 = try TaskSpec(parsing: "aligned_cube:d=3,k=1,c=0.2,N=12").make()
        let d1 = TaskDichotomies.of(k1)
        XCTAssertEqual(d1.map(\.name), ["y1", "b2", "b3"])
        XCTAssertEqual(d1.map(\.trained), [true, false, false])
        // Each is the corresponding latent bit column.
        for (j, d) in d1.enumerated() {
            XCTAssertEqual(d.labels, (0..<8).map { k1.latentBits![$0, j] > 0.5 ? 1 : 0 })
        }
        XCTAssertEqual(TaskDichotomies.latentName(0, in: k1), "y1")
        XCTAssertEqual(TaskDichotomies.latentName(2, in: k1), "b3")
        let kd = try TaskSpec(parsing: "aligned_cube:d=3,k=3,c=0.2,N=12").make()
        XCTAssertEqual(TaskDichotomies.of(kd).map(\.name), ["y1", "y2", "y3"])
        XCTAssertTrue(TaskDichotomies.of(kd).allSatisfy(\.trained))
    }

    /// Records carry exactly the suite's numbers, under the suite's variants.
    func testRecordsMirrorTheSuiteReport() throws {
        let task = try TaskSpec(parsing: "aligned_cube:d=3,k=1,c=0.3,N=20,sigma=0.5").make()
        let network = Network<Double>(spec: NetworkSpec(), inputs: 20, outputs: 1, seed: 3)
        let plan = CheckpointMeasurePlan(samplesPerCondition: 10)
        let records = try CheckpointMeasurer.records(network: network, task: task, epoch: 7, seed: 3, plan: plan)

        var root = RandomSource(seed: 3, stream: .measures)
        var rng = root.fork(7)
        let rep = Representation.extract(network: network, task: task, samplesPerCondition: 10, sampleNoise: 0.5, using: &rng)
        var options = plan.options
        options.seed = 3 + 7
        let report = try MeasureSuite.run(MeasureInput(conditionMeans: rep.conditionMeans[0], samples: rep.samples[0],
                                                       sampleConditions: rep.sampleConditions, inputMeans: task.means,
                                                       sampleInputs: rep.sampleInputs, dichotomies: TaskDichotomies.of(task)),
                                          options: options)
        func value(_ m: String, _ s: String? = nil, _ v: String? = nil) -> Double? {
            records.first { $0.measure == m && $0.subject == s && (v == nil || $0.variant == v) }?.value
        }
        XCTAssertTrue(records.allSatisfy { $0.epoch == 7 && $0.layer == 1 })
        XCTAssertEqual(value("target_alignment"), report.alignment?.target)
        XCTAssertEqual(value("input_alignment"), report.alignment?.input)
        XCTAssertNotNil(value("orth_target_alignment"))
        for d in report.dichotomies {
            XCTAssertEqual(value("ps", d.name, d.psMaxDetail?.variant), d.psMax)
            XCTAssertEqual(value("ccgp", d.name), d.ccgp)
            XCTAssertEqual(value("decoding", d.name), d.decoding)
        }
        XCTAssertEqual(Set(records.compactMap(\.subject)), ["y1", "b2", "b3"])
    }

    /// Same job ⇒ same records; training metrics at every checkpoint, geometry per the stride
    /// plus epoch 0 and the final epoch.
    func testConditionRunIsDeterministicAndFollowsThePlan() throws {
        var config = RunConfiguration(task: try TaskSpec(parsing: "aligned_cube:d=3,k=1,c=0.2,N=24,sigma=0.5"),
                                      trainSamples: 200, testSamples: 50)
        config.network.hiddenWidths = [16]
        config.training.epochs = 9
        config.training.checkpointEvery = 2
        config.training.batchSize = 20
        let run = ConditionRun(configuration: config, plan: CheckpointMeasurePlan(samplesPerCondition: 8, stride: 2))
        let job = SweepJob(experiment: "kit", setting: ["nonlinearity": .string("tanh")], seed: 5)
        let a = try run.run(job), b = try run.run(job)
        XCTAssertEqual(a, b)
        let trainingEpochs = Set(a.records.filter { $0.measure == "train_loss" }.map(\.epoch))
        XCTAssertEqual(trainingEpochs, [0, 2, 4, 6, 8, 9])
        XCTAssertTrue(a.records.filter { $0.measure == "train_loss" }.allSatisfy { $0.layer == 2 })
        let geometryEpochs = Set(a.records.filter { $0.measure == "target_alignment" }.map(\.epoch))
        XCTAssertEqual(geometryEpochs, [0, 4, 8, 9])
        XCTAssertTrue(a.configuration.contains("\"experiment\":\"kit\""))
        XCTAssertTrue(a.configuration.contains("\"samples_per_condition\"") || a.configuration.contains("\"samplesPerCondition\""))
        let other = try run.run(SweepJob(experiment: "kit", setting: ["nonlinearity": .string("tanh")], seed: 6))
        XCTAssertNotEqual(a.records, other.records)
    }

    func testQueriesCurvesAndComparisonsOnKnownValues() {
        func result(_ f: String, c: Double, seed: UInt64, values: [(Int, String?, Double)]) -> NetworkResult {
            NetworkResult(job: SweepJob(experiment: "t", setting: ["nonlinearity": .string(f), "c": .double(c)], seed: seed),
                          configuration: "{}",
                          records: values.map { MeasureRecord(epoch: $0.0, layer: 1, measure: "ps", variant: "max", subject: $0.1, value: $0.2) })
        }
        let results = [
            result("tanh", c: 0, seed: 0, values: [(0, "y1", 0.0), (10, "y1", 0.8), (10, "y2", 0.6)]),
            result("tanh", c: 0, seed: 1, values: [(0, "y1", 0.2), (10, "y1", 1.0), (10, "y2", 0.8)]),
            result("relu", c: 0, seed: 0, values: [(0, "y1", 0.1), (10, "y1", 0.5), (10, "y2", 0.3)]),
            result("tanh", c: 0.5, seed: 0, values: [(10, "y1", 0.4)]),
            result("relu", c: 0.5, seed: 0, values: [(10, "y1", 0.6)]),
        ]
        let y1 = RecordSelector("ps", subject: "y1")
        XCTAssertEqual(results[0].value(y1), 0.8)
        XCTAssertEqual(results[0].value(y1, epoch: 0), 0.0)
        XCTAssertEqual(results[0].value(RecordSelector("ps", subjects: ["y1", "y2"]))!, 0.7, accuracy: 1e-12)
        XCTAssertNil(results[0].value(RecordSelector("ps", layer: 2)))

        let curves = ResultCurves.versus("c", results, y1)
        XCTAssertEqual(curves.map(\.name), ["tanh", "relu"])
        XCTAssertEqual(curves[0].x, [0, 0.5])
        XCTAssertEqual(curves[0].y[0], 0.9, accuracy: 1e-12)
        XCTAssertEqual(curves[0].upper![0] - curves[0].y[0], (0.02).squareRoot(), accuracy: 1e-12)
        let epochs = ResultCurves.overEpochs(ResultGroups.filter(results, ["c": .double(0)]), y1)
        XCTAssertEqual(epochs[0].x, [0, 10])
        XCTAssertEqual(epochs[0].y[0], 0.1, accuracy: 1e-12)

        let comparison = ClaimComparison(results, y1)
        XCTAssertEqual(comparison.rows.count, 2)
        XCTAssertEqual(comparison.holding(), 1)
        XCTAssertFalse(comparison.check("tanh is more parallel").passed)
        XCTAssertTrue(comparison.check("tanh is more parallel", requiredFraction: 0.5).passed)
        XCTAssertFalse(comparison.check("tanh is more parallel", margin: 0.5, requiredFraction: 0.5).passed)
        XCTAssertFalse(ClaimComparison([], y1).check("empty").passed)
    }
}
