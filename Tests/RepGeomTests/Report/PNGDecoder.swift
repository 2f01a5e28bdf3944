import Foundation

/// A tiny PNG decoder for tests (8-bit RGB/RGBA, non-interlaced — what Chromium and rsvg-convert
/// write): zlib inflate (RFC 1950/1951, puff-style canonical Huffman decoding) and the five
/// scanline filters. Used to check that screenshots are not blank, independently of the code
/// under test.
struct DecodedPNG {
    var width: Int
    var height: Int
    /// RGBA, row-major, 4 bytes per pixel.
    var rgba: [UInt8]

    func pixel(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8, UInt8) {
        let i = 4 * (y * width + x)
        return (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3])
    }

    enum Failure: Error { case notPNG, unsupported(String), corrupt(String) }

    init(_ data: Data) throws {
        let b = [UInt8](data)
        guard b.count > 33, Array(b[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { throw Failure.notPNG }
        func be32(_ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
        var pos = 8, idat: [UInt8] = []
        var w = 0, h = 0, colorType = 0
        while pos + 8 <= b.count {
            let length = be32(pos), type = String(decoding: b[(pos + 4)..<(pos + 8)], as: UTF8.self)
            let body = pos + 8
            guard body + length <= b.count else { throw Failure.corrupt("chunk \(type) overruns the file") }
            switch type {
            case "IHDR":
                w = be32(body); h = be32(body + 4)
                let depth = b[body + 8]; colorType = Int(b[body + 9])
                guard depth == 8, colorType == 2 || colorType == 6, b[body + 12] == 0 else {
                    throw Failure.unsupported("bit depth \(depth), colour type \(colorType), interlace \(b[body + 12])")
                }
            case "IDAT": idat += b[body..<(body + length)]
            default: break
            }
            if type == "IEND" { break }
            pos = body + length + 4
        }
        guard w > 0, h > 0, idat.count > 6 else { throw Failure.corrupt("no image data") }
        let raw = try Inflate.zlib(idat)
        let channels = colorType == 6 ? 4 : 3, stride = w * channels
        guard raw.count >= h * (stride + 1) else { throw Failure.corrupt("image data too short: \(raw.count) bytes") }
        var out = [UInt8](repeating: 255, count: w * h * 4)
        var previous = [UInt8](repeating: 0, count: stride), line = [UInt8](repeating: 0, count: stride)
        for y in 0..<h {
            let start = y * (stride + 1), filter = raw[start]
            for i in 0..<stride {
                let x = raw[start + 1 + i]
                let a = i >= channels ? Int(line[i - channels]) : 0, up = Int(previous[i])
                let c = i >= channels ? Int(previous[i - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = up
                case 3: predictor = (a + up) / 2
                case 4:
                    let p = a + up - c, pa = abs(p - a), pb = abs(p - up), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? up : c)
                default: throw Failure.corrupt("filter type \(filter) in row \(y)")
                }
                line[i] = UInt8(truncatingIfNeeded: Int(x) + predictor)
            }
            for x in 0..<w {
                for k in 0..<channels { out[4 * (y * w + x) + k] = line[x * channels + k] }
            }
            swap(&previous, &line)
        }
        width = w; height = h; rgba = out
    }
}

/// DEFLATE decoding (RFC 1951) in the style of zlib's puff.c: slow and small, for tests.
enum Inflate {
    struct Failure: Error { var message: String }

    /// Inflates a zlib stream (2-byte header, deflate data, Adler-32 trailer not checked).
    static func zlib(_ bytes: [UInt8]) throws -> [UInt8] {
        guard bytes.count > 2, bytes[0] & 0x0F == 8, (Int(bytes[0]) << 8 | Int(bytes[1])) % 31 == 0 else {
            throw Failure(message: "not a zlib stream")
        }
        return try raw(Array(bytes[2...]))
    }

    private struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]
        init(lengths: [Int]) {
            symbols = [Int](repeating: 0, count: lengths.count)
            for l in lengths { counts[l] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for l in 1..<15 { offsets[l + 1] = offsets[l] + counts[l] }
            for (symbol, l) in lengths.enumerated() where l != 0 { symbols[offsets[l]] = symbol; offsets[l] += 1 }
        }
    }

    private struct Bits {
        let bytes: [UInt8]
        var position = 0, buffer = 0, count = 0
        mutating func take(_ n: Int) throws -> Int {
            while count < n {
                guard position < bytes.count else { throw Failure(message: "unexpected end of data") }
                buffer |= Int(bytes[position]) << count
                position += 1
                count += 8
            }
            let v = buffer & ((1 << n) - 1)
            buffer >>= n
            count -= n
            return v
        }
        mutating func decode(_ h: Huffman) throws -> Int {
            var code = 0, first = 0, index = 0
            for length in 1...15 {
                code |= try take(1)
                let n = h.counts[length]
                if code - n < first { return h.symbols[index + code - first] }
                index += n
                first = (first + n) << 1
                code <<= 1
            }
            throw Failure(message: "invalid Huffman code")
        }
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    static func raw(_ bytes: [UInt8]) throws -> [UInt8] {
        var bits = Bits(bytes: bytes)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 4)
        let fixedLiterals = Huffman(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
        let fixedDistances = Huffman(lengths: [Int](repeating: 5, count: 30))
        var last = 0
        repeat {
            last = try bits.take(1)
            switch try bits.take(2) {
            case 0:
                bits.buffer = 0; bits.count = 0 // to a byte boundary
                guard bits.position + 4 <= bytes.count else { throw Failure(message: "stored block header cut off") }
                let len = Int(bytes[bits.position]) | Int(bytes[bits.position + 1]) << 8
                bits.position += 4
                guard bits.position + len <= bytes.count else { throw Failure(message: "stored block cut off") }
                out += bytes[bits.position..<(bits.position + len)]
                bits.position += len
            case 1:
                try codes(&bits, &out, fixedLiterals, fixedDistances)
            case 2:
                let nlen = try bits.take(5) + 257, ndist = try bits.take(5) + 1, ncode = try bits.take(4) + 4
                let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
                var codeLengths = [Int](repeating: 0, count: 19)
                for i in 0..<ncode { codeLengths[order[i]] = try bits.take(3) }
                let lencode = Huffman(lengths: codeLengths)
                var lengths: [Int] = []
                while lengths.count < nlen + ndist {
                    let symbol = try bits.decode(lencode)
                    switch symbol {
                    case 0..<16: lengths.append(symbol)
                    case 16:
                        guard let prev = lengths.last else { throw Failure(message: "repeat with no previous length") }
                        lengths += [Int](repeating: prev, count: 3 + (try bits.take(2)))
                    case 17: lengths += [Int](repeating: 0, count: 3 + (try bits.take(3)))
                    default: lengths += [Int](repeating: 0, count: 11 + (try bits.take(7)))
                    }
                }
                guard lengths.count == nlen + ndist else { throw Failure(message: "too many code lengths") }
                try codes(&bits, &out, Huffman(lengths: Array(lengths[0..<nlen])), Huffman(lengths: Array(lengths[nlen...])))
            default:
                throw Failure(message: "invalid block type")
            }
        } while last == 0
        return out
    }

    private static func codes(_ bits: inout Bits, _ out: inout [UInt8], _ literals: Huffman, _ distances: Huffman) throws {
        while true {
            let symbol = try bits.decode(literals)
            if symbol < 256 { out.append(UInt8(symbol)); continue }
            if symbol == 256 { return }
            let s = symbol - 257
            guard s < 29 else { throw Failure(message: "invalid length symbol") }
            let length = lengthBase[s] + (try bits.take(lengthExtra[s]))
            let d = try bits.decode(distances)
            guard d < 30 else { throw Failure(message: "invalid distance symbol") }
            let distance = distanceBase[d] + (try bits.take(distanceExtra[d]))
            guard distance <= out.count else { throw Failure(message: "distance too far back") }
            let start = out.count - distance
            for i in 0..<length { out.append(out[start + i]) }
        }
    }
}
