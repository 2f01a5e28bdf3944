import Foundation
import XCTest
@testable import RepGeom

final class ArrayFileTests: XCTestCase {
    func testSourceParsing() throws {
        XCTAssertEqual(ArraySource(parsing: "run.npz:hidden"), ArraySource(path: "run.npz", selector: "hidden"))
        XCTAssertEqual(ArraySource(parsing: "data.csv:2-65"), ArraySource(path: "data.csv", selector: "2-65"))
        XCTAssertEqual(ArraySource(parsing: "acts.npy"), ArraySource(path: "acts.npy"))
        XCTAssertEqual(ArraySource(parsing: "dir/a.csv:"), ArraySource(path: "dir/a.csv"))
        XCTAssertEqual(ArraySource(parsing: "run.npz:hidden").description, "run.npz:hidden")
        // An existing file whose name contains a colon is a path, not a selector.
        let dir = try CommandLineTool.temporaryDirectory(self)
        let odd = dir.appendingPathComponent("t:1.csv")
        try "1,2\n".write(to: odd, atomically: true, encoding: .utf8)
        XCTAssertEqual(ArraySource(parsing: odd.path), ArraySource(path: odd.path))
        XCTAssertEqual(try ArrayFile.read(odd.path).doubles, [1, 2])
        // Codable as its command-line spelling.
        let json = try JSONEncoder().encode(ArraySource(path: "a.npz", selector: "x"))
        XCTAssertEqual(String(decoding: json, as: UTF8.self), "\"a.npz:x\"")
        XCTAssertEqual(try JSONDecoder().decode(ArraySource.self, from: json), ArraySource(path: "a.npz", selector: "x"))
    }

    func testFormatComesFromTheBytesNotTheName() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let disguised = dir.appendingPathComponent("really-npy.csv")
        try FileManager.default.copyItem(at: IOFixtures.url("v1_f8.npy"), to: disguised)
        XCTAssertEqual(try ArrayFile.read(disguised.path).storage, try NPY.read(contentsOf: IOFixtures.url("v1_f8.npy")).storage)
        let e = IOFixtures.error { try ArrayFile.read(disguised.path + ":x") }
        XCTAssertTrue(e?.message.contains("holds one array") ?? false)
    }

    func testMissingFilesAndFolders() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let missing = dir.appendingPathComponent("nope.npy").path
        XCTAssertEqual(IOFixtures.error { try ArrayFile.read(missing) }, InputError(missing, "no such file"))
        XCTAssertEqual(IOFixtures.error { try ArrayFile.read(missing + ":x") }?.location, missing)
        XCTAssertEqual(IOFixtures.error { try ArrayFile.read(dir.path) }?.message, "is a folder, not a file")
    }

    func testChecksNameTheFirstBadRow() throws {
        let url = IOFixtures.url("nonfinite_f8.npy")
        let a = try ArrayFile.read(url.path)
        XCTAssertEqual(IOFixtures.error { try a.requireFinite("activations") },
                       InputError(url.path + " row 0", "activations must be finite, found nan in column 1"))
        let t = try CSV.parse(Data("a,b\n1,2\n3,inf\n".utf8), source: "t.csv").numbers()
        XCTAssertEqual(IOFixtures.error { try t.requireFinite("activations") },
                       InputError("t.csv line 3", "activations must be finite, found inf in column 2"))
        XCTAssertEqual(IOFixtures.error { try NumericArray(integers: [0, 1, 2]).requireBinary("targets") }?.message,
                       "targets must be 0 or 1, found 2")
        XCTAssertNoThrow(try ArrayFile.read(IOFixtures.url("b1.npy").path).requireBinary())
    }

    func testViews() throws {
        let cube = try ArrayFile.read(IOFixtures.url("c_3d_f4.npy").path)
        XCTAssertTrue(IOFixtures.error { try cube.matrix("activations") }?.message.contains("shape (2, 3, 4)") ?? false)
        let flat = try cube.matrix("activations", flatten: true)
        XCTAssertEqual(flat.rows, 2)
        XCTAssertEqual(flat.columns, 12)
        XCTAssertEqual(flat[1, 0], 1.5)
        XCTAssertEqual(try ArrayFile.read(IOFixtures.url("vector_f8.npy").path).matrix().columns, 1)
        XCTAssertNotNil(IOFixtures.error { try ArrayFile.read(IOFixtures.url("scalar_f8.npy").path).matrix() })
        XCTAssertEqual(try NumericArray(Matrix(rows: 3, columns: 1, elements: [0, 2, 1.0])).integers(), [0, 2, 1])
        let half = NumericArray(elementType: .float64, shape: [2], storage: .floating([0, 1.5]), source: "c.npy")
        XCTAssertEqual(IOFixtures.error { try half.integers("condition ids") },
                       InputError("c.npy row 1", "condition ids must be whole numbers, found 1.5"))
        XCTAssertNotNil(IOFixtures.error { try cube.integers() })
        XCTAssertEqual(try ArrayFile.read(IOFixtures.url("i8_le.npy").path).shape, [1, 3])
        XCTAssertEqual(try ArrayFile.read(IOFixtures.url("u1.npy").path).storage, .integer([0, 1, 255, 128, 3, 4]))
    }
}
