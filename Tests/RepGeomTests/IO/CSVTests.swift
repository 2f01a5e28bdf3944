import Foundation
import XCTest
@testable import RepGeom

final class CSVTests: XCTestCase {
    private func table(_ text: String, header: CSV.HeaderMode = .auto) throws -> CSVTable {
        try CSV.parse(Data(text.utf8), source: "t.csv", header: header)
    }

    /// np.savetxt's default (whitespace, %.18e), a comma file with a header, and shortest-repr
    /// decimals all read to numpy's exact values.
    func testNumpyWrittenTextMatchesNumpy() throws {
        let want = IOFixtures.expected["csv:acts"]!
        for name in ["savetxt_space.txt", "savetxt_comma.csv", "repr.csv"] {
            let a = try ArrayFile.read(IOFixtures.url(name).path)
            IOFixtures.assertMatches(a, want, name)
            XCTAssertEqual(a.elementType, .text)
        }
        let t = try CSV.read(contentsOf: IOFixtures.url("savetxt_comma.csv"))
        XCTAssertEqual(t.header, ["a", "b", "c", "d", "e"])
        XCTAssertEqual(t.lines.first, 2)
        XCTAssertEqual(try CSV.read(contentsOf: IOFixtures.url("savetxt_space.txt")).delimiter, .whitespace)
    }

    func testHeaderDetectionAndColumnSelection() throws {
        let t = try table("# a comment\nid, x ,\"y, quoted\",label\n\n0, 1.5, -2e-3, 7\r\n1,2,3,8\n")
        XCTAssertEqual(t.header, ["id", "x", "y, quoted", "label"])
        XCTAssertEqual(t.lines, [4, 5])
        XCTAssertEqual(try t.numbers(columns: t.columns(selecting: "x")).storage, .floating([1.5, 2]))
        XCTAssertEqual(try t.columns(selecting: "1"), [0])
        XCTAssertEqual(try t.columns(selecting: "2-3"), [1, 2])
        XCTAssertEqual(try t.columns(selecting: "label,id"), [3, 0])
        XCTAssertEqual(try t.columns(selecting: "y, quoted"), [2]) // a whole name, commas and all
        let all = try t.numbers()
        XCTAssertEqual(all.shape, [2, 4])
        XCTAssertEqual(all.doubles, [0, 1.5, -2e-3, 7, 1, 2, 3, 8])
        XCTAssertEqual(all.rowLocation(1), "t.csv line 5")
        XCTAssertEqual(all.columnName(2), "column 3")

        // A numeric first row is data; `.present` forces a header.
        XCTAssertNil(try table("1,2\n3,4\n").header)
        XCTAssertEqual(try table("1,2\n3,4\n", header: .present).header, ["1", "2"])
        XCTAssertEqual(try table("a,b\n3,4\n", header: .absent).rows.count, 2)
    }

    func testDelimiters() throws {
        XCTAssertEqual(try table("1;2\n3;4\n").numbers().doubles, [1, 2, 3, 4])
        XCTAssertEqual(try table("1\t2\n3\t 4\n").numbers().doubles, [1, 2, 3, 4])
        XCTAssertEqual(try table("  1   2\n3 4  \n").numbers().doubles, [1, 2, 3, 4])
        XCTAssertEqual(try table("\u{FEFF}x\n1\n2").numbers().doubles, [1, 2]) // BOM, no final newline
        XCTAssertEqual(try table("1,nan\n-inf,+5\n").numbers().doubles.map { $0.isNaN ? 99 : $0 }, [1, 99, -.infinity, 5])
    }

    func testErrorsNameLineAndColumn() {
        func message(_ text: String, _ selector: String? = nil) -> InputError? {
            IOFixtures.error {
                let t = try CSV.parse(Data(text.utf8), source: "t.csv")
                return try t.numbers(columns: t.columns(selecting: selector))
            }
        }
        var e = message("a,b\n1,2\n3,x1\n")
        XCTAssertEqual(e?.location, "t.csv line 3, column 2 ('b')")
        XCTAssertTrue(e?.message.contains("'x1' is not a number") ?? false)
        e = message("1,2\n3,\n")
        XCTAssertEqual(e?.location, "t.csv line 2, column 2")
        XCTAssertTrue(e?.message.contains("empty cell") ?? false)
        e = message("1,2,3\n4,5\n")
        XCTAssertEqual(e?.location, "t.csv line 2")
        XCTAssertTrue(e?.message.contains("2 cells, expected 3 like line 1") ?? false)
        XCTAssertTrue(message("")?.message.contains("empty file") ?? false)
        XCTAssertTrue(message("# only a comment\n\n")?.message.contains("empty file") ?? false)
        XCTAssertTrue(message("a,b\n")?.message.contains("no data rows") ?? false)
        XCTAssertTrue(message("\"a,b\n1\n")?.message.contains("unterminated quote") ?? false)
        XCTAssertTrue(message("\"a\" b,c\n1,2\n")?.message.contains("after the quoted cell") ?? false)
        XCTAssertTrue(message("a,b\n1,2\n", "c")?.message.contains("no column 'c': the columns are a, b") ?? false)
        XCTAssertTrue(message("1,2\n", "3")?.message.contains("out of range") ?? false)
        XCTAssertTrue(message("1,2\n", "2-5")?.message.contains("not within 1…2") ?? false)
        XCTAssertTrue(message("1,2\n", "x")?.message.contains("no header row") ?? false)
        XCTAssertTrue(IOFixtures.error { try CSV.parse(Data([0x31, 0x00, 0x32]), source: "b.csv") }?.message.contains("NUL") ?? false)
        XCTAssertTrue(IOFixtures.error { try CSV.parse(Data([0x31, 0xFF, 0xFE]), source: "b.csv") }?.message.contains("UTF-8") ?? false)
        // Only the selected columns are parsed: a text label column elsewhere is fine.
        XCTAssertEqual(try CSV.parse(Data("x,name\n1,left\n2,right\n".utf8), source: "t.csv").numbers(columns: [0]).doubles, [1, 2])
    }

    func testWrittenMatrixReadsBackExactly() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        var rng = RandomSource(seed: 11)
        var m: Matrix<Double> = rng.gaussianMatrix(rows: 20, columns: 4)
        m[0, 0] = 1e-300; m[1, 1] = -0.0; m[2, 2] = 123456789012345680; m[3, 3] = 0.1
        let url = dir.appendingPathComponent("m.csv")
        try CSV.write(m, header: ["a", "b,c", "d \"q\"", "e"], to: url)
        let t = try CSV.read(contentsOf: url)
        XCTAssertEqual(t.header, ["a", "b,c", "d \"q\"", "e"])
        let back = try t.numbers().matrix()
        XCTAssertEqual(back.elements.map(\.bitPattern), m.elements.map(\.bitPattern))
    }

    func testCellQuoting() throws {
        let cells = ["plain", "with,comma", "with \"quotes\"", " padded ", "#hash", "semi;colon"]
        let text = CSV.render(header: nil, rows: [cells.map { CSV.cell($0) }])
        XCTAssertEqual(try CSV.parse(Data(text.utf8), source: "q.csv", header: .absent).rows, [cells])
    }
}
