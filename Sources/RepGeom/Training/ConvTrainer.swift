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
        let n = data.count
        let ws = ConvWorkspace(network: initial, batchCapacity: min(options.batchSize, max(n, 1)), optimizer: options.optimizer)
        var network = initial
        var rng = RandomSource(seed: seed, stream: .batchOrder)
        var checkpoints: [CheckpointMetrics] = []
        var steps = 0
        var stoppedEarly: Int? = nil
        let trainable = initial.layout.trainableCount
        var before = [S](repeating: 0, count: options.earlyStopTolerance == nil ? 0 : trainable)

        func checkpoint(_ epoch: Int, change: Double?) throws {
            ws.write(into: &network)
            let metrics = CheckpointMetrics(epoch: epoch, train: evaluate(network, on: data, loss: options.loss),
                                            test: test.map { evaluate(network, on: $0, loss: options.loss) },
                                            maxParameterChange: change)
            if !metrics.train.loss.isFinite {
                throw TrainingError(description: "training diverged: the loss is \(metrics.train.loss) at epoch \(epoch) (try a smaller learning rate)")
            }
            checkpoints.append(metrics)
            try onCheckpoint(ConvCheckpoint(metrics: metrics, network: network))
        }

        try checkpoint(0, change: nil)
        if n == 0 || options.epochs == 0 {
            return ConvTrainingResult(network: network, checkpoints: checkpoints, stoppedEarlyAt: nil, steps: 0)
        }
        var order = Array(0..<n)
        let lr = S(options.learningRate)
        for epoch in 1...options.epochs {
            if options.earlyStopTolerance != nil {
                before.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: ws.parameters, count: trainable) }
            }
            rng.shuffle(&order)
            data.inputs.elements.withUnsafeBufferPointer { x in
                data.targets.elements.withUnsafeBufferPointer { y in
                    order.withUnsafeBufferPointer { idx in
                        var start = 0
                        while start < n {
                            let m = min(ws.batchCapacity, n - start)
                            ws.gather(inputs: x.baseAddress!, targets: y.baseAddress!, rows: idx.baseAddress! + start, count: m)
                            steps += 1
                            ws.step(rows: m, loss: options.loss, optimizer: options.optimizer, learningRate: lr, stepNumber: steps)
                            start += m
                        }
                    }
                }
            }
            onEpoch?(epoch)
            var change: Double? = nil
            if let tol = options.earlyStopTolerance {
                var c = 0.0
                for i in 0..<trainable { c = max(c, Double(Swift.abs(ws.parameters[i] - before[i]))) }
                change = c
                if c < tol { stoppedEarly = epoch }
            }
            if epoch % options.checkpointEvery == 0 || epoch == options.epochs || stoppedEarly != nil {
                try checkpoint(epoch, change: change)
            }
            if stoppedEarly != nil { break }
        }
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
