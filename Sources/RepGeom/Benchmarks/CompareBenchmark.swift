import Foundation

/// repgeom against the Python stacks (JAX with the whole training loop compiled, numpy) on
/// identical workloads, alternately (A B A B …), with repgeom's sgemm roofline fraction measured in
/// the same pairs.
///
/// "Identical" is literal: repgeom writes the dataset, the initial weights and every epoch's
/// batch order (those its `Trainer` draws from the `.batchOrder` stream) to a folder, and
/// `benchmarks/reference_training.py` trains exactly those networks, so the final losses of the
/// two sides agree up to float rounding — printed as a check that the work is the same.
///
/// Configurations per core count: one core — one network, one process, one thread; two cores —
/// repgeom trains two networks on two threads, and JAX gets its strongest setup on the same two
/// cores, the best of three per pair: `vmap` over the two networks in one process with XLA's
/// own thread pool (restricted to cores 0 and 1 with `taskset`), two single-threaded processes
/// pinned one per core (`taskset -c 0`, `-c 1`), and two single-threaded processes left to the
/// scheduler. numpy runs two single-threaded processes. Every sample also records CPU time
/// (repgeom: per-thread CPU clock; references: getrusage of the process, all threads), so that
/// steps per CPU-second — far less sensitive to other load on the machine than wall time — can
/// be compared too.
public enum CompareBenchmark {
    public struct Options: Sendable {
        public var epochs = 100
        public var pairs = 5
        public var activations: [Activation] = [.tanh, .relu]
        public var cores: [Int] = [1, 2]
        /// Interpreter used to create the virtual environment.
        public var python = "python3"
        /// Throwaway virtual environment for the references (created and filled from PyPI on first use).
        public var environment = ".venv-bench"
        public var script = "benchmarks/reference_training.py"
        public var requirements = "benchmarks/requirements.txt"
        public var frameworks = ["jax", "numpy"]
        public var rooflineRepetitions = 2000
        public init() {}
    }

    /// How one reference runs: `processes` worker processes with `networksPerProcess` each.
    public struct Configuration: Sendable, Codable, Equatable {
        public var name: String
        public var framework: String
        public var processes: Int
        public var networksPerProcess: Int
        /// Pin the framework's own thread pools (BLAS, XLA/Eigen) to one thread per process.
        public var singleThreaded: Bool
        /// CPU list per process for `taskset -c` (nil: not pinned), e.g. ["0", "1"] or ["0,1"].
        public var cpuLists: [String]? = nil
    }

    public struct Sample: Sendable, Codable {
        public var configuration: String
        public var stepsPerSecond: Double
        public var networksPerHour: Double
        /// CPU seconds consumed (all threads / processes of the configuration) and steps per CPU-second.
        public var cpuSeconds: Double?
        public var stepsPerCPUSecond: Double?
        /// Final mean training loss per network (the same-work check).
        public var losses: [Double]
    }

    public struct Pair: Sendable, Codable {
        public var index: Int
        public var cores: Int
        public var activation: String
        public var repgeom: Sample
        public var references: [Sample]
        public var sgemmGflops: Double
        public var rooflineFraction: Double
        /// repgeom steps/s ÷ the best JAX configuration's steps/s in this pair.
        public var ratioVsJax: Double?
        public var ratioVsNumpy: Double?
        /// repgeom steps per CPU-second ÷ the best JAX configuration's (same pair).
        public var cpuRatioVsJax: Double?
        /// Name of the JAX configuration that was fastest (wall) in this pair.
        public var bestJax: String?
    }

    public struct Statistic: Sendable, Codable {
        public var median: Double, min: Double, max: Double
        init?(_ xs: [Double]) {
            guard !xs.isEmpty else { return nil }
            let s = xs.sorted()
            median = s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
            min = s[0]; max = s[s.count - 1]
        }
    }

    public struct Summary: Sendable, Codable {
        public var cores: Int
        public var activation: String
        public var repgeomStepsPerSecond: Statistic
        public var repgeomNetworksPerHour: Double
        /// Median steps/s of each reference configuration.
        public var referenceStepsPerSecond: [String: Double]
        public var ratioVsJax: Statistic?
        public var ratioVsNumpy: Statistic?
        public var cpuRatioVsJax: Statistic?
        public var rooflineFraction: Statistic
        /// How often each JAX configuration was the fastest.
        public var bestJaxCounts: [String: Int]
    }

    public struct Report: Sendable, Codable {
        /// Two cores (or the largest core count measured), medians over all pairs and nonlinearities.
        public var ratioVsJaxMedian: Double?
        public var ratioVsNumpyMedian: Double?
        /// The same ratio in steps per CPU-second (load-robust efficiency, not the throughput target).
        public var cpuRatioVsJaxMedian: Double?
        public var rooflineFraction: Double?
        /// Paper-scale E4 (960 networks × 79 000 steps) from the 2-core k = 1 medians, hours, training only.
        public var e4ProjectedHours: Double?
        public var epochs: Int
        public var summaries: [Summary]
        public var pairs: [Pair]
        public var versions: [String: String]
        public var loadAverageBefore: String
        public var loadAverageAfter: String

        enum CodingKeys: String, CodingKey {
            case ratioVsJaxMedian = "ratio_vs_jax_median", ratioVsNumpyMedian = "ratio_vs_numpy_median"
            case cpuRatioVsJaxMedian = "cpu_ratio_vs_jax_median"
            case rooflineFraction = "roofline_fraction", e4ProjectedHours = "e4_projected_hours"
            case epochs, summaries, pairs, versions
            case loadAverageBefore = "load_average_before", loadAverageAfter = "load_average_after"
        }
    }

    public static func configurations(cores: Int, frameworks: [String]) -> [Configuration] {
        var c: [Configuration] = []
        if frameworks.contains("jax") {
            if cores == 1 {
                c.append(Configuration(name: "jax", framework: "jax", processes: 1, networksPerProcess: 1, singleThreaded: true))
            } else {
                let all = (0..<cores).map(String.init).joined(separator: ",")
                let pin = pinningAvailable
                c.append(Configuration(name: "jax vmap×\(cores)", framework: "jax", processes: 1, networksPerProcess: cores,
                                       singleThreaded: false, cpuLists: pin ? [all] : nil))
                if pin {
                    c.append(Configuration(name: "jax \(cores) processes pinned", framework: "jax", processes: cores, networksPerProcess: 1,
                                           singleThreaded: true, cpuLists: (0..<cores).map(String.init)))
                }
                c.append(Configuration(name: "jax \(cores) processes", framework: "jax", processes: cores, networksPerProcess: 1, singleThreaded: true))
            }
        }
        if frameworks.contains("numpy") {
            c.append(Configuration(name: cores == 1 ? "numpy" : "numpy \(cores) processes", framework: "numpy",
                                   processes: cores, networksPerProcess: 1, singleThreaded: true))
        }
        return c
    }

    /// `taskset` exists and the machine has the CPUs 0 and 1 (Linux).
    static var pinningAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") && ProcessInfo.processInfo.activeProcessorCount >= 2
    }

    /// Runs the comparison; `log` receives progress lines.
    public static func run(_ o: Options, log: (String) -> Void) throws -> Report {
        guard o.pairs >= 1, o.epochs >= 1, !o.cores.isEmpty else { throw InputError("bench compare", "needs ≥ 1 pair, epoch and core count") }
        let python = try ReferenceEnvironment.prepare(o, log: log)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("repgeom-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = loadAverage()
        var pairs: [Pair] = []
        var versions: [String: String] = ["repgeom": RepGeomVersion.string]
        for activation in o.activations {
            var w = TrainingBenchmark.Workload()
            w.activation = activation
            w.epochs = o.epochs
            let data = TrainingBenchmark.dataset(w)
            let dir = folder.appendingPathComponent("\(activation)")
            try writeWorkload(w, data: data, networks: o.cores.max()!, to: dir)
            for cores in o.cores {
                let configs = configurations(cores: cores, frameworks: o.frameworks)
                log("\(activation), \(cores) core(s): starting \(configs.map(\.name).joined(separator: ", "))")
                var groups: [[ReferenceWorker]] = []
                defer { for g in groups { for worker in g { worker.stop() } } }
                for c in configs {
                    var g: [ReferenceWorker] = []
                    for p in 0..<c.processes {
                        let worker = try ReferenceWorker(python: python, script: o.script, workload: dir, configuration: c,
                                                         first: p * c.networksPerProcess, log: folder.appendingPathComponent("\(activation)-\(c.framework)-\(cores)-\(p).log"))
                        g.append(worker)
                        if let v = worker.ready["version"] as? String { versions[c.framework] = v }
                    }
                    groups.append(g)
                }
                for index in 0..<o.pairs {
                    // A: repgeom, then its roofline; B: each reference configuration.
                    let run = try TrainingBenchmark.trainInParallel(w, networks: cores, data: data)
                    let steps = Double(cores * w.epochs * w.stepsPerEpoch)
                    let mine = sample("repgeom", steps: steps, seconds: run.seconds, cpuSeconds: run.cpuSeconds, losses: run.losses, w)
                    let sgemm = TrainingBenchmark.sgemmGflops(w, threads: cores, repetitions: o.rooflineRepetitions)
                    var refs: [Sample] = []
                    for (c, g) in zip(configs, groups) {
                        let r = try ReferenceWorker.run(g)
                        refs.append(sample(c.name, steps: Double(cores * w.epochs * w.stepsPerEpoch), seconds: r.seconds,
                                           cpuSeconds: r.cpuSeconds, losses: r.losses, w))
                    }
                    let bestJax = refs.filter { $0.configuration.hasPrefix("jax") }.max { $0.stepsPerSecond < $1.stepsPerSecond }
                    let jax = bestJax?.stepsPerSecond
                    let numpy = refs.filter { $0.configuration.hasPrefix("numpy") }.map(\.stepsPerSecond).max()
                    let pair = Pair(index: index, cores: cores, activation: "\(activation)", repgeom: mine, references: refs,
                                    sgemmGflops: sgemm, rooflineFraction: mine.stepsPerSecond * w.flopsPerStep / 1e9 / sgemm,
                                    ratioVsJax: jax.map { mine.stepsPerSecond / $0 }, ratioVsNumpy: numpy.map { mine.stepsPerSecond / $0 },
                                    cpuRatioVsJax: bestJax?.stepsPerCPUSecond.flatMap { j in mine.stepsPerCPUSecond.map { $0 / j } },
                                    bestJax: bestJax?.configuration)
                    pairs.append(pair)
                    log(String(format: "  pair %d: repgeom %.0f steps/s", index + 1, mine.stepsPerSecond)
                        + refs.map { String(format: ", %@ %.0f", $0.configuration, $0.stepsPerSecond) }.joined()
                        + String(format: "; roofline %.0f%%; per CPU-s: repgeom %.0f", 100 * pair.rooflineFraction, mine.stepsPerCPUSecond ?? .nan)
                        + refs.map { String(format: ", %@ %.0f", $0.configuration, $0.stepsPerCPUSecond ?? .nan) }.joined()
                        + "; load " + loadAverage())
                }
            }
        }
        var summaries: [Summary] = []
        for cores in o.cores {
            for activation in o.activations {
                let ps = pairs.filter { $0.cores == cores && $0.activation == "\(activation)" }
                var refMedians: [String: Double] = [:]
                for name in Set(ps.flatMap { $0.references.map(\.configuration) }) {
                    refMedians[name] = Statistic(ps.compactMap { $0.references.first { $0.configuration == name }?.stepsPerSecond })?.median
                }
                let steps = Statistic(ps.map(\.repgeom.stepsPerSecond))!
                summaries.append(Summary(cores: cores, activation: "\(activation)", repgeomStepsPerSecond: steps,
                                         repgeomNetworksPerHour: 3600 * steps.median / TrainingBenchmark.Workload().referenceStepsPerNetwork,
                                         referenceStepsPerSecond: refMedians, ratioVsJax: Statistic(ps.compactMap(\.ratioVsJax)),
                                         ratioVsNumpy: Statistic(ps.compactMap(\.ratioVsNumpy)), cpuRatioVsJax: Statistic(ps.compactMap(\.cpuRatioVsJax)),
                                         rooflineFraction: Statistic(ps.map(\.rooflineFraction))!,
                                         bestJaxCounts: Dictionary(ps.compactMap(\.bestJax).map { ($0, 1) }, uniquingKeysWith: +)))
            }
        }
        let top = o.cores.contains(2) ? 2 : o.cores.max()!
        let topPairs = pairs.filter { $0.cores == top }
        var e4: Double? = nil
        if top == 2, o.activations.contains(.tanh), o.activations.contains(.relu) {
            let median = { (a: Activation) in Statistic(topPairs.filter { $0.activation == "\(a)" }.map(\.repgeom.stepsPerSecond))!.median }
            let tanh = median(.tanh), relu = median(.relu)
            e4 = E4Projection.hours { a, _ in a == .tanh ? tanh : relu }
        }
        return Report(ratioVsJaxMedian: Statistic(topPairs.compactMap(\.ratioVsJax))?.median,
                      ratioVsNumpyMedian: Statistic(topPairs.compactMap(\.ratioVsNumpy))?.median,
                      cpuRatioVsJaxMedian: Statistic(topPairs.compactMap(\.cpuRatioVsJax))?.median,
                      rooflineFraction: Statistic(topPairs.map(\.rooflineFraction))?.median, e4ProjectedHours: e4,
                      epochs: o.epochs, summaries: summaries, pairs: pairs, versions: versions,
                      loadAverageBefore: before, loadAverageAfter: loadAverage())
    }

    static func sample(_ name: String, steps: Double, seconds: Double, cpuSeconds: Double?, losses: [Double],
                       _ w: TrainingBenchmark.Workload) -> Sample {
        let sps = steps / seconds
        return Sample(configuration: name, stepsPerSecond: sps, networksPerHour: 3600 * sps / w.referenceStepsPerNetwork,
                      cpuSeconds: cpuSeconds, stepsPerCPUSecond: cpuSeconds.flatMap { $0 > 0 ? steps / $0 : nil }, losses: losses)
    }

    /// The 1-, 5- and 15-minute load averages (Linux), to state the conditions of a run.
    static func loadAverage() -> String {
        guard let s = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "n/a" }
        return s.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// Writes the dataset, networks 0..<networks (initial weights) and their batch orders as raw
    /// little-endian float32/int32 files plus `workload.json`.
    static func writeWorkload(_ w: TrainingBenchmark.Workload, data: Dataset<Float>, networks: Int, to dir: URL) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func write<T>(_ values: [T], _ name: String) throws {
            try values.withUnsafeBytes { try Data($0).write(to: dir.appendingPathComponent(name)) }
        }
        try write(data.inputs.elements, "x.f32")
        try write(data.targets.elements, "y.f32")
        for i in 0..<networks {
            let net = TrainingBenchmark.network(w, seed: UInt64(i))
            try write(net.hidden[0].weights.elements, "net\(i)_w.f32")
            try write(net.hidden[0].bias, "net\(i)_b1.f32")
            try write(net.readout.weights.elements, "net\(i)_j.f32")
            try write(net.readout.bias, "net\(i)_b2.f32")
            // The orders `Trainer` draws: one shuffle of the running order per epoch.
            var rng = RandomSource(seed: UInt64(i), stream: .batchOrder)
            var order = Array(0..<data.count)
            var all: [Int32] = []
            all.reserveCapacity(w.epochs * data.count)
            for _ in 0..<w.epochs {
                rng.shuffle(&order)
                all.append(contentsOf: order.map { Int32($0) })
            }
            try write(all, "net\(i)_order.i32")
        }
        let json: [String: Any] = ["samples": data.count, "inputs": w.inputs, "hidden": w.hidden, "outputs": w.outputs,
                                   "batch": w.batch, "epochs": w.epochs, "lr": w.learningRate, "activation": "\(w.activation)"]
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: dir.appendingPathComponent("workload.json"))
    }
}
