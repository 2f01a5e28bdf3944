/// The training schedule (SPEC §3). Defaults are the reference settings.
public struct TrainingOptions: Sendable, Equatable, Codable {
    public var loss: Loss = .bce
    public var optimizer: Optimizer = .sgd
    public var learningRate: Double = 0.1
    public var epochs: Int = 1000
    public var batchSize: Int = 64
    /// Checkpoints (and their callbacks) at epoch 0, every `checkpointEvery` epochs, and at the end.
    public var checkpointEvery: Int = 10
    /// Stop early when the largest absolute change of any trained parameter over one epoch falls
    /// below this tolerance (nil: never; reference 1e-5 when enabled).
    public var earlyStopTolerance: Double? = nil
    /// Epochs at which a copy of the whole network is kept (0 = before training).
    public var snapshotEpochs: [Int] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case loss, optimizer, learningRate = "lr", epochs, batchSize = "batch_size"
        case checkpointEvery = "checkpoint_every", earlyStopTolerance = "early_stop_tolerance"
        case snapshotEpochs = "snapshot_epochs"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TrainingOptions()
        loss = try c.decodeIfPresent(Loss.self, forKey: .loss) ?? d.loss
        optimizer = try c.decodeIfPresent(Optimizer.self, forKey: .optimizer) ?? d.optimizer
        learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate) ?? d.learningRate
        epochs = try c.decodeIfPresent(Int.self, forKey: .epochs) ?? d.epochs
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? d.batchSize
        checkpointEvery = try c.decodeIfPresent(Int.self, forKey: .checkpointEvery) ?? d.checkpointEvery
        earlyStopTolerance = try c.decodeIfPresent(Double.self, forKey: .earlyStopTolerance)
        snapshotEpochs = try c.decodeIfPresent([Int].self, forKey: .snapshotEpochs) ?? d.snapshotEpochs
    }

    /// Checks the values a user can get wrong; throws a one-line error naming the field.
    public func validate() throws {
        if !(learningRate > 0 && learningRate.isFinite) { throw InputError("training.lr", "must be a positive number, got \(learningRate)") }
        if epochs < 0 || epochs > 10_000_000 { throw InputError("training.epochs", "must be in 0…10000000, got \(epochs)") }
        if batchSize < 1 || batchSize > 1_000_000 { throw InputError("training.batch_size", "must be in 1…1000000, got \(batchSize)") }
        if checkpointEvery < 1 { throw InputError("training.checkpoint_every", "must be ≥ 1, got \(checkpointEvery)") }
        if let t = earlyStopTolerance, !(t >= 0 && t.isFinite) {
            throw InputError("training.early_stop_tolerance", "must be ≥ 0, got \(t)")
        }
        if let e = snapshotEpochs.first(where: { $0 < 0 }) { throw InputError("training.snapshot_epochs", "negative epoch \(e)") }
    }
}
