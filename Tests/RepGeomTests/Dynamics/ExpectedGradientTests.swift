import XCTest
@testable import RepGeom

/// The expected-gradient field against sampled per-sample gradients and the trainer's own
/// back-propagated gradient.
final class ExpectedGradientTests: XCTestCase {
    /// P = 4 Gaussian means in N dimensions, targets {0,1} vs {2,3} (one output).
    static func fourPointTask(n: Int, noise: Double, seed: UInt64, outputs: Int = 1) -> ConditionTask {
        var rng = RandomSource(seed: seed, stream: .task)
        let means: Matrix<Double> = rng.gaussianMatrix(rows: 4, columns: n)
        let targets = outputs == 1
            ? Matrix<Double>([[0], [0], [1], [1]])
            : Matrix<Double>([[0, 0], [0, 1], [1, 0], [1, 1]])
        return ConditionTask(family: "test_four_points", parameters: [:], latentBits: nil, means: means, targets: targets, noise: noise)
    }

    /// G(w) = (1/P)Σ_c a_c E[f′(w·x + b)x] against the stratified sample mean of a_c f′(w·x + b)x
    /// (every component within 5 standard errors), for relu, tanh, a clip and three more.
    func testFieldEqualsMonteCarloAverageOfPerSampleGradients() {
        let n = 12, perCondition = 60_000, sigma = 0.7
        let task = Self.fourPointTask(n: n, noise: sigma, seed: 5)
        var rng = RandomSource(seed: 77, stream: .noise)
        let w = (0..<n).map { _ in 0.3 * rng.gaussian() }
        let bias = 0.1
        // One shared set of noise draws: sample s of condition c is x̄_c + σ ε_{c,s}.
        let eps = (0..<(4 * perCondition * n)).map { _ in rng.gaussian() }
        for f in [Activation.relu, .tanh, .clip(lo: -0.5, hi: 1), .sigmoid, .elu(alpha: 0.6), .smoothClip(lo: -1, hi: 1, beta: 4)] {
            let model = ExpectedGradient(means: task.means, targets: task.targets, readout: [0.3], bias: bias,
                                         noise: sigma, activation: f)
            let g = model.gradient(at: w)
            var mean = [Double](repeating: 0, count: n), variance = [Double](repeating: 0, count: n)
            var x = [Double](repeating: 0, count: n)
            for c in 0..<4 {
                var s1 = [Double](repeating: 0, count: n), s2 = [Double](repeating: 0, count: n)
                let a = model.centredLabelCoefficients[c]
                for s in 0..<perCondition {
                    var u = bias
                    for j in 0..<n { x[j] = task.means[c, j] + sigma * eps[(c * perCondition + s) * n + j]; u += w[j] * x[j] }
                    let d = a * f.derivative(u)
                    for j in 0..<n { let v = d * x[j]; s1[j] += v; s2[j] += v * v }
                }
                for j in 0..<n {
                    let m = s1[j] / Double(perCondition)
                    mean[j] += m / 4
                    variance[j] += (s2[j] / Double(perCondition) - m * m) / Double(perCondition - 1) / 16
                }
            }
            for j in 0..<n {
                XCTAssertEqual(g[j], mean[j], accuracy: 5 * variance[j].squareRoot() + 1e-12, "\(f) component \(j)")
            }
            if f == .relu {
                // The σ·ŵ·H term is needed: SPEC §5's written form alone misses the sample mean.
                var noTerm = model; noTerm.includesNoiseTerm = false
                let h = noTerm.gradient(at: w)
                let worst = (0..<n).map { Swift.abs(h[$0] - mean[$0]) / variance[$0].squareRoot() }.max()!
                XCTAssertGreaterThan(worst, 10, "the noise-correlation term should be visible at this noise level")
            }
        }
    }

    /// At σ = 0 the `.network` output-error model is the exact full-batch gradient: one SGD step
    /// of the trainer (learning rate 1, the four means as the batch) moves w_i by exactly G_i.
    func testNetworkErrorModelEqualsTrainerGradientWithoutNoise() throws {
        for loss in [Loss.bce, .mse, .softmax] {
            for f in [Activation.tanh, .relu, .softplus(beta: 1.5), .gelu] {
                let outputs = 2
                var task = Self.fourPointTask(n: 5, noise: 0, seed: 9, outputs: outputs)
                if loss == .softmax { task.targets = Matrix([[1, 0], [1, 0], [0, 1], [0, 1]]) }
                var spec = NetworkSpec()
                spec.hiddenWidths = [6]
                spec.activation = f
                let net = Network<Double>(spec: spec, inputs: 5, outputs: outputs, seed: 4)
                var options = TrainingOptions()
                options.loss = loss; options.learningRate = 1; options.epochs = 1; options.batchSize = 4
                let stepped = try Trainer<Double>(options: options).train(net, on: task.meanDataset(as: Double.self), seed: 1).network
                let dynamics = try WeightDynamics(task: task, network: net, noise: 0)
                for unit in 0..<6 {
                    let g = try dynamics.expectedGradient(unit: unit, at: net, loss: loss).gradient(at: net.hidden[0].weights.row(unit))
                    for j in 0..<5 {
                        let moved = stepped.hidden[0].weights[unit, j] - net.hidden[0].weights[unit, j]
                        XCTAssertEqual(g[j], moved, accuracy: 1e-13, "\(loss) \(f) unit \(unit) input \(j)")
                    }
                }
            }
        }
    }

    /// With σ(ŷ) ≡ ȳ (two units with equal weights and opposite readouts: ŷ ≡ 0, ȳ = ½) the
    /// trainer's full-batch gradient on noisy samples is the sample mean of J_iΔ_c f′(u)x, whose
    /// expectation is the centred-label field: equal within sampling error.
    func testCentredLabelFieldEqualsTrainerGradientWhenOutputsSitAtTheMeanLabel() throws {
        let n = 8, count = 40_000, sigma = 0.6
        let task = Self.fourPointTask(n: n, noise: sigma, seed: 21)
        for f in [Activation.relu, .tanh] {
            var spec = NetworkSpec()
            spec.hiddenWidths = [2]
            spec.activation = f
            spec.readoutInit = .balancedBinary
            spec.readoutBiasInit = .zero
            spec.biasInit = .zero
            spec.trainHiddenBiases = false
            var net = Network<Double>(spec: spec, inputs: n, outputs: 1, seed: 3)
            net.hidden[0].weights.setRow(1, net.hidden[0].weights.row(0))   // paired units: ŷ ≡ 0
            var rng = RandomSource(seed: 8, stream: .noise)
            let data: Dataset<Double> = task.sample(count: count, using: &rng)
            var options = TrainingOptions()
            options.learningRate = 1; options.epochs = 1; options.batchSize = count
            let stepped = try Trainer<Double>(options: options).train(net, on: data, seed: 2).network
            let w = net.hidden[0].weights.row(0), j0 = net.readout.weights[0, 0]
            // Per-sample gradients J_0(y − ½) f′(w·x) x, their mean and standard error.
            var s1 = [Double](repeating: 0, count: n), s2 = s1
            for r in 0..<count {
                let x = data.inputs.row(r)
                let d = j0 * (data.targets[r, 0] - 0.5) * f.derivative(DynamicsMath.dot(w, x))
                for j in 0..<n { s1[j] += d * x[j]; s2[j] += d * x[j] * d * x[j] }
            }
            let dynamics = try WeightDynamics(task: task, network: net)
            let g = dynamics.expectedGradient(unit: 0).gradient(at: w)
            for j in 0..<n {
                let moved = stepped.hidden[0].weights[0, j] - w[j]
                let mean = s1[j] / Double(count)
                XCTAssertEqual(moved, mean, accuracy: 1e-12, "\(f): trainer gradient is the per-sample mean")
                let se = ((s2[j] / Double(count) - mean * mean) / Double(count - 1)).squareRoot()
                XCTAssertEqual(g[j], moved, accuracy: 5 * se, "\(f) component \(j)")
            }
        }
    }

    /// The plane field equals the full field projected on the axes at w = p·e₁ + q·e₂ + r·n
    /// (n orthogonal to every mean), for both output-error models.
    func testPlaneFieldEqualsProjectedFullField() throws {
        let n = 10
        let task = Self.fourPointTask(n: n, noise: 0.8, seed: 31)
        var rng = RandomSource(seed: 4, stream: .measures)
        // A unit vector orthogonal to the means.
        var normal = (0..<n).map { _ in rng.gaussian() }
        for _ in 0..<2 {
            for c in 0..<4 {
                var m = task.means.row(c)
                for k in 0..<c { DynamicsMath.removeComponent(&m, along: Self.orthonormalMeans(task)[k]) }
                _ = DynamicsMath.normalise(&m)
                DynamicsMath.removeComponent(&normal, along: m)
            }
        }
        _ = DynamicsMath.normalise(&normal)
        for c in 0..<4 { XCTAssertEqual(DynamicsMath.dot(normal, task.means.row(c)), 0, accuracy: 1e-12) }
        for f in [Activation.relu, .tanh, .hardtanh(lo: -1, hi: 1)] {
            var spec = NetworkSpec(); spec.hiddenWidths = [4]; spec.activation = f
            let net = Network<Double>(spec: spec, inputs: n, outputs: 1, seed: 12)
            let dynamics = try WeightDynamics(task: task, network: net)
            let axes = dynamics.axes[1]
            for model in [dynamics.expectedGradient(unit: 1), try dynamics.expectedGradient(unit: 1, at: net)] {
                for (p, q, r) in [(0.3, -0.2, 0.0), (-0.5, 0.4, 0.7), (0.05, 0.01, 1.3)] {
                    let w = (0..<n).map { p * axes.inter[$0] + q * axes.intra[$0] + r * normal[$0] }
                    let full = model.gradient(at: w)
                    let plane = model.restricted(to: axes, orthogonalNorm: r)(inter: p, intra: q)
                    XCTAssertEqual(plane.inter, DynamicsMath.dot(full, axes.inter), accuracy: 1e-13, "\(f) (\(p), \(q), \(r))")
                    XCTAssertEqual(plane.intra, DynamicsMath.dot(full, axes.intra), accuracy: 1e-13, "\(f) (\(p), \(q), \(r))")
                }
            }
            // The grid evaluation is the pointwise field, laid out row = intra, column = inter.
            let planeModel = dynamics.expectedGradient(unit: 1).restricted(to: axes, orthogonalNorm: 0.2)
            let grid = PlaneGrid(inter: -1...1, intra: -0.5...0.5, interCount: 5, intraCount: 3)
            let field = planeModel.field(on: grid)
            XCTAssertEqual(field.interComponent.count, 15)
            let g = planeModel(inter: grid.interValues[3], intra: grid.intraValues[2])
            XCTAssertEqual(field[inter: 3, intra: 2].inter, g.inter)
            XCTAssertEqual(field[inter: 3, intra: 2].intra, g.intra)
        }
    }

    static func orthonormalMeans(_ task: ConditionTask) -> [[Double]] {
        var basis: [[Double]] = []
        for c in 0..<task.conditionCount {
            var m = task.means.row(c)
            for _ in 0..<2 { for b in basis { DynamicsMath.removeComponent(&m, along: b) } }
            _ = DynamicsMath.normalise(&m)
            basis.append(m)
        }
        return basis
    }
}
