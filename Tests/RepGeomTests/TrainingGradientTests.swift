import XCTest
@testable import RepGeom

/// Back-propagation checked against central finite differences of the loss, in Double.
///
/// One full-batch SGD step with learning rate 1 turns θ into θ − ∂L/∂θ, so the trainer's own
/// gradient is θ_before − θ_after; it must equal (L(θ+h) − L(θ−h))/2h for every parameter.
final class TrainingGradientTests: XCTestCase {
    func makeData(inputs: Int, outputs: Int, count: Int, loss: Loss, seed: UInt64) -> Dataset<Double> {
        var rng = RandomSource(seed: seed)
        let x: Matrix<Double> = rng.gaussianMatrix(rows: count, columns: inputs)
        var y = Matrix<Double>(rows: count, columns: outputs)
        for i in 0..<count {
            if loss == .softmax { y[i, rng.int(below: outputs)] = 1 } else {
                for j in 0..<outputs { y[i, j] = Double(rng.int(below: 2)) }
            }
        }
        return Dataset(inputs: x, targets: y, conditions: Array(repeating: 0, count: count))
    }

    func checkGradients(spec: NetworkSpec, loss: Loss, outputs: Int = 2, file: StaticString = #filePath, line: UInt = #line) throws {
        let data = makeData(inputs: 5, outputs: outputs, count: 7, loss: loss, seed: 11)
        let net = Network<Double>(spec: spec, inputs: 5, outputs: outputs, seed: 3)
        var options = TrainingOptions()
        options.loss = loss
        options.learningRate = 1
        options.epochs = 1
        options.batchSize = data.count
        let stepped = try Trainer<Double>(options: options).train(net, on: data, seed: 1).network
        let before = net.parameterGroups, after = stepped.parameterGroups
        var checked = 0
        for (g, group) in before.enumerated() {
            for idx in group.values.indices {
                let analytic = group.trainable ? group.values[idx] - after[g].values[idx] : 0
                if !group.trainable {
                    XCTAssertEqual(after[g].values[idx], group.values[idx], "frozen \(group.name) moved", file: file, line: line)
                    continue
                }
                let h = 1e-6
                let plus = evaluate(perturbed(net, group: g, index: idx, by: h), on: data, loss: loss).loss
                let minus = evaluate(perturbed(net, group: g, index: idx, by: -h), on: data, loss: loss).loss
                let numeric = (plus - minus) / (2 * h)
                XCTAssertEqual(analytic, numeric, accuracy: 1e-6 * max(1, Swift.abs(numeric)),
                               "\(spec.activation) \(loss) \(group.name)[\(idx)]", file: file, line: line)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 0, file: file, line: line)
    }

    func perturbed(_ net: Network<Double>, group: Int, index: Int, by h: Double) -> Network<Double> {
        var n = net
        let layerCount = n.hidden.count
        let layer = group / 2, isBias = group % 2 == 1
        if layer < layerCount {
            if isBias { n.hidden[layer].bias[index] += h } else { n.hidden[layer].weights.elements[index] += h }
        } else {
            if isBias { n.readout.bias[index] += h } else { n.readout.weights.elements[index] += h }
        }
        return n
    }

    static let activations: [Activation] = [
        .tanh, .relu, .sigmoid, .linear, .softplus(beta: 2), .leakyReLU(alpha: 0.1), .elu(alpha: 1), .gelu, .abs,
        .hardtanh(lo: -1, hi: 1), .boundedReLU(upper: 1.5), .shiftedReLU(shift: -0.5), .clip(lo: -.infinity, hi: 1),
        .clip(lo: -0.5, hi: 2), .smoothClip(lo: -1, hi: 1, beta: 5),
    ]

    func testShallowNetworkEveryActivationAndLoss() throws {
        for activation in Self.activations {
            for loss in Loss.allCases {
                var spec = NetworkSpec()
                spec.hiddenWidths = [6]
                spec.activation = activation
                spec.trainReadout = true
                try checkGradients(spec: spec, loss: loss, outputs: loss == .softmax ? 3 : 2)
            }
        }
    }

    func testDeepNetworkAllGroupsTrained() throws {
        for activation in [Activation.tanh, .relu, .softplus(beta: 1)] {
            var spec = NetworkSpec()
            spec.hiddenWidths = [6, 4, 5]
            spec.activation = activation
            spec.trainReadout = true
            try checkGradients(spec: spec, loss: .bce)
        }
    }

    func testFrozenGroupsStayAndOthersStillGetExactGradients() throws {
        var spec = NetworkSpec()
        spec.hiddenWidths = [6, 5]
        spec.trainHiddenBiases = false
        spec.trainReadout = false
        try checkGradients(spec: spec, loss: .bce)
    }
}

/// Optimiser rules checked on their first step, where they reduce to closed forms.
final class OptimizerTests: XCTestCase {
    func firstStep(_ optimizer: Optimizer, lr: Double) throws -> (delta: [Double], gradient: [Double]) {
        var rng = RandomSource(seed: 9)
        let x: Matrix<Double> = rng.gaussianMatrix(rows: 8, columns: 4)
        let y = Matrix<Double>(rows: 8, columns: 1) { i, _ in Double(i % 2) }
        let data = Dataset(inputs: x, targets: y, conditions: Array(repeating: 0, count: 8))
        var spec = NetworkSpec(); spec.hiddenWidths = [3]
        let net = Network<Double>(spec: spec, inputs: 4, outputs: 1, seed: 2)
        var o = TrainingOptions(); o.epochs = 1; o.batchSize = 8; o.learningRate = 1
        let sgd = try Trainer<Double>(options: o).train(net, on: data, seed: 0).network
        o.optimizer = optimizer; o.learningRate = lr
        let stepped = try Trainer<Double>(options: o).train(net, on: data, seed: 0).network
        let w0 = net.hidden[0].weights.elements
        return (zip(w0, stepped.hidden[0].weights.elements).map { $1 - $0 },
                zip(w0, sgd.hidden[0].weights.elements).map { $0 - $1 })
    }

    func testAdamFirstStepIsLearningRateTimesSign() throws {
        let (delta, g) = try firstStep(.adamDefault, lr: 1e-3)
        for (d, gi) in zip(delta, g) where Swift.abs(gi) > 1e-6 {
            // m = (1−β1)g, v = (1−β2)g², step = lr·√(1−β2)/(1−β1)·m/(√v + ε) ≈ lr·sign(g).
            let expected = -1e-3 * (0.001.squareRoot() * Swift.abs(gi)) / (0.001.squareRoot() * Swift.abs(gi) + 1e-8) * (gi > 0 ? 1 : -1)
            XCTAssertEqual(d, expected, accuracy: 1e-12)
        }
    }

    func testRMSpropFirstStep() throws {
        let (delta, g) = try firstStep(.rmspropDefault, lr: 1e-2)
        for (d, gi) in zip(delta, g) {
            // v = (1−β)g², step = lr·g/(√v + ε).
            let expected = -1e-2 * gi / ((0.01 * gi * gi).squareRoot() + 1e-8)
            XCTAssertEqual(d, expected, accuracy: 1e-10)
        }
    }

    func testOptimizerParsing() throws {
        XCTAssertEqual(try Optimizer(parsing: "sgd"), .sgd)
        XCTAssertEqual(try Optimizer(parsing: "adam"), .adamDefault)
        XCTAssertEqual(try Optimizer(parsing: "rmsprop:0.9"), .rmsprop(beta: 0.9, epsilon: 1e-8))
        XCTAssertThrowsError(try Optimizer(parsing: "adagrad")) { XCTAssertTrue("\($0)".contains("optimizer")) }
        XCTAssertThrowsError(try Optimizer(parsing: "rmsprop:1.5"))
    }
}

final class TrainerBehaviourTests: XCTestCase {
    func cubeData(seed: UInt64) -> (Dataset<Float>, Dataset<Float>) {
        // 8 conditions on a cube in 20 dims, target = first bit; noise 0.5.
        var rng = RandomSource(seed: seed)
        let q = rng.orthogonalMatrix(20)
        let means = Matrix<Double>(rows: 8, columns: 20) { c, j in
            (0..<3).reduce(0.0) { $0 + Double(2 * ((c >> $1) & 1) - 1) * q[$1, j] } * 20.0.squareRoot() / 3.0.squareRoot()
        }
        let task = ConditionTask(family: "test", parameters: [:], latentBits: nil, means: means,
                                 targets: Matrix(rows: 8, columns: 1) { c, _ in Double(c & 1) }, noise: 0.5)
        return (task.sample(count: 400, using: &rng), task.sample(count: 200, using: &rng))
    }

    func testSameSeedGivesBitIdenticalWeightsAndLosses() throws {
        let (train, test) = cubeData(seed: 1)
        var o = TrainingOptions(); o.epochs = 5; o.checkpointEvery = 1
        var spec = NetworkSpec(); spec.hiddenWidths = [16]
        let net = Network<Float>(spec: spec, inputs: 20, outputs: 1, seed: 7)
        let a = try Trainer<Float>(options: o).train(net, on: train, test: test, seed: 7)
        let b = try Trainer<Float>(options: o).train(Network<Float>(spec: spec, inputs: 20, outputs: 1, seed: 7),
                                                     on: train, test: test, seed: 7)
        XCTAssertEqual(a.network, b.network)
        XCTAssertEqual(a.checkpoints, b.checkpoints)
        let c = try Trainer<Float>(options: o).train(net, on: train, test: test, seed: 8)
        XCTAssertNotEqual(a.network, c.network, "a different batch-order seed must change the result")
    }

    func testCheckpointsSnapshotsAndEarlyStop() throws {
        let (train, _) = cubeData(seed: 2)
        var o = TrainingOptions(); o.epochs = 25; o.checkpointEvery = 10; o.snapshotEpochs = [0, 3, 25]
        var spec = NetworkSpec(); spec.hiddenWidths = [8]
        let net = Network<Float>(spec: spec, inputs: 20, outputs: 1, seed: 1)
        var seen: [Int] = []
        let r = try Trainer<Float>(options: o).train(net, on: train, seed: 1, onCheckpoint: { seen.append($0.metrics.epoch) })
        XCTAssertEqual(seen, [0, 10, 20, 25])
        XCTAssertEqual(r.snapshots.map(\.epoch), [0, 3, 25])
        XCTAssertEqual(r.snapshots[0].network, net)
        XCTAssertEqual(r.snapshots[2].network, r.network)
        XCTAssertEqual(r.steps, 25 * 7) // 400 samples, batch 64 → 7 steps per epoch (last one partial)
        o.earlyStopTolerance = 10 // any epoch changes parameters by less than this
        let e = try Trainer<Float>(options: o).train(net, on: train, seed: 1)
        XCTAssertEqual(e.stoppedEarlyAt, 1)
        XCTAssertEqual(e.checkpoints.last?.epoch, 1)
        XCTAssertNotNil(e.checkpoints.last?.maxParameterChange)
    }

    func testDivergenceIsReportedNotPropagated() throws {
        let (train, _) = cubeData(seed: 3)
        var o = TrainingOptions(); o.epochs = 3; o.learningRate = 1e30; o.loss = .mse
        var spec = NetworkSpec(); spec.activation = .linear; spec.hiddenWidths = [8]
        let net = Network<Float>(spec: spec, inputs: 20, outputs: 1, seed: 1)
        XCTAssertThrowsError(try Trainer<Float>(options: o).train(net, on: train, seed: 1)) {
            XCTAssertTrue("\($0)".contains("diverged"))
        }
    }

    func testInvalidOptionsNameTheField() {
        var o = TrainingOptions(); o.batchSize = 0
        XCTAssertThrowsError(try o.validate()) { XCTAssertTrue("\($0)".contains("batch_size")) }
        o = TrainingOptions(); o.learningRate = -.infinity
        XCTAssertThrowsError(try o.validate()) { XCTAssertTrue("\($0)".contains("lr")) }
    }
}
