import Foundation

/// The text forms of numbers and flags shared by every "name:parameters" string of the project
/// (task specs, nonlinearity names): numbers print in their shortest exact form, so that a
/// printed value parses back to the same bits.
enum ParameterText {
    /// Shortest text that parses back to exactly `x`: integral values without a fraction
    /// ("100", "-1"), others in Swift's shortest round-trip form ("0.2", "1e-05"), and
    /// "inf" / "-inf" / "nan".
    static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == x.rounded(), Swift.abs(x) < 1e15 {
            let i = Int(x)
            return i == 0 && x.sign == .minus ? "-0" : String(i)
        }
        return "\(x)"
    }

    /// A number from text: decimal or exponent form, "inf", "+inf", "-inf", "infinity".
    /// Whitespace around the value is ignored. Never returns NaN.
    static func double(_ text: String, location: String, what: String = "a number") throws -> Double {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let value: Double? = switch t {
        case "inf", "+inf", "infinity", "+infinity": .infinity
        case "-inf", "-infinity": -.infinity
        default: Double(t)
        }
        guard let v = value, !v.isNaN, !t.isEmpty else {
            throw InputError(location, "'\(text)' is not \(what)")
        }
        return v
    }

    /// A finite number from text.
    static func finite(_ text: String, location: String) throws -> Double {
        let v = try double(text, location: location, what: "a finite number")
        guard v.isFinite else { throw InputError(location, "must be finite, got '\(text)'") }
        return v
    }

    /// A whole number from text (also accepts "100.0" or "1e3" when exactly integral).
    static func integer(_ text: String, location: String) throws -> Int {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let i = Int(t) { return i }
        if let d = Double(t), d.isFinite, d == d.rounded(), Swift.abs(d) < 1e15 { return Int(d) }
        throw InputError(location, "'\(text)' is not a whole number")
    }

    /// A non-negative seed.
    static func seed(_ text: String, location: String) throws -> UInt64 {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let s = UInt64(t) { return s }
        if let d = Double(t), d >= 0, d < 1.8e19, d == d.rounded() { return UInt64(d) }
        throw InputError(location, "'\(text)' is not a seed (a whole number ≥ 0)")
    }

    /// true/false (also yes/no, 1/0).
    static func bool(_ text: String, location: String) throws -> Bool {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw InputError(location, "'\(text)' is not true or false")
        }
    }
}
