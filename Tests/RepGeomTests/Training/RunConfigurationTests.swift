import XCTest
@testable import RepGeom

final class RunConfigurationTests: XCTestCase {
    static func smallConfiguration() throws -> RunConfiguration {
        var network = NetworkSpec()
        network.hiddenWidths = [32]
        var training = TrainingOptions()
        training.epochs = 4
        training.checkpointEvery = 2
        return RunConfiguration(task: try TaskSpec(parsing: "aligned_cube:d=3,k=1,c=0.2,N=24,sigma=0.5"),
                                network: network, training: training, trainSamples: 300, testSamples: 100, seeds: [1, 2])
    }

    func testJSONRoundTripWithSnakeCaseKeys() throws {
        var config = try Self.smallConfiguration()
        config.network.activation = .boundedReLU(upper: 1.5)
        config.training.optimizer = .adamDefault
        config.training.earlyStopTolerance = 1e-5
        config.taskGeometry = .perNetwork
        config.precision = .double
        let json = config.canonicalJSON
        for key in ["\"train_samples\":300", "\"hidden_widths\":[32]", "\"activation\":\"bounded_relu:1.5\"",
                    "\"task\":\"aligned_cube:d=3,k=1,c=0.2,scale=0,seed=0,N=24,sigma=0.5\"", "\"task_geometry\":\"per_network\"",
                    "\"batch_size\":64", "\"early_stop_tolerance\":1e-05"] {
            XCTAssertTrue(json.contains(key), "\(key) missing in \(json)")
        }
        XCTAssertEqual(try RunConfiguration.decodeJSON(Data(json.utf8)), config)
        // Sorted keys: canonical.
        XCTAssertLessThan(json.range(of: "\"network\"")!.lowerBound, json.range(of: "\"precision\"")!.lowerBound)
    }

    func testMinimalConfigTakesReferenceDefaults() throws {
        let config = try RunConfiguration.decodeJSON(Data(#"{"task": "aligned_cube"}"#.utf8))
        XCTAssertEqual(config.trainSamples, 5000)
        XCTAssertEqual(config.testSamples, 1000)
        XCTAssertEqual(config.seeds, [0])
        XCTAssertEqual(config.network.hiddenWidths, [128])
        XCTAssertEqual(config.training.epochs, 1000)
        XCTAssertEqual(config.precision, .float)
        XCTAssertEqual(try RunConfiguration.decodeJSON(Data(#"{"task": "aligned_cube", "seeds": "0-2,7"}"#.utf8)).seeds, [0, 1, 2, 7])
        XCTAssertEqual(try RunConfiguration.decodeJSON(Data(#"{"task": "aligned_cube", "seed": 4}"#.utf8)).seeds, [4])
    }

    func testMalformedConfigsNameTheField() {
        func decode(_ json: String) throws { let c = try RunConfiguration.decodeJSON(Data(json.utf8)); try c.validate() }
        assertInputError("network.activation", ["unknown 'tanhh'", "did you mean 'tanh'", "known: tanh, relu"]) {
            try decode(#"{"task": "aligned_cube", "network": {"activation": "tanhh"}}"#)
        }
        assertInputError("network.activaton", ["unknown field", "did you mean 'activation'"]) {
            try decode(#"{"task": "aligned_cube", "network": {"activaton": "tanh"}}"#)
        }
        assertInputError("training.epoch", ["unknown field", "epochs"]) {
            try decode(#"{"task": "aligned_cube", "training": {"epoch": 3}}"#)
        }
        assertInputError("epochs", ["unknown field", "known: task"]) { try decode(#"{"task": "aligned_cube", "epochs": 3}"#) }
        assertInputError("training.epochs", ["whole number"]) { try decode(#"{"task": "aligned_cube", "training": {"epochs": "many"}}"#) }
        assertInputError("training.loss", ["unknown 'bcee'", "bce, softmax, mse"]) {
            try decode(#"{"task": "aligned_cube", "training": {"loss": "bcee"}}"#)
        }
        assertInputError("training.optimizer", ["sgd"]) { try decode(#"{"task": "aligned_cube", "training": {"optimizer": "adamw"}}"#) }
        assertInputError("network.readout_init", ["unknown 'zero'", "balanced_binary"]) {
            try decode(#"{"task": "aligned_cube", "network": {"readout_init": "zero"}}"#)
        }
        assertInputError("task", ["missing"]) { try decode(#"{"network": {}}"#) }
        assertInputError("task.c", ["outside [0, 0.377964"]) { try decode(#"{"task": "aligned_cube:c=0.5"}"#) }
        assertInputError("task.k", ["1…7"]) { try decode(#"{"task": {"family": "aligned_cube", "k": 9}}"#) }
        assertInputError("train_samples", ["1…10000000"]) { try decode(#"{"task": "aligned_cube", "train_samples": 0}"#) }
        assertInputError("seeds", ["listed twice"]) { try decode(#"{"task": "aligned_cube", "seeds": [1, 1]}"#) }
        assertInputError("seeds", ["not a seed range"]) { try decode(#"{"task": "aligned_cube", "seeds": "5-2"}"#) }
        assertInputError("precision", ["unknown 'half'", "float, double"]) { try decode(#"{"task": "aligned_cube", "precision": "half"}"#) }
        assertInputError("training.lr", ["positive"]) { try decode(#"{"task": "aligned_cube", "training": {"lr": -1}}"#) }
        assertInputError("network.hidden_widths", ["outside"]) { try decode(#"{"task": "aligned_cube", "network": {"hidden_widths": [0]}}"#) }
        assertInputError("config", ["not valid JSON"]) { try decode(#"{"task": "#) }
    }

    func testTaskNeedingChecks() throws {
        var config = try Self.smallConfiguration()
        config.training.loss = .softmax
        assertInputError("training.loss", ["one-hot"]) { _ = try config.makeTask(seed: 0) }
        config.training.loss = .bce
        config.task = try TaskSpec(parsing: "aligned_cube:N=100")
        config.trainSamples = 10_000_000
        assertInputError("train_samples", ["exceed"]) { _ = try config.makeTask(seed: 0) }
        config.trainSamples = 100
        config.network.hiddenWidths = [1_000_000, 1_000]
        assertInputError("network.hidden_widths", ["parameters (limit"]) { _ = try config.makeTask(seed: 0) }
    }

    func testTaskGeometrySharedOrPerNetwork() throws {
        var config = try Self.smallConfiguration()
        config.task = try TaskSpec(parsing: "aligned_cube:d=3,c=0.2,scale=0.5,seed=3,N=24")
        XCTAssertEqual(try config.makeTask(seed: 1), try config.makeTask(seed: 2))
        XCTAssertEqual(config.resolved(seed: 5).task.seed, 3)
        config.taskGeometry = .perNetwork
        XCTAssertNotEqual(try config.makeTask(seed: 1).means, try config.makeTask(seed: 2).means)
        let resolved = config.resolved(seed: 5)
        XCTAssertEqual(resolved.task.seed, 5)
        XCTAssertEqual(resolved.seeds, [5])
        XCTAssertEqual(resolved.taskGeometry, .shared)
        XCTAssertEqual(try resolved.makeTask(seed: 5), try config.makeTask(seed: 5), "a record's configuration reproduces its task")
    }
}

final class ConfiguredTrainingTests: XCTestCase {
    func testSameConfigurationAndSeedAreBitIdentical() throws {
        let config = try RunConfigurationTests.smallConfiguration()
        var epochsA: [Int] = [], epochsB: [Int] = []
        let a = try config.train(seed: 1, as: Float.self) { epochsA.append($0.epoch) }
        let b = try config.train(seed: 1, as: Float.self) { epochsB.append($0.epoch) }
        XCTAssertEqual(a.result.network, b.result.network)
        XCTAssertEqual(a.result.checkpoints, b.result.checkpoints)
        XCTAssertEqual(try a.record.json(), try b.record.json())
        XCTAssertEqual(epochsA, [0, 2, 4]); XCTAssertEqual(epochsA, epochsB)
        let c = try config.train(seed: 2, as: Float.self)
        XCTAssertNotEqual(a.result.network, c.result.network)
        // The record's resolved configuration reproduces the network.
        let again = try a.configuration.train(seed: 1, as: Float.self)
        XCTAssertEqual(again.result.network, a.result.network)
    }

    func testCheckpointCallbackSeesNetworkTaskAndMetrics() throws {
        let config = try RunConfigurationTests.smallConfiguration()
        var seen: [(Int, Double)] = []
        let outcome = try config.train(seed: 3, as: Double.self) { cp in
            XCTAssertEqual(cp.seed, 3)
            XCTAssertEqual(cp.task.conditionCount, 8)
            XCTAssertEqual(cp.network.inputCount, 24)
            // The metrics describe this very network: re-evaluate on the same training set.
            seen.append((cp.epoch, cp.metrics.train.loss))
        }
        let run: PreparedRun<Double> = try config.prepare(seed: 3)
        XCTAssertEqual(evaluate(outcome.result.network, on: run.train, loss: .bce).loss, seen.last!.1, accuracy: 1e-12)
        XCTAssertEqual(outcome.record.checkpoints.map(\.epoch), [0, 2, 4])
        XCTAssertEqual(outcome.record.final.epoch, 4)
        XCTAssertEqual(outcome.record.version, RepGeomVersion.string)
        XCTAssertEqual(outcome.record.configuration.seeds, [3])
        XCTAssertEqual(outcome.record.task.alignment, 0.2, accuracy: 1e-9)
        let decoded = try JSONDecoder().decode(RunRecord.self, from: try outcome.record.json())
        XCTAssertEqual(decoded, outcome.record)
    }

    func testAlignedCubeTrainsToNinetyNinePercent() throws {
        // T3, d = 3, k = 1 at c = 0 (the target is orthogonal to every input direction: a
        // generalised XOR), tanh, reference optimiser (SGD lr 0.1, batch 64), 30 epochs.
        var network = NetworkSpec()
        network.hiddenWidths = [64]
        var training = TrainingOptions()
        training.epochs = 30
        training.checkpointEvery = 30
        let config = RunConfiguration(task: try TaskSpec(parsing: "aligned_cube:d=3,k=1,c=0,N=30,sigma=0.5"),
                                      network: network, training: training, trainSamples: 1000, testSamples: 500)
        let outcome = try config.train(seed: 0, as: Float.self)
        let final = outcome.record.final
        print("T3 training: epoch 0 accuracy \(outcome.record.checkpoints[0].trainAccuracy), final train \(final.trainAccuracy) test \(final.testAccuracy ?? .nan)")
        XCTAssertLessThan(outcome.record.checkpoints[0].trainAccuracy, 0.9, "the untrained network must not already solve it")
        XCTAssertGreaterThanOrEqual(final.trainAccuracy, 0.99)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(final.testAccuracy), 0.97)
    }
}
