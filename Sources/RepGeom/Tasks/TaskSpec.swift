import Foundation

/// One task family (SPEC §2): its parameters as a value, a text form, validation and the
/// construction of the `ConditionTask`.
///
/// Families are deterministic: the same parameters (including the task-geometry `seed`) give the
/// same task, bit for bit on one build and machine.
public protocol TaskFamily: Sendable, Hashable {
    /// The family's name in spec text, e.g. "aligned_cube".
    static var familyName: String { get }
    /// Reads the family's parameters (defaults for absent ones). Does not validate ranges.
    init(parameters: inout TaskParameters) throws
    /// Every parameter as (name, canonical text), in the family's canonical order.
    var parameterText: [(name: String, value: String)] { get }
    /// The task-geometry seed (drawn through `RandomSource(seed:stream: .task)`).
    var seed: UInt64 { get set }
    /// Throws a one-line `InputError` ("task.<parameter>: … allowed …") for impossible values.
    func validate() throws
    /// Builds the task; validates first.
    func make() throws -> ConditionTask
    /// The requested centred input–target kernel alignment c, for families that control it.
    var requestedAlignment: Double? { get }
    /// The allowed range of c for these parameters, for families that control it.
    func alignmentRange() throws -> ClosedRange<Double>?
    /// One line for `repgeom task list`.
    static var summary: String { get }
    /// Each parameter's meaning and allowed values, in canonical order, for `repgeom task list`.
    static var parameterHelp: [(name: String, meaning: String)] { get }
}

extension TaskFamily {
    public var requestedAlignment: Double? { nil }
    public func alignmentRange() throws -> ClosedRange<Double>? { nil }
    public static var summary: String { "" }
    public static var parameterHelp: [(name: String, meaning: String)] { [] }
    /// The defaults as (name, text), when every parameter has one.
    public static var defaultParameterText: [(name: String, value: String)]? {
        var none = TaskParameters(family: familyName, values: [:])
        return (try? Self(parameters: &none))?.parameterText
    }
}

/// A task specification: one case per family, with a canonical text form that parses back,
///
///     aligned_cube:d=3,k=1,c=0.2,scale=0,seed=0,N=100,sigma=1
///     random_patterns:P=4,N=200,sigma=0.5,centered=false,seed=0,targets=0011
///     nudged_xor:delta=0.5,N=120,sigma=0.1,seed=0,targets=0110
///     random_kernel:P=8,k=1,c=0.3,scale=0.5,seed=0,N=100,sigma=1
///
/// (absent parameters take the family's defaults; `docs/tasks.md` lists them). Codable as that
/// text; a config may also give the task as a mapping `{family: aligned_cube, d: 3, …}`.
public enum TaskSpec: Sendable, Hashable {
    /// T1 (SPEC §2).
    case randomPatterns(RandomPatterns)
    /// T2.
    case nudgedXOR(NudgedXOR)
    /// T3, the main family.
    case alignedCube(AlignedCube)
    /// T4.
    case randomKernel(RandomKernel)
    /// T6: conditions, means and labels from the user's files.
    case custom(CustomTaskSpec)

    /// The families that spec text can name, in documentation order.
    public static let families: [any TaskFamily.Type] = [
        RandomPatterns.self, NudgedXOR.self, AlignedCube.self, RandomKernel.self, CustomTaskSpec.self,
    ]

    /// Wraps a family value.
    public init(_ family: any TaskFamily) {
        switch family {
        case let f as RandomPatterns: self = .randomPatterns(f)
        case let f as NudgedXOR: self = .nudgedXOR(f)
        case let f as AlignedCube: self = .alignedCube(f)
        case let f as RandomKernel: self = .randomKernel(f)
        case let f as CustomTaskSpec: self = .custom(f)
        default: preconditionFailure("TaskSpec has no case for \(type(of: family).familyName)")
        }
    }

    /// The family value.
    public var payload: any TaskFamily {
        switch self {
        case .randomPatterns(let f): f
        case .nudgedXOR(let f): f
        case .alignedCube(let f): f
        case .randomKernel(let f): f
        case .custom(let f): f
        }
    }

    /// The family name, e.g. "aligned_cube".
    public var family: String { type(of: payload).familyName }

    /// The canonical text form (every parameter, canonical order); `TaskSpec(parsing: text)`
    /// gives back this spec.
    public var text: String {
        family + ":" + payload.parameterText.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
    }

    /// Parses `family[:key=value,…]` (absent keys take defaults). Does not validate ranges;
    /// call `validate()`.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        var values: [String: String] = [:]
        if parts.count > 1 {
            for item in parts[1].split(separator: ",", omittingEmptySubsequences: true) {
                let kv = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2, !kv[0].isEmpty else {
                    throw InputError("task", "'\(item)' in '\(text)' is not key=value (e.g. aligned_cube:d=3,k=1,c=0.2)")
                }
                if values[kv[0]] != nil { throw InputError(TaskParameters.location(kv[0]), "given twice in '\(text)'") }
                values[kv[0]] = kv[1]
            }
        }
        try self.init(family: parts[0].trimmingCharacters(in: .whitespaces), values: values)
    }

    /// A spec from a family name and parameter texts (what both the text form and a config
    /// mapping reduce to).
    public init(family name: String, values: [String: String]) throws {
        guard let familyType = TaskSpec.families.first(where: { $0.familyName == name }) else {
            let known = TaskSpec.families.map { $0.familyName }.joined(separator: ", ")
            throw InputError("task", "unknown family '\(name)' (known: \(known))")
        }
        var parameters = TaskParameters(family: name, values: values)
        let family = try familyType.init(parameters: &parameters)
        try parameters.finish()
        self.init(family)
    }

    /// This spec with some parameters replaced (values as text, e.g. ["c": "0.3"]).
    public func overriding(_ values: [String: String]) throws -> TaskSpec {
        var merged = Dictionary(uniqueKeysWithValues: payload.parameterText.map { ($0.name, $0.value) })
        for (k, v) in values { merged[k] = v }
        return try TaskSpec(family: family, values: merged)
    }

    /// The parameters as (name, canonical text), in canonical order.
    public var parameterText: [(name: String, value: String)] { payload.parameterText }

    /// The task-geometry seed.
    public var seed: UInt64 {
        get { payload.seed }
        set { var f = payload; f.seed = newValue; self = TaskSpec(f) }
    }

    public func validate() throws { try payload.validate() }

    /// Builds the task (validating first).
    public func make() throws -> ConditionTask { try payload.make() }

    /// The requested alignment c, for families that control it (T3, T4).
    public var requestedAlignment: Double? { payload.requestedAlignment }

    /// The allowed range of c, for families that control it.
    public func alignmentRange() throws -> ClosedRange<Double>? { try payload.alignmentRange() }
}

extension TaskSpec: CustomStringConvertible {
    public var description: String { text }
}

extension TaskFamily {
    /// The resolved parameters as `ConditionTask.parameters`.
    var parameterDictionary: [String: String] {
        Dictionary(uniqueKeysWithValues: parameterText.map { ($0.name, $0.value) })
    }
}

/// Range checks shared by the families; every message names the parameter and its range.
enum TaskCheck {
    static func integer(_ value: Int, _ key: String, in range: ClosedRange<Int>, _ why: String = "") throws {
        if !range.contains(value) {
            throw InputError(TaskParameters.location(key), "\(value) outside \(range.lowerBound)…\(range.upperBound)\(why.isEmpty ? "" : " (\(why))")")
        }
    }

    static func noise(_ sigma: Double) throws {
        if !(sigma >= 0 && sigma.isFinite) {
            throw InputError(TaskParameters.location("sigma"), "\(ParameterText.format(sigma)) must be a finite number ≥ 0")
        }
    }

    /// The largest accepted scale (Dirichlet concentration 1/scale ≥ 0.01).
    static let maximumScale = 100.0

    static func scale(_ scale: Double) throws {
        if !(scale >= 0 && scale <= maximumScale) {
            throw InputError(TaskParameters.location("scale"),
                             "\(ParameterText.format(scale)) outside [0, \(ParameterText.format(maximumScale))] (0: deterministic, maximal-dimensional spectrum)")
        }
    }

    /// Values within this distance outside an endpoint of c's range are taken as the endpoint
    /// (so that a c computed as, e.g., the last point of linspace(0, c_max, 12) is accepted).
    static let alignmentTolerance = 1e-12

    /// c clamped into `range`, or an error naming the range.
    static func alignment(_ c: Double, in range: ClosedRange<Double>, _ why: String) throws -> Double {
        guard c.isFinite, c >= range.lowerBound - alignmentTolerance, c <= range.upperBound + alignmentTolerance else {
            let r = range.lowerBound == range.upperBound
                ? "must be \(ParameterText.format(range.lowerBound))"
                : "outside [\(ParameterText.format(range.lowerBound)), \(ParameterText.format(range.upperBound))]"
            throw InputError(TaskParameters.location("c"), "\(ParameterText.format(c)) \(r) (\(why))")
        }
        return min(max(c, range.lowerBound), range.upperBound)
    }

    /// Upper limits that keep every task's arrays small enough to build quickly.
    static let maximumInputDimension = 65_536
    static let maximumConditions = 1_024
}
