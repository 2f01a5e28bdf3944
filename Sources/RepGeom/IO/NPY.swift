import Foundation

/// numpy's `.npy` format (format versions 1.0, 2.0 and 3.0), read and written without numpy.
///
/// A file is the magic `\x93NUMPY`, a major and minor version byte, the header length (2 bytes
/// little-endian in version 1, 4 bytes in versions 2 and 3), the header — the `repr()` of a Python
/// dict `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`, Latin-1 in versions 1–2
/// and UTF-8 in version 3 — and then the raw elements.
///
/// Reading supports little- and big-endian float16/32/64, signed and unsigned 8/16/32/64-bit
/// integers and booleans, in C or Fortran order, of any rank. It refuses object arrays (their
/// payload is a pickle, which is never executed), structured, string, complex and date types,
/// shapes whose size exceeds the bytes in the file (checked before anything is allocated), and
/// truncated or over-long data — each with one `InputError` naming the file.
public enum NPY {
    /// The six magic bytes every .npy file starts with.
    public static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59] // \x93NUMPY

    /// Reads a .npy file.
    public static func read(contentsOf url: URL) throws -> NumericArray {
        try decode(try ArrayFile.contents(of: url), source: url.path)
    }

    /// Decodes the bytes of a .npy file; `source` names it in errors.
    public static func decode(_ data: Data, source: String) throws -> NumericArray {
        let header = try Header(data, source: source)
        let count = header.count
        let available = data.count - header.dataOffset
        guard available >= 0 else { throw InputError(source, "truncated .npy file: the header runs past the end") }
        // The size check comes before any allocation, so an absurd shape cannot ask for memory.
        let (needed, overflow) = count.multipliedReportingOverflow(by: header.type.size)
        guard !overflow, needed <= available else {
            throw InputError(source, "truncated .npy data: shape \(header.shapeDescription) of \(header.descr) needs \(overflow ? "more than \(Int.max)" : "\(needed)") bytes, the file holds \(available)")
        }
        guard needed == available else {
            throw InputError(source, "corrupt .npy file: \(available - needed) unexpected bytes after the data of shape \(header.shapeDescription)")
        }
        var storage = data.withUnsafeBytes { raw in
            elements(UnsafeRawBufferPointer(rebasing: raw[header.dataOffset...]), count: count, type: header.type,
                     bigEndian: header.bigEndian)
        }
        if header.fortranOrder && header.shape.count > 1 {
            storage = switch storage {
            case .floating(let v): .floating(cOrder(fromFortran: v, shape: header.shape))
            case .integer(let v): .integer(cOrder(fromFortran: v, shape: header.shape))
            }
        }
        if case .integer(let v) = storage, header.type == .u8, let i = v.firstIndex(where: { $0 < 0 }) {
            throw InputError(source, "uint64 element \(i) is larger than \(Int64.max), which repgeom cannot hold exactly")
        }
        return NumericArray(elementType: header.type.elementType, shape: header.shape, storage: storage, source: source)
    }

    // MARK: Header

    /// The element types a .npy file may hold, keyed by numpy's type code (`f8`, `i4`, `b1`, …).
    enum StoredType: String, CaseIterable {
        case f2, f4, f8, i1, i2, i4, i8, u1, u2, u4, u8, b1

        var size: Int { Int(rawValue.dropFirst())! }

        var elementType: NumericArray.ElementType {
            switch self {
            case .f2: .float16
            case .f4: .float32
            case .f8: .float64
            case .i1: .int8
            case .i2: .int16
            case .i4: .int32
            case .i8: .int64
            case .u1: .uint8
            case .u2: .uint16
            case .u4: .uint32
            case .u8: .uint64
            case .b1: .bool
            }
        }
    }

    struct Header {
        var version: (major: UInt8, minor: UInt8)
        var descr: String
        var type: StoredType
        var bigEndian: Bool
        var fortranOrder: Bool
        var shape: [Int]
        /// Offset of the first data byte.
        var dataOffset: Int

        var shapeDescription: String {
            shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }

        /// Number of elements; only valid after `init` checked that the product does not overflow.
        var count: Int { shape.reduce(1, *) }

        init(_ data: Data, source: String) throws {
            let bytes = [UInt8](data.prefix(12))
            guard bytes.count >= 6, Array(bytes[0..<6]) == NPY.magic else {
                throw InputError(source, "not a .npy file (it does not start with \\x93NUMPY)")
            }
            guard bytes.count >= 10 else { throw InputError(source, "truncated .npy file: no header") }
            version = (bytes[6], bytes[7])
            let headerLength: Int, start: Int
            switch version.major {
            case 1:
                headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
                start = 10
            case 2, 3:
                guard bytes.count >= 12 else { throw InputError(source, "truncated .npy file: no header") }
                headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
                start = 12
            default:
                throw InputError(source, ".npy format version \(version.major).\(version.minor) is not supported (only 1.0, 2.0 and 3.0)")
            }
            guard start + headerLength <= data.count else {
                throw InputError(source, "truncated .npy file: the header says \(headerLength) bytes, the file has \(data.count - start) after the length field")
            }
            dataOffset = start + headerLength
            let headerBytes = data.subdata(in: data.startIndex + start..<data.startIndex + dataOffset)
            let text: String
            if version.major == 3 {
                guard let t = String(data: headerBytes, encoding: .utf8) else {
                    throw InputError(source, "corrupt .npy header: not valid UTF-8")
                }
                text = t
            } else {
                text = String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) })) // Latin-1
            }

            let literal: PythonLiteral
            do {
                literal = try PythonLiteral.parse(text)
            } catch let e as PythonLiteral.ParseError {
                throw InputError(source, "corrupt .npy header (\(e.message) at character \(e.offset)): \(NPY.excerpt(text))")
            }
            guard case .dict(let dict) = literal else {
                throw InputError(source, "corrupt .npy header: expected a dictionary, found \(NPY.excerpt(text))")
            }
            for key in ["descr", "fortran_order", "shape"] where dict[key] == nil {
                throw InputError(source, "corrupt .npy header: no '\(key)' entry in \(NPY.excerpt(text))")
            }

            guard case .boolean(let fortran) = dict["fortran_order"]! else {
                throw InputError(source, "corrupt .npy header: 'fortran_order' must be True or False")
            }
            fortranOrder = fortran

            guard case .tuple(let dims) = dict["shape"]! else {
                throw InputError(source, "corrupt .npy header: 'shape' must be a tuple of integers")
            }
            var shape: [Int] = []
            var product = 1
            for d in dims {
                guard case .integer(let n) = d, n >= 0 else {
                    throw InputError(source, "corrupt .npy header: 'shape' must be a tuple of non-negative integers")
                }
                let (p, overflow) = product.multipliedReportingOverflow(by: n)
                guard !overflow else { throw InputError(source, "corrupt .npy header: shape \(dims.count)-d with more than \(Int.max) elements") }
                product = p
                shape.append(n)
            }
            self.shape = shape

            switch dict["descr"]! {
            case .string(let d):
                descr = d
            case .list:
                throw InputError(source, "structured arrays (record dtypes with named fields) are not supported; save one plain numeric array per field")
            default:
                throw InputError(source, "corrupt .npy header: 'descr' must be a dtype string such as '<f8'")
            }
            (type, bigEndian) = try NPY.storedType(descr, source: source)
        }
    }

    /// Maps numpy's dtype string (`<f8`, `>i4`, `|b1`, `=u1`, `?`) to a stored type and byte order.
    static func storedType(_ descr: String, source: String) throws -> (StoredType, bigEndian: Bool) {
        var code = Substring(descr)
        var bigEndian = false
        if let first = code.first, "<>|=!".contains(first) {
            bigEndian = first == ">" || first == "!" || (first == "=" && 1.bigEndian == 1)
            code = code.dropFirst()
        }
        if code == "?" { code = "b1" }
        if let t = StoredType(rawValue: String(code)) {
            return (t, bigEndian)
        }
        let kind = code.first.map(String.init) ?? ""
        let what: String
        switch kind {
        case "O": what = "object arrays (pickled Python objects) are not supported and are never unpickled; save a numeric array, e.g. np.save(path, a.astype(np.float64))"
        case "U", "S", "a": what = "string arrays are not supported; save numbers (e.g. condition ids as integers)"
        case "c": what = "complex arrays are not supported; save the real and imaginary parts separately"
        case "M", "m": what = "date/time arrays are not supported"
        case "V": what = "raw void arrays are not supported"
        default: what = "dtype '\(descr)' is not supported (allowed: float16/32/64, int8–64, uint8–64, bool)"
        }
        throw InputError(source, what)
    }

    static func excerpt(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.count > 120 ? String(t.prefix(117)) + "…" : t
    }

    // MARK: Elements

    /// Decodes `count` elements of `type` from `raw` (unaligned, either byte order).
    static func elements(_ raw: UnsafeRawBufferPointer, count: Int, type: StoredType, bigEndian: Bool) -> NumericArray.Storage {
        func load<T: FixedWidthInteger>(_: T.Type, _ i: Int) -> T {
            let v = raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self)
            return bigEndian ? T(bigEndian: v) : T(littleEndian: v)
        }
        func floats(_ f: (Int) -> Double) -> NumericArray.Storage {
            .floating([Double](unsafeUninitializedCapacity: count) { buf, n in
                for i in 0..<count { buf[i] = f(i) }
                n = count
            })
        }
        func ints(_ f: (Int) -> Int64) -> NumericArray.Storage {
            .integer([Int64](unsafeUninitializedCapacity: count) { buf, n in
                for i in 0..<count { buf[i] = f(i) }
                n = count
            })
        }
        switch type {
        case .f2: return floats { halfToDouble(load(UInt16.self, $0)) }
        case .f4: return floats { Double(Float(bitPattern: load(UInt32.self, $0))) }
        case .f8: return floats { Double(bitPattern: load(UInt64.self, $0)) }
        case .i1: return ints { Int64(load(Int8.self, $0)) }
        case .i2: return ints { Int64(load(Int16.self, $0)) }
        case .i4: return ints { Int64(load(Int32.self, $0)) }
        case .i8: return ints { load(Int64.self, $0) }
        case .u1: return ints { Int64(load(UInt8.self, $0)) }
        case .u2: return ints { Int64(load(UInt16.self, $0)) }
        case .u4: return ints { Int64(load(UInt32.self, $0)) }
        case .u8: return ints { Int64(bitPattern: load(UInt64.self, $0)) } // > Int64.max is refused by the caller
        case .b1: return ints { load(UInt8.self, $0) == 0 ? 0 : 1 }
        }
    }

    /// IEEE 754 binary16 → Double, exactly (Float16 is not available on every platform).
    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int(bits >> 10 & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24 // zero and subnormals
        case 0x1F: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    /// Reorders elements stored in Fortran (column-major) order of `shape` into C order.
    static func cOrder<T>(fromFortran values: [T], shape: [Int]) -> [T] {
        let count = values.count
        guard count > 0 else { return values }
        // Fortran stride of dimension d: the product of the dimensions before it.
        var strides = [Int](repeating: 1, count: shape.count)
        for d in 1..<shape.count { strides[d] = strides[d - 1] * shape[d - 1] }
        var index = [Int](repeating: 0, count: shape.count)
        var offset = 0
        return [T](unsafeUninitializedCapacity: count) { out, n in
            values.withUnsafeBufferPointer { src in
                for i in 0..<count {
                    out.baseAddress!.advanced(by: i).initialize(to: src[offset])
                    // Advance the C-order multi-index (last dimension fastest), tracking the offset.
                    var d = shape.count - 1
                    while d >= 0 {
                        index[d] += 1
                        offset += strides[d]
                        if index[d] < shape[d] { break }
                        offset -= strides[d] * shape[d]
                        index[d] = 0
                        d -= 1
                    }
                }
            }
            n = count
        }
    }
}

// MARK: - Writing

extension NPY {
    /// The .npy bytes of `array` (format 1.0, or 2.0 for headers over 64 KiB), C order, little
    /// endian: float32 sources as `<f4`, other floating sources as `<f8`, booleans as `|b1`,
    /// other integers as `<i8`.
    public static func encode(_ array: NumericArray) -> Data {
        let descr: String
        var body = Data()
        switch array.storage {
        case .floating(let v):
            if array.elementType == .float32 {
                descr = "<f4"
                body.reserveCapacity(v.count * 4)
                for x in v { withUnsafeBytes(of: Float(x).bitPattern.littleEndian) { body.append(contentsOf: $0) } }
            } else {
                descr = "<f8"
                body.reserveCapacity(v.count * 8)
                for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { body.append(contentsOf: $0) } }
            }
        case .integer(let v):
            if array.elementType == .bool {
                descr = "|b1"
                body.append(contentsOf: v.map { $0 == 0 ? UInt8(0) : 1 })
            } else {
                descr = "<i8"
                body.reserveCapacity(v.count * 8)
                for x in v { withUnsafeBytes(of: x.littleEndian) { body.append(contentsOf: $0) } }
            }
        }
        let shape = array.shape.count == 1 ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        // Pad with spaces so the data starts on a 64-byte boundary, as numpy does; end with \n.
        let major: UInt8 = header.utf8.count + 12 < 65_536 - 64 ? 1 : 2
        let prefix = major == 1 ? 10 : 12
        let total = (prefix + header.utf8.count + 1 + 63) / 64 * 64
        header += String(repeating: " ", count: total - prefix - header.utf8.count - 1) + "\n"
        var data = Data(magic)
        data.append(contentsOf: [major, 0])
        let length = header.utf8.count
        if major == 1 {
            data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        } else {
            data.append(contentsOf: (0..<4).map { UInt8((length >> (8 * $0)) & 0xFF) })
        }
        data.append(contentsOf: header.utf8)
        data.append(body)
        return data
    }

    /// The .npy bytes of a matrix: `<f4` for `Float`, `<f8` for `Double`.
    public static func encode<S: BLASScalar>(_ matrix: Matrix<S>) -> Data {
        encode(NumericArray(matrix))
    }

    /// Writes `array` as a .npy file, atomically.
    public static func write(_ array: NumericArray, to url: URL) throws {
        try AtomicFile.write(encode(array), to: url)
    }

    /// Writes `matrix` as a .npy file, atomically.
    public static func write<S: BLASScalar>(_ matrix: Matrix<S>, to url: URL) throws {
        try AtomicFile.write(encode(matrix), to: url)
    }
}
