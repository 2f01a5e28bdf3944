import Foundation

/// Everything that determines one training run of one or more networks: the task, the network,
/// the training schedule, the sample counts and the seeds (SPEC §3, §7).
///
/// Codable with snake_case keys (see `docs/training.md` for the file format); decoding is strict
/// (unknown keys are errors) and every error names its field. `canonicalJSON` is the form
/// written into records.
public struct RunConfiguration: Sendable, Equatable {
    /// Floating-point type of training (measures are always Double).
    public enum Precision: String, Sendable, Codable, CaseIterable {
        case float, double
    }

    /// Whether the task geometry (T3's random spectrum and embedding, T1's patterns, …) is the
    /// same for every network or drawn anew for each.
    public enum TaskGeometry: String, Sendable, Codable, CaseIterable {
        /// Every network uses the task spec's own `seed`.
        case shared
        /// Network seed s uses the task with `seed = s` (the spec's seed is replaced).
        case perNetwork = "per_network"
    }

    public var task: TaskSpec
    public var network: NetworkSpec
    public var training: TrainingOptions
    /// Noisy training samples per network (reference 5000).
    public var trainSamples: Int
    /// Noisy test samples per network (reference 1000; 0 = no test set).
    public var testSamples: Int
    /// One network per seed; each seed drives the noise (data), initialisation and batch-order
    /// streams of its network.
    public var seeds: [UInt64]
    public var taskGeometry: TaskGeometry
    public var precision: Precision

    public init(task: TaskSpec, network: NetworkSpec = NetworkSpec(), training: TrainingOptions = TrainingOptions(),
                trainSamples: Int = ConditionTask.referenceTrainCount, testSamples: Int = ConditionTask.referenceTestCount,
                seeds: [UInt64] = [0], taskGeometry: TaskGeometry = .shared, precision: Precision = .float) {
        self.task = task
        self.network = network
        self.training = training
        self.trainSamples = trainSamples
        self.testSamples = testSamples
        self.seeds = seeds
        self.taskGeometry = taskGeometry
        self.precision = precision
    }

    /// Limits that keep a run's memory bounded (a typo must not allocate gigabytes).
    public static let maximumSamples = 10_000_000
    public static let maximumDatasetElements = 1 << 28
    public static let maximumSeeds = 100_000

    /// Checks every field that can be checked without building the task; throws a one-line
    /// `InputError` naming the field. (`prepare` also checks what needs the task.)
    public func validate() throws {
        try task.validate()
        try network.validate()
        try network.activation.validate(location: "network.activation")
        try training.validate()
        if !(1...RunConfiguration.maximumSamples).contains(trainSamples) {
            throw InputError("train_samples", "\(trainSamples) outside 1…\(RunConfiguration.maximumSamples)")
        }
        if !(0...RunConfiguration.maximumSamples).contains(testSamples) {
            throw InputError("test_samples", "\(testSamples) outside 0…\(RunConfiguration.maximumSamples)")
        }
        if seeds.isEmpty { throw InputError("seeds", "needs at least one seed") }
        if seeds.count > RunConfiguration.maximumSeeds { throw InputError("seeds", "more than \(RunConfiguration.maximumSeeds) seeds") }
        if Set(seeds).count != seeds.count {
            let repeated = seeds.first { s in seeds.filter { $0 == s }.count > 1 }!
            throw InputError("seeds", "seed \(repeated) is listed twice (each seed is one network)")
        }
        if let e = training.snapshotEpochs.first(where: { $0 > training.epochs }) {
            throw InputError("training.snapshot_epochs", "epoch \(e) is after the last epoch \(training.epochs)")
        }
    }

    /// The task spec network `seed` uses (its geometry seed replaced under `per_network`).
    public func taskSpec(seed: UInt64) -> TaskSpec {
        guard taskGeometry == .perNetwork else { return task }
        var spec = task
        spec.seed = seed
        return spec
    }

    /// The configuration of network `seed` alone, fully resolved: `seeds = [seed]` and the task
    /// seed in effect, so that running it reproduces that network. What records store.
    public func resolved(seed: UInt64) -> RunConfiguration {
        var c = self
        c.task = taskSpec(seed: seed)
        c.taskGeometry = .shared
        c.seeds = [seed]
        return c
    }

    /// Sorted-key JSON of the configuration, the form records carry.
    public var canonicalJSON: String {
        // Every field is finite (validated) and encodable; a failure here is a programming error.
        try! CanonicalJSON.encode(self)
    }
}

extension RunConfiguration {
    /// Seeds from text: "3", "0,1,5", "0-9" (inclusive), or mixtures "0-4,10".
    public static func parseSeeds(_ text: String, location: String = "seeds") throws -> [UInt64] {
        var seeds: [UInt64] = []
        for part in text.split(separator: ",") {
            let item = part.trimmingCharacters(in: .whitespaces)
            let ends = item.split(separator: "-", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if ends.count == 2 {
                guard let a = UInt64(ends[0]), let b = UInt64(ends[1]), a <= b else {
                    throw InputError(location, "'\(item)' is not a seed range a-b with a ≤ b")
                }
                guard b - a < UInt64(maximumSeeds) else { throw InputError(location, "'\(item)' has more than \(maximumSeeds) seeds") }
                seeds.append(contentsOf: a...b)
            } else {
                guard let s = UInt64(item) else { throw InputError(location, "'\(item)' is not a seed (a whole number ≥ 0)") }
                seeds.append(s)
            }
        }
        if seeds.isEmpty { throw InputError(location, "needs at least one seed (e.g. 0, 0-9 or 0,1,5)") }
        return seeds
    }
}
