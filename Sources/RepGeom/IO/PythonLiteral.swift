/// The few Python literals a .npy header is written in — dicts, tuples, lists, strings, integers,
/// True/False/None — parsed, never evaluated.
///
/// The header is `repr()` of a dict such as `{'descr': '<f8', 'fortran_order': False,
/// 'shape': (3, 4), }`. Old Python 2 files wrote long integers as `3L`, which is accepted.
/// Anything else (expressions, calls, floats) is a parse error.
enum PythonLiteral: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dict([String: PythonLiteral])

    struct ParseError: Error, Equatable {
        var message: String
        var offset: Int
    }

    /// Parses one literal spanning the whole text (surrounding whitespace allowed).
    static func parse(_ text: String) throws -> PythonLiteral {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.scalars.count else { throw parser.error("unexpected text after the literal") }
        return value
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0

        func error(_ message: String) -> ParseError { ParseError(message: message, offset: position) }

        var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

        mutating func skipWhitespace() {
            while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
        }

        mutating func value(depth: Int) throws -> PythonLiteral {
            // Headers are tiny; a deep nest is garbage, not data (and must not exhaust the stack).
            guard depth < 32 else { throw error("nested too deeply") }
            skipWhitespace()
            guard let c = current else { throw error("unexpected end of text") }
            switch c {
            case "{": return try dict(depth: depth)
            case "(": return try sequence(close: ")", depth: depth).tuple
            case "[": return .list(try sequence(close: "]", depth: depth).items)
            case "'", "\"": return .string(try string())
            case "-", "+", "0"..."9": return .integer(try integer())
            default:
                for (word, literal) in [("True", PythonLiteral.boolean(true)), ("False", .boolean(false)), ("None", .none)]
                where matches(word) {
                    position += word.unicodeScalars.count
                    return literal
                }
                throw error("unexpected character '\(c)'")
            }
        }

        func matches(_ word: String) -> Bool {
            let w = Array(word.unicodeScalars)
            guard position + w.count <= scalars.count, Array(scalars[position..<(position + w.count)]) == w else { return false }
            // A keyword must not run on into an identifier ("Truex").
            if position + w.count < scalars.count {
                let next = scalars[position + w.count]
                if next.properties.isAlphabetic || next == "_" || ("0"..."9").contains(next) { return false }
            }
            return true
        }

        /// Items up to `close`, comma-separated, trailing comma allowed. `(x)` without a comma is
        /// a parenthesised value in Python, not a tuple.
        mutating func sequence(close: Unicode.Scalar, depth: Int) throws -> (items: [PythonLiteral], tuple: PythonLiteral) {
            position += 1
            var items: [PythonLiteral] = []
            var sawComma = false
            while true {
                skipWhitespace()
                if current == close { position += 1; break }
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                if current == "," { position += 1; sawComma = true; continue }
                guard current == close else { throw error("expected ',' or '\(close)'") }
                position += 1
                break
            }
            let tuple: PythonLiteral = (items.count == 1 && !sawComma) ? items[0] : .tuple(items)
            return (items, tuple)
        }

        mutating func dict(depth: Int) throws -> PythonLiteral {
            position += 1
            var entries: [String: PythonLiteral] = [:]
            while true {
                skipWhitespace()
                if current == "}" { position += 1; break }
                guard case .string(let key) = try value(depth: depth + 1) else { throw error("dictionary keys must be strings") }
                skipWhitespace()
                guard current == ":" else { throw error("expected ':' after key '\(key)'") }
                position += 1
                guard entries[key] == nil else { throw error("key '\(key)' appears twice") }
                entries[key] = try value(depth: depth + 1)
                skipWhitespace()
                if current == "," { position += 1; continue }
                guard current == "}" else { throw error("expected ',' or '}'") }
                position += 1
                break
            }
            return .dict(entries)
        }

        mutating func string() throws -> String {
            let quote = scalars[position]
            position += 1
            var out = String.UnicodeScalarView()
            while true {
                guard let c = current else { throw error("unterminated string") }
                position += 1
                if c == quote { break }
                if c == "\n" { throw error("line break inside a string") }
                guard c == "\\" else { out.append(c); continue }
                guard let e = current else { throw error("unterminated string") }
                position += 1
                switch e {
                case "\\", "'", "\"": out.append(e)
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "0": out.append("\0")
                case "x": out.append(try hexScalar(digits: 2))
                case "u": out.append(try hexScalar(digits: 4))
                case "U": out.append(try hexScalar(digits: 8))
                default: throw error("unsupported escape '\\\(e)'")
                }
            }
            return String(out)
        }

        mutating func hexScalar(digits: Int) throws -> Unicode.Scalar {
            guard position + digits <= scalars.count,
                  let v = UInt32(String(String.UnicodeScalarView(scalars[position..<(position + digits)])), radix: 16),
                  let s = Unicode.Scalar(v) else { throw error("bad hexadecimal escape") }
            position += digits
            return s
        }

        mutating func integer() throws -> Int {
            let start = position
            if current == "-" || current == "+" { position += 1 }
            let digitsStart = position
            while let c = current, ("0"..."9").contains(c) { position += 1 }
            guard position > digitsStart else { throw error("expected digits") }
            let text = String(String.UnicodeScalarView(scalars[start..<position]))
            if current == "L" || current == "l" { position += 1 } // Python 2 long
            if let c = current, c == "." || c == "e" || c == "E" || c == "j" || c == "x" || c.properties.isAlphabetic {
                throw error("only integers are allowed here")
            }
            guard let v = Int(text) else { throw error("integer \(text) is too large") }
            return v
        }
    }
}
