import Foundation

/// Where an array lives, as a user writes it on the command line:
///
/// | argument | meaning |
/// |---|---|
/// | `acts.npy` | the array in a .npy file |
/// | `run.npz:hidden` | member `hidden` of an .npz archive (`hidden.npy` inside the zip) |
/// | `run.npz` | the only member of a one-array .npz |
/// | `data.csv` | every column of a CSV file |
/// | `data.csv:condition` | the column named `condition` (header row) |
/// | `data.csv:3` | the third column, counting from 1 |
/// | `data.csv:2-65` / `data.csv:x,y` | a range or a list of columns |
///
/// The text after the last `:` is the selector — unless the whole argument names an existing
/// file, so paths containing colons still work.
public struct ArraySource: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var path: String
    /// An .npz member or CSV column selection; `nil` for the whole file.
    public var selector: String?

    public init(path: String, selector: String? = nil) {
        self.path = path
        self.selector = selector
    }

    /// Splits `path[:selector]` (see the type's documentation).
    public init(parsing argument: String) {
        if FileManager.default.fileExists(atPath: argument) { self.init(path: argument); return }
        if let colon = argument.lastIndex(of: ":"), colon != argument.startIndex {
            let selector = String(argument[argument.index(after: colon)...])
            self.init(path: String(argument[..<colon]), selector: selector.isEmpty ? nil : selector)
        } else {
            self.init(path: argument)
        }
    }

    public var description: String { selector.map { "\(path):\($0)" } ?? path }

    public init(from decoder: Decoder) throws {
        self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// Reads arrays from .npy, .npz and CSV files, telling the format from the file's first bytes
/// (not its extension): `\x93NUMPY` is .npy, `PK` a zip (.npz), anything else delimited text.
public enum ArrayFile {
    /// The file formats an array can come from.
    public enum Format: String, Sendable { case npy, npz, csv }

    /// Reads the array at `source`.
    public static func read(_ source: ArraySource, csvHeader: CSV.HeaderMode = .auto) throws -> NumericArray {
        let url = URL(fileURLWithPath: source.path)
        let data = try contents(of: url, name: source.path)
        switch format(of: data) {
        case .npy:
            if let s = source.selector {
                throw InputError(source.description, "a .npy file holds one array; ':\(s)' selects .npz members or CSV columns only")
            }
            return try NPY.decode(data, source: source.path)
        case .npz:
            return try NPZ.decode(data, member: source.selector, source: source.path)
        case .csv:
            let table = try CSV.parse(data, source: source.path, header: csvHeader)
            return try table.numbers(columns: table.columns(selecting: source.selector))
        }
    }

    /// Reads the array named by a command-line argument (`path[:selector]`).
    public static func read(_ argument: String, csvHeader: CSV.HeaderMode = .auto) throws -> NumericArray {
        try read(ArraySource(parsing: argument), csvHeader: csvHeader)
    }

    /// The format of a file's bytes.
    public static func format(of data: Data) -> Format {
        let prefix = [UInt8](data.prefix(6))
        if prefix == NPY.magic { return .npy }
        if NPZ.isZip(prefix) { return .npz }
        return .csv
    }

    /// A file's bytes (memory-mapped when possible), with one-line errors for missing files,
    /// folders and unreadable files.
    public static func contents(of url: URL, name: String? = nil) throws -> Data {
        let name = name ?? url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputError(name, "no such file")
        }
        guard !isDirectory.boolValue else { throw InputError(name, "is a folder, not a file") }
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw InputError(name, "cannot read (\(error.localizedDescription))")
        }
    }
}
