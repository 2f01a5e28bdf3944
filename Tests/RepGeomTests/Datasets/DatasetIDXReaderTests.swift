import Foundation
import XCTest
@testable import RepGeom

/// IDX parsing and gzip decoding on files the test writes: plain and gzipped (by our writer and,
/// when present, by the system's `gzip`), streaming prefixes, and the one-line errors for
/// truncated files, bad magic numbers and corrupt gzip trailers.
final class DatasetIDXReaderTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("repgeom-idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// An IDX byte file: magic 00 00 08 d, big-endian dims, elements.
    static func idx(_ dims: [Int], _ values: [UInt8]) -> [UInt8] {
        var b: [UInt8] = [0, 0, 8, UInt8(dims.count)]
        for d in dims { b += [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] }
        return b + values
    }

    func write(_ bytes: [UInt8], _ name: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    func testParsesPlainAndGzippedFiles() throws {
        let values = (0..<(5 * 3 * 2)).map { UInt8($0 * 7 % 256) }
        let raw = Self.idx([5, 3, 2], values)
        let plain = try IDX.read(try write(raw, "a-idx3-ubyte"))
        XCTAssertEqual(plain.dimensions, [5, 3, 2])
        XCTAssertEqual(plain.bytes, values)
        XCTAssertEqual(plain.recordSize, 6)
        let gz = try IDX.read(try write([UInt8](try Gzip.compress(raw)), "a-idx3-ubyte.gz"))
        XCTAssertEqual(gz, plain)
        // Streaming: only the first two records.
        let prefix = try IDX.read(folder.appendingPathComponent("a-idx3-ubyte.gz"), maxRecords: 2)
        XCTAssertEqual(prefix.records, 2)
        XCTAssertEqual(prefix.bytes, Array(values[0..<12]))
    }

    /// A gzip file written by the system's gzip (independent of our writer), with a file name in
    /// its header (FNAME flag), large enough to need several inflate chunks.
    func testDecodesSystemGzip() throws {
        let gzip = ["/usr/bin/gzip", "/bin/gzip"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let gzip else { throw XCTSkip("no gzip executable") }
        var rng = RandomSource(seed: 1)
        let values = (0..<(300 * 28 * 28)).map { _ in UInt8(rng.int(below: 16) * 16) }
        let raw = Self.idx([300, 28, 28], values)
        let url = try write(raw, "images-idx3-ubyte")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: gzip)
        p.arguments = ["-f", url.path]
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        let decoded = try IDX.read(folder.appendingPathComponent("images-idx3-ubyte.gz"))
        XCTAssertEqual(decoded.dimensions, [300, 28, 28])
        XCTAssertEqual(decoded.bytes, values)
    }

    func testTruncatedAndBadFilesGiveOneLineErrors() throws {
        let raw = Self.idx([4, 2, 2], Array(repeating: 9, count: 16))
        func error(_ bytes: [UInt8], _ name: String) -> InputError? {
            do { _ = try IDX.read(try write(bytes, name)); return nil } catch let e as InputError { return e } catch { return nil }
        }
        let truncated = error(Array(raw.dropLast(3)), "short-idx3-ubyte")
        XCTAssertNotNil(truncated)
        XCTAssertTrue(truncated?.location.hasSuffix("short-idx3-ubyte") ?? false)
        XCTAssertTrue(truncated?.message.contains("truncated") ?? false, truncated?.message ?? "")
        XCTAssertFalse(truncated?.description.contains("\n") ?? true)
        XCTAssertTrue(error(raw + [1], "long-idx3-ubyte")?.message.contains("trailing") ?? false)
        var bad = raw
        bad[0] = 0x12
        XCTAssertTrue(error(bad, "magic-idx3-ubyte")?.message.contains("magic") ?? false)
        var float = raw
        float[2] = 0x0D
        XCTAssertTrue(error(float, "float-idx3-ubyte")?.message.contains("not supported") ?? false)
        XCTAssertTrue(error(Array(raw[0..<6]), "header-idx3-ubyte")?.message.contains("truncated") ?? false)

        let gz = [UInt8](try Gzip.compress(raw + Array(repeating: 3, count: 4000)))
        let cut = error(Array(gz.dropLast(20)), "cut.gz")
        XCTAssertNotNil(cut, "a truncated gzip file is an error")
        XCTAssertTrue(cut?.location.hasSuffix("cut.gz") ?? false)
        var crc = gz
        crc[crc.count - 8] ^= 0xFF
        XCTAssertTrue(error(crc, "crc.gz")?.message.contains("CRC") ?? false)
        XCTAssertTrue(error([0x1f, 0x8b, 8, 0], "tiny.gz")?.message.contains("truncated") ?? false)
        XCTAssertNotNil(error([0x1f, 0x8b, 7] + Array(repeating: 0, count: 20), "method.gz"))
    }

    /// The Fashion-MNIST reader on a folder of small IDX files the test writes: per-class
    /// selection, pixel scaling, the streaming prefix, and the error for a missing folder.
    func testFashionMNISTReaderOnWrittenFiles() throws {
        let n = 30
        let labels = (0..<n).map { UInt8($0 % 10) }
        let pixels = (0..<(n * 28 * 28)).map { UInt8(($0 / (28 * 28)) * 8 % 256) } // image i is constant 8i
        _ = try write([UInt8](try Gzip.compress(Self.idx([n], labels))), "t10k-labels-idx1-ubyte.gz")
        _ = try write([UInt8](try Gzip.compress(Self.idx([n, 28, 28], pixels))), "t10k-images-idx3-ubyte.gz")
        let all = try FashionMNIST.load(.test, directory: folder.path)
        XCTAssertEqual(all.count, n)
        XCTAssertEqual(all.labels, labels.map(Int.init))
        XCTAssertEqual(all.pixels[28 * 28 * 3], Float(24) / 255)
        let two = try FashionMNIST.load(.test, directory: folder.path, selection: .firstPerClass(2))
        XCTAssertEqual(two.count, 20)
        XCTAssertEqual(two.classCounts, Array(repeating: 2, count: 10))
        XCTAssertEqual(two.pixels[28 * 28 * 19], Float(8 * 19) / 255, "the 20th kept image is file image 19")
        XCTAssertThrowsError(try FashionMNIST.load(.train, directory: folder.path)) { e in
            XCTAssertTrue((e as? InputError)?.message.contains("Fashion-MNIST not found") ?? false, "\(e)")
        }
        XCTAssertThrowsError(try FashionMNIST.load(.test, directory: folder.appendingPathComponent("absent").path))
    }

    /// The installed Debian package, when present: shapes and label ranges of a small prefix.
    func testInstalledFashionMNIST() throws {
        guard (try? FashionMNIST.locate(nil, split: .test)) != nil else { throw XCTSkip("dataset-fashion-mnist not installed") }
        let d = try FashionMNIST.load(.test, selection: .firstPerClass(3))
        XCTAssertEqual(d.count, 30)
        XCTAssertEqual([d.channels, d.height, d.width], [1, 28, 28])
        XCTAssertEqual(d.classCounts, Array(repeating: 3, count: 10))
        XCTAssertTrue(d.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
        XCTAssertGreaterThan(d.pixels.max()!, 0.9)
    }
}
