import Foundation

/// T6 Custom (SPEC §2): a task whose conditions, means and (optionally) targets and latent bits
/// come from files the user gives — .npy, an .npz member or CSV columns (see `ArraySource`).
///
/// - `means`: P × N, row c the noise-free input mean x̄_c of condition c. Arrays of higher rank
///   are flattened after the first axis (P × H × W images become P × HW).
/// - `conditions` (optional): one condition id per row of `means`, integers 0…P−1 with every id
///   present; rows sharing an id are averaged, so a file of samples gives condition means.
/// - `targets` (optional): P × k in {0,1} (a 1-d array is one target); with `conditions`, one row
///   per sample is also accepted, as long as every sample of a condition agrees. Default: the
///   latent bits. Every target must split the conditions (no constant column).
/// - `latentBits` (optional): P × d in {0,1}, the same row rules as targets.
///
/// Every file is checked (finite means, 0/1 labels, matching row counts) with one-line errors
/// naming the file and row. The task's `parameters` record the sources, their sizes and a
/// content fingerprint of each file (FNV-1a 64), so a record says exactly which data it used.
public struct CustomTaskSpec: Sendable, Equatable, Hashable, Codable {
    public var means: ArraySource
    public var conditions: ArraySource?
    public var targets: ArraySource?
    public var latentBits: ArraySource?
    /// Input noise σ of the sampler (≥ 0).
    public var noise: Double
    /// Unused — the files fix the geometry — but kept (and recorded) like every family's seed,
    /// so that sweeps can set seeds uniformly.
    public var seed: UInt64

    public init(means: ArraySource, conditions: ArraySource? = nil, targets: ArraySource? = nil,
                latentBits: ArraySource? = nil, noise: Double, seed: UInt64 = 0) {
        self.means = means
        self.conditions = conditions
        self.targets = targets
        self.latentBits = latentBits
        self.noise = noise
        self.seed = seed
    }

    private enum CodingKeys: String, CodingKey {
        case means, conditions, targets, latentBits = "latent_bits", noise, seed
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(means: try c.decode(ArraySource.self, forKey: .means),
                  conditions: try c.decodeIfPresent(ArraySource.self, forKey: .conditions),
                  targets: try c.decodeIfPresent(ArraySource.self, forKey: .targets),
                  latentBits: try c.decodeIfPresent(ArraySource.self, forKey: .latentBits),
                  noise: try c.decode(Double.self, forKey: .noise),
                  seed: try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0)
    }

    /// Reads and checks the files and builds the task.
    public func make() throws -> ConditionTask {
        try validate()
        var task = try CustomTask.make(
            means: ArrayFile.read(means), conditions: conditions.map { try ArrayFile.read($0) },
            targets: targets.map { try ArrayFile.read($0) }, latentBits: latentBits.map { try ArrayFile.read($0) }, noise: noise)
        let files: [(String, ArraySource?)] = [("means", means), ("conditions", conditions), ("targets", targets),
                                               ("latent_bits", latentBits)]
        for (key, value) in parameterText { task.parameters[key] = value }
        for (key, source) in files {
            guard let source else { continue }
            task.parameters[key + "_fnv1a64"] = try CustomTask.fingerprint(of: source.path)
        }
        return task
    }
}

/// The custom family in task-spec text (`TaskSpec`):
///
///     custom:means=acts.npz:means,targets=labels.csv:xor,sigma=0.5
///
/// Parameters: `means` (required), `conditions`, `targets`, `latent_bits` (each an array as
/// `path[:selector]`, see `ArraySource`), `sigma` (default 0), `seed` (default 0, unused).
/// Because ',' separates parameters, a CSV selector in spec text cannot list columns with
/// commas — use a range (`data.csv:2-65`) or a config mapping.
extension CustomTaskSpec: TaskFamily {
    public static let familyName = CustomTask.family
    public static let summary = "T6: conditions, means and labels from your files (e.g. custom:means=means.npy,targets=labels.csv:xor,sigma=0.5)"
    public static let parameterHelp: [(name: String, meaning: String)] = [
        ("means", "P × N condition means (.npy, file.npz:member, CSV columns file.csv:2-65); required"),
        ("conditions", "one condition id 0…P−1 per row of means; rows sharing an id are averaged (optional)"),
        ("targets", "P × k targets of 0/1 (default: the latent bits)"),
        ("latent_bits", "P × d latent bits of 0/1 (optional)"),
        ("sigma", "input noise σ ≥ 0 [default 0]"),
        ("seed", "unused (the files fix the geometry) [default 0]"),
    ]

    public init(parameters p: inout TaskParameters) throws {
        guard let means = p.text("means"), !means.isEmpty else {
            throw InputError(TaskParameters.location("means"), "missing: the file of condition means (e.g. custom:means=means.npy,targets=targets.npy)")
        }
        self.init(means: ArraySource(parsing: means),
                  conditions: p.text("conditions").map(ArraySource.init(parsing:)),
                  targets: p.text("targets").map(ArraySource.init(parsing:)),
                  latentBits: p.text("latent_bits").map(ArraySource.init(parsing:)),
                  noise: try p.double("sigma", default: 0), seed: try p.seed())
    }

    public var parameterText: [(name: String, value: String)] {
        var out: [(name: String, value: String)] = [("means", means.description)]
        if let conditions { out.append(("conditions", conditions.description)) }
        if let targets { out.append(("targets", targets.description)) }
        if let latentBits { out.append(("latent_bits", latentBits.description)) }
        out.append(("sigma", ParameterText.format(noise)))
        out.append(("seed", "\(seed)"))
        return out
    }

    /// Checks the parameters without reading the files (`make()` checks their contents).
    public func validate() throws {
        try TaskCheck.noise(noise)
        for (key, source) in [("means", means), ("conditions", conditions), ("targets", targets), ("latent_bits", latentBits)] {
            guard let source else { continue }
            guard !source.path.isEmpty else { throw InputError(TaskParameters.location(key), "empty file name") }
            // The spec's canonical text must parse back; ',' and '=' separate its parameters.
            guard !source.description.contains(","), !source.description.contains("=") else {
                throw InputError(TaskParameters.location(key), "'\(source)' cannot appear in task-spec text (',' and '=' separate parameters); select CSV columns by name, number or range (2-65)")
            }
        }
    }
}

public enum CustomTask {
    public static let family = "custom"

    /// Builds a custom task from arrays already read (the files' names come from each array's
    /// `source`, for messages).
    public static func make(means: NumericArray, conditions: NumericArray? = nil, targets: NumericArray? = nil,
                            latentBits: NumericArray? = nil, noise: Double) throws -> ConditionTask {
        guard noise.isFinite && noise >= 0 else { throw InputError(TaskParameters.location("sigma"), "must be a finite σ ≥ 0, got \(noise)") }
        try means.requireFinite("condition means")
        let rows = try means.matrix("condition means", flatten: true)
        guard rows.columns >= 1 else { throw InputError(means.source, "condition means need at least one column (input dimension N ≥ 1)") }

        // Conditions: either one row per condition, or condition ids grouping the rows.
        let ids: [Int]?
        let p: Int
        if let conditions {
            let c = try conditions.integers("condition ids")
            guard c.count == rows.rows else {
                throw InputError(conditions.source, "\(c.count) condition ids for \(rows.rows) rows of \(means.source); give one id per row")
            }
            if let i = c.firstIndex(where: { $0 < 0 }) {
                throw InputError(conditions.rowLocation(i), "condition ids must be 0 or more, found \(c[i])")
            }
            p = (c.max() ?? -1) + 1
            var seen = [Bool](repeating: false, count: p)
            for x in c { seen[x] = true }
            if let missing = seen.firstIndex(of: false) {
                throw InputError(conditions.source, "no row has condition id \(missing); ids must cover 0…\(p - 1) with every id present")
            }
            ids = c
        } else {
            p = rows.rows
            ids = nil
        }
        guard p >= 2 else {
            throw InputError(conditions?.source ?? means.source, "a task needs at least 2 conditions, found \(p)")
        }
        let meanMatrix = ids.map { Representation.conditionAverages(rows, conditions: $0, count: p) } ?? rows

        let bits = try latentBits.map { try labels($0, "latent bits", conditions: ids, count: p, dataRows: rows.rows) }
        let targetMatrix: Matrix<Double>
        if let targets {
            targetMatrix = try labels(targets, "targets", conditions: ids, count: p, dataRows: rows.rows)
            for j in 0..<targetMatrix.columns {
                let column = targetMatrix.column(j)
                if Set(column).count < 2 {
                    throw InputError(targets.source, "target column \(j) is \(Int(column[0])) for every condition; a target must split the conditions")
                }
            }
        } else if let bits {
            targetMatrix = bits
        } else {
            throw InputError(means.source, "a custom task needs targets (P × k of 0/1) or latent bits to train on")
        }

        var parameters = ["conditions_count": "\(p)", "input_dimension": "\(meanMatrix.columns)",
                          "outputs": "\(targetMatrix.columns)", "noise": "\(noise)"]
        if let bits { parameters["latent_dimension"] = "\(bits.columns)" }
        if ids != nil { parameters["rows_averaged"] = "\(rows.rows)" }
        return ConditionTask(family: family, parameters: parameters, latentBits: bits, means: meanMatrix,
                             targets: targetMatrix, noise: noise)
    }

    /// A P × k label matrix in {0,1} from an array with one row per condition, or (when condition
    /// ids group data rows) one row per data row that agrees within each condition.
    static func labels(_ array: NumericArray, _ what: String, conditions ids: [Int]?, count p: Int,
                       dataRows: Int) throws -> Matrix<Double> {
        try array.requireBinary(what)
        let m = try array.matrix(what)
        if m.rows == p { return m }
        guard let ids, m.rows == dataRows else {
            let expected = ids == nil ? "\(p) (one per condition)" : "\(p) (one per condition) or \(dataRows) (one per row of the means)"
            throw InputError(array.source, "\(what) have \(m.rows) rows, expected \(expected)")
        }
        var out = Matrix<Double>(rows: p, columns: m.columns, repeating: -1)
        for (r, c) in ids.enumerated() {
            for j in 0..<m.columns {
                if out[c, j] < 0 { out[c, j] = m[r, j] }
                guard out[c, j] == m[r, j] else {
                    throw InputError(array.rowLocation(r), "\(what) disagree within condition \(c) (\(array.columnName(j)))")
                }
            }
        }
        return out
    }

    /// FNV-1a 64-bit hash of a file's bytes, as 16 hex digits: a cheap content fingerprint for
    /// records (not a cryptographic hash).
    public static func fingerprint(of path: String) throws -> String {
        let data = try ArrayFile.contents(of: URL(fileURLWithPath: path), name: path)
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { raw in
            for b in raw.bindMemory(to: UInt8.self) { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
