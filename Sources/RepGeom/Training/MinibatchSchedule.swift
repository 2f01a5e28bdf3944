/// The training schedule every trainer shares (SPEC §3), whatever the network: epochs over
/// minibatches reshuffled from the `.batchOrder` stream of `seed` (the last batch of an epoch may
/// be smaller), checkpoints at epoch 0, every `checkpointEvery` epochs, at the last epoch and at
/// an early stop (largest absolute change of a trained parameter over an epoch below
/// `earlyStopTolerance`). The network-specific work comes in as closures: one minibatch step, a
/// copy of the trained parameters, what to do after an epoch (snapshots), and a checkpoint.
/// Deterministic: the same data, seed and steps give the same order and the same checkpoints.
struct MinibatchSchedule<S: BLASScalar> {
    var options: TrainingOptions

    /// Runs the schedule; returns the number of steps taken and the early-stop epoch, if any.
    ///
    /// - Parameters:
    ///   - step: gathers the rows `rows[0..<count]` of the inputs `x` and targets `y` and takes
    ///     step number `stepNumber` (1-based) on them.
    ///   - trainedParameters: copies every trained parameter into the buffer (early stopping only).
    ///   - afterEpoch: called after every epoch, once its parameter change is known.
    ///   - checkpoint: called with the epoch and the epoch's parameter change (nil at epoch 0 or
    ///     without early stopping).
    func run(
        data: Dataset<S>, seed: UInt64, batch: Int,
        step: (_ x: UnsafePointer<S>, _ y: UnsafePointer<S>, _ rows: UnsafePointer<Int>, _ count: Int, _ stepNumber: Int) -> Void,
        trainedParameters: (inout [S]) -> Void,
        onEpoch: ((Int) -> Void)?,
        afterEpoch: (Int) -> Void = { _ in },
        checkpoint: (_ epoch: Int, _ change: Double?) throws -> Void
    ) throws -> (steps: Int, stoppedEarlyAt: Int?) {
        let n = data.count
        try checkpoint(0, nil)
        if n == 0 || options.epochs == 0 { return (0, nil) }
        var rng = RandomSource(seed: seed, stream: .batchOrder)
        var order = Array(0..<n)
        var before: [S] = [], after: [S] = []
        var steps = 0
        var stoppedEarly: Int? = nil
        for epoch in 1...options.epochs {
            if options.earlyStopTolerance != nil { trainedParameters(&before) }
            rng.shuffle(&order)
            data.inputs.elements.withUnsafeBufferPointer { x in
                data.targets.elements.withUnsafeBufferPointer { y in
                    order.withUnsafeBufferPointer { idx in
                        var start = 0
                        while start < n {
                            let m = min(batch, n - start)
                            steps += 1
                            step(x.baseAddress!, y.baseAddress!, idx.baseAddress! + start, m, steps)
                            start += m
                        }
                    }
                }
            }
            onEpoch?(epoch)
            var change: Double? = nil
            if let tol = options.earlyStopTolerance {
                trainedParameters(&after)
                var c = 0.0
                for i in before.indices { c = max(c, Double(Swift.abs(after[i] - before[i]))) }
                change = c
                if c < tol { stoppedEarly = epoch }
            }
            afterEpoch(epoch)
            if epoch % options.checkpointEvery == 0 || epoch == options.epochs || stoppedEarly != nil {
                try checkpoint(epoch, change)
            }
            if stoppedEarly != nil { break }
        }
        return (steps, stoppedEarly)
    }

    /// The metrics of a checkpoint; throws when the training loss is no longer finite (training
    /// diverged — never silently continued).
    static func metrics(epoch: Int, change: Double?, train: Evaluation, test: Evaluation?) throws -> CheckpointMetrics {
        if !train.loss.isFinite {
            throw TrainingError(description: "training diverged: the loss is \(train.loss) at epoch \(epoch) (try a smaller learning rate)")
        }
        return CheckpointMetrics(epoch: epoch, train: train, test: test, maxParameterChange: change)
    }
}
