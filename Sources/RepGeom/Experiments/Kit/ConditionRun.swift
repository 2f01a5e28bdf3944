import Foundation

/// One network of an experiment on a condition task (T1–T4, T6): train it as `configuration`
/// says and measure it at its checkpoints as `plan` says — the body of most experiments' `run`.
///
/// The network's seed is the job's; `configuration.seeds` is ignored. Training metrics are
/// recorded at every checkpoint, geometry at the checkpoints the plan selects (epoch 0 and the
/// final checkpoint always, also after an early stop). The record's configuration is the
/// canonical JSON of the resolved run configuration, the measure plan, the experiment id and the
/// job's setting, so the record reproduces the network on its own.
public struct ConditionRun: Sendable {
    public var configuration: RunConfiguration
    public var plan: CheckpointMeasurePlan

    public init(configuration: RunConfiguration, plan: CheckpointMeasurePlan = CheckpointMeasurePlan()) {
        self.configuration = configuration
        self.plan = plan
    }

    public func run(_ job: SweepJob) throws -> NetworkResult {
        switch configuration.precision {
        case .float: return try run(job, as: Float.self)
        case .double: return try run(job, as: Double.self)
        }
    }

    func run<S: BLASScalar>(_ job: SweepJob, as: S.Type) throws -> NetworkResult {
        var config = configuration
        config.seeds = [job.seed]
        let readout = config.network.hiddenWidths.count + 1
        let plan = self.plan
        var records: [MeasureRecord] = []
        var index = 0
        var measuredEpochs = Set<Int>()
        let outcome = try config.train(seed: job.seed, as: S.self) { checkpoint in
            records += CheckpointMeasurer.trainingRecords(checkpoint.metrics, readoutLayer: readout, loss: config.training.loss)
            if plan.measures(checkpointIndex: index, isFinal: checkpoint.epoch == config.training.epochs) {
                records += try CheckpointMeasurer.records(network: checkpoint.network, task: checkpoint.task,
                                                          epoch: checkpoint.epoch, seed: job.seed, plan: plan)
                measuredEpochs.insert(checkpoint.epoch)
            }
            index += 1
        }
        if let last = outcome.result.checkpoints.last?.epoch, !measuredEpochs.contains(last) {
            records += try CheckpointMeasurer.records(network: outcome.result.network, task: outcome.task,
                                                      epoch: last, seed: job.seed, plan: plan)
        }
        return NetworkResult(job: job, configuration: try Self.configurationJSON(job: job, run: config.resolved(seed: job.seed), plan: plan),
                             records: records)
    }

    /// Sorted-key JSON of everything that determines a job's records.
    public static func configurationJSON<Extra: Encodable>(job: SweepJob, run: RunConfiguration, plan: Extra) throws -> String {
        try CanonicalJSON.encode(ResolvedJob(experiment: job.experiment, setting: job.setting, seed: job.seed, run: run, measures: plan))
    }
}

extension SweepJob {
    /// The setting's value for `key` as a Double (ints convert); throws naming the job when absent.
    public func number(_ key: String) throws -> Double {
        guard let v = setting[key]?.number else { throw InputError("\(experiment) job \(key)", "setting \(key) missing or not a number") }
        return v
    }

    /// The setting's integer value for `key`.
    public func integer(_ key: String) throws -> Int {
        guard case .int(let v)? = setting[key] else { throw InputError("\(experiment) job \(key)", "setting \(key) missing or not an integer") }
        return v
    }

    /// The setting's string value for `key`.
    public func string(_ key: String) throws -> String {
        guard case .string(let v)? = setting[key] else { throw InputError("\(experiment) job \(key)", "setting \(key) missing or not a string") }
        return v
    }
}

/// The configuration text of a job's records: what determined them.
struct ResolvedJob<Plan: Encodable>: Encodable {
    var experiment: String
    var setting: [String: ParameterValue]
    var seed: UInt64
    var run: RunConfiguration
    var measures: Plan
}
