/// A `ConvNetwork` at a checkpoint, with its metrics.
public struct ConvCheckpoint<S: BLASScalar>: Sendable {
    public var metrics: CheckpointMetrics
    public var network: ConvNetwork<S>
}

/// The outcome of training a `ConvNetwork`.
public struct ConvTrainingResult<S: BLASScalar>: Sendable {
    public var network: ConvNetwork<S>
    public var checkpoints: [CheckpointMetrics]
    public var stoppedEarlyAt: Int?
    public var steps: Int
}

/// Minibatch training of a `ConvNetwork` with the same schedule semantics as `Trainer` (SPEC §3):
/// epochs over minibatches reshuffled from the `.batchOrder` stream of `seed` (the last batch may
/// be smaller), checkpoints at epoch 0, every `checkpointEvery` epochs and at the end, optional
/// early stopping on the largest parameter change over an epoch. `snapshotEpochs` is not used
/// (take copies in `onCheckpoint`). Inputs are HWC rows (`ImageDataset.inputs(layout: .hwc)`).
/// Deterministic: same network, data and seed give bit-identical results.
public struct ConvTrainer<S: BLASScalar>: Sendable {
    public var options: TrainingOptions

    public init(options: TrainingOptions) { self.options = options }

    public func train(
        _ initial: ConvNetwork<S>, on data: Dataset<S>, test: Dataset<S>? = nil, seed: UInt64,
        onEpoch: ((Int) -> Void)? = nil,
        onCheckpoint: (ConvCheckpoint<S>) throws -> Void = { _ in }
    ) throws -> ConvTrainingResult<S> {
        try options.validate()
        precondition(data.inputs.columns == initial.inputCount, "dataset inputs do not match the network")
        precondition(data.targets.columns == initial.outputCount, "dataset targets do not match the network")
        let ws = ConvWorkspace(network: initial, batchCapacity: min(options.batchSize, max(data.count, 1)), optimizer: options.optimizer)
        var network = initial
        var checkpoints: [CheckpointMetrics] = []
        let loss = options.loss, optimizer = options.optimizer, learningRate = S(options.learningRate)
        let trainable = initial.layout.trainableCount

        let (steps, stoppedEarly) = try MinibatchSchedule<S>(options: options).run(
            data: data, seed: seed, batch: ws.batchCapacity,
            step: { x, y, rows, m, t in
                ws.gather(inputs: x, targets: y, rows: rows, count: m)
                ws.step(rows: m, loss: loss, optimizer: optimizer, learningRate: learningRate, stepNumber: t)
            },
            trainedParameters: { out in
                // The trainable parameters are the prefix of the flat parameter buffer.
                out.removeAll(keepingCapacity: true)
                out.append(contentsOf: UnsafeBufferPointer(start: ws.parameters, count: trainable))
            },
            onEpoch: onEpoch,
            checkpoint: { epoch, change in
                ws.write(into: &network)
                let metrics = try MinibatchSchedule<S>.metrics(epoch: epoch, change: change, train: evaluate(network, on: data, loss: loss),
                                                              test: test.map { evaluate(network, on: $0, loss: loss) })
                checkpoints.append(metrics)
                try onCheckpoint(ConvCheckpoint(metrics: metrics, network: network))
            })
        ws.write(into: &network)
        return ConvTrainingResult(network: network, checkpoints: checkpoints, stoppedEarlyAt: stoppedEarly, steps: steps)
    }
}

extension ConvNetwork {
    /// The batch-mean loss on `data` and its exact gradient with respect to every parameter
    /// (readout included, frozen or not) — for gradient checks and analyses.
    public func lossAndGradient(on data: Dataset<Scalar>, loss: Loss) -> (loss: Double, gradient: [Scalar]) {
        precondition(data.count >= 1 && data.inputs.columns == inputCount && data.targets.columns == outputCount)
        let ws = ConvWorkspace(network: self, batchCapacity: data.count, optimizer: .sgd)
        data.inputs.elements.withUnsafeBufferPointer { ws.input.update(from: $0.baseAddress!, count: $0.count) }
        data.targets.elements.withUnsafeBufferPointer { ws.target.update(from: $0.baseAddress!, count: $0.count) }
        let total = ws.lossAndGradient(rows: data.count, loss: loss)
        return (total / Double(data.count), Array(UnsafeBufferPointer(start: ws.gradient, count: layout.parameterCount)))
    }
}
