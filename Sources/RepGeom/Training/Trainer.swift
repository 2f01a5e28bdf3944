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
        let n = data.count
        let batch = min(options.batchSize, max(n, 1))
        let ws = TrainingWorkspace(network: initial, batchCapacity: batch, optimizer: options.optimizer)
        var network = initial
        var rng = RandomSource(seed: seed, stream: .batchOrder)
        var checkpoints: [CheckpointMetrics] = []
        var snapshots: [(Int, Network<S>)] = []
        var steps = 0
        var stoppedEarly: Int? = nil
        var before: [S] = [], after: [S] = []
        let snapshotSet = Set(options.snapshotEpochs)

        func checkpoint(_ epoch: Int, change: Double?) throws {
            ws.write(into: &network)
            let metrics = CheckpointMetrics(epoch: epoch, train: evaluate(network, on: data, loss: options.loss),
                                            test: test.map { evaluate(network, on: $0, loss: options.loss) },
                                            maxParameterChange: change)
            if !metrics.train.loss.isFinite {
                throw TrainingError(description: "training diverged: the loss is \(metrics.train.loss) at epoch \(epoch) (try a smaller learning rate)")
            }
            checkpoints.append(metrics)
            try onCheckpoint(TrainingCheckpoint(metrics: metrics, network: network))
        }

        if snapshotSet.contains(0) { snapshots.append((0, initial)) }
        try checkpoint(0, change: nil)
        if n == 0 || options.epochs == 0 {
            return TrainingResult(network: network, checkpoints: checkpoints, snapshots: snapshots, stoppedEarlyAt: nil, steps: 0)
        }
        var order = Array(0..<n)
        for epoch in 1...options.epochs {
            if options.earlyStopTolerance != nil { ws.trainedParameters(into: &before) }
            rng.shuffle(&order)
            data.inputs.elements.withUnsafeBufferPointer { x in
                data.targets.elements.withUnsafeBufferPointer { y in
                    order.withUnsafeBufferPointer { idx in
                        var start = 0
                        while start < n {
                            let m = min(batch, n - start)
                            ws.gather(inputs: x.baseAddress!, targets: y.baseAddress!, rows: idx.baseAddress! + start, count: m)
                            steps += 1
                            ws.step(rows: m, activation: network.activation, loss: options.loss,
                                    optimizer: options.optimizer, learningRate: S(options.learningRate), stepNumber: steps)
                            start += m
                        }
                    }
                }
            }
            onEpoch?(epoch)
            var change: Double? = nil
            if let tol = options.earlyStopTolerance {
                ws.trainedParameters(into: &after)
                var c = 0.0
                for i in before.indices { c = max(c, Double(Swift.abs(after[i] - before[i]))) }
                change = c
                if c < tol { stoppedEarly = epoch }
            }
            if snapshotSet.contains(epoch) {
                ws.write(into: &network)
                snapshots.append((epoch, network))
            }
            if epoch % options.checkpointEvery == 0 || epoch == options.epochs || stoppedEarly != nil {
                try checkpoint(epoch, change: change)
            }
            if stoppedEarly != nil { break }
        }
        ws.write(into: &network)
        return TrainingResult(network: network, checkpoints: checkpoints, snapshots: snapshots,
                              stoppedEarlyAt: stoppedEarly, steps: steps)
    }
}

/// Mean loss and accuracy of `network` on `data` (full forward pass; not a hot path).
public func evaluate<S: BLASScalar>(_ network: Network<S>, on data: Dataset<S>, loss: Loss) -> Evaluation {
    guard data.count > 0 else { return Evaluation(loss: .nan, accuracy: .nan) }
    let logits = network.logits(data.inputs)
    var grad = [S](repeating: 0, count: logits.count)
    let (total, counts) = logits.elements.withUnsafeBufferPointer { z in
        data.targets.elements.withUnsafeBufferPointer { y in
            grad.withUnsafeMutableBufferPointer { g in
                (loss.gradient(logits: z.baseAddress!, targets: y.baseAddress!, rows: data.count,
                               outputs: network.outputCount, scale: 1, into: g.baseAddress!),
                 loss.correct(logits: z.baseAddress!, targets: y.baseAddress!, rows: data.count, outputs: network.outputCount))
            }
        }
    }
    return Evaluation(loss: total / Double(data.count), accuracy: Double(counts.correct) / Double(max(counts.total, 1)))
}
