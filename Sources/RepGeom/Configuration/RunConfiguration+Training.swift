/// The library's training entry point: task → data → network → training, for one network seed.
///
/// Random streams (SPEC §7): the task geometry from the `.task` stream of the task's seed (the
/// spec's, or the network seed under `task_geometry: per_network`); the training and test sets
/// from forks 0 and 1 of the `.noise` stream of the network seed; the initialisation and batch
/// order from its `.initialisation` and `.batchOrder` streams. Same configuration and seed ⇒
/// bit-identical weights and losses on one build and machine.

/// A network at a checkpoint of a configured run: what a measure needs.
public struct RunCheckpoint<S: BLASScalar>: Sendable {
    /// The network seed.
    public var seed: UInt64
    /// Training epoch (0 = before training).
    public var epoch: Int
    /// The network at this epoch.
    public var network: Network<S>
    /// The task it is trained on (means, targets, latent bits).
    public var task: ConditionTask
    /// Loss and accuracy on the training and test sets at this epoch.
    public var metrics: CheckpointMetrics
}

/// The data and initial network of one seed, before training.
public struct PreparedRun<S: BLASScalar>: Sendable {
    /// The resolved configuration of this network (`RunConfiguration.resolved(seed:)`).
    public var configuration: RunConfiguration
    public var seed: UInt64
    public var task: ConditionTask
    public var train: Dataset<S>
    /// Empty (0 rows) when `test_samples` is 0.
    public var test: Dataset<S>
    public var network: Network<S>
}

/// The outcome of one configured run.
public struct RunOutcome<S: BLASScalar>: Sendable {
    public var configuration: RunConfiguration
    public var seed: UInt64
    public var task: ConditionTask
    public var result: TrainingResult<S>
    /// The self-describing JSON record of this network.
    public var record: RunRecord
}

extension RunConfiguration {
    /// Builds and checks the task of network `seed` (also what needs the task: dataset size
    /// limits, loss–target compatibility). Throws one-line `InputError`s.
    public func makeTask(seed: UInt64) throws -> ConditionTask {
        try validate()
        let task = try taskSpec(seed: seed).make()
        try check(task)
        return task
    }

    /// The checks that need the built task.
    public func check(_ task: ConditionTask) throws {
        let elements = max(trainSamples, testSamples) * task.inputDimension
        if elements > RunConfiguration.maximumDatasetElements {
            throw InputError("train_samples", "\(max(trainSamples, testSamples)) samples × N = \(task.inputDimension) inputs exceed \(RunConfiguration.maximumDatasetElements) values")
        }
        var parameters = 0, fanIn = task.inputDimension
        for width in network.hiddenWidths + [task.outputCount] {
            parameters += (fanIn + 1) * width
            fanIn = width
        }
        if parameters > RunConfiguration.maximumDatasetElements {
            throw InputError("network.hidden_widths", "\(network.hiddenWidths) on N = \(task.inputDimension) inputs gives \(parameters) parameters (limit \(RunConfiguration.maximumDatasetElements))")
        }
        if training.loss == .softmax {
            let oneHot = (0..<task.conditionCount).allSatisfy { task.targets.row($0).reduce(0, +) == 1 }
            if task.outputCount < 2 || !oneHot {
                throw InputError("training.loss", "softmax needs one-hot class targets with k ≥ 2 outputs; this task has \(task.outputCount) binary output(s) — use bce or mse")
            }
        }
    }

    /// Task, data and initial network of network `seed`.
    public func prepare<S: BLASScalar>(seed: UInt64, as: S.Type = S.self) throws -> PreparedRun<S> {
        let task = try makeTask(seed: seed)
        let (train, test): (Dataset<S>, Dataset<S>) = task.trainAndTestSets(seed: seed, train: trainSamples, test: testSamples)
        let network = Network<S>(spec: self.network, inputs: task.inputDimension, outputs: task.outputCount, seed: seed)
        return PreparedRun(configuration: resolved(seed: seed), seed: seed, task: task, train: train, test: test, network: network)
    }

    /// Trains network `seed` of this configuration.
    ///
    /// - Parameters:
    ///   - onCheckpoint: called at epoch 0, every `training.checkpoint_every` epochs and at the
    ///     end, with the network, the epoch, the task and the metrics — where measures attach.
    ///     (A trailing closure binds here.)
    ///   - onEpoch: called after every epoch with its number (progress display).
    /// - Throws: `InputError` for invalid configurations (before any training), `TrainingError`
    ///   when training diverges, and whatever `onCheckpoint` throws.
    public func train<S: BLASScalar>(seed: UInt64, as: S.Type = S.self,
                                     onCheckpoint: (RunCheckpoint<S>) throws -> Void = { _ in },
                                     onEpoch: ((Int) -> Void)? = nil) throws -> RunOutcome<S> {
        let run: PreparedRun<S> = try prepare(seed: seed)
        return try train(run, onCheckpoint: onCheckpoint, onEpoch: onEpoch)
    }

    /// Trains a prepared run.
    public func train<S: BLASScalar>(_ run: PreparedRun<S>,
                                     onCheckpoint: (RunCheckpoint<S>) throws -> Void = { _ in },
                                     onEpoch: ((Int) -> Void)? = nil) throws -> RunOutcome<S> {
        let trainer = Trainer<S>(options: training)
        let task = run.task
        let result = try trainer.train(run.network, on: run.train, test: run.test.count > 0 ? run.test : nil, seed: run.seed,
                                       onEpoch: onEpoch) { checkpoint in
            try onCheckpoint(RunCheckpoint(seed: run.seed, epoch: checkpoint.metrics.epoch, network: checkpoint.network,
                                           task: task, metrics: checkpoint.metrics))
        }
        let record = RunRecord(configuration: run.configuration, seed: run.seed,
                               task: try TaskSummary(spec: run.configuration.task, task: task),
                               checkpoints: result.checkpoints, stoppedEarlyAt: result.stoppedEarlyAt, steps: result.steps)
        return RunOutcome(configuration: run.configuration, seed: run.seed, task: task, result: result, record: record)
    }

    /// Trains network `seed` in the configured precision and returns its record (what the
    /// command line writes). `onCheckpoint` sees only the metrics.
    public func trainRecord(seed: UInt64, onCheckpoint: (CheckpointMetrics) throws -> Void = { _ in },
                            onEpoch: ((Int) -> Void)? = nil) throws -> RunRecord {
        switch precision {
        case .float:
            return try train(seed: seed, as: Float.self, onCheckpoint: { try onCheckpoint($0.metrics) }, onEpoch: onEpoch).record
        case .double:
            return try train(seed: seed, as: Double.self, onCheckpoint: { try onCheckpoint($0.metrics) }, onEpoch: onEpoch).record
        }
    }
}
