import Foundation

/// The configuration file format (YAML or JSON; `docs/training.md`):
///
///     task: aligned_cube:d=3,k=1,c=0.2      # or a mapping {family: aligned_cube, d: 3, …}
///     network: {hidden_widths: [128], activation: tanh}
///     training: {epochs: 1000, lr: 0.1, batch_size: 64, optimizer: sgd, loss: bce}
///     train_samples: 5000
///     test_samples: 1000
///     seeds: [0, 1, 2]                       # or seed: 0, or "0-9"
///     task_geometry: shared                  # or per_network
///     precision: float                       # or double
///
/// Only `task` is required. Decoding is strict: an unknown key anywhere is an error naming it
/// and listing the known ones, and an unknown value of a named choice lists the choices.
extension RunConfiguration: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case task, network, training, trainSamples = "train_samples", testSamples = "test_samples", seeds, seed
        case taskGeometry = "task_geometry", precision
    }

    public init(from decoder: Decoder) throws {
        let path = decoder.codingPath
        func at(_ key: String) -> String {
            let base = CodingPathText.location(path, default: "")
            return base.isEmpty ? key : "\(base).\(key)"
        }
        let raw = try decoder.container(keyedBy: TaskSpec.AnyKey.self)
        try Self.rejectUnknownKeys(raw.allKeys.map(\.stringValue), known: CodingKeys.allCases.map(\.rawValue), at: "")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.task) {
            task = try c.decode(TaskSpec.self, forKey: .task)
        } else if let fallback = decoder.userInfo[RunConfiguration.defaultTaskKey] as? TaskSpec {
            task = fallback
        } else {
            throw InputError(at("task"), "missing (e.g. task: aligned_cube:d=3,k=1,c=0.2)")
        }

        if c.contains(.network) {
            let n = try c.nestedContainer(keyedBy: TaskSpec.AnyKey.self, forKey: .network)
            let keys = n.allKeys.map(\.stringValue)
            try Self.rejectUnknownKeys(keys, known: Self.knownKeys(of: NetworkSpec()), at: "network",
                                       accepts: { NetworkSpec.CodingKeys(stringValue: $0) != nil })
            try Self.checkChoice(n, "weight_init", NetworkSpec.WeightInit.self, at: "network")
            try Self.checkChoice(n, "bias_init", NetworkSpec.BiasInit.self, at: "network")
            try Self.checkChoice(n, "readout_init", NetworkSpec.ReadoutInit.self, at: "network")
            try Self.checkChoice(n, "readout_bias_init", NetworkSpec.BiasInit.self, at: "network")
            network = try c.decode(NetworkSpec.self, forKey: .network)
        } else {
            network = NetworkSpec()
        }

        if c.contains(.training) {
            let t = try c.nestedContainer(keyedBy: TaskSpec.AnyKey.self, forKey: .training)
            try Self.rejectUnknownKeys(t.allKeys.map(\.stringValue), known: Self.knownKeys(of: TrainingOptions()) + ["early_stop_tolerance"],
                                       at: "training", accepts: { TrainingOptions.CodingKeys(stringValue: $0) != nil })
            try Self.checkChoice(t, "loss", Loss.self, at: "training")
            do {
                training = try c.decode(TrainingOptions.self, forKey: .training)
            } catch let e as InputError where e.location == "optimizer" {
                throw InputError(at("training.optimizer"), e.message)
            }
        } else {
            training = TrainingOptions()
        }

        trainSamples = try c.decodeIfPresent(Int.self, forKey: .trainSamples) ?? ConditionTask.referenceTrainCount
        testSamples = try c.decodeIfPresent(Int.self, forKey: .testSamples) ?? ConditionTask.referenceTestCount
        if c.contains(.seeds) && c.contains(.seed) {
            throw InputError(at("seed"), "give either seed or seeds, not both")
        }
        if c.contains(.seed) {
            seeds = [try c.decode(UInt64.self, forKey: .seed)]
        } else if c.contains(.seeds) {
            if let list = try? c.decode([UInt64].self, forKey: .seeds) {
                seeds = list
            } else if let one = try? c.decode(UInt64.self, forKey: .seeds) {
                seeds = [one]
            } else if let text = try? c.decode(String.self, forKey: .seeds) {
                seeds = try RunConfiguration.parseSeeds(text, location: at("seeds"))
            } else {
                throw InputError(at("seeds"), "expected a list of whole numbers ≥ 0, or a range like \"0-9\"")
            }
        } else {
            seeds = [0]
        }
        try Self.checkChoice(raw, "task_geometry", TaskGeometry.self, at: "")
        try Self.checkChoice(raw, "precision", Precision.self, at: "")
        taskGeometry = try c.decodeIfPresent(TaskGeometry.self, forKey: .taskGeometry) ?? .shared
        precision = try c.decodeIfPresent(Precision.self, forKey: .precision) ?? .float
    }

    /// A decoder `userInfo` key: the task to use when the document has none (a command line
    /// that gives the task as a flag).
    public static let defaultTaskKey = CodingUserInfoKey(rawValue: "repgeom.defaultTask")!

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(task, forKey: .task)
        try c.encode(network, forKey: .network)
        try c.encode(training, forKey: .training)
        try c.encode(trainSamples, forKey: .trainSamples)
        try c.encode(testSamples, forKey: .testSamples)
        try c.encode(seeds, forKey: .seeds)
        try c.encode(taskGeometry, forKey: .taskGeometry)
        try c.encode(precision, forKey: .precision)
    }

    /// Decodes a JSON configuration; every error becomes one `InputError` naming the field
    /// (prefixed with `file` when given).
    public static func decodeJSON(_ data: Data, file: String? = nil, defaultTask: TaskSpec? = nil) throws -> RunConfiguration {
        do {
            let decoder = JSONDecoder()
            if let defaultTask { decoder.userInfo[defaultTaskKey] = defaultTask }
            return try decoder.decode(RunConfiguration.self, from: data)
        } catch {
            throw CodingPathText.inputError(error, file: file)
        }
    }

    // MARK: strict decoding helpers

    /// The keys a type encodes by default (for "known: …" lists).
    static func knownKeys<T: Encodable>(of value: T) -> [String] {
        guard let data = try? JSONEncoder().encode(value),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        return object.keys.sorted()
    }

    static func rejectUnknownKeys(_ keys: [String], known: [String], at section: String,
                                  accepts: ((String) -> Bool)? = nil) throws {
        let accept = accepts ?? { known.contains($0) }
        if let unknown = keys.sorted().first(where: { !accept($0) }) {
            let location = section.isEmpty ? unknown : "\(section).\(unknown)"
            let hint = known.min(by: { Activation.editDistance(Array(unknown), Array($0)) < Activation.editDistance(Array(unknown), Array($1)) })
                .flatMap { Activation.editDistance(Array(unknown), Array($0)) <= 2 ? " — did you mean '\($0)'?" : nil } ?? ""
            throw InputError(location, "unknown field\(hint) (known: \(known.filter { $0 != "seed" || section.isEmpty }.joined(separator: ", ")))")
        }
    }

    /// A named choice (a String-backed enum) must be one of its cases.
    static func checkChoice<E: RawRepresentable & CaseIterable>(_ container: KeyedDecodingContainer<TaskSpec.AnyKey>, _ key: String,
                                                               _ type: E.Type, at section: String) throws where E.RawValue == String {
        let k = TaskSpec.AnyKey(stringValue: key)
        guard container.contains(k) else { return }
        let location = section.isEmpty ? key : "\(section).\(key)"
        guard let text = try? container.decode(String.self, forKey: k) else {
            throw InputError(location, "expected one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if E(rawValue: text) == nil {
            throw InputError(location, "unknown '\(text)' (known: \(E.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }
}
