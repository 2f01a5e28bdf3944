import Foundation

/// The IDX format of (Fashion-)MNIST: bytes 0–1 zero, byte 2 the element type (0x08 = unsigned
/// byte, the only type these datasets use and the only one read here), byte 3 the number of
/// dimensions d, then d big-endian UInt32 sizes, then the elements in row-major order.
/// Files may be gzipped (detected from the magic bytes, whatever the name).
public struct IDXArray: Sendable, Equatable {
    /// Dimension sizes as the header declares them (the first is the record count).
    public var dimensions: [Int]
    /// The first `records` records' bytes (all of them unless the read was limited).
    public var bytes: [UInt8]
    /// Records actually held (≤ dimensions[0]).
    public var records: Int

    /// Bytes per record: the product of the dimensions after the first (1 for a label file).
    public var recordSize: Int { dimensions.dropFirst().reduce(1, *) }
}

public enum IDX {
    /// Parses an IDX file's contents (`name` is used in errors).
    ///
    /// - Parameter maxRecords: keep only the first `maxRecords` records; the file must still
    ///   hold them (and, when not limited, exactly the declared number: a short file is
    ///   "truncated", a long one has "trailing bytes").
    public static func parse(_ b: [UInt8], name: String, maxRecords: Int? = nil, complete: Bool = true) throws -> IDXArray {
        guard b.count >= 4 else { throw InputError(name, "truncated IDX file: \(b.count) bytes, shorter than the 4-byte magic number") }
        guard b[0] == 0, b[1] == 0 else {
            throw InputError(name, String(format: "not an IDX file: bad magic number %02x%02x%02x%02x (expected 0000 08 0d)", b[0], b[1], b[2], b[3]))
        }
        guard b[2] == 0x08 else {
            throw InputError(name, String(format: "IDX element type 0x%02x is not supported (only unsigned bytes, 0x08)", b[2]))
        }
        let d = Int(b[3])
        guard (1...4).contains(d) else { throw InputError(name, "IDX file declares \(d) dimensions (expected 1–4)") }
        let header = 4 + 4 * d
        guard b.count >= header else { throw InputError(name, "truncated IDX file: the header needs \(header) bytes, the file has \(b.count)") }
        var dims: [Int] = []
        for k in 0..<d {
            let o = 4 + 4 * k
            dims.append(Int(b[o]) << 24 | Int(b[o + 1]) << 16 | Int(b[o + 2]) << 8 | Int(b[o + 3]))
        }
        let recordSize = dims.dropFirst().reduce(1, *)
        guard dims.allSatisfy({ $0 > 0 }), recordSize <= 1 << 24 else {
            throw InputError(name, "IDX dimensions \(dims.map(String.init).joined(separator: "×")) are not valid")
        }
        let declared = dims[0]
        let wanted = Swift.min(declared, maxRecords ?? declared)
        let available = (b.count - header) / recordSize
        if complete && maxRecords == nil {
            let expected = header + declared * recordSize
            if b.count < expected {
                throw InputError(name, "truncated IDX file: the header declares \(dims.map(String.init).joined(separator: "×")) (\(expected) bytes), the file has \(b.count)")
            }
            if b.count > expected {
                throw InputError(name, "IDX file has \(b.count - expected) trailing bytes after the \(dims.map(String.init).joined(separator: "×")) elements")
            }
        } else if available < wanted {
            throw InputError(name, "truncated IDX file: \(wanted) records of \(recordSize) bytes needed, only \(available) present")
        }
        return IDXArray(dimensions: dims, bytes: Array(b[header..<(header + wanted * recordSize)]), records: wanted)
    }

    /// Reads an IDX file (gzipped or not) from disk, decoding only as much as `maxRecords` needs.
    public static func read(_ url: URL, maxRecords: Int? = nil) throws -> IDXArray {
        let name = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InputError(name, "cannot read the file (\(FileManager.default.fileExists(atPath: name) ? "unreadable" : "no such file"))")
        }
        guard Gzip.isGzip(data) else { return try parse([UInt8](data), name: name, maxRecords: maxRecords) }
        var stoppedEarly = false
        let bytes = try Gzip.decompress(data, name: name, enough: maxRecords.map { limit in
            { (prefix: [UInt8]) -> Bool in
                guard prefix.count >= 4 else { return false }
                let d = Int(prefix[3]), header = 4 + 4 * d
                guard (1...4).contains(d), prefix.count >= header else { return false }
                var dims: [Int] = []
                for k in 0..<d { let o = 4 + 4 * k; dims.append(Int(prefix[o]) << 24 | Int(prefix[o + 1]) << 16 | Int(prefix[o + 2]) << 8 | Int(prefix[o + 3])) }
                let done = prefix.count >= header + Swift.min(limit, dims[0]) * dims.dropFirst().reduce(1, *)
                if done { stoppedEarly = true }
                return done
            }
        })
        return try parse(bytes, name: name, maxRecords: maxRecords, complete: !stoppedEarly)
    }
}
