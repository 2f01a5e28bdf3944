import Foundation

/// E6 (SPEC §6, issue 6): does the tanh/relu difference persist in deep MLPs? Networks of depth
/// L ∈ {1, 2, 5, 10} (quick: {1, 3}), every hidden layer 128 wide with the same nonlinearity, a
/// frozen readout, trained with Adam (lr 1e-3; SGD with lr 0.1 is the `optimizer` setting key),
/// on T3 (d = 3 and 5, k ∈ {1, d}) and T4 (P = 8, k ∈ {1, 3}) at c ∈ {0, ½, 1}·c_max (quick:
/// ½·c_max), tanh vs relu. Every geometry measure is recorded at every hidden layer (records at
/// layers 1…L; loss and accuracy at L + 1), before training and at the end.
///
/// Setting keys of a job: `task` (`T3`/`T4`), `d` (T3) or `P` (T4), `k`, `c_percent` (c as a
/// whole-number percentage of the task's c_max — integers survive the store's JSON round trip
/// unchanged, which a Double 0.0 would not), `depth`, `nonlinearity`, `optimizer` (`adam`/`sgd`),
/// `lr`, `epochs`, `train_samples`, `test_samples`, `samples_per_condition`. `run` reads
/// everything from these keys (it is not told the scale).
///
/// Task geometry: T3 at scale 0 is deterministic up to its embedding (task seed 0, shared by
/// every network, as in E4). T4 (scale 0.5: a random Dirichlet spectrum) has random kernels and
/// targets, so each network draws its own (task seed = network seed, the same for its tanh and
/// relu twin), and c is that draw's percentage of its own c_max.
public struct E6DepthExperiment: Experiment {
    /// `adam` (default, lr 1e-3) or `sgd` (lr 0.1, SPEC §3's references).
    public var optimizer: String

    public init(optimizer: String = "adam") {
        self.optimizer = optimizer
    }

    public var id: String { "E6" }
    public var title: String { "Depth: per-layer geometry of deep MLPs, tanh vs relu" }
    public var claims: [String] {
        ["Tanh hidden layers are more target-aligned than relu hidden layers at matched depth.",
         "Relu hidden layers are more input-aligned than tanh hidden layers at matched depth.",
         "Tanh hidden layers code the trained variables more in parallel (higher PS) than relu layers at matched depth.",
         "Untrained latent variables are better decodable from relu hidden layers than from tanh layers at matched depth."]
    }

    public static let nonlinearities = ["tanh", "relu"]
    public static let width = 128

    /// One task of the grid: T3 `aligned_cube` with d bits, or T4 `random_kernel` with P conditions.
    public struct TaskSetting: Sendable, Hashable {
        public var family: String
        /// d for T3, P for T4.
        public var size: Int
        public var k: Int

        public static func t3(d: Int, k: Int) -> TaskSetting { TaskSetting(family: "T3", size: d, k: k) }
        public static func t4(p: Int, k: Int) -> TaskSetting { TaskSetting(family: "T4", size: p, k: k) }

        /// The setting keys naming the task.
        var setting: [String: ParameterValue] {
            ["task": .string(family), (family == "T3" ? "d" : "P"): .int(size), "k": .int(k)]
        }

        /// "T3 d=3 k=1", "T4 P=8 k=3".
        public var label: String { "\(family) \(family == "T3" ? "d" : "P")=\(size) k=\(k)" }

        /// Conditions P.
        public var conditions: Int { family == "T3" ? 1 << size : size }
    }

    /// Everything scale-dependent, spelled out once.
    public struct Grid: Sendable, Equatable {
        public var depths: [Int]
        public var tasks: [TaskSetting]
        public var cPercents: [Int]
        public var replicates: Int
        public var epochs: Int
        public var trainSamples: Int
        public var testSamples: Int
        public var samplesPerCondition: Int
    }

    public static let tasks: [TaskSetting] = [.t3(d: 3, k: 1), .t3(d: 3, k: 3), .t3(d: 5, k: 1), .t3(d: 5, k: 5),
                                              .t4(p: 8, k: 1), .t4(p: 8, k: 3)]

    /// The grid at `scale`. Paper: SPEC §3's schedule (5000 / 1000 samples, batch 64, 10 networks)
    /// with 300 Adam epochs (Adam at lr 1e-3 fits these tasks in far fewer steps than SGD's
    /// reference 1000 epochs; see docs/experiments/E6.md). Quick: the same code path with
    /// depths {1, 3}, c = ½·c_max, 3 networks, 1000 / 400 samples and 40 epochs.
    public func grid(_ scale: ExperimentScale) -> Grid {
        switch scale {
        case .quick:
            Grid(depths: [1, 3], tasks: Self.tasks, cPercents: [50], replicates: 3, epochs: 40,
                 trainSamples: 1000, testSamples: 400, samplesPerCondition: 20)
        case .paper:
            Grid(depths: [1, 2, 5, 10], tasks: Self.tasks, cPercents: [0, 50, 100], replicates: 10, epochs: 300,
                 trainSamples: 5000, testSamples: 1000, samplesPerCondition: 50)
        }
    }

    /// Learning rate of an optimiser name (SPEC §3 references).
    public static func learningRate(_ optimizer: String) -> Double { optimizer == "sgd" ? 0.1 : 1e-3 }

    public func jobs(scale: ExperimentScale) throws -> [SweepJob] {
        guard ["adam", "sgd"].contains(optimizer) else {
            throw InputError("E6 optimizer", "'\(optimizer)' is not adam or sgd")
        }
        let g = grid(scale)
        var jobs: [SweepJob] = []
        for task in g.tasks {
            for cPercent in g.cPercents {
                for depth in g.depths {
                    for nonlinearity in Self.nonlinearities {
                        var setting = task.setting
                        setting["c_percent"] = .int(cPercent)
                        setting["depth"] = .int(depth)
                        setting["nonlinearity"] = .string(nonlinearity)
                        setting["optimizer"] = .string(optimizer)
                        setting["lr"] = .double(Self.learningRate(optimizer))
                        setting["epochs"] = .int(g.epochs)
                        setting["train_samples"] = .int(g.trainSamples)
                        setting["test_samples"] = .int(g.testSamples)
                        setting["samples_per_condition"] = .int(g.samplesPerCondition)
                        for seed in 0..<g.replicates {
                            jobs.append(SweepJob(experiment: id, setting: setting, seed: UInt64(seed)))
                        }
                    }
                }
            }
        }
        return jobs
    }

    /// T4's spectrum scale: at scale 0 its input kernel is the same mixture of "all conditions
    /// equidistant" and "equidistant within the targets' complement" as T3 at scale 0 (only the
    /// targets differ), so T4 would add little; 0.5 (T3's robustness value in SPEC §2) gives
    /// random, lower-dimensional input geometries.
    public static let t4Scale = 0.5

    /// The task spec of a job for network `seed`: c = c_percent % of the task's c_max.
    public static func taskSpec(_ job: SweepJob) throws -> TaskSpec {
        let family = try job.string("task"), k = try job.integer("k")
        let percent = try job.integer("c_percent")
        guard (0...100).contains(percent) else { throw InputError("E6 job c_percent", "\(percent) outside 0…100") }
        let fraction = Double(percent) / 100
        switch family {
        case "T3":
            let d = try job.integer("d")
            let c = fraction * AlignedCube.maximumAlignment(d: d, k: k)
            return TaskSpec(AlignedCube(d: d, k: k, c: c))
        case "T4":
            let p = try job.integer("P")
            let probe = RandomKernel(conditionCount: p, k: k, c: 0, scale: t4Scale, seed: job.seed)
            guard let range = try probe.alignmentRange() else { throw InputError("E6 job task", "T4 has no alignment range") }
            return TaskSpec(RandomKernel(conditionCount: p, k: k, c: fraction * range.upperBound, scale: t4Scale, seed: job.seed))
        default:
            throw InputError("E6 job task", "'\(family)' is not T3 or T4")
        }
    }

    /// The run configuration and measure plan of a job.
    public static func condition(_ job: SweepJob) throws -> ConditionRun {
        let depth = try job.integer("depth")
        guard (1...64).contains(depth) else { throw InputError("E6 job depth", "\(depth) outside 1…64") }
        var network = NetworkSpec()
        network.hiddenWidths = Array(repeating: width, count: depth)
        network.activation = try Activation(parsing: job.string("nonlinearity"))
        network.trainReadout = false
        var training = TrainingOptions()
        training.optimizer = try Optimizer(parsing: job.string("optimizer"))
        training.learningRate = try job.number("lr")
        training.epochs = try job.integer("epochs")
        training.batchSize = 64
        // Loss curve at ten points; geometry only before and after training (the plan's stride).
        training.checkpointEvery = max(1, training.epochs / 10)
        let configuration = RunConfiguration(task: try taskSpec(job), network: network, training: training,
                                             trainSamples: try job.integer("train_samples"),
                                             testSamples: try job.integer("test_samples"))
        let plan = CheckpointMeasurePlan(samplesPerCondition: try job.integer("samples_per_condition"), sampleNoise: 0.5,
                                         stride: Int.max, measures: [.alignment, .parallelism, .ccgp, .decoding])
        return ConditionRun(configuration: configuration, plan: plan)
    }

    public func run(_ job: SweepJob) throws -> NetworkResult {
        try Self.condition(job).run(job)
    }
}
