import Foundation
import XCTest
@testable import RepGeom

final class NPYTests: XCTestCase {
    func testKornblithFixturesReadEqualToTheirExactCSV() throws {
        for name in ["cka_kornblith_X", "cka_kornblith_Y"] {
            let array = try NPY.read(contentsOf: Fixtures.url(name + ".npy"))
            XCTAssertEqual(array.elementType, .float64)
            XCTAssertEqual(try array.matrix(), try Fixtures.csvMatrix(name + ".csv"), name)
        }
    }

    /// Every .npy fixture numpy wrote reads back to numpy's own values, shape and dtype.
    func testEveryNumpyFixtureMatchesNumpy() throws {
        let npy = IOFixtures.expected.filter { $0.key.hasSuffix(".npy") }
        XCTAssertGreaterThanOrEqual(npy.count, 25)
        let kinds: [String: NumericArray.ElementType] = [
            "f2": .float16, "f4": .float32, "f8": .float64, "i1": .int8, "i2": .int16, "i4": .int32, "i8": .int64,
            "u1": .uint8, "u2": .uint16, "u4": .uint32, "u8": .uint64, "b1": .bool]
        for (name, expected) in npy.sorted(by: { $0.key < $1.key }) {
            let array = try NPY.read(contentsOf: IOFixtures.url(name))
            IOFixtures.assertMatches(array, expected, name)
            XCTAssertEqual(array.elementType, kinds[String(expected.dtype.dropFirst())], name)
            XCTAssertEqual(array.source, IOFixtures.url(name).path)
        }
    }

    func testFormatVersionsAndOrdersAgree() throws {
        let v1 = try NPY.read(contentsOf: IOFixtures.url("v1_f8.npy"))
        for name in ["v2_f8.npy", "v3_f8.npy", "fortran_f8.npy", "f8_be.npy"] {
            XCTAssertEqual(try NPY.read(contentsOf: IOFixtures.url(name)).storage, v1.storage, name)
        }
        // Fortran order 3-d: element (i, j, k) of np.arange(24).reshape(2, 3, 4) is 12i + 4j + k.
        let f = try NPY.read(contentsOf: IOFixtures.url("fortran_i4_be_3d.npy"))
        XCTAssertEqual(f.shape, [2, 3, 4])
        XCTAssertEqual(f.storage, .integer((0..<24).map { Int64($0) }))
    }

    func testCOrderFromFortranIsATransposeIn2D() {
        // Column-major 2×3 [[1,2,3],[4,5,6]] is stored as 1,4,2,5,3,6.
        XCTAssertEqual(NPY.cOrder(fromFortran: [1, 4, 2, 5, 3, 6], shape: [2, 3]), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(NPY.cOrder(fromFortran: [1, 2, 3], shape: [3]), [1, 2, 3])
        XCTAssertEqual(NPY.cOrder(fromFortran: [Int](), shape: [0, 4]), [])
    }

    func testHalfPrecisionDecodesEveryBitPatternExactly() {
        #if !(os(macOS) && arch(x86_64))
        for bits in UInt16.min...UInt16.max {
            let want = Double(Float(Float16(bitPattern: bits)))
            let got = NPY.halfToDouble(bits)
            if want.isNaN { XCTAssertTrue(got.isNaN); continue }
            XCTAssertEqual(got.bitPattern, want.bitPattern, "half 0x\(String(bits, radix: 16))")
        }
        #endif
        XCTAssertEqual(NPY.halfToDouble(0x3C00), 1)
        XCTAssertEqual(NPY.halfToDouble(0xC000), -2)
        XCTAssertEqual(NPY.halfToDouble(0x0001), 0x1p-24)
        XCTAssertEqual(NPY.halfToDouble(0x7BFF), 65504)
    }

    func testRefusesWhatItCannotReadWithOneLineNamingTheFile() throws {
        let cases: [(String, String)] = [
            ("object.npy", "object arrays"), ("structured.npy", "structured arrays"),
            ("unicode.npy", "string arrays"), ("complex.npy", "complex arrays"), ("truncated.npy", "truncated"),
        ]
        for (name, phrase) in cases {
            let url = IOFixtures.url(name)
            guard let e = IOFixtures.error({ try NPY.read(contentsOf: url) }) else { continue }
            XCTAssertEqual(e.location, url.path, name)
            XCTAssertTrue(e.message.contains(phrase), "\(name): \(e.message)")
        }
    }

    /// Writing reproduces numpy's bytes exactly (header text, padding to 64 bytes, data).
    func testEncodingReproducesNumpysBytes() throws {
        for name in ["v1_f8.npy", "f4_le.npy", "b1.npy", "i8_le.npy", "vector_f8.npy", "scalar_f8.npy",
                     "empty_f8.npy", "c_3d_f4.npy"] {
            let url = IOFixtures.url(name)
            let array = try NPY.read(contentsOf: url)
            XCTAssertEqual(NPY.encode(array), try Data(contentsOf: url), name)
        }
    }

    func testMatrixRoundTripsThroughAFile() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        var rng = RandomSource(seed: 7)
        let d: Matrix<Double> = rng.gaussianMatrix(rows: 5, columns: 3)
        let f: Matrix<Float> = d.converted()
        try NPY.write(d, to: dir.appendingPathComponent("d.npy"))
        try NPY.write(f, to: dir.appendingPathComponent("f.npy"))
        let rd = try NPY.read(contentsOf: dir.appendingPathComponent("d.npy"))
        let rf = try NPY.read(contentsOf: dir.appendingPathComponent("f.npy"))
        XCTAssertEqual(rd.elementType, .float64)
        XCTAssertEqual(rf.elementType, .float32)
        XCTAssertEqual(try rd.matrix(), d)
        XCTAssertEqual(try rf.matrix(), f.converted(to: Double.self))
    }

    // MARK: Malformed headers, constructed byte by byte

    /// A version-1 file with `header` (padded like numpy) followed by `data`.
    private func npy(_ header: String, data: [UInt8] = [], major: UInt8 = 1) -> Data {
        var h = Array(header.utf8)
        let prefix = major == 1 ? 10 : 12
        while (prefix + h.count + 1) % 64 != 0 { h.append(0x20) }
        h.append(0x0A)
        var out = NPY.magic + [major, 0]
        let n = h.count
        out += major == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), 0, 0]
        return Data(out + h + data)
    }

    private func decodeError(_ data: Data) -> String {
        IOFixtures.error({ try NPY.decode(data, source: "bad.npy") }).map { e in
            XCTAssertEqual(e.location, "bad.npy")
            return e.message
        } ?? ""
    }

    func testMalformedHeadersAreRefused() {
        let eight = [UInt8](repeating: 0, count: 8)
        let cases: [(Data, String)] = [
            (Data("hello".utf8), "not a .npy file"),
            (Data(NPY.magic + [1, 0, 0xFF]), "truncated"),
            (Data(NPY.magic + [4, 0, 10, 0] + Array("{}".utf8)), "version 4.0"),
            (Data(NPY.magic + [1, 0, 0xFF, 0x00] + Array("{'descr': '<f8'}".utf8)), "truncated"),
            (npy("['descr', '<f8']"), "expected a dictionary"),
            (npy("{'descr': '<f8', 'shape': (1,), }", data: eight), "no 'fortran_order'"),
            (npy("{'descr': '<f8', 'fortran_order': False, }", data: eight), "no 'shape'"),
            (npy("{'fortran_order': False, 'shape': (1,), }", data: eight), "no 'descr'"),
            (npy("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }", data: eight), "True or False"),
            (npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", data: eight), "non-negative"),
            (npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1.0,), }", data: eight), "only integers"),
            (npy("{'descr': '<f8', 'fortran_order': False, 'shape': 8, }", data: eight), "tuple"),
            (npy("{'descr': '<f16', 'fortran_order': False, 'shape': (1,), }", data: eight), "not supported"),
            (npy("{'descr': 8, 'fortran_order': False, 'shape': (1,), }", data: eight), "dtype string"),
            (npy("{'descr': __import__('os').system('x'), 'fortran_order': False, 'shape': (1,), }"), "corrupt .npy header"),
            (npy("{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': (1,), }"), "appears twice"),
            (npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } junk"), "after the literal"),
            (npy("{'descr': '<f8, 'fortran_order': False, 'shape': (1,), }"), "corrupt .npy header"),
            (npy(String(repeating: "(", count: 100) + String(repeating: ")", count: 100)), "nested too deeply"),
            // Absurd shapes are refused before anything is allocated.
            (npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000, 1000000000), }", data: eight), "truncated .npy data"),
            (npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }"), "elements"),
            (npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }"), "too large"),
            (npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", data: eight), "truncated .npy data"),
            (npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", data: eight + eight), "unexpected bytes"),
            (npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", data: eight), "object arrays"),
            (npy("{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }", data: [UInt8](repeating: 0xFF, count: 8)), "larger than"),
        ]
        for (data, phrase) in cases {
            let message = decodeError(data)
            XCTAssertTrue(message.contains(phrase), "expected '\(phrase)' in: \(message)")
        }
    }

    func testHeaderVariantsNumpyMayWriteAreAccepted() throws {
        let one = withUnsafeBytes(of: Double(1.5).bitPattern.littleEndian) { Array($0) }
        let two = withUnsafeBytes(of: Double(-2).bitPattern.littleEndian) { Array($0) }
        for header in [
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
            "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2,)}",   // double quotes, no trailing comma
            "{'shape': (2L,), 'fortran_order': False, 'descr': '<f8'}",          // Python 2 long, other key order
            "{ 'descr' : '<f8' ,\n 'fortran_order' : False , 'shape' : ( 2 , ) , }",
            "{'descr': '<f8', 'fortran_order': False, 'shape': [2], }",            // list instead of tuple: refused below
        ].dropLast() {
            let a = try NPY.decode(npy(header, data: one + two), source: "ok.npy")
            XCTAssertEqual(a.storage, .floating([1.5, -2]), header)
        }
        let v2 = try NPY.decode(npy("{'descr': '>f8', 'fortran_order': False, 'shape': (), }",
                                    data: Array(one.reversed()), major: 2), source: "v2.npy")
        XCTAssertEqual(v2.shape, [])
        XCTAssertEqual(v2.doubles, [1.5])
        XCTAssertTrue(decodeError(npy("{'descr': '<f8', 'fortran_order': False, 'shape': [2], }", data: one + two)).contains("tuple"))
    }

    func testPythonLiteralParser() throws {
        XCTAssertEqual(try PythonLiteral.parse("(3, 4)"), .tuple([.integer(3), .integer(4)]))
        XCTAssertEqual(try PythonLiteral.parse("(3,)"), .tuple([.integer(3)]))
        XCTAssertEqual(try PythonLiteral.parse("(3)"), .integer(3))
        XCTAssertEqual(try PythonLiteral.parse("()"), .tuple([]))
        XCTAssertEqual(try PythonLiteral.parse("'a\\'b\\x41\\u00e9'"), .string("a'bAé"))
        XCTAssertEqual(try PythonLiteral.parse("[True, False, None]"), .list([.boolean(true), .boolean(false), .none]))
        XCTAssertEqual(try PythonLiteral.parse("{'a': {'b': -1}}"), .dict(["a": .dict(["b": .integer(-1)])]))
        for bad in ["", "Truex", "{'a' 1}", "{1: 2}", "(1 2)", "'open", "1e3", "0x10", "a", "{'a': 1,, }"] {
            XCTAssertThrowsError(try PythonLiteral.parse(bad), bad)
        }
    }
}
