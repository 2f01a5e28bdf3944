import XCTest
@testable import RepGeom

/// The test PNG decoder against an independent encoder (rsvg-convert) on an image whose every
/// pixel is known.
final class PNGDecoderTests: XCTestCase {
    func testDecodesAKnownImageExactly() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let svg = dir.appendingPathComponent("k.svg"), png = dir.appendingPathComponent("k.png")
        // 40 × 20: left half pure red, right half pure blue, one white 4 × 4 square at (30, 8).
        try """
        <svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">
        <rect x="0" y="0" width="20" height="20" fill="#FF0000"/><rect x="20" y="0" width="20" height="20" fill="#0000FF"/>
        <rect x="30" y="8" width="4" height="4" fill="#FFFFFF"/></svg>
        """.write(to: svg, atomically: true, encoding: .utf8)
        try PNGConverter.convert(svg: svg, to: png, width: 40)
        let image = try DecodedPNG(Data(contentsOf: png))
        XCTAssertEqual(image.width, 40); XCTAssertEqual(image.height, 20)
        for y in 0..<20 {
            for x in 0..<40 {
                let p = image.pixel(x, y)
                let expected: (UInt8, UInt8, UInt8) = (30..<34).contains(x) && (8..<12).contains(y) ? (255, 255, 255) : x < 20 ? (255, 0, 0) : (0, 0, 255)
                XCTAssertTrue(p.0 == expected.0 && p.1 == expected.1 && p.2 == expected.2 && p.3 == 255, "pixel (\(x), \(y)) = \(p)")
            }
        }
    }

    func testInflatesStoredFixedAndDynamicBlocks() throws {
        // Stored block "hi" (zlib header 78 01).
        XCTAssertEqual(try Inflate.zlib([0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF, 0x68, 0x69, 0, 0, 0, 0]), Array("hi".utf8))
        // Fixed-Huffman "a" repeated 10 times: a literal then a length-9, distance-1 match
        // (zlib.compress(b"a"*10) = 78 9c 4b 4c 84 01 00 14 e1 03 cb).
        XCTAssertEqual(try Inflate.zlib([0x78, 0x9C, 0x4B, 0x4C, 0x84, 0x01, 0x00, 0x14, 0xE1, 0x03, 0xCB]), Array(repeating: 0x61, count: 10))
        XCTAssertThrowsError(try Inflate.zlib([0x00, 0x00, 0x01]))
    }
}
