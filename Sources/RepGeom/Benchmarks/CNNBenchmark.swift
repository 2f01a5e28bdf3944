import Foundation

/// `repgeom bench cnn`: training steps per second of the reference CNN (SPEC §3) on 28×28×1
/// inputs (Fashion-MNIST's shape; random pixels, so no data files are needed), Adam, BCE, one
/// frozen logit — the workload of E7. A benchmark, not a test.
public enum CNNBenchmark {
    public struct Result: Sendable, Codable, Equatable {
        public var activation: String
        public var batch: Int
        public var steps: Int
        public var seconds: Double
        public var stepsPerSecond: Double
        public var imagesPerSecond: Double
        /// Multiply–adds of one forward pass of one image, ×6 for forward + backward, in GFLOP/s.
        public var gflops: Double
    }

    /// Multiply–adds of one image's forward pass (conv and FC gemms).
    public static func forwardMACs(_ layout: ConvLayout) -> Int {
        layout.convs.reduce(0) { $0 + $1.positions * $1.outC * $1.patch } + layout.dense.reduce(0) { $0 + $1.inputs * $1.outputs }
    }

    public static func run(activation: Activation, batch: Int = 64, steps: Int = 200, input: ImageShape = ImageShape(channels: 1, height: 28, width: 28)) -> Result {
        var spec = ConvNetSpec()
        spec.activation = activation
        let net = ConvNetwork<Float>(spec: spec, input: input, outputs: 1, seed: 0)
        var rng = RandomSource(seed: 1)
        let x: Matrix<Float> = rng.uniformMatrix(rows: batch, columns: input.count, lo: 0, hi: 1)
        let ws = ConvWorkspace(network: net, batchCapacity: batch, optimizer: .adamDefault)
        x.elements.withUnsafeBufferPointer { ws.input.update(from: $0.baseAddress!, count: $0.count) }
        for i in 0..<batch { ws.target[i] = Float(i % 2) }
        ws.step(rows: batch, loss: .bce, optimizer: .adamDefault, learningRate: 1e-3, stepNumber: 1) // warm-up
        let start = DispatchTime.now().uptimeNanoseconds
        for t in 0..<steps { ws.step(rows: batch, loss: .bce, optimizer: .adamDefault, learningRate: 1e-3, stepNumber: t + 2) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let flops = 6.0 * Double(forwardMACs(net.layout)) * Double(batch * steps)
        return Result(activation: "\(activation)", batch: batch, steps: steps, seconds: seconds, stepsPerSecond: Double(steps) / seconds,
                      imagesPerSecond: Double(steps * batch) / seconds, gflops: flops / seconds / 1e9)
    }
}
