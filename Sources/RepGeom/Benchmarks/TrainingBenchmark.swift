import Foundation

/// Throughput of the reference shallow-network training step, with the sgemm roofline measured
/// in the same run (SPEC §3 reference: N_in 100, N_h 128, batch 64, BCE, SGD lr 0.1, 5000
/// samples — 79 steps per epoch).
///
/// Flops per step count the four matrix products: forward X·Wᵀ (2·B·N_in·N_h), readout Z·Jᵀ and
/// its back-propagation (2·2·B·N_h·k), and the weight gradient δᵀ·X (2·B·N_h·N_in). The roofline is
/// the best sgemm this machine has on the same two large shapes back to back — the larger of
/// OpenBLAS and the small-matrix kernel (`ck_sgemm` in `CKernels`) — on as many threads as
/// networks run in parallel (one network per core, BLAS single-threaded). Both are reported.
///
/// Every run also records CPU time (the per-thread CPU clock of each training thread, summed):
/// on a shared machine wall-clock steps/s depend on other load, steps per CPU-second much less.
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
        /// Matrix products of the step: "small" (`ck_sgemm`) or "blas".
        public var gemm: String
        public var stepsPerSecond: Double
        /// Steps per CPU-second of one training thread (≈ steps/s per core on an idle machine).
        public var stepsPerCPUSecond: Double
        public var gflops: Double
        /// The roofline: max(OpenBLAS, small kernel) on the step's shapes, `networks` threads.
        public var sgemmGflops: Double
        public var openblasGflops: Double
        public var smallGemmGflops: Double
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
                                       path: KernelPath = .vectorised, gemm: GEMMBackend = GEMMBackend.current)
    throws -> (seconds: Double, cpuSeconds: Double, losses: [Double]) {
        BLASThreads.set(1)
        let trainer = Trainer<Float>(options: options(w))
        let failures = Failures()
        let losses = Losses(count: networks)
        let cpu = Losses(count: networks)
        let seconds = timeParallel(networks) { i in
            let start = threadCPUSeconds()
            KernelPath.$current.withValue(path) {
                GEMMBackend.$current.withValue(gemm) {
                    do {
                        let r = try trainer.train(network(w, seed: UInt64(i)), on: data, seed: UInt64(i))
                        losses.set(i, r.checkpoints.last?.train.loss ?? .nan)
                    } catch { failures.record("\(error)") }
                }
            }
            cpu.set(i, threadCPUSeconds() - start)
        }
        if let f = failures.first { throw TrainingError(description: f) }
        return (seconds, cpu.values.reduce(0, +), losses.values)
    }

    /// CPU time of the calling thread, seconds.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
    }

    /// Trains `networks` independent networks in parallel (one thread each, BLAS on one thread)
    /// for `workload.epochs` epochs and reports the aggregate throughput against the sgemm
    /// roofline measured right after (`rooflineRepetitions` 0 skips it, e.g. under a profiler).
    public static func run(_ workload: Workload, networks: Int = 1, path: KernelPath = .vectorised,
                           gemm: GEMMBackend = GEMMBackend.current, rooflineRepetitions: Int = 3000) throws -> Result {
        let data = dataset(workload)
        let (seconds, cpuSeconds, losses) = try trainInParallel(workload, networks: networks, data: data, path: path, gemm: gemm)
        let steps = Double(networks * workload.epochs * workload.stepsPerEpoch)
        let stepsPerSecond = steps / seconds
        let gflops = stepsPerSecond * workload.flopsPerStep / 1e9
        let blas = rooflineRepetitions > 0 ? sgemmGflops(workload, threads: networks, repetitions: rooflineRepetitions, backend: .blas) : .nan
        let small = rooflineRepetitions > 0 ? sgemmGflops(workload, threads: networks, repetitions: rooflineRepetitions, backend: .small) : .nan
        let roofline = max(blas, small)
        return Result(activation: "\(workload.activation)", outputs: workload.outputs, networks: networks,
                      kernelPath: path.rawValue, gemm: gemm.rawValue, stepsPerSecond: stepsPerSecond,
                      stepsPerCPUSecond: steps / cpuSeconds,
                      gflops: gflops, sgemmGflops: roofline, openblasGflops: blas, smallGemmGflops: small,
                      rooflineFraction: gflops / roofline,
                      networksPerHour: 3600 * stepsPerSecond / workload.referenceStepsPerNetwork, finalLosses: losses)
    }

    /// The roofline: the larger of OpenBLAS's and the small kernel's sgemm GFLOP/s on the step's shapes.
    public static func sgemmGflops(_ w: Workload, threads: Int, repetitions: Int = 3000) -> Double {
        max(sgemmGflops(w, threads: threads, repetitions: repetitions, backend: .blas),
            sgemmGflops(w, threads: threads, repetitions: repetitions, backend: .small))
    }

    /// sgemm GFLOP/s on the step's two large products with one backend, `threads` independent
    /// loops in parallel. Each backend multiplies the layout it is given in training: OpenBLAS
    /// the products of the original W̃ layout, the small kernel those of the transposed one —
    /// the same flops either way. (`.small` falls back to BLAS on Apple platforms.)
    public static func sgemmGflops(_ w: Workload, threads: Int, repetitions: Int, backend: GEMMBackend) -> Double {
        BLASThreads.set(1)
        if backend == .small {
            let seconds = timeParallel(threads) { _ in
                let x = [Float](repeating: 0.5, count: w.batch * w.inputs)
                var weights = [Float](repeating: 0.01, count: w.inputs * w.hidden)
                var u = [Float](repeating: 0, count: w.batch * w.hidden)
                x.withUnsafeBufferPointer { px in
                    weights.withUnsafeMutableBufferPointer { pw in
                        u.withUnsafeMutableBufferPointer { pu in
                            for _ in 0..<repetitions {
                                Float.stepGemm(small: true, transA: false, transB: false, m: w.batch, n: w.hidden, k: w.inputs,
                                               alpha: 1, a: px.baseAddress!, lda: w.inputs, b: pw.baseAddress!, ldb: w.hidden,
                                               beta: 0, c: pu.baseAddress!, ldc: w.hidden)
                                Float.stepGemm(small: true, transA: true, transB: false, m: w.inputs, n: w.hidden, k: w.batch,
                                               alpha: -1e-6, a: px.baseAddress!, lda: w.inputs, b: pu.baseAddress!, ldb: w.hidden,
                                               beta: 1, c: pw.baseAddress!, ldc: w.hidden)
                            }
                        }
                    }
                }
            }
            return Double(threads * repetitions) * 2 * 2 * Double(w.batch * w.inputs * w.hidden) / seconds / 1e9
        }
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

/// A measured partial run of paper-scale E4: a few real networks of the sweep, trained exactly as
/// the sweep trains them — T3 (aligned cube, N = 100, σ = 1) at c = c_max/2, 5000 training and
/// 1000 test samples, batch 64, 1000 epochs (79 000 steps), checkpoints every 10 epochs with the
/// trainer's own train and test evaluation, and at every 10th checkpoint (plus the last) the E4
/// measure: target and input alignment of the hidden condition means (`TaskAlignment.alignments`,
/// Gretton CKA, linear kernels) — `networks` at a time on as many threads.
///
/// What it assumes: the sweep's measures are those (E4 measures condition means only, stride
/// 10); record writing and the per-job setup of the experiment runner are not included.
public enum E4PartialRun {
    public struct Result: Sendable, Codable {
        public var activation: String
        public var d: Int, k: Int
        public var epochs: Int
        public var networks: Int
        public var wallSeconds: Double
        /// CPU seconds of all training threads (training + checkpoints + measures).
        public var cpuSeconds: Double
        /// Of which: checkpoint evaluations (train and test loss/accuracy) and measures, CPU seconds.
        public var checkpointCPUSeconds: Double
        public var measureCPUSeconds: Double
        public var checkpoints: Int
        public var measuredCheckpoints: Int
        /// Wall seconds per network with `networks` in parallel (the sweep's rate on this many cores).
        public var wallSecondsPerNetwork: Double { wallSeconds / Double(networks) }
        public var finalTrainAccuracy: [Double]
    }

    public static func run(activation: Activation, d: Int, k: Int, epochs: Int = 1000, networks: Int = 2) throws -> Result {
        BLASThreads.set(1)
        let cube = AlignedCube(d: d, k: k, c: 0.5 * AlignedCube.maximumAlignment(d: d, k: k), seed: 1)
        let task = try cube.make()
        var options = TrainingOptions()
        options.epochs = epochs
        options.batchSize = 64
        options.learningRate = 0.1
        options.checkpointEvery = 10
        let measureStride = 10
        let trainer = Trainer<Float>(options: options)
        let means = task.means
        let failures = TrainingBenchmark.Failures()
        let cpu = TrainingBenchmark.Losses(count: networks), checkpointCPU = TrainingBenchmark.Losses(count: networks)
        let measureCPU = TrainingBenchmark.Losses(count: networks), accuracy = TrainingBenchmark.Losses(count: networks)
        let counts = TrainingBenchmark.Losses(count: 2)
        let seconds = TrainingBenchmark.timeParallel(networks) { i in
            let start = TrainingBenchmark.threadCPUSeconds()
            do {
                let (train, test) = task.trainAndTestSets(seed: UInt64(i), as: Float.self)
                var spec = NetworkSpec()
                spec.hiddenWidths = [128]
                spec.activation = activation
                let net = Network<Float>(spec: spec, inputs: train.inputs.columns, outputs: k, seed: UInt64(i))
                var index = 0, measured = 0
                var measureTime = 0.0
                var stepTime = 0.0
                var epochStart = TrainingBenchmark.threadCPUSeconds()
                // Checkpoint cost = CPU time between the end of an epoch's steps and the checkpoint's
                // end: the trainer evaluates train and test sets just before calling back.
                let result = try trainer.train(net, on: train, test: test, seed: UInt64(i), onEpoch: { _ in
                    let now = TrainingBenchmark.threadCPUSeconds()
                    stepTime += now - epochStart
                    epochStart = now
                }) { checkpoint in
                    let m0 = TrainingBenchmark.threadCPUSeconds()
                    if index % measureStride == 0 || checkpoint.metrics.epoch == epochs {
                        let z = checkpoint.network.hiddenActivities(means.converted(to: Float.self))[0].converted(to: Double.self)
                        _ = try TaskAlignment.alignments(representation: z, inputs: means, targets: task.targets, options: AlignmentOptions())
                        measured += 1
                    }
                    index += 1
                    let now = TrainingBenchmark.threadCPUSeconds()
                    measureTime += now - m0
                    epochStart = now
                }
                let total = TrainingBenchmark.threadCPUSeconds() - start
                cpu.set(i, total)
                measureCPU.set(i, measureTime)
                checkpointCPU.set(i, max(0, total - stepTime))
                accuracy.set(i, result.checkpoints.last?.train.accuracy ?? .nan)
                if i == 0 { counts.set(0, Double(index)); counts.set(1, Double(measured)) }
            } catch { failures.record("\(error)") }
        }
        if let f = failures.first { throw TrainingError(description: f) }
        return Result(activation: "\(activation)", d: d, k: k, epochs: epochs, networks: networks, wallSeconds: seconds,
                      cpuSeconds: cpu.values.reduce(0, +), checkpointCPUSeconds: checkpointCPU.values.reduce(0, +),
                      measureCPUSeconds: measureCPU.values.reduce(0, +), checkpoints: Int(counts.values[0]),
                      measuredCheckpoints: Int(counts.values[1]), finalTrainAccuracy: accuracy.values)
    }

    /// Hours for the whole paper-scale sweep (960 networks) on `cores` cores, from the partial
    /// runs' CPU seconds per network (each (k, nonlinearity) group weighted by its share of the
    /// sweep; groups not measured take the mean of those measured), assuming one network per core
    /// and no other load — wall = CPU / cores.
    public static func projectedHours(_ runs: [Result], cores: Int = 2) -> Double {
        guard !runs.isEmpty else { return .nan }
        func perNetwork(_ r: Result) -> Double { r.cpuSeconds / Double(r.networks) * 1000 / Double(r.epochs) }
        let mean = runs.map(perNetwork).reduce(0, +) / Double(runs.count)
        var seconds = 0.0
        for a in E4Projection.activations {
            for (k, count) in E4Projection.outputCounts {
                let matching = runs.filter { $0.activation == "\(a)" && $0.k == k }
                let s = matching.isEmpty ? mean : matching.map(perNetwork).reduce(0, +) / Double(matching.count)
                seconds += Double(count) * s
            }
        }
        return seconds / Double(cores) / 3600
    }
}
