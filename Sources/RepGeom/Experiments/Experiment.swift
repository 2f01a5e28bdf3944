/// The experiment catalogue's contract (SPEC §6): an experiment is a list of independent network
/// jobs (a grid over parameters × nonlinearities × seeds), a way to run one job into records, and
/// a way to turn the stored records into figures and claim checks.
///
/// Jobs are independent and deterministic: the same job gives the same records, so the sweep
/// runner can run them in any order, in parallel, sharded across machines, and skip the ones the
/// store already holds.
public protocol Experiment: Sendable {
    /// Catalogue id, e.g. "E4".
    var id: String { get }
    /// One line for the report, e.g. "Input–target alignment sweep".
    var title: String { get }
    /// The claims (SPEC §0) this experiment tests, as sentences.
    var claims: [String] { get }
    /// Every job at `scale`, in a fixed order.
    func jobs(scale: ExperimentScale) throws -> [SweepJob]
    /// Trains and measures one network. Must be deterministic in `job`.
    func run(_ job: SweepJob) throws -> NetworkResult
    /// Figures and claim checks from the results of every job of `scale` (read back from the store).
    func report(_ results: [NetworkResult], scale: ExperimentScale) throws -> ExperimentReport
}

/// Quick: minutes on a laptop, fewer seeds/epochs/grid points, same code path. Paper: SPEC settings.
public enum ExperimentScale: String, Sendable, Codable, CaseIterable {
    case quick, paper
}

/// A swept parameter's value (a JSON scalar).
public enum ParameterValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else { self = .string(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        }
    }

    public var description: String {
        switch self {
        case .int(let v): "\(v)"
        case .double(let v): "\(v)"
        case .string(let v): v
        case .bool(let v): "\(v)"
        }
    }

    /// The value as a Double when numeric (ints convert), else nil.
    public var number: Double? {
        switch self {
        case .int(let v): Double(v)
        case .double(let v): v
        default: nil
        }
    }
}

/// One network to train and measure: a point of an experiment's grid and a replicate seed.
public struct SweepJob: Sendable, Hashable, Codable {
    /// The experiment id.
    public var experiment: String
    /// Swept parameter → value, including the nonlinearity (key "nonlinearity").
    public var setting: [String: ParameterValue]
    /// The network's seed (task, initialisation, batch order and measure streams derive from it).
    public var seed: UInt64

    public init(experiment: String, setting: [String: ParameterValue], seed: UInt64) {
        self.experiment = experiment
        self.setting = setting
        self.seed = seed
    }
}

/// One measured number: what, at which checkpoint and layer, by which variant.
public struct MeasureRecord: Sendable, Hashable, Codable {
    /// Training epoch of the checkpoint (0 = before training).
    public var epoch: Int
    /// Hidden layer, 1-based (1 for the shallow network); 0 for the input itself.
    public var layer: Int
    /// Measure name, e.g. "target_alignment", "ps", "ccgp", "decoding", "train_accuracy".
    public var measure: String
    /// The variant that produced it, e.g. "cka_linear_gretton_condition", "max", "leave_one_per_side".
    public var variant: String
    /// What the value is about when not the whole representation: a dichotomy ("b1", "trained0"),
    /// a unit ("unit12"), …; nil otherwise.
    public var subject: String?
    public var value: Double

    public init(epoch: Int, layer: Int, measure: String, variant: String, subject: String? = nil, value: Double) {
        self.epoch = epoch
        self.layer = layer
        self.measure = measure
        self.variant = variant
        self.subject = subject
        self.value = value
    }
}

/// Everything one job produced, self-describing.
public struct NetworkResult: Sendable, Codable, Equatable {
    public var job: SweepJob
    /// The full resolved configuration (task, network, training, measures) as canonical JSON.
    public var configuration: String
    /// `RepGeomVersion.string` of the build that produced it.
    public var version: String
    public var records: [MeasureRecord]

    public init(job: SweepJob, configuration: String, version: String = RepGeomVersion.string, records: [MeasureRecord]) {
        self.job = job
        self.configuration = configuration
        self.version = version
        self.records = records
    }
}
