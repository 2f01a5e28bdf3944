import Foundation

/// Turns Codable's coding paths and decoding errors into the project's one-line `InputError`s,
/// so that a malformed config names its field ("training.epochs: expected a whole number").
public enum CodingPathText {
    /// "network.hidden_widths[1]" for a coding path; `fallback` when the path is empty.
    public static func location(_ path: [CodingKey], default fallback: String = "config") -> String {
        var text = ""
        for key in path {
            if let i = key.intValue, key.stringValue.hasPrefix("Index") || key.stringValue == "\(i)" {
                text += "[\(i)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? fallback : text
    }

    /// The one-line error for any error thrown while decoding `file` (nil: the config given on
    /// the command line). `InputError`s pass through, prefixed with the file.
    public static func inputError(_ error: Error, file: String? = nil) -> InputError {
        let prefix = file.map { "\($0): " } ?? ""
        if let e = error as? InputError { return InputError(prefix + e.location, e.message) }
        guard let d = error as? DecodingError else {
            return InputError(file ?? "config", "\(error)")
        }
        func describe(_ type: Any.Type) -> String {
            switch type {
            case is Int.Type, is UInt64.Type, is [Int].Type, is [UInt64].Type: return "a whole number"
            case is Double.Type, is Float.Type: return "a number"
            case is Bool.Type: return "true or false"
            case is String.Type: return "a text value"
            default:
                let name = "\(type)"
                if name.hasPrefix("Array") || name.hasPrefix("[") { return "a list" }
                if name.hasPrefix("Dictionary") { return "a mapping" }
                return "a \(name) value"
            }
        }
        switch d {
        case .typeMismatch(let type, let ctx):
            return InputError(prefix + location(ctx.codingPath), "expected \(describe(type))")
        case .valueNotFound(let type, let ctx):
            return InputError(prefix + location(ctx.codingPath), "missing value (expected \(describe(type)))")
        case .keyNotFound(let key, let ctx):
            return InputError(prefix + location(ctx.codingPath + [key]), "missing")
        case .dataCorrupted(let ctx):
            let underlying = ctx.underlyingError.map { " (\($0.localizedDescription))" } ?? ""
            return InputError(prefix + location(ctx.codingPath, default: file == nil ? "config" : "document"),
                              "malformed: \(ctx.debugDescription)\(underlying)")
        @unknown default:
            return InputError(file ?? "config", "\(error)")
        }
    }
}
