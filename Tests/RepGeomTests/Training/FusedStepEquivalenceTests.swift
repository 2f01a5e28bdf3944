import XCTest
@testable import RepGeom

/// The optimised training path (vectorised kernels, augmented [W | b] layout, fused step) against
/// the unoptimised reference path it replaced (`KernelPath.scalarReference`: scalar Double
/// activations and losses, separate bias buffers, unfused loops), trained from the same
/// initial network on the same batches for several epochs.
///
/// Tolerance, from float rounding: the two paths evaluate the same expressions in a different
/// order (bias inside the gemm instead of before it, kernels accurate to a few ulp instead of
/// correctly rounded Double), so each step differs by a few ulp relative; over the S ≈ 100
/// steps of these runs such independent differences accumulate like a random walk, to about
/// √S · few · ε relative to the parameter scale: Float (ε = 6·10⁻⁸) 2·10⁻⁶ · max|θ|, Double
/// (ε = 1.1·10⁻¹⁶) 5·10⁻¹⁵ · max|θ| (observed: ≤ 1.5·10⁻⁷ and ≤ 2.2·10⁻¹⁶). Losses at every
/// checkpoint agree to the same relative tolerance. A learning rate changed by one part in 10³
/// moves the result far outside these bounds (checked), so they catch a real change.
final class FusedStepEquivalenceTests: XCTestCase {
    struct Setup {
        var spec = NetworkSpec()
        var options = TrainingOptions()
        var inputs = 20, outputs = 1, samples = 150
    }

    func data<S: BLASScalar>(_ s: Setup, _: S.Type) -> Dataset<S> {
        var rng = RandomSource(seed: 5)
        let means: Matrix<Double> = rng.gaussianMatrix(rows: 8, columns: s.inputs)
        let targets = Matrix<Double>(rows: 8, columns: s.outputs) { c, j in
            s.options.loss == .softmax ? (c % s.outputs == j ? 1 : 0) : Double((c >> j) & 1)
        }
        let task = ConditionTask(family: "test", parameters: [:], latentBits: nil, means: means, targets: targets, noise: 0.8)
        return task.sample(count: s.samples, using: &rng)
    }

    func train<S: BLASScalar>(_ s: Setup, _: S.Type, path: KernelPath, learningRateFactor: Double = 1) throws -> TrainingResult<S> {
        var o = s.options
        o.learningRate *= learningRateFactor
        let d = data(s, S.self)
        let net = Network<S>(spec: s.spec, inputs: s.inputs, outputs: s.outputs, seed: 3)
        return try KernelPath.$current.withValue(path) { try Trainer<S>(options: o).train(net, on: d, test: d, seed: 4) }
    }

    func checkEquivalent<S: BLASScalar>(_ s: Setup, _: S.Type, tolerance: Double, file: StaticString = #filePath, line: UInt = #line) throws {
        let fast = try train(s, S.self, path: .vectorised)
        let reference = try train(s, S.self, path: .scalarReference)
        XCTAssertEqual(fast.steps, reference.steps, file: file, line: line)
        let (diff, scale) = parameterDifference(fast.network, reference.network)
        XCTAssertLessThanOrEqual(diff, tolerance * scale, "\(s.spec.activation) \(s.options.loss) \(S.self): parameters differ by \(diff)",
                                 file: file, line: line)
        XCTAssertEqual(fast.checkpoints.count, reference.checkpoints.count, file: file, line: line)
        for (a, b) in zip(fast.checkpoints, reference.checkpoints) {
            XCTAssertEqual(a.train.loss, b.train.loss, accuracy: tolerance * max(1, Swift.abs(b.train.loss)), file: file, line: line)
            XCTAssertEqual(a.test!.loss, b.test!.loss, accuracy: tolerance * max(1, Swift.abs(b.test!.loss)), file: file, line: line)
        }
        // The reference did train (parameters moved well beyond the tolerance).
        let initial = Network<S>(spec: s.spec, inputs: s.inputs, outputs: s.outputs, seed: 3)
        XCTAssertGreaterThan(parameterDifference(reference.network, initial).diff, 100 * tolerance * scale, file: file, line: line)
    }

    func shallow(_ activation: Activation, loss: Loss = .bce, outputs: Int = 1) -> Setup {
        var s = Setup()
        s.spec.hiddenWidths = [24]
        s.spec.activation = activation
        s.options.loss = loss
        s.options.epochs = 10
        s.options.batchSize = 16 // 150 samples: 9 full batches and one of 6 per epoch
        s.options.checkpointEvery = 5
        s.outputs = outputs
        return s
    }

    func testReferenceShallowConfigurationInFloat() throws {
        for a in [Activation.tanh, .relu] { try checkEquivalent(shallow(a), Float.self, tolerance: 2e-6) }
    }

    func testOtherActivationsLossesAndOutputsInFloat() throws {
        try checkEquivalent(shallow(.gelu, outputs: 3), Float.self, tolerance: 2e-6)
        try checkEquivalent(shallow(.smoothClip(lo: -1, hi: 1, beta: 5), loss: .mse), Float.self, tolerance: 2e-6)
        try checkEquivalent(shallow(.softplus(beta: 2), loss: .softmax, outputs: 3), Float.self, tolerance: 2e-6)
    }

    func testDeepTrainedReadoutAdamAndFrozenBiasInFloat() throws {
        var s = shallow(.tanh, outputs: 2)
        s.spec.hiddenWidths = [16, 12]
        s.spec.trainReadout = true
        s.options.optimizer = .adamDefault
        s.options.learningRate = 1e-3
        try checkEquivalent(s, Float.self, tolerance: 2e-6)
        var f = shallow(.relu)
        f.spec.trainHiddenBiases = false
        f.spec.biasInit = .zero
        f.options.optimizer = .rmspropDefault
        f.options.learningRate = 1e-3
        try checkEquivalent(f, Float.self, tolerance: 2e-6)
    }

    func testDoublePrecision() throws {
        try checkEquivalent(shallow(.tanh), Double.self, tolerance: 5e-15)
        var s = shallow(.elu(alpha: 1), outputs: 2)
        s.spec.hiddenWidths = [10, 9]
        s.spec.trainReadout = true
        try checkEquivalent(s, Double.self, tolerance: 5e-15)
    }

    /// The bounds are tight: a learning rate changed by 0.1 % exceeds them by far.
    func testToleranceDetectsARealChange() throws {
        let s = shallow(.tanh)
        let a = try train(s, Float.self, path: .vectorised)
        let b = try train(s, Float.self, path: .scalarReference, learningRateFactor: 1.001)
        let (diff, scale) = parameterDifference(a.network, b.network)
        XCTAssertGreaterThan(diff, 10 * 2e-6 * scale)
    }
}
