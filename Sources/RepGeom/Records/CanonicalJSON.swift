import Foundation

/// Canonical JSON text for sweep settings and job keys: keys sorted, no whitespace, strings
/// escaped per RFC 8259, integers as digits, doubles as Swift's shortest round-trip form
/// (always with a `.` or an exponent, so `.int(1)` → `1` and `.double(1)` → `1.0` stay distinct).
///
/// The same setting always gives the same bytes, on every platform and Swift version, which is
/// what lets the result store recognise a finished network by its key. Non-finite doubles have no
/// JSON form; `SweepPlan` rejects them before any key is built.
public enum CanonicalJSON {
    /// Sorted-key, compact JSON of any `Encodable` (unescaped slashes) — the configuration text
    /// records carry. Same value ⇒ same bytes on one platform.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `{"a":1,"b":"x"}` for a setting, keys in ascending code-point order.
    public static func object(_ setting: [String: ParameterValue]) -> String {
        var out = "{"
        for (i, key) in setting.keys.sorted(by: codePointOrder).enumerated() {
            if i > 0 { out += "," }
            out += string(key) + ":" + value(setting[key]!)
        }
        return out + "}"
    }

    /// One value's JSON text.
    public static func value(_ v: ParameterValue) -> String {
        switch v {
        case .int(let i): "\(i)"
        case .double(let d): d.isFinite ? "\(d)" : "null"
        case .bool(let b): b ? "true" : "false"
        case .string(let s): string(s)
        }
    }

    /// A JSON string literal.
    public static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// Sorting by Unicode scalars, not by `String`'s locale-independent but normalisation-aware
    /// comparison, so the order is the same everywhere.
    static func codePointOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}

extension SweepJob {
    /// The job's identity in the result store: canonical JSON of experiment, seed and setting,
    /// e.g. `{"experiment":"smoke","seed":3,"setting":{"noise":0.5,"nonlinearity":"tanh"}}`.
    public var key: String {
        "{\"experiment\":" + CanonicalJSON.string(experiment) + ",\"seed\":\(seed),\"setting\":"
            + CanonicalJSON.object(setting) + "}"
    }
}
