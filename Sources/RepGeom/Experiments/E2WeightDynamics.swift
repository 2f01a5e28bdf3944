import Foundation

/// E2 (SPEC §5, §6): learning dynamics in weight space — why tanh and relu representations
/// diverge. Shallow networks with the dynamics reference settings (SPEC §3: 120 hidden units,
/// frozen balanced-binary readout with b₂ = 0, Uniform(−1,1)/√N input weights, hidden bias
/// b₁ = 0 and frozen, SGD lr 0.1, batch 200, 5000 training samples) learn
///
/// - `T1`: four random Gaussian patterns in N = 200, labels {0,1} vs {2,3} (σ = 0.5);
/// - `T1_two_output`: the same patterns with two outputs {0,1}|{2,3} and {0,2}|{1,3};
/// - `T2`: nudged XOR in N = 120 at δ ∈ {0, 0.5, 1} (σ = 0.5),
///
/// tanh vs relu. Each network is analysed with `WeightDynamics` (docs/dynamics.md): every hidden
/// unit's inter-class and intra-class axes, its total weight displacement on them and its final
/// selectivity.
///
/// **T2 at δ = 0**: the class centroids coincide (Σ_c s_c x̄_c = 0), so the inter-class axis of
/// SPEC §5 is undefined and `WeightDynamics` would skip every unit. E2 then takes the axes of the
/// same task at δ = 1 (same seed, hence the same u₁, u₂, u₃): for every δ > 0 the axes do not
/// depend on δ (e_inter = û₃, e_intra ∝ u₂ − u₁ or u₁ + u₂), so these are their δ → 0⁺ limit.
/// The means have no component along û₃ at δ = 0, so no unit can move along it except through
/// the radial noise term: the setting is shown, and excluded from the claim checks.
///
/// Records (layer 1 = the hidden layer, at the final epoch unless stated):
/// - `intra_share` (variants `mean`, `median`, `sd`, `min`, `max` over the units that moved),
///   `squared_intra_share` `mean`, `plane_fraction` `mean`, `inter_displacement` and
///   `intra_displacement` `mean_abs` (mean |Δ·e| over units), `single_condition_fraction` and
///   `class_fraction` (variant `threshold_0.5`), `analysed_units` `count`;
/// - `unit_intra_share` (variant `l1`, subject `unit<i>`): every moved unit's intra share;
/// - for the networks of seed `trajectorySeed` only, units `0..<trajectoryUnits`: `traj_inter`,
///   `traj_intra`, `traj_residual` (variant `projection`, subject `unit<i>`) at every snapshot
///   epoch (0, then ×1.4 steps, and the last epoch) — the phase-portrait trajectories;
/// - layer 2 (the readout) at every checkpoint: `train_loss`, `test_loss` (`bce`),
///   `train_accuracy`, `test_accuracy` (`logit_sign`).
///
/// The expected-gradient field of the figures is not stored: `report` recomputes it from the
/// setting (the task and the initial network are deterministic in the seed), which keeps the
/// store small and uses exactly the code the tests check.
public struct E2WeightDynamicsExperiment: Experiment {
    public init() {}

    public var id: String { "E2" }
    public var title: String { "Weight-space dynamics: relu units specialise, tanh units follow the labels" }
    public var claims: [String] {
        ["ReLU units' weight displacement has a larger intra-class share than tanh units'.",
         "Tanh units move mainly along the inter-class axis."]
    }

    public static let nonlinearities = ["tanh", "relu"]

    /// One task of the grid: `name` is the `task` setting, `delta` the T2 separability.
    public struct TaskVariant: Sendable, Hashable {
        public var name: String
        public var delta: Double?
        /// Short label for figures and claim checks.
        public var label: String {
            switch name {
            case "T1": "T1 (P = 4)"
            case "T1_two_output": "T1 two outputs"
            default: "T2 δ = \(ParameterText.format(delta ?? .nan))"
            }
        }
        /// Whether the claim checks apply (the inter-class axis exists).
        public var hasInterClassAxis: Bool { !(name == "T2" && delta == 0) }
    }

    public static let tasks: [TaskVariant] = [
        TaskVariant(name: "T1", delta: nil), TaskVariant(name: "T1_two_output", delta: nil),
        TaskVariant(name: "T2", delta: 0), TaskVariant(name: "T2", delta: 0.5), TaskVariant(name: "T2", delta: 1),
    ]

    /// Everything that determines one network besides its setting and seed.
    struct Settings: Codable, Equatable {
        var t1Inputs = 200
        var t2Inputs = 120
        var noise = 0.5
        var trainSamples = ConditionTask.referenceTrainCount
        var testSamples = ConditionTask.referenceTestCount
        /// Trajectories are stored for the networks of this seed, units 0..<trajectoryUnits
        /// (with the round-robin balanced-binary readout: 20 of each readout sign for one output,
        /// 10 of each sign pattern for two).
        var trajectorySeed: UInt64 = 0
        var trajectoryUnits = 40
        var network = NetworkSpec()
        var training = TrainingOptions()

        init() {
            network.hiddenWidths = [120]
            network.weightInit = .uniform
            network.biasInit = .zero
            network.trainHiddenBiases = false
            network.readoutInit = .balancedBinary
            network.readoutBiasInit = .zero
            training.batchSize = 200
            training.learningRate = 0.1
        }
    }

    static let settings = Settings()

    public func replicates(_ scale: ExperimentScale) -> Int { scale == .quick ? 5 : 20 }

    /// SPEC §3: 1000 epochs (5000 for the XOR task) at paper scale. Quick: the displacement is
    /// made in the first few epochs (docs/dynamics.md §5), the XOR takes longer to learn.
    public func epochs(_ task: TaskVariant, _ scale: ExperimentScale) -> Int {
        switch scale {
        case .paper: task.name == "T2" ? 5000 : 1000
        case .quick: task.name == "T2" ? 60 : 30
        }
    }

    public func jobs(scale: ExperimentScale) throws -> [SweepJob] {
        var jobs: [SweepJob] = []
        for task in E2WeightDynamicsExperiment.tasks {
            for f in E2WeightDynamicsExperiment.nonlinearities {
                var setting: [String: ParameterValue] = ["task": .string(task.name), "nonlinearity": .string(f),
                                                         "epochs": .int(epochs(task, scale))]
                if let d = task.delta { setting["delta"] = .double(d) }
                for seed in 0..<replicates(scale) {
                    jobs.append(SweepJob(experiment: id, setting: setting, seed: UInt64(seed)))
                }
            }
        }
        return jobs
    }

    /// The task variant, nonlinearity and epoch count of a job.
    static func parse(_ job: SweepJob) throws -> (task: TaskVariant, activation: Activation, epochs: Int) {
        guard case .string(let name)? = job.setting["task"], case .string(let f)? = job.setting["nonlinearity"],
              case .int(let epochs)? = job.setting["epochs"], epochs >= 1 else {
            throw InputError("E2 job \(job.key)", "needs task (string), nonlinearity (string) and epochs (integer ≥ 1)")
        }
        let delta = job.setting["delta"]?.number
        guard ["T1", "T1_two_output"].contains(name) && delta == nil || name == "T2" && delta != nil else {
            throw InputError("E2 job \(job.key)", "task must be T1 or T1_two_output (no delta) or T2 (with delta)")
        }
        return (TaskVariant(name: name, delta: delta), try Activation(parsing: f), epochs)
    }

    /// The task of a variant for a network seed (the seed also draws the task geometry).
    static func taskSpec(_ task: TaskVariant, seed: UInt64) -> TaskSpec {
        let s = settings
        switch task.name {
        case "T1": return TaskSpec(RandomPatterns(conditionCount: 4, inputDimension: s.t1Inputs, noise: s.noise, seed: seed, targets: "0011"))
        case "T1_two_output":
            return TaskSpec(RandomPatterns(conditionCount: 4, inputDimension: s.t1Inputs, noise: s.noise, seed: seed, targets: "0011/0101"))
        default: return TaskSpec(NudgedXOR(delta: task.delta ?? 0, inputDimension: s.t2Inputs, noise: s.noise, seed: seed))
        }
    }

    static func networkSpec(_ f: Activation) -> NetworkSpec {
        var spec = settings.network
        spec.activation = f
        return spec
    }

    /// The initial network of a job (deterministic in the seed).
    static func initialNetwork(_ task: ConditionTask, activation: Activation, seed: UInt64) -> Network<Float> {
        Network<Float>(spec: networkSpec(activation), inputs: task.inputDimension, outputs: task.outputCount, seed: seed)
    }

    /// The weight-space analysis of a network of `task`; at T2 δ = 0 with the axes of δ = 1
    /// (see the type's documentation).
    static func analysis(_ task: ConditionTask, variant: TaskVariant, seed: UInt64, network: Network<Float>) throws -> WeightDynamics {
        var dynamics = try WeightDynamics(task: task, network: network)
        if variant.name == "T2" && variant.delta == 0 {
            var reference = variant
            reference.delta = 1
            let limit = try WeightDynamics(task: try taskSpec(reference, seed: seed).make(), network: network)
            dynamics.axes = limit.axes
            dynamics.skippedUnits = limit.skippedUnits
        }
        return dynamics
    }

    /// Snapshot epochs of a run of `epochs` epochs: 0, 1, then steps of ×1.4 (rounded), and the end.
    static func snapshotEpochs(_ epochs: Int) -> [Int] {
        var set: Set<Int> = [0, epochs]
        var e = 1.0
        while e < Double(epochs) { set.insert(Int(e.rounded())); e *= 1.4 }
        return set.sorted()
    }

    public func run(_ job: SweepJob) throws -> NetworkResult {
        let (variant, activation, epochs) = try Self.parse(job)
        let s = Self.settings
        let spec = Self.taskSpec(variant, seed: job.seed)
        let task = try spec.make()
        let (train, test): (Dataset<Float>, Dataset<Float>) = task.trainAndTestSets(seed: job.seed, train: s.trainSamples, test: s.testSamples)
        let initial = Self.initialNetwork(task, activation: activation, seed: job.seed)
        let keepsTrajectories = job.seed == s.trajectorySeed
        var options = s.training
        options.epochs = epochs
        options.checkpointEvery = max(1, epochs / 10)
        options.snapshotEpochs = keepsTrajectories ? Self.snapshotEpochs(epochs) : []

        let readout = 2
        var records: [MeasureRecord] = []
        let result = try Trainer<Float>(options: options).train(initial, on: train, test: test, seed: job.seed, onCheckpoint: { checkpoint in
            records += CheckpointMeasurer.trainingRecords(checkpoint.metrics, readoutLayer: readout, loss: options.loss)
        })
        let final = result.checkpoints.last?.epoch ?? epochs

        let dynamics = try Self.analysis(task, variant: variant, seed: job.seed, network: initial)
        let displacements = try dynamics.displacements(from: initial, to: result.network)
        let summary = try dynamics.summary(initial: initial, final: result.network)
        func add(_ measure: String, _ variant: String, _ value: Double?, subject: String? = nil, epoch: Int = final) {
            if let v = value, v.isFinite {
                records.append(MeasureRecord(epoch: epoch, layer: 1, measure: measure, variant: variant, subject: subject, value: v))
            }
        }
        let share = summary.intraShare
        add("intra_share", "mean", share.mean)
        add("intra_share", "median", share.median)
        add("intra_share", "sd", share.standardDeviation)
        add("intra_share", "min", share.minimum)
        add("intra_share", "max", share.maximum)
        add("squared_intra_share", "mean", summary.squaredIntraShare.mean)
        add("plane_fraction", "mean", summary.planeFraction.mean)
        if !displacements.isEmpty {
            let n = Double(displacements.count)
            add("inter_displacement", "mean_abs", displacements.reduce(0) { $0 + Swift.abs($1.inter) } / n)
            add("intra_displacement", "mean_abs", displacements.reduce(0) { $0 + Swift.abs($1.intra) } / n)
        }
        add("single_condition_fraction", "threshold_0.5", summary.singleConditionFraction)
        add("class_fraction", "threshold_0.5", summary.classFraction)
        add("analysed_units", "count", Double(summary.analysedUnits))
        for d in displacements { add("unit_intra_share", "l1", d.intraShare, subject: "unit\(d.unit)") }

        if keepsTrajectories {
            for path in try dynamics.trajectories(result.snapshots) where path.unit < s.trajectoryUnits {
                for (epoch, p) in zip(path.epochs, path.points) {
                    add("traj_inter", "projection", p.inter, subject: "unit\(path.unit)", epoch: epoch)
                    add("traj_intra", "projection", p.intra, subject: "unit\(path.unit)", epoch: epoch)
                    add("traj_residual", "projection", p.residual, subject: "unit\(path.unit)", epoch: epoch)
                }
            }
        }
        return NetworkResult(job: job, configuration: try configuration(job: job, variant: variant, task: spec, options: options,
                                                                         activation: activation),
                             records: records)
    }

    func configuration(job: SweepJob, variant: TaskVariant, task: TaskSpec, options: TrainingOptions,
                       activation: Activation) throws -> String {
        struct Resolved: Encodable {
            var experiment: String
            var seed: UInt64
            var task: String
            var network: NetworkSpec
            var training: TrainingOptions
            var trainSamples: Int
            var testSamples: Int
            var axes: String
            var selectivity: SelectivityCriterion
            var trajectories: String
        }
        let s = Self.settings
        let limit = !variant.hasInterClassAxis
        let resolved = Resolved(
            experiment: id, seed: job.seed, task: task.text, network: Self.networkSpec(activation), training: options,
            trainSamples: s.trainSamples, testSamples: s.testSamples,
            axes: limit ? "UnitAxes of the same task at delta=1 (the delta -> 0+ limit; the class centroids coincide at delta=0)"
                        : "UnitAxes (docs/dynamics.md §1)",
            selectivity: SelectivityCriterion(),
            trajectories: job.seed == s.trajectorySeed ? "units 0..<\(s.trajectoryUnits) at the snapshot epochs" : "none")
        return try CanonicalJSON.encode(resolved)
    }
}
