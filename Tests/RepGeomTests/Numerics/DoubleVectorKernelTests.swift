import XCTest
@testable import RepGeom

/// The decoders' Double dot and axpy (C kernels, both builds) against plain loops: every length
/// around the 4- and 8-lane boundaries and the Gram-row length, unaligned starts included.
final class DoubleVectorKernelTests: XCTestCase {
    override func tearDown() { CKernelBuild.force(nil) }

    func testDotAndAxpyMatchPlainLoopsInBothBuilds() {
        var rng = RandomSource(seed: 31)
        let storage = (0..<900).map { _ in rng.gaussian() }
        let other = (0..<900).map { _ in rng.gaussian() }
        var builds: [CKernelBuild] = [.generic]
        if CKernelBuild.avx2Available { builds.append(.avx2) }
        for build in builds {
            XCTAssertEqual(CKernelBuild.force(build), build)
            for n in Array(0...20) + [127, 129, 132, 640, 800] {
                for offset in [0, 1, 3] {
                    storage.withUnsafeBufferPointer { a in
                        other.withUnsafeBufferPointer { b in
                            let pa = a.baseAddress! + offset, pb = b.baseAddress! + offset
                            var plain = 0.0, magnitude = 0.0
                            for i in 0..<n { plain += pa[i] * pb[i]; magnitude += abs(pa[i] * pb[i]) }
                            XCTAssertEqual(VectorKernels.dot(pa, pb, n), plain, accuracy: 1e-14 * (1 + magnitude),
                                           "\(build) dot n \(n) offset \(offset)")
                            var y = Array(other[offset..<(offset + n)])
                            y.withUnsafeMutableBufferPointer { VectorKernels.axpy(-0.37, pa, $0.baseAddress!, n) }
                            for i in 0..<n {
                                XCTAssertEqual(y[i], pb[i] - 0.37 * pa[i], accuracy: 1e-15 * (1 + abs(pb[i]) + abs(pa[i])),
                                               "\(build) axpy n \(n) offset \(offset) element \(i)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// The decoder gives the same accuracies in both builds (rounding differences only).
    func testDecodingAgreesAcrossBuilds() throws {
        var rng = RandomSource(seed: 32)
        let means = MeasureTestData.embed(MeasureTestData.cube(3), dimension: 12, scale: 1, using: &rng)
        let (x, ids) = MeasureTestData.samples(of: means, perCondition: 12, noise: 0.6, using: &rng)
        var results: [[Double]] = []
        for build in [CKernelBuild.generic, .avx2] {
            CKernelBuild.force(build)
            let engine = try DecodingEngine(samples: x, conditions: ids, conditionCount: 8, folds: 4,
                                            decoder: LinearDecoder(), seed: 1)
            results.append(engine.decode(all: [[0, 1, 0, 1, 0, 1, 0, 1], [0, 0, 1, 1, 0, 0, 1, 1], [0, 1, 1, 0, 1, 0, 0, 1]],
                                         threads: 1).map(\.mean))
        }
        for (a, b) in zip(results[0], results[1]) { XCTAssertEqual(a, b, accuracy: 1e-12) }
    }
}
