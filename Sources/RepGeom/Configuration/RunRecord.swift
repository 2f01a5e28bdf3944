import Foundation

/// The self-describing record of one trained network, written by `repgeom train --out`: the
/// resolved configuration (re-running it reproduces the network), the seed, the software
/// version, the task summary, and loss and accuracy at every checkpoint.
public struct RunRecord: Sendable, Codable, Equatable {
    /// Loss and accuracy at one checkpoint (accuracy: fraction of correct output decisions).
    public struct Checkpoint: Sendable, Codable, Equatable {
        public var epoch: Int
        public var trainLoss: Double
        public var trainAccuracy: Double
        public var testLoss: Double?
        public var testAccuracy: Double?
        /// Largest parameter change over the last epoch (only with early stopping).
        public var maxParameterChange: Double?

        public init(_ m: CheckpointMetrics) {
            epoch = m.epoch
            trainLoss = m.train.loss
            trainAccuracy = m.train.accuracy
            testLoss = m.test?.loss
            testAccuracy = m.test?.accuracy
            maxParameterChange = m.maxParameterChange
        }

        enum CodingKeys: String, CodingKey {
            case epoch, trainLoss = "train_loss", trainAccuracy = "train_accuracy", testLoss = "test_loss"
            case testAccuracy = "test_accuracy", maxParameterChange = "max_parameter_change"
        }
    }

    /// The resolved configuration of this network (`seeds == [seed]`, task seed in effect).
    public var configuration: RunConfiguration
    public var seed: UInt64
    /// `RepGeomVersion.string`.
    public var version: String
    public var task: TaskSummary
    public var checkpoints: [Checkpoint]
    /// The last checkpoint.
    public var final: Checkpoint
    public var stoppedEarlyAt: Int?
    /// Minibatch steps taken.
    public var steps: Int

    public init(configuration: RunConfiguration, seed: UInt64, version: String = RepGeomVersion.string, task: TaskSummary,
                checkpoints: [CheckpointMetrics], stoppedEarlyAt: Int?, steps: Int) {
        precondition(!checkpoints.isEmpty, "a run has at least the epoch-0 checkpoint")
        self.configuration = configuration
        self.seed = seed
        self.version = version
        self.task = task
        self.checkpoints = checkpoints.map(Checkpoint.init)
        self.final = self.checkpoints.last!
        self.stoppedEarlyAt = stoppedEarlyAt
        self.steps = steps
    }

    enum CodingKeys: String, CodingKey {
        case configuration, seed, version, task, checkpoints, final, stoppedEarlyAt = "stopped_early_at", steps
    }

    /// Pretty, sorted-key JSON (stable across runs: equal records give equal bytes).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Writes the record atomically to `url`.
    public func write(to url: URL) throws {
        try AtomicFile.write(try json(), to: url)
    }
}
