import Foundation

/// A delimited text table as read from a file: cells kept as text until a selection of columns
/// is parsed as numbers, so that a label column elsewhere in the file does no harm.
///
/// Accepted: comma-separated (spaces around cells ignored; `"quoted"` cells with `""` escapes),
/// semicolon- or tab-separated, or — when the first row has none of those — cells separated by
/// runs of whitespace (numpy's `np.savetxt` default). Lines starting with `#` and blank lines are
/// skipped; a UTF-8 byte-order mark and Windows line ends are tolerated. The first row is a
/// header when any of its cells is not a number (or when the caller says so).
///
/// Locations in errors are the file's own line and column numbers, counting from 1, as an
/// editor shows them: "data.csv line 7, column 3".
public struct CSVTable: Sendable, Equatable {
    public enum Delimiter: String, Sendable { case comma = ",", semicolon = ";", tab = "\t", whitespace = " " }

    public var source: String
    public var delimiter: Delimiter
    /// Column names, when the file has a header row.
    public var header: [String]?
    /// Data rows, as cell text (trimmed, quotes removed).
    public var rows: [[String]]
    /// The file line (from 1) of each data row.
    public var lines: [Int]
    /// Cells per row (every row has the same number).
    public var columnCount: Int

    /// The columns (counting from 0) named by `selector`: comma-separated items, each a header
    /// name, a column number counting from 1, or an inclusive range of numbers `2-65`. An item
    /// (or the whole selector) that equals a header name is that name, even if it looks like a
    /// number. `nil`: all columns.
    public func columns(selecting selector: String?) throws -> [Int] {
        guard let selector else { return Array(0..<columnCount) }
        if let h = header, let j = h.firstIndex(of: selector) { return [j] } // a name containing commas
        var out: [Int] = []
        for rawItem in selector.split(separator: ",", omittingEmptySubsequences: false) {
            let item = rawItem.trimmingCharacters(in: .whitespaces)
            if let h = header, let j = h.firstIndex(of: item) { out.append(j); continue }
            if let n = Int(item) {
                guard n >= 1 && n <= columnCount else {
                    throw InputError("\(source):\(selector)", "column \(n) is out of range (the file has \(columnCount) columns, numbered from 1)")
                }
                out.append(n - 1)
                continue
            }
            let ends = item.split(separator: "-", omittingEmptySubsequences: false)
            if ends.count == 2, let a = Int(ends[0]), let b = Int(ends[1]) {
                guard a >= 1, b >= a, b <= columnCount else {
                    throw InputError("\(source):\(selector)", "column range \(item) is not within 1…\(columnCount)")
                }
                out.append(contentsOf: (a - 1)..<b)
                continue
            }
            let names = header.map { h in
                ": the columns are " + (h.count > 12 ? h.prefix(12).joined(separator: ", ") + ", …" : h.joined(separator: ", "))
            } ?? " (the file has no header row; number columns from 1)"
            throw InputError("\(source):\(selector)", "no column '\(item)'\(names)")
        }
        guard !out.isEmpty else { throw InputError("\(source):\(selector)", "no columns selected") }
        return out
    }

    /// The selected columns parsed as numbers: a 1-d array for one column, rows × columns
    /// otherwise. Throws at the first cell that is not a number.
    public func numbers(columns selected: [Int]? = nil) throws -> NumericArray {
        let cols = selected ?? Array(0..<columnCount)
        precondition(cols.allSatisfy { $0 >= 0 && $0 < columnCount })
        var values = [Double]()
        values.reserveCapacity(rows.count * cols.count)
        for (r, row) in rows.enumerated() {
            for j in cols {
                let cell = row[j]
                guard let x = CSV.number(cell) else {
                    let name = header.map { " ('\($0[j])')" } ?? ""
                    throw InputError("\(source) line \(lines[r]), column \(j + 1)\(name)",
                                     cell.isEmpty ? "empty cell; every selected cell must be a number"
                                                  : "'\(CSV.excerpt(cell))' is not a number")
                }
                values.append(x)
            }
        }
        let single = cols.count == 1
        return NumericArray(elementType: .text, shape: single ? [rows.count] : [rows.count, cols.count],
                            storage: .floating(values), source: source, rowLines: lines,
                            columnNumbers: single ? nil : cols.map { $0 + 1 })
    }
}

public enum CSV {
    /// Whether the first row is a header.
    public enum HeaderMode: String, Sendable, CaseIterable {
        /// A header when any cell of the first row is not a number.
        case auto
        case present
        case absent
    }

    /// Reads a delimited text file.
    public static func read(contentsOf url: URL, header: HeaderMode = .auto) throws -> CSVTable {
        try parse(try ArrayFile.contents(of: url), source: url.path, header: header)
    }

    /// Parses the bytes of a delimited text file; `source` names it in errors.
    public static func parse(_ data: Data, source: String, header mode: HeaderMode = .auto) throws -> CSVTable {
        try data.withUnsafeBytes { raw in try parse(bytes: raw.bindMemory(to: UInt8.self), source: source, header: mode) }
    }

    /// Parses delimited text; `source` names it in errors.
    public static func parse(_ text: String, source: String, header mode: HeaderMode = .auto) throws -> CSVTable {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0, source: source, header: mode) }
    }

    /// The parser proper, on UTF-8 bytes: every delimiter, quote and line end is ASCII, so byte
    /// positions are always character boundaries (and much faster than Characters).
    static func parse(bytes: UnsafeBufferPointer<UInt8>, source: String, header mode: HeaderMode) throws -> CSVTable {
        if bytes.contains(0) {
            throw InputError(source, "not a text file (it contains NUL bytes); expected .npy, .npz or CSV")
        }
        guard String(bytes: bytes, encoding: .utf8) != nil else {
            throw InputError(source, "not valid UTF-8 text; expected .npy, .npz or CSV")
        }
        let newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        var delimiter: CSVTable.Delimiter?
        var header: [String]?
        var rows: [[String]] = []
        var lines: [Int] = []
        var width = 0, widthLine = 0
        var lineNumber = 0
        var i = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 } // byte-order mark
        while i <= bytes.count {
            // One line: [i, end), without its "\n" or "\r\n".
            var next = i
            while next < bytes.count && bytes[next] != newline { next += 1 }
            var end = next
            if end > i && bytes[end - 1] == cr { end -= 1 }
            let start = i
            i = next + 1
            lineNumber += 1
            var first = start
            while first < end && (bytes[first] == space || bytes[first] == tab) { first += 1 }
            if first == end || bytes[first] == UInt8(ascii: "#") { continue }
            let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
            let d = delimiter ?? detectDelimiter(line)
            delimiter = d
            let cells = try split(line, delimiter: d, location: { "\(source) line \(lineNumber)" })
            if width == 0 {
                width = cells.count
                widthLine = lineNumber
                let isHeader: Bool
                switch mode {
                case .present: isHeader = true
                case .absent: isHeader = false
                case .auto: isHeader = cells.contains { number($0) == nil }
                }
                if isHeader { header = cells; continue }
            } else if cells.count != width {
                throw InputError("\(source) line \(lineNumber)",
                                 "\(cells.count) cells, expected \(width) like line \(widthLine) (every row needs the same number of columns)")
            }
            rows.append(cells)
            lines.append(lineNumber)
        }
        guard let delimiter else { throw InputError(source, "empty file (no rows)") }
        guard !rows.isEmpty else { throw InputError(source, "no data rows (only a header)") }
        return CSVTable(source: source, delimiter: delimiter, header: header, rows: rows, lines: lines, columnCount: width)
    }

    /// A cell as a number: decimal or scientific notation, `nan`, `inf`, `-inf` (any case).
    /// Spaces are trimmed by the splitter; an empty cell is not a number.
    static func number(_ cell: String) -> Double? {
        guard !cell.isEmpty, let first = cell.utf8.first,
              first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
                || first | 0x20 == UInt8(ascii: "n") || first | 0x20 == UInt8(ascii: "i")
        else { return nil }
        return Double(cell)
    }

    static func detectDelimiter(_ line: UnsafeBufferPointer<UInt8>) -> CSVTable.Delimiter {
        if line.contains(UInt8(ascii: ",")) { return .comma }
        if line.contains(UInt8(ascii: ";")) { return .semicolon }
        if line.contains(UInt8(ascii: "\t")) { return .tab }
        return .whitespace
    }

    /// The cells of one line: trimmed, quotes removed (not in whitespace mode).
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: CSVTable.Delimiter,
                      location: () -> String) throws -> [String] {
        let quote = UInt8(ascii: "\""), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        func text(_ a: Int, _ b: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self) }
        var cells: [String] = []
        let n = bytes.count
        var i = 0
        if delimiter == .whitespace {
            while true {
                while i < n && (bytes[i] == space || bytes[i] == tab) { i += 1 }
                guard i < n else { break }
                let start = i
                while i < n && bytes[i] != space && bytes[i] != tab { i += 1 }
                cells.append(text(start, i))
            }
            return cells
        }
        let sep = UInt8(ascii: delimiter == .comma ? "," : delimiter == .semicolon ? ";" : "\t")
        func isBlank(_ c: UInt8) -> Bool { c == space || (c == tab && sep != tab) }
        while true {
            while i < n && isBlank(bytes[i]) { i += 1 }
            if i < n && bytes[i] == quote {
                var cell = [UInt8]()
                i += 1
                var closed = false
                while i < n {
                    let c = bytes[i]
                    i += 1
                    if c == quote {
                        if i < n && bytes[i] == quote { cell.append(quote); i += 1; continue }
                        closed = true
                        break
                    }
                    cell.append(c)
                }
                let value = String(decoding: cell, as: UTF8.self)
                guard closed else { throw InputError(location(), "unterminated quote (quoted cells cannot span lines)") }
                while i < n && isBlank(bytes[i]) { i += 1 }
                guard i == n || bytes[i] == sep else {
                    throw InputError(location(), "unexpected text after the quoted cell \"\(excerpt(value))\"")
                }
                cells.append(value)
            } else {
                let start = i
                while i < n && bytes[i] != sep { i += 1 }
                var end = i
                while end > start && isBlank(bytes[end - 1]) { end -= 1 }
                cells.append(text(start, end))
            }
            guard i < n else { break }
            i += 1 // past the separator
        }
        return cells
    }

    static func excerpt(_ s: String) -> String { s.count > 40 ? String(s.prefix(37)) + "…" : s }
}

// MARK: - Writing

extension CSV {
    /// A number as a cell: the shortest decimal that reads back to the same `Double`
    /// ("0.1", "1e-05", "nan", "inf").
    public static func cell(_ x: Double) -> String { "\(x)" }

    /// A text cell, quoted when it contains a comma, quote, line break or surrounding spaces.
    public static func cell(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }
            || text.first == " " || text.last == " " || text.hasPrefix("#")
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// Comma-separated text: an optional header row, then `rows` (cells already rendered with
    /// `cell(_:)`), each line ending in `\n`.
    public static func render(header: [String]?, rows: [[String]]) -> String {
        var out = ""
        if let header { out += header.map { cell($0) }.joined(separator: ",") + "\n" }
        for row in rows { out += row.joined(separator: ",") + "\n" }
        return out
    }

    /// Writes comma-separated text atomically (see `render`).
    public static func write(header: [String]?, rows: [[String]], to url: URL) throws {
        try AtomicFile.write(render(header: header, rows: rows), to: url)
    }

    /// Writes a numeric matrix atomically, one row per line, with optional column names.
    public static func write<S: BLASScalar>(_ matrix: Matrix<S>, header: [String]? = nil, to url: URL) throws {
        precondition(header == nil || header!.count == matrix.columns, "header width differs from the matrix")
        let rows = (0..<matrix.rows).map { i in matrix.row(i).map { cell(Double($0)) } }
        try write(header: header, rows: rows, to: url)
    }
}
