import Foundation
import ZIPFoundation

/// Reading gzip files (RFC 1952): a header, a raw deflate stream, then the CRC-32 and the
/// length (mod 2³²) of the uncompressed data. Inflation is ZIPFoundation's raw-deflate decoder
/// (zlib on Linux, Compression on Apple platforms); the header and trailer are parsed here.
///
/// Only single-member files are supported (what `gzip` writes and what Debian ships); the
/// trailer is read from the last 8 bytes. Errors are one-line `InputError`s naming the file.
public enum Gzip {
    /// True when `data` starts with the gzip magic bytes 1f 8b.
    public static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    /// The decompressed contents of a gzip file held in `data`; `name` is used in errors.
    ///
    /// - Parameter enough: called with the bytes decoded so far after each chunk; returning true
    ///   stops decoding early (streaming: a reader takes only the prefix it needs). When decoding
    ///   stops early the CRC-32 and length cannot be (and are not) verified; otherwise both are,
    ///   and a mismatch is an error.
    public static func decompress(_ data: Data, name: String, enough: (([UInt8]) -> Bool)? = nil) throws -> [UInt8] {
        let bytes = [UInt8](data)
        let body = try bodyRange(bytes, name: name)
        let trailer = Array(bytes[(bytes.count - 8)...])
        let expectedCRC = UInt32(trailer[0]) | UInt32(trailer[1]) << 8 | UInt32(trailer[2]) << 16 | UInt32(trailer[3]) << 24
        let expectedSize = UInt32(trailer[4]) | UInt32(trailer[5]) << 8 | UInt32(trailer[6]) << 16 | UInt32(trailer[7]) << 24

        struct Enough: Error {}
        var output: [UInt8] = []
        // The trailer is untrusted until verified: reserve at most what deflate can expand to (~1032:1).
        output.reserveCapacity(Swift.min(Int(expectedSize), bytes.count * 1032))
        let bodyCount = body.count
        let bufferSize = 1 << 16
        let crc: UInt32
        do {
            crc = try Data.decompress(size: Int64(bodyCount), bufferSize: bufferSize, skipCRC32: false, provider: { position, size in
                let start = Int(position)
                guard start < bodyCount else {
                    throw InputError(name, "truncated gzip file: the compressed data ends before the end of the stream")
                }
                let end = Swift.min(start + size, bodyCount)
                var chunk = Data(bytes[(body.lowerBound + start)..<(body.lowerBound + end)])
                // zlib's inflate loop is handed `size` bytes whatever the chunk holds: pad with
                // zeros, which are an invalid deflate continuation (a truncated stream fails).
                if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                return chunk
            }, consumer: { chunk in
                output.append(contentsOf: chunk)
                if let enough, enough(output) { throw Enough() }
            })
        } catch is Enough {
            return output
        } catch let e as InputError {
            throw e
        } catch {
            throw InputError(name, "corrupt or truncated gzip data (\(error))")
        }
        guard UInt32(truncatingIfNeeded: output.count) == expectedSize else {
            throw InputError(name, "truncated or corrupt gzip file: \(output.count) bytes decoded, the trailer says \(expectedSize)")
        }
        guard crc == expectedCRC else {
            throw InputError(name, String(format: "gzip CRC-32 mismatch (computed %08x, stored %08x): the file is corrupt", crc, expectedCRC))
        }
        return output
    }

    /// The byte range of the deflate stream: after the header, before the 8-byte trailer.
    static func bodyRange(_ b: [UInt8], name: String) throws -> Range<Int> {
        guard b.count >= 18 else { throw InputError(name, "truncated gzip file: \(b.count) bytes, shorter than a gzip header and trailer") }
        guard b[0] == 0x1f, b[1] == 0x8b else { throw InputError(name, "not a gzip file (bad magic bytes)") }
        guard b[2] == 8 else { throw InputError(name, "gzip compression method \(b[2]) is not deflate (8)") }
        let flags = b[3]
        guard flags & 0xE0 == 0 else { throw InputError(name, "gzip header has reserved flag bits set") }
        var p = 10
        func need(_ n: Int) throws {
            guard p + n <= b.count - 8 else { throw InputError(name, "truncated gzip file: the header runs past the end") }
        }
        if flags & 0x04 != 0 { // FEXTRA
            try need(2)
            let xlen = Int(b[p]) | Int(b[p + 1]) << 8
            p += 2
            try need(xlen)
            p += xlen
        }
        for flag in [UInt8(0x08), 0x10] where flags & flag != 0 { // FNAME, FCOMMENT: zero-terminated
            while true {
                try need(1)
                p += 1
                if b[p - 1] == 0 { break }
            }
        }
        if flags & 0x02 != 0 { try need(2); p += 2 } // FHCRC
        return p..<(b.count - 8)
    }

    /// A gzip file of `bytes` (for tests and fixtures): header, ZIPFoundation's deflate, trailer.
    public static func compress(_ bytes: [UInt8]) throws -> Data {
        var out = Data([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255])
        let source = Data(bytes)
        var deflated = Data()
        let crc = try Data.compress(size: Int64(source.count), bufferSize: 1 << 16, provider: { position, size in
            source.subdata(in: Int(position)..<Swift.min(Int(position) + size, source.count))
        }, consumer: { deflated.append($0) })
        out.append(deflated)
        let size = UInt32(truncatingIfNeeded: bytes.count)
        for v in [crc, size] { for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        return out
    }
}
