/// Loss and accuracy of a network on a whole dataset.
public struct Evaluation: Sendable, Equatable, Codable {
    /// Mean loss per sample.
    public var loss: Double
    /// Fraction of correct decisions (per output for bce/mse, per sample for softmax).
    public var accuracy: Double
}

/// What a checkpoint reports (the network itself is passed to the callback separately).
public struct CheckpointMetrics: Sendable, Equatable, Codable {
    public var epoch: Int
    public var train: Evaluation
    public var test: Evaluation?
    /// Largest absolute change of a trained parameter over the last epoch (when early stopping
    /// is enabled, otherwise nil).
    public var maxParameterChange: Double?
}

/// A network at a checkpoint, with its metrics.
public struct TrainingCheckpoint<S: BLASScalar>: Sendable {
    public var metrics: CheckpointMetrics
    public var network: Network<S>
}

/// The outcome of one training run.
public struct TrainingResult<S: BLASScalar>: Sendable {
    public var network: Network<S>
    public var checkpoints: [CheckpointMetrics]
    /// Copies of the network at the requested snapshot epochs (that were reached).
    public var snapshots: [(epoch: Int, network: Network<S>)]
    /// The epoch at which training stopped early, if it did.
    public var stoppedEarlyAt: Int?
    /// Minibatch steps taken.
    public var steps: Int
}

/// Training failed in a way the user must hear about (never silently continued).
public struct TrainingError: Error, CustomStringConvertible {
    public let description: String
}

/// Minibatch training of a `Network` (SPEC §3): epochs over reshuffled minibatches (the last
/// batch of an epoch may be smaller), checkpoints at epoch 0, every m epochs and at the end,
/// optional early stopping, snapshots. Deterministic: the batch order comes from the
/// `.batchOrder` stream of `seed`, so the same network, data and seed give bit-identical results.
public struct Trainer<S: BLASScalar>: Sendable {
    public var options: TrainingOptions

    public init(options: TrainingOptions) { self.options = options }

    public func train(
        _ initial: Network<S>, on data: Dataset<S>, test: Dataset<S>? = nil, seed: UInt64,
        onEpoch: ((Int) -> Void)? = nil,
        onCheckpoint: (TrainingCheckpoint<S>) throws -> Void = { _ in }
    ) throws -> TrainingResult<S> {
        try options.validate()
        precondition(data.inputs.columns == initial.inputCount, "dataset inputs do not match the network")
        precondition(data.targets.columns == initial.outputCount, "dataset targets do not match the network")
        let batch = min(options.batchSize, max(data.count, 1))
        let ws = TrainingWorkspace(network: initial, batchCapacity: batch, optimizer: options.optimizer)
        var network = initial
        var checkpoints: [CheckpointMetrics] = []
        var snapshots: [(Int, Network<S>)] = []
        let snapshotSet = Set(options.snapshotEpochs)
        if snapshotSet.contains(0) { snapshots.append((0, initial)) }
        let activation = initial.activation, loss = options.loss, optimizer = options.optimizer
        let learningRate = S(options.learningRate)

        let (steps, stoppedEarly) = try MinibatchSchedule<S>(options: options).run(
            data: data, seed: seed, batch: batch,
            step: { x, y, rows, m, t in
                ws.gather(inputs: x, targets: y, rows: rows, count: m)
                ws.step(rows: m, activation: activation, loss: loss, optimizer: optimizer, learningRate: learningRate, stepNumber: t)
            },
            trainedParameters: { ws.trainedParameters(into: &$0) },
            onEpoch: onEpoch,
            afterEpoch: { epoch in
                if snapshotSet.contains(epoch) {
                    ws.write(into: &network)
                    snapshots.append((epoch, network))
                }
            },
            checkpoint: { epoch, change in
                ws.write(into: &network)
                let metrics = try MinibatchSchedule<S>.metrics(epoch: epoch, change: change, train: evaluate(network, on: data, loss: loss),
                                                              test: test.map { evaluate(network, on: $0, loss: loss) })
                checkpoints.append(metrics)
                try onCheckpoint(TrainingCheckpoint(metrics: metrics, network: network))
            })
        ws.write(into: &network)
        return TrainingResult(network: network, checkpoints: checkpoints, snapshots: snapshots,
                              stoppedEarlyAt: stoppedEarly, steps: steps)
    }
}

/// Mean loss and accuracy of `network` on `data` (full forward pass; not a hot path).
public func evaluate<S: BLASScalar>(_ network: Network<S>, on data: Dataset<S>, loss: Loss) -> Evaluation {
    guard data.count > 0 else { return Evaluation(loss: .nan, accuracy: .nan) }
    return loss.evaluation(logits: network.logits(data.inputs), targets: data.targets)
}
