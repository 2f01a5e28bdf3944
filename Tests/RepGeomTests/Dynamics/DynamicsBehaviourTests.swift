import XCTest
@testable import RepGeom

/// The paper's mechanism on real (small, fast) training runs: T1-like four random patterns in
/// N = 200, labels {0,1} vs {2,3}, frozen balanced-binary readout, Uniform(−1,1)/√N input
/// weights, zero frozen hidden bias, plain SGD.
final class DynamicsBehaviourTests: XCTestCase {
    static func task(seed: UInt64, noise: Double = 0.5) -> ConditionTask {
        var rng = RandomSource(seed: seed, stream: .task)
        let means: Matrix<Double> = rng.gaussianMatrix(rows: 4, columns: 200)
        return ConditionTask(family: "random_patterns", parameters: ["P": "4", "N": "200"], latentBits: nil,
                             means: means, targets: Matrix([[0], [0], [1], [1]]), noise: noise)
    }

    static func train(_ f: Activation, task: ConditionTask, seed: UInt64, epochs: Int, learningRate: Double,
                      units: Int = 40, samples: Int = 1000, snapshots: [Int] = []) throws -> (initial: Network<Float>, result: TrainingResult<Float>) {
        var spec = NetworkSpec()
        spec.hiddenWidths = [units]
        spec.activation = f
        spec.weightInit = .uniform
        spec.biasInit = .zero
        spec.trainHiddenBiases = false
        spec.readoutInit = .balancedBinary
        spec.readoutBiasInit = .zero
        let initial = Network<Float>(spec: spec, inputs: task.inputDimension, outputs: 1, seed: seed)
        var rng = RandomSource(seed: seed, stream: .noise)
        let data: Dataset<Float> = task.sample(count: samples, using: &rng)
        var options = TrainingOptions()
        options.epochs = epochs; options.batchSize = 200; options.learningRate = learningRate
        options.checkpointEvery = max(epochs, 1); options.snapshotEpochs = snapshots
        return (initial, try Trainer<Float>(options: options).train(initial, on: data, seed: seed))
    }

    /// ReLU units' displacement is more intra-class than tanh units', and ReLU units end up
    /// selective for single conditions while tanh units end up selective for the class.
    /// (Exploration, seeds 1–4, 40 units, 1000 samples, 20 epochs: relu mean intra share
    /// 0.24–0.31, tanh 0.09–0.14; relu single-condition fraction 0.46–0.67, tanh ≤ 0.07; the same
    /// with 60 units, 2000 samples and 30–300 epochs, and at σ = 1.)
    func testReluUnitsMoveAlongTheIntraClassAxisMoreThanTanhUnits() throws {
        var relu: [NetworkDynamicsSummary] = [], tanh: [NetworkDynamicsSummary] = []
        for seed in UInt64(1)...3 {
            let task = Self.task(seed: seed)
            for f in [Activation.relu, .tanh] {
                let (initial, result) = try Self.train(f, task: task, seed: seed, epochs: 20, learningRate: 0.1, snapshots: [0, 5, 20])
                XCTAssertEqual(result.checkpoints.last!.train.accuracy, 1, "\(f) seed \(seed) should learn the task")
                let dynamics = try WeightDynamics(task: task, network: initial)
                XCTAssertEqual(dynamics.axes.count, 40)
                let summary = try dynamics.summary(initial: initial, final: result.network)
                // The trajectories end where the displacement says.
                let paths = try dynamics.trajectories(result.snapshots)
                let moved = try dynamics.displacements(from: initial, to: result.network)
                XCTAssertEqual(paths[0].epochs, [0, 5, 20])
                XCTAssertEqual(paths[0].points[2].intra - paths[0].points[0].intra, moved[0].intra, accuracy: 1e-9)
                if f == .relu { relu.append(summary) } else { tanh.append(summary) }
            }
            let r = relu.last!, t = tanh.last!
            XCTAssertGreaterThan(r.intraShare.mean! - t.intraShare.mean!, 0.05, "seed \(seed): relu \(r.intraShare), tanh \(t.intraShare)")
            XCTAssertGreaterThan(r.singleConditionFraction! - t.singleConditionFraction!, 0.2, "seed \(seed)")
            XCTAssertGreaterThan(t.classFraction!, 0.8, "seed \(seed): tanh units should be class-selective")
        }
        let overall = (relu: DynamicsSummary(relu), tanh: DynamicsSummary(tanh))
        XCTAssertGreaterThan(overall.relu.intraShare.mean!, overall.tanh.intraShare.mean!)
        XCTAssertGreaterThan(overall.relu.squaredIntraShare.mean!, overall.tanh.squaredIntraShare.mean!)
        XCTAssertEqual(overall.relu.pooledIntraShare.count, 120)
    }

    /// The field describes real SGD: over the first epoch (10 steps) at a small learning rate,
    /// each unit's actual displacement points along η·steps·G(w₀) of the `.network` output-error
    /// model (mean cosine ≥ 0.98) with nearly its length. (Exploration, lr 0.002: mean cosine
    /// 0.998–0.999, length ratio 0.92–0.97; the error shrinks a little during the 10 steps.)
    func testFirstStepsOfSGDFollowTheExpectedGradient() throws {
        let learningRate = 0.001
        for f in [Activation.relu, .tanh] {
            for seed in UInt64(1)...2 {
                let task = Self.task(seed: seed)
                let (initial, result) = try Self.train(f, task: task, seed: seed, epochs: 1, learningRate: learningRate,
                                                       units: 60, samples: 2000)
                let dynamics = try WeightDynamics(task: task, network: initial)
                let w0 = initial.hidden[0].weights.converted(to: Double.self), w1 = result.network.hidden[0].weights.converted(to: Double.self)
                var cosines: [Double] = [], lengths: [Double] = []
                for ax in dynamics.axes {
                    let g = try dynamics.expectedGradient(unit: ax.unit, at: initial).gradient(at: w0.row(ax.unit))
                    let d = (0..<200).map { w1[ax.unit, $0] - w0[ax.unit, $0] }
                    let gd = DynamicsMath.dot(g, d), gg = DynamicsMath.dot(g, g)
                    cosines.append(gd / (gg * DynamicsMath.dot(d, d)).squareRoot())
                    lengths.append(gd / gg / (learningRate * Double(result.steps)))
                }
                let cos = SpreadStatistics(cosines), length = SpreadStatistics(lengths)
                XCTAssertGreaterThan(cos.mean!, 0.98, "\(f) seed \(seed)")
                XCTAssertGreaterThan(cos.minimum!, 0.8, "\(f) seed \(seed)")
                XCTAssertEqual(length.mean!, 1, accuracy: 0.12, "\(f) seed \(seed)")
            }
        }
    }
}
