import Foundation

/// Sets fields of any Codable value from `path=value` text, by its JSON keys: one shared
/// mechanism for command-line variant options (`--variant alignment.estimator=song`), always in
/// step with the type's own coding.
///
/// The value's JSON form is edited at `path` (dot-separated keys) and decoded back, so the
/// type's decoding checks every value. Text is read as the kind of value already there: a
/// number, `true`/`false`, a string, or a comma-separated list. An unknown path or a value of the
/// wrong kind is one `InputError` naming the assignment and listing what is allowed.
public enum SettingOverride {
    /// `value` with each `path=value` assignment applied in order. `choices` lists the allowed
    /// texts of some settings (enumerations), checked first so the error can list them.
    public static func apply<T: Codable>(_ assignments: [String], to value: T, option: String = "--variant",
                                         choices: [String: [String]] = [:]) throws -> T {
        guard !assignments.isEmpty else { return value }
        var tree = try JSONValue(encoding: value)
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw InputError("\(option) \(assignment)", "expected key=value, e.g. alignment.estimator=song")
            }
            let path = parts[0].split(separator: ".").map(String.init)
            guard let current = tree[path] else {
                let known = leaves(tree).map(\.path).joined(separator: ", ")
                throw InputError("\(option) \(assignment)", "unknown setting '\(parts[0])' (settings: \(known))")
            }
            if case .object(let fields) = current {
                let names = fields.keys.sorted().map { parts[0] + "." + $0 }.joined(separator: " or ")
                throw InputError("\(option) \(assignment)", "'\(parts[0])' has parts; set \(names)")
            }
            if let allowed = choices[parts[0]] {
                let given = current.isArray ? parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : [parts[1]]
                if let bad = given.first(where: { !allowed.contains($0) }) {
                    throw InputError("\(option) \(assignment)", "'\(bad)' is not one of \(allowed.joined(separator: ", "))")
                }
            }
            guard let new = JSONValue(text: parts[1], like: current) else {
                throw InputError("\(option) \(assignment)", "'\(parts[1])' is not a \(current.kindName)")
            }
            tree[path] = new
        }
        do {
            return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(tree))
        } catch let DecodingError.dataCorrupted(context) {
            throw InputError("\(option) \(assignments.joined(separator: " "))", "invalid value for \(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.typeMismatch(_, context) {
            throw InputError("\(option) \(assignments.joined(separator: " "))", "wrong kind of value for \(path(context.codingPath))")
        } catch {
            throw InputError("\(option) \(assignments.joined(separator: " "))", "invalid setting (\(error))")
        }
    }

    /// Every settable path with its current value as text, in sorted order (for help texts).
    public static func settings<T: Encodable>(of value: T) -> [(path: String, value: String)] {
        guard let tree = try? JSONValue(encoding: value) else { return [] }
        return leaves(tree)
    }

    private static func path(_ codingPath: [CodingKey]) -> String {
        codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    private static func leaves(_ tree: JSONValue, prefix: String = "") -> [(path: String, value: String)] {
        guard case .object(let fields) = tree else { return [(prefix, tree.text)] }
        return fields.keys.sorted().flatMap { key in leaves(fields[key]!, prefix: prefix.isEmpty ? key : prefix + "." + key) }
    }
}

/// A JSON value that keeps integers exact (UInt64 seeds survive) — the editable form used by
/// `SettingOverride`.
enum JSONValue: Codable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init<T: Encodable>(encoding value: T) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .integer(i) }
        else if let u = try? c.decode(UInt64.self) { self = .unsigned(u) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .integer(let i): try c.encode(i)
        case .unsigned(let u): try c.encode(u)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    subscript(path: [String]) -> JSONValue? {
        get {
            guard let first = path.first else { return self }
            guard case .object(let o) = self, let child = o[first] else { return nil }
            return child[Array(path.dropFirst())]
        }
        set {
            guard let first = path.first else { if let newValue { self = newValue }; return }
            guard case .object(var o) = self, var child = o[first] else { return }
            child[Array(path.dropFirst())] = newValue
            o[first] = child
            self = .object(o)
        }
    }

    /// Text read as the same kind of value as `like` (an absent value: number, bool or string).
    init?(text: String, like: JSONValue) {
        switch like {
        case .bool:
            guard let b = Bool(text.lowercased()) else { return nil }
            self = .bool(b)
        case .integer, .unsigned, .double:
            if let i = Int64(text) { self = .integer(i) }
            else if let u = UInt64(text) { self = .unsigned(u) }
            else if let d = Double(text), d.isFinite { self = .double(d) }
            else { return nil }
        case .string:
            self = .string(text)
        case .array(let items):
            let example = items.first ?? .string("")
            var out: [JSONValue] = []
            for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
                guard let v = JSONValue(text: part, like: example) else { return nil }
                out.append(v)
            }
            self = .array(out)
        case .null:
            if let b = Bool(text.lowercased()) { self = .bool(b) }
            else if let v = JSONValue(text: text, like: .double(0)) { self = v }
            else { self = .string(text) }
        case .object:
            return nil
        }
    }

    var kindName: String {
        switch self {
        case .bool: "true or false"
        case .integer, .unsigned, .double: "number"
        case .string: "text value"
        case .array: "comma-separated list"
        case .null: "value"
        case .object: "single value"
        }
    }

    var isArray: Bool { if case .array = self { true } else { false } }

    var text: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .integer(let i): "\(i)"
        case .unsigned(let u): "\(u)"
        case .double(let d): "\(d)"
        case .string(let s): s
        case .array(let a): a.map(\.text).joined(separator: ",")
        case .object: "{…}"
        }
    }
}
