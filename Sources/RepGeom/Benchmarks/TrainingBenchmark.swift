import Foundation

/// Throughput of the reference shallow-network training step, with the sgemm roofline measured
/// in the same run (SPEC §3 reference: N_in 100, N_h 128, batch 64, BCE, SGD lr 0.1, 5000
/// samples — 79 steps per epoch).
///
/// Flops per step count the four matrix products: forward X·Wᵀ (2·B·N_in·N_h), readout Z·Jᵀ and
/// its back-propagation (2·2·B·N_h·k), and the weight gradient δᵀ·X (2·B·N_h·N_in). The roofline is
/// what OpenBLAS sgemm achieves on the same two large shapes back to back, on as many threads as
/// networks run in parallel (one network per core, BLAS single-threaded).
public enum TrainingBenchmark {
    public struct Workload: Sendable, Codable, Equatable {
        public var inputs = 100, hidden = 128, outputs = 1, batch = 64, samples = 5000
        public var activation: Activation = .tanh
        public var epochs = 40
        public var learningRate = 0.1
        public init() {}
        public var stepsPerEpoch: Int { (samples + batch - 1) / batch }
        public var flopsPerStep: Double { 2.0 * Double(batch) * Double(2 * inputs * hidden + 2 * hidden * outputs) }
        /// Steps of one network at the reference schedule (1000 epochs).
        public var referenceStepsPerNetwork: Double { Double(1000 * stepsPerEpoch) }
    }

    public struct Result: Sendable, Codable {
        public var activation: String
        public var outputs: Int
        public var networks: Int
        public var kernelPath: String
        public var stepsPerSecond: Double
        public var gflops: Double
        public var sgemmGflops: Double
        public var rooflineFraction: Double
        /// Networks per hour at the reference schedule (1000 epochs of 79 steps).
        public var networksPerHour: Double
        /// Mean training loss of each network at the end (identical across kernel paths up to rounding).
        public var finalLosses: [Double]
    }

    /// The benchmark's dataset: four Gaussian condition means in N_in dimensions, unit noise,
    /// targets the bits of the condition index (deterministic).
    public static func dataset(_ w: Workload) -> Dataset<Float> {
        var rng = RandomSource(seed: 1)
        let conditions = max(4, 1 << min(w.outputs, 10))
        let means: Matrix<Double> = rng.gaussianMatrix(rows: conditions, columns: w.inputs)
        let task = ConditionTask(family: "benchmark", parameters: [:], latentBits: nil, means: means,
                                 targets: Matrix(rows: conditions, columns: w.outputs) { c, j in Double((c >> j) & 1) }, noise: 1)
        return task.sample(count: w.samples, using: &rng)
    }

    /// The reference network (SPEC §3 initialisation, frozen readout) for seed `seed`.
    public static func network(_ w: Workload, seed: UInt64) -> Network<Float> {
        var spec = NetworkSpec()
        spec.hiddenWidths = [w.hidden]
        spec.activation = w.activation
        return Network<Float>(spec: spec, inputs: w.inputs, outputs: w.outputs, seed: seed)
    }

    static func options(_ w: Workload) -> TrainingOptions {
        var options = TrainingOptions()
        options.epochs = w.epochs
        options.batchSize = w.batch
        options.learningRate = w.learningRate
        options.checkpointEvery = max(w.epochs, 1)
        return options
    }

    /// Trains network i with `seed` i on its own thread, all at once; returns the wall time and
    /// each network's final mean training loss.
    public static func trainInParallel(_ w: Workload, networks: Int, data: Dataset<Float>,
                                       path: KernelPath = .vectorised) throws -> (seconds: Double, losses: [Double]) {
        BLASThreads.set(1)
        let trainer = Trainer<Float>(options: options(w))
        let failures = Failures()
        let losses = Losses(count: networks)
        let seconds = timeParallel(networks) { i in
            KernelPath.$current.withValue(path) {
                do {
                    let r = try trainer.train(network(w, seed: UInt64(i)), on: data, seed: UInt64(i))
                    losses.set(i, r.checkpoints.last?.train.loss ?? .nan)
                } catch { failures.record("\(error)") }
            }
        }
        if let f = failures.first { throw TrainingError(description: f) }
        return (seconds, losses.values)
    }

    /// Trains `networks` independent networks in parallel (one thread each, BLAS on one thread)
    /// for `workload.epochs` epochs and reports the aggregate throughput against the sgemm
    /// roofline measured right after (`rooflineRepetitions` 0 skips it, e.g. under a profiler).
    public static func run(_ workload: Workload, networks: Int = 1, path: KernelPath = .vectorised,
                           rooflineRepetitions: Int = 3000) throws -> Result {
        let data = dataset(workload)
        let (seconds, losses) = try trainInParallel(workload, networks: networks, data: data, path: path)
        let steps = Double(networks * workload.epochs * workload.stepsPerEpoch)
        let stepsPerSecond = steps / seconds
        let gflops = stepsPerSecond * workload.flopsPerStep / 1e9
        let roofline = rooflineRepetitions > 0 ? sgemmGflops(workload, threads: networks, repetitions: rooflineRepetitions) : .nan
        return Result(activation: "\(workload.activation)", outputs: workload.outputs, networks: networks,
                      kernelPath: path.rawValue, stepsPerSecond: stepsPerSecond,
                      gflops: gflops, sgemmGflops: roofline, rooflineFraction: gflops / roofline,
                      networksPerHour: 3600 * stepsPerSecond / workload.referenceStepsPerNetwork, finalLosses: losses)
    }

    /// sgemm GFLOP/s on the step's two large products, `threads` independent loops in parallel.
    public static func sgemmGflops(_ w: Workload, threads: Int, repetitions: Int = 3000) -> Double {
        BLASThreads.set(1)
        let seconds = timeParallel(threads) { _ in
            let x = [Float](repeating: 0.5, count: w.batch * w.inputs)
            var weights = [Float](repeating: 0.01, count: w.hidden * w.inputs)
            var u = [Float](repeating: 0, count: w.batch * w.hidden)
            x.withUnsafeBufferPointer { px in
                weights.withUnsafeMutableBufferPointer { pw in
                    u.withUnsafeMutableBufferPointer { pu in
                        for _ in 0..<repetitions {
                            Float.gemm(transA: false, transB: true, m: w.batch, n: w.hidden, k: w.inputs, alpha: 1,
                                       a: px.baseAddress!, lda: w.inputs, b: pw.baseAddress!, ldb: w.inputs,
                                       beta: 0, c: pu.baseAddress!, ldc: w.hidden)
                            Float.gemm(transA: true, transB: false, m: w.hidden, n: w.inputs, k: w.batch, alpha: -1e-6,
                                       a: pu.baseAddress!, lda: w.hidden, b: px.baseAddress!, ldb: w.inputs,
                                       beta: 1, c: pw.baseAddress!, ldc: w.inputs)
                        }
                    }
                }
            }
        }
        let flops = Double(threads * repetitions) * 2 * 2 * Double(w.batch * w.inputs * w.hidden)
        return flops / seconds / 1e9
    }

    /// Wall-clock seconds to run `body(0..<count)` on `count` threads at once.
    static func timeParallel(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var messages: [String] = []
        func record(_ m: String) { lock.lock(); messages.append(m); lock.unlock() }
        var first: String? { lock.lock(); defer { lock.unlock() }; return messages.first }
    }

    final class Losses: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [Double]
        init(count: Int) { stored = Array(repeating: .nan, count: count) }
        func set(_ i: Int, _ v: Double) { lock.lock(); stored[i] = v; lock.unlock() }
        var values: [Double] { lock.lock(); defer { lock.unlock() }; return stored }
    }
}

/// The paper-scale E4 sweep (SPEC §6) projected from measured throughput: d ∈ {3, 5},
/// k ∈ {1, d}, 12 values of c, 10 networks, tanh and relu, 1000 epochs of 79 steps —
/// 960 networks, 240 per (d, k) pair, 120 per (k, nonlinearity). Training only: the measures at
/// checkpoints come on top.
public enum E4Projection {
    /// (outputs k, number of networks per nonlinearity) of the sweep: k = 1 for d = 3 and 5, k = 3, k = 5.
    public static let outputCounts: [(k: Int, networksPerActivation: Int)] = [(1, 240), (3, 120), (5, 120)]
    public static let activations: [Activation] = [.tanh, .relu]
    public static let networkCount = 960
    public static let stepsPerNetwork = 79_000.0

    /// Hours on the measured machine, given aggregate steps/s for each (nonlinearity, k).
    public static func hours(stepsPerSecond: (Activation, Int) -> Double) -> Double {
        var seconds = 0.0
        for a in activations {
            for (k, count) in outputCounts { seconds += Double(count) * stepsPerNetwork / stepsPerSecond(a, k) }
        }
        return seconds / 3600
    }
}
