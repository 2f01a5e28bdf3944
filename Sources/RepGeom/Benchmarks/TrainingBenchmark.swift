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
        public init() {}
        public var stepsPerEpoch: Int { (samples + batch - 1) / batch }
        public var flopsPerStep: Double { 2.0 * Double(batch) * Double(2 * inputs * hidden + 2 * hidden * outputs) }
    }

    public struct Result: Sendable, Codable {
        public var activation: String
        public var networks: Int
        public var stepsPerSecond: Double
        public var gflops: Double
        public var sgemmGflops: Double
        public var rooflineFraction: Double
        /// Networks per hour at the reference schedule (1000 epochs of 79 steps).
        public var networksPerHour: Double
    }

    /// Trains `networks` independent networks in parallel (one thread each, BLAS on one thread)
    /// for `workload.epochs` epochs and reports the aggregate throughput.
    public static func run(_ workload: Workload, networks: Int = 1) throws -> Result {
        BLASThreads.set(1)
        var rng = RandomSource(seed: 1)
        let means: Matrix<Double> = rng.gaussianMatrix(rows: 4, columns: workload.inputs)
        let task = ConditionTask(family: "benchmark", parameters: [:], latentBits: nil, means: means,
                                 targets: Matrix(rows: 4, columns: workload.outputs) { c, j in Double((c >> j) & 1) }, noise: 1)
        let data: Dataset<Float> = task.sample(count: workload.samples, using: &rng)
        var spec = NetworkSpec()
        spec.hiddenWidths = [workload.hidden]
        spec.activation = workload.activation
        var options = TrainingOptions()
        options.epochs = workload.epochs
        options.batchSize = workload.batch
        options.checkpointEvery = workload.epochs
        let trainer = Trainer<Float>(options: options)
        let networkSpec = spec
        let failures = Failures()
        let seconds = timeParallel(networks) { i in
            do {
                let net = Network<Float>(spec: networkSpec, inputs: workload.inputs, outputs: workload.outputs, seed: UInt64(i))
                _ = try trainer.train(net, on: data, seed: UInt64(i))
            } catch { failures.record("\(error)") }
        }
        if let f = failures.first { throw TrainingError(description: f) }
        let steps = Double(networks * workload.epochs * workload.stepsPerEpoch)
        let stepsPerSecond = steps / seconds
        let gflops = stepsPerSecond * workload.flopsPerStep / 1e9
        let roofline = sgemmGflops(workload, threads: networks)
        return Result(activation: "\(workload.activation)", networks: networks, stepsPerSecond: stepsPerSecond,
                      gflops: gflops, sgemmGflops: roofline, rooflineFraction: gflops / roofline,
                      networksPerHour: 3600 * stepsPerSecond / Double(1000 * workload.stepsPerEpoch))
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
}
