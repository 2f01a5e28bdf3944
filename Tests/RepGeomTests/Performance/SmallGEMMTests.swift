import XCTest
@testable import RepGeom

/// The small-matrix sgemm (`ck_sgemm` in `CKernels`, both its AVX2 + FMA and its generic build) against a
/// Double-accumulated reference and against BLAS, on ragged shapes that exercise every edge of
/// its tiling (rows not a multiple of the 5-row tile, columns not a multiple of the 16-column
/// panel, the few-columns dot-product path, k = 0 and 1), every transpose combination, padded
/// leading dimensions, and α, β including β = 0 over NaN (which BLAS ignores).
///
/// Tolerance from float rounding: each entry is a sum of k products, so its error is bounded by
/// about k·ε·Σ_p |a_ip|·|b_pj| (ε = 2⁻²⁴) for any summation order; the test allows 2·(k + 2)·ε
/// times that sum (plus ε·|β·c| for the β term). A wrong index or a dropped term is off by
/// O(|a||b|) — orders of magnitude more.
final class SmallGEMMTests: XCTestCase {
    struct Shape { var m: Int, n: Int, k: Int }
    static let shapes: [Shape] = [
        Shape(m: 64, n: 128, k: 101), Shape(m: 101, n: 128, k: 64), Shape(m: 64, n: 1, k: 129),
        Shape(m: 64, n: 128, k: 1), Shape(m: 7, n: 5, k: 3), Shape(m: 13, n: 17, k: 19), Shape(m: 1, n: 1, k: 1),
        Shape(m: 5, n: 16, k: 8), Shape(m: 6, n: 33, k: 2), Shape(m: 64, n: 3, k: 129), Shape(m: 129, n: 1, k: 64),
        Shape(m: 11, n: 9, k: 0), Shape(m: 3, n: 7, k: 40), Shape(m: 30, n: 47, k: 23),
    ]

    override func tearDown() { GEMMBackend.forceSmallKernel(avx2: nil) }

    /// Runs one product with the small kernel and checks it against the Double reference and BLAS.
    func check(_ s: Shape, transA: Bool, transB: Bool, alpha: Float, beta: Float, rng: inout RandomSource,
               file: StaticString = #filePath, line: UInt = #line) {
        let (m, n, k) = (s.m, s.n, s.k)
        let lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 2, ldc = n + 1
        let a = (0..<((transA ? k : m) * lda)).map { _ in Float(rng.uniform() * 2 - 1) }
        let b = (0..<((transB ? n : k) * ldb)).map { _ in Float(rng.uniform() * 2 - 1) }
        let c0 = (0..<(m * ldc)).map { _ in beta == 0 ? Float.nan : Float(rng.uniform() * 2 - 1) }
        func av(_ i: Int, _ p: Int) -> Float { transA ? a[p * lda + i] : a[i * lda + p] }
        func bv(_ p: Int, _ j: Int) -> Float { transB ? b[j * ldb + p] : b[p * ldb + j] }
        var small = c0, blas = c0
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                small.withUnsafeMutableBufferPointer { pc in
                    smallSgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: pa.baseAddress!, lda: lda,
                               b: pb.baseAddress!, ldb: ldb, beta: beta, c: pc.baseAddress!, ldc: ldc)
                }
                blas.withUnsafeMutableBufferPointer { pc in
                    Float.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: pa.baseAddress!, lda: lda,
                               b: pb.baseAddress!, ldb: ldb, beta: beta, c: pc.baseAddress!, ldc: ldc)
                }
            }
        }
        let eps = Double(Float.ulpOfOne) / 2
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var exact = 0.0, magnitude = 0.0
                for p in 0..<k {
                    exact += Double(av(i, p)) * Double(bv(p, j))
                    magnitude += Swift.abs(Double(av(i, p)) * Double(bv(p, j)))
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c0[i * ldc + j])
                let expected = Double(alpha) * exact + old
                let bound = 2 * Double(k + 2) * eps * Swift.abs(Double(alpha)) * magnitude + 2 * eps * Swift.abs(old) + 1e-30
                let got = Double(small[i * ldc + j])
                XCTAssertTrue(Swift.abs(got - expected) <= bound,
                              "m\(m) n\(n) k\(k) tA \(transA) tB \(transB) β \(beta) [\(i),\(j)]: \(got) vs \(expected) (bound \(bound))",
                              file: file, line: line)
                // BLAS obeys the same bound, so the two agree to twice of it.
                XCTAssertLessThanOrEqual(Swift.abs(got - Double(blas[i * ldc + j])), 2 * bound, file: file, line: line)
                worst = max(worst, Swift.abs(got - expected) / bound)
            }
            // The padding column beyond n is never written.
            if beta != 0 { XCTAssertEqual(small[i * ldc + n], c0[i * ldc + n], file: file, line: line) }
            else { XCTAssertTrue(small[i * ldc + n].isNaN, file: file, line: line) }
        }
    }

    func runAllShapes() {
        var rng = RandomSource(seed: 11)
        for s in Self.shapes {
            for transA in [false, true] {
                for transB in [false, true] {
                    for (alpha, beta) in [(Float(1), Float(0)), (-0.1, 1), (0.7, -1.3)] {
                        check(s, transA: transA, transB: transB, alpha: alpha, beta: beta, rng: &rng)
                    }
                }
            }
        }
    }

    func testAutomaticKernelAgainstReferenceAndBLAS() {
        GEMMBackend.forceSmallKernel(avx2: nil)
        runAllShapes()
    }

    func testGenericBuildAgainstReferenceAndBLAS() {
        XCTAssertNotEqual(GEMMBackend.forceSmallKernel(avx2: false), "avx2+fma")
        runAllShapes()
    }

    /// α = 0 or k = 0 only scales C by β (β = 0 clears it, NaN included).
    func testZeroAlphaOrDepthScalesC() {
        var c: [Float] = [1, .nan, 3, 4]
        let a: [Float] = [1, 2], b: [Float] = [3, 4]
        smallSgemm(transA: false, transB: false, m: 2, n: 2, k: 1, alpha: 0, a: a, lda: 1, b: b, ldb: 2, beta: 0, c: &c, ldc: 2)
        XCTAssertEqual(c, [0, 0, 0, 0])
        c = [1, 2, 3, 4]
        smallSgemm(transA: false, transB: false, m: 2, n: 2, k: 0, alpha: 1, a: a, lda: 1, b: b, ldb: 2, beta: 2, c: &c, ldc: 2)
        XCTAssertEqual(c, [2, 4, 6, 8])
    }
}
