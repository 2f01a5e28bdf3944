import Foundation
import XCTest
@testable import RepGeom

/// CIFAR-10 binary batches written by the test, generated images, selections, relabelling and
/// the HWC input layout.
final class DatasetImageTests: XCTestCase {
    func testCIFARReaderOnGeneratedBatches() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("repgeom-cifar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Record r of file f: label (f·7 + r) mod 10; red pixels = r, green = 100 + pixel index mod 100, blue = 255.
        func batch(_ f: Int, records: Int) -> [UInt8] {
            var b: [UInt8] = []
            for r in 0..<records {
                b.append(UInt8((f * 7 + r) % 10))
                b += Array(repeating: UInt8(r), count: 1024)
                b += (0..<1024).map { UInt8(100 + $0 % 100) }
                b += Array(repeating: 255, count: 1024)
            }
            return b
        }
        let urls = [folder.appendingPathComponent("data_batch_1.bin"), folder.appendingPathComponent("data_batch_2.bin")]
        try Data(batch(0, records: 4)).write(to: urls[0])
        try Data(batch(1, records: 3)).write(to: urls[1])
        let d = try CIFAR10.load(files: urls)
        XCTAssertEqual(d.count, 7)
        XCTAssertEqual(d.labels, [0, 1, 2, 3, 7, 8, 9])
        XCTAssertEqual([d.channels, d.height, d.width], [3, 32, 32])
        XCTAssertEqual(d.pixels[2 * 3072 + 5], Float(2) / 255, "record 2, red")
        XCTAssertEqual(d.pixels[5 * 3072 + 1024 + 33], Float(133) / 255, "record 5 (file 2, record 1), green pixel 33")
        XCTAssertEqual(d.pixels[6 * 3072 + 2048], 1, "blue")
        // Channel-last rows: pixel p's three channels are adjacent.
        let hwc: Matrix<Float> = d.inputs(layout: .hwc)
        XCTAssertEqual(hwc[5, 33 * 3 + 0], Float(1) / 255)
        XCTAssertEqual(hwc[5, 33 * 3 + 1], Float(133) / 255)
        XCTAssertEqual(hwc[5, 33 * 3 + 2], 1)
        let picked = try CIFAR10.load(files: urls, selection: .firstPerClass(1))
        XCTAssertEqual(picked.labels, [0, 1, 2, 3, 7, 8, 9])
        XCTAssertEqual(try CIFAR10.load(files: urls, selection: .first(5)).labels, [0, 1, 2, 3, 7])

        try Data(batch(0, records: 2).dropLast(10)).write(to: urls[1])
        XCTAssertThrowsError(try CIFAR10.load(files: urls)) { e in
            XCTAssertTrue((e as? InputError)?.location.hasSuffix("data_batch_2.bin") ?? false, "\(e)")
            XCTAssertTrue((e as? InputError)?.message.contains("truncated") ?? false, "\(e)")
        }
        var badLabel = batch(0, records: 1)
        badLabel[0] = 10
        try Data(badLabel).write(to: urls[1])
        XCTAssertThrowsError(try CIFAR10.load(files: urls))
        XCTAssertThrowsError(try CIFAR10.load(directory: folder.path, train: false)) { e in
            XCTAssertTrue((e as? InputError)?.message.contains("not found") ?? false)
        }
    }

    func testGeneratedImagesAreDeterministicAndDistinct() {
        let a = GeneratedImages.make(perClass: 5, seed: 3), b = GeneratedImages.make(perClass: 5, seed: 3)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a.pixels, GeneratedImages.make(perClass: 5, seed: 4).pixels)
        XCTAssertEqual(a.classCounts, Array(repeating: 5, count: 10))
        XCTAssertTrue(a.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
        // Noise-free, unjittered class templates are pairwise different.
        let clean = GeneratedImages.make(perClass: 1, noise: 0, jitter: 0)
        for i in 0..<10 { for j in (i + 1)..<10 {
            XCTAssertNotEqual(Array(clean.pixels[(i * 144)..<((i + 1) * 144)]), Array(clean.pixels[(j * 144)..<((j + 1) * 144)]), "classes \(i), \(j)")
        } }
    }

    func testSelectionsAndGroupings() throws {
        let labels = [0, 1, 1, 2, 0, 1, 2, 2, 0, 0]
        XCTAssertEqual(ImageSelection.firstPerClass(2).indices(labels: labels, classCount: 3), [0, 1, 2, 3, 4, 6])
        XCTAssertEqual(ImageSelection.first(3).indices(labels: labels, classCount: 3), [0, 1, 2])
        let r = ImageSelection.randomPerClass(2, seed: 5).indices(labels: labels, classCount: 3)
        XCTAssertEqual(r, r.sorted())
        XCTAssertEqual(r.map { labels[$0] }.sorted(), [0, 0, 1, 1, 2, 2])
        XCTAssertEqual(r, ImageSelection.randomPerClass(2, seed: 5).indices(labels: labels, classCount: 3))
        let many = (0..<200).map { $0 % 4 }
        XCTAssertNotEqual(ImageSelection.randomPerClass(10, seed: 1).indices(labels: many, classCount: 4),
                          ImageSelection.randomPerClass(10, seed: 2).indices(labels: many, classCount: 4))

        let g = ClassGrouping.fashionTops
        XCTAssertEqual(g.classLabels(classCount: 10), [1, 0, 1, 1, 1, 0, 1, 0, 0, 0])
        XCTAssertEqual(g.targets([0, 1, 9, 6]), [1, 0, 0, 1])
        XCTAssertNoThrow(try g.validate(classCount: 10))
        XCTAssertThrowsError(try ClassGrouping(name: "x", positive: [11]).validate(classCount: 10))
        XCTAssertThrowsError(try ClassGrouping(name: "x", positive: Array(0..<10)).validate(classCount: 10))
        XCTAssertThrowsError(try ClassGrouping(name: "x", positive: []).validate(classCount: 10))
    }

    func testSubsetAndCentring() {
        let d = GeneratedImages.make(perClass: 2, classes: 3, side: 6, seed: 1)
        let s = d.subset([4, 1])
        XCTAssertEqual(s.labels, [d.labels[4], d.labels[1]])
        XCTAssertEqual(Array(s.pixels[0..<36]), Array(d.pixels[(4 * 36)..<(5 * 36)]))
        let mean = d.meanImage
        let centred: Matrix<Double> = d.inputs(layout: .chw, subtracting: mean)
        for j in 0..<36 { XCTAssertEqual((0..<d.count).reduce(0.0) { $0 + centred[$1, j] }, 0, accuracy: 1e-5) }
    }
}
