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
        let e = rawInputError(error, file: file)
        // One line, whatever the underlying parser printed.
        let message = e.message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        return InputError(e.location, message)
    }

    /// An underlying parser error in one line (Yams: "3:1: error: parser: …" without its source
    /// snippet; Foundation's JSON parser: its debug description).
    static func firstLine(of error: Error) -> String {
        let text: String
        if type(of: error) is NSError.Type {
            let ns = error as NSError
            text = (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
        } else {
            text = String(describing: error)
        }
        // Parsers append a source snippet after a line ending in ':'; keep what comes before.
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let end = lines.firstIndex { $0.hasSuffix(":") } ?? (lines.count - 1)
        guard end >= 0 else { return text }
        let kept = lines[0...end].joined(separator: " ")
        return kept.hasSuffix(":") ? String(kept.dropLast()) : kept
    }

    static func rawInputError(_ error: Error, file: String?) -> InputError {
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
            // Errors thrown by our own decoders (wrapped by some parsers) pass through.
            if let inner = ctx.underlyingError as? InputError { return InputError(prefix + inner.location, inner.message) }
            let underlying = ctx.underlyingError.map { " (\(firstLine(of: $0)))" } ?? ""
            if ctx.codingPath.isEmpty {
                // "The given data was not valid YAML." → "not valid YAML (3:1: error: parser: …)"
                var what = ctx.debugDescription
                if what.hasPrefix("The given data was ") { what = String(what.dropFirst("The given data was ".count)) }
                if what.hasSuffix(".") { what = String(what.dropLast()) }
                return InputError(file ?? "config", "\(what)\(underlying)")
            }
            return InputError(prefix + location(ctx.codingPath), "malformed: \(ctx.debugDescription)\(underlying)")
        @unknown default:
            return InputError(file ?? "config", "\(error)")
        }
    }
}
