import Foundation
import XCTest
@testable import RepGeom

/// The C tanh kernel (`ck_tanh_f32` in `CKernels`, reached through `Activation.tanh.apply` in
/// Float under `ActivationBackend.c`), in both of its builds — generic and, where the machine
/// has it, AVX2 + FMA:
///
/// - value and derivative against libm `tanh` in Double and the analytic derivative
///   1/cosh² x = 4q/(1 + q)², q = e^(−2|x|) (Double), on every multiple of 2⁻¹⁰ in [−20, 20],
///   a logarithmic grid 10⁻⁴⁵ … 10³⁰ of both signs, every Float around the point where expm1
///   switches from p to q − 1 (|x| = 0.17), subnormals, ±0, ±∞ and NaN — to 5·10⁻⁷ relative
///   (the Float bound of `VectorMathTests` / `ActivationKernelTests`), results below the
///   smallest normal to within it (relative accuracy is not defined there);
/// - the row-wise contract (bias, three strides, in place, no derivatives, ragged widths 1, 7, 9,
///   130, padding never touched) against the same kernel on the flat array of u + b;
/// - on x86-64, the generic build equals the Swift kernel bit for bit (same algorithm, same
///   operation order, and no FMA in baseline x86-64), which checks the port and the wiring;
/// - training the reference network with the C kernel gives the Swift-kernel path's and the
///   scalar reference's results within float rounding (tolerance of `OptimisedStepEquivalenceTests`).
final class TanhKernelTests: XCTestCase {
    override func tearDown() { CKernelBuild.force(nil) }

    /// The builds this machine can run.
    static var builds: [CKernelBuild] { CKernelBuild.avx2Available ? [.generic, .avx2] : [.generic] }

    static func inputs() -> [Float] {
        var xs: [Float] = [0, -0.0, .infinity, -.infinity, .nan, -.nan, 1, -1,
                           .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, -.leastNormalMagnitude,
                           Float.leastNormalMagnitude.nextDown, Float.leastNormalMagnitude / 3, -Float.leastNormalMagnitude / 7,
                           .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 44, 52, -52, 60, 88, 104]
        var e = -45.0
        while e <= 30 { let v = Float(pow(10, e)); xs += [v, -v]; e += 0.02 }
        for i in -20 * 1024...20 * 1024 { xs.append(Float(i) / 1024) }
        var f: Float = 0.169
        while f < 0.171 { xs += [f, -f]; f = f.nextUp }
        return xs
    }

    /// (tanh x, 1 − tanh² x) from the C kernel through `Activation.apply`, one flat row.
    static func cKernel(_ x: [Float]) -> (values: [Float], derivatives: [Float]) {
        var v = [Float](repeating: 12345, count: x.count), d = v
        ActivationBackend.$current.withValue(.c) {
            x.withUnsafeBufferPointer { xp in
                v.withUnsafeMutableBufferPointer { vp in
                    d.withUnsafeMutableBufferPointer { Activation.tanh.apply(xp.baseAddress!, values: vp.baseAddress!, derivatives: $0.baseAddress!, count: x.count) }
                }
            }
        }
        return (v, d)
    }

    static func derivativeReference(_ x: Double) -> Double {
        let q = Foundation.exp(-2 * Swift.abs(x))
        return 4 * q / ((1 + q) * (1 + q))
    }

    /// Relative error of `got` against `r`, or nil when it is outside the tolerance rules above.
    static func error(_ got: Float, _ r: Double, tolerance: Double) -> Double? {
        let g = Double(got)
        if r.isNaN { return got.isNaN ? 0 : nil }
        if Swift.abs(r) < Double(Float.leastNormalMagnitude) { return Swift.abs(g - r) <= Double(Float.leastNormalMagnitude) ? 0 : nil }
        let e = Swift.abs(g - r) / Swift.abs(r)
        return e <= tolerance ? e : nil
    }

    func testBothBuildsAgainstLibm() {
        let xs = Self.inputs()
        for build in Self.builds {
            XCTAssertEqual(CKernelBuild.force(build), build)
            let (v, d) = Self.cKernel(xs)
            var failures: [String] = [], worstValue = 0.0, worstDerivative = 0.0
            for (i, x) in xs.enumerated() {
                let xd = Double(x)
                if let e = Self.error(v[i], Foundation.tanh(xd), tolerance: 5e-7) { worstValue = max(worstValue, e) }
                else { failures.append("tanh(\(x)) = \(v[i]), libm \(Foundation.tanh(xd))") }
                if let e = Self.error(d[i], Self.derivativeReference(xd), tolerance: 5e-7) { worstDerivative = max(worstDerivative, e) }
                else { failures.append("tanh′(\(x)) = \(d[i]), expected \(Self.derivativeReference(xd))") }
            }
            XCTAssertTrue(failures.isEmpty, "\(build): \(failures.count) of \(2 * xs.count) outside 5e-7, e.g. \(failures.prefix(4))")
            XCTAssertLessThanOrEqual(worstValue, 5e-7, "\(build)")
            XCTAssertLessThanOrEqual(worstDerivative, 5e-7, "\(build)")
        }
    }

    func testSpecialValuesInBothBuilds() {
        let x: [Float] = [0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                          Float.leastNormalMagnitude / 3, 100, -100]
        for build in Self.builds {
            CKernelBuild.force(build)
            let (v, d) = Self.cKernel(x)
            XCTAssertEqual(v[0], 0); XCTAssertEqual(v[0].sign, .plus, "\(build)"); XCTAssertEqual(d[0], 1)
            XCTAssertEqual(v[1], 0); XCTAssertEqual(v[1].sign, .minus, "\(build): tanh(−0) = −0"); XCTAssertEqual(d[1], 1)
            XCTAssertEqual(v[2], 1); XCTAssertEqual(d[2], 0)
            XCTAssertEqual(v[3], -1); XCTAssertEqual(d[3], 0)
            XCTAssertTrue(v[4].isNaN && d[4].isNaN, "\(build): NaN in, NaN out")
            // Subnormal x: tanh x = x exactly, derivative 1.
            for i in 5...7 { XCTAssertEqual(v[i], x[i], "\(build)"); XCTAssertEqual(d[i], 1, "\(build)") }
            XCTAssertEqual(v[8], 1); XCTAssertEqual(v[9], -1); XCTAssertEqual(d[8], 0); XCTAssertEqual(d[9], 0)
        }
    }

    /// The derivative stays relatively accurate into the tail and becomes subnormal, then 0,
    /// where the true value does (no early flush from 1 − t²).
    func testDerivativeTail() {
        let x: [Float] = [10, 20, 30, 40, 43, 44, 45, 50, 51.5, 52, 53, 60]
        for build in Self.builds {
            CKernelBuild.force(build)
            let (_, d) = Self.cKernel(x + x.map { -$0 })
            for (i, xi) in (x + x.map { -$0 }).enumerated() {
                let r = Self.derivativeReference(Double(xi))
                XCTAssertNotNil(Self.error(d[i], r, tolerance: 5e-7), "\(build) tanh′(\(xi)) = \(d[i]), expected \(r)")
                // q = e^(−2|x|) is rounded before the factor 4, so the last few subnormals
                // (|x| ≳ 51.7) may round to 0 — within the subnormal bound; above, never 0.
                if r > 4 * Double(Float.leastNonzeroMagnitude) { XCTAssertGreaterThan(d[i], 0, "\(build) tanh′(\(xi)) flushed to 0") }
            }
        }
    }

    /// Rows with bias, separate strides for u, values and derivatives, in place, without
    /// derivatives, widths that leave a ragged tail (1, 7, 9, 130) or none (8, 16): equal to the
    /// kernel on the flat array of u + b, and nothing outside the rows' columns is written.
    func testRowWiseContract() {
        let sentinel: Float = -777
        for build in Self.builds {
            CKernelBuild.force(build)
            for columns in [1, 7, 8, 9, 16, 130] {
                let rows = 3, inStride = columns + 3, outStride = columns + 1, dStride = columns + 2
                var rng = RandomSource(seed: UInt64(columns))
                var u = (0..<(rows * inStride)).map { _ in Float(4 * rng.gaussian()) }
                for r in 0..<rows { for j in columns..<inStride { u[r * inStride + j] = sentinel } }
                let bias = (0..<columns).map { _ in Float(rng.gaussian()) }
                for withBias in [false, true] {
                    var x = [Float]()
                    for r in 0..<rows { for j in 0..<columns { x.append(withBias ? u[r * inStride + j] + bias[j] : u[r * inStride + j]) } }
                    let (fv, fd) = Self.cKernel(x)
                    var v = [Float](repeating: sentinel, count: rows * outStride), d = [Float](repeating: sentinel, count: rows * dStride)
                    var inPlace = u, valuesOnly = u
                    ActivationBackend.$current.withValue(.c) {
                        u.withUnsafeBufferPointer { up in
                            bias.withUnsafeBufferPointer { bp in
                                let b = withBias ? bp.baseAddress : nil
                                v.withUnsafeMutableBufferPointer { vp in
                                    d.withUnsafeMutableBufferPointer { dp in
                                        Activation.tanh.apply(up.baseAddress!, rows: rows, columns: columns, inputStride: inStride, bias: b,
                                                              values: vp.baseAddress!, valueStride: outStride,
                                                              derivatives: dp.baseAddress!, derivativeStride: dStride)
                                    }
                                }
                                inPlace.withUnsafeMutableBufferPointer { p in
                                    Activation.tanh.apply(UnsafePointer(p.baseAddress!), rows: rows, columns: columns, inputStride: inStride,
                                                          bias: b, values: p.baseAddress!, valueStride: inStride, derivatives: nil, derivativeStride: 0)
                                }
                                valuesOnly.withUnsafeMutableBufferPointer { p in
                                    Activation.tanh.apply(UnsafePointer(p.baseAddress!), rows: rows, columns: columns, inputStride: inStride,
                                                          bias: b, values: p.baseAddress!, valueStride: inStride, derivatives: nil, derivativeStride: 7)
                                }
                            }
                        }
                    }
                    let what = "\(build) columns \(columns) bias \(withBias)"
                    for r in 0..<rows {
                        for j in 0..<columns {
                            XCTAssertEqual(v[r * outStride + j], fv[r * columns + j], what)
                            XCTAssertEqual(d[r * dStride + j], fd[r * columns + j], what)
                            XCTAssertEqual(inPlace[r * inStride + j], fv[r * columns + j], what)
                            XCTAssertEqual(valuesOnly[r * inStride + j], fv[r * columns + j], what)
                        }
                        for j in columns..<outStride { XCTAssertEqual(v[r * outStride + j], sentinel, "\(what): value padding written") }
                        for j in columns..<dStride { XCTAssertEqual(d[r * dStride + j], sentinel, "\(what): derivative padding written") }
                        for j in columns..<inStride { XCTAssertEqual(inPlace[r * inStride + j], sentinel, "\(what): in-place padding written") }
                    }
                }
            }
            // No rows or no columns: nothing is touched.
            var v: [Float] = [sentinel, sentinel]
            let u: [Float] = [1, 2]
            ActivationBackend.$current.withValue(.c) {
                v.withUnsafeMutableBufferPointer { vp in
                    Activation.tanh.apply(u, rows: 0, columns: 2, inputStride: 2, bias: nil, values: vp.baseAddress!, valueStride: 2, derivatives: nil, derivativeStride: 0)
                    Activation.tanh.apply(u, rows: 1, columns: 0, inputStride: 2, bias: nil, values: vp.baseAddress!, valueStride: 2, derivatives: nil, derivativeStride: 0)
                }
            }
            XCTAssertEqual(v, [sentinel, sentinel])
        }
    }

    #if arch(x86_64)
    /// The generic C build and the Swift SIMD8 kernel compute the same operations in the same
    /// order without FMA, so they agree bit for bit (on x86-64; on arm64 the generic build may
    /// fuse). Lanes with ±0 results compare as equal numbers: the Swift row loop's ragged tail
    /// adds a zero bias, which turns −0 into +0.
    func testGenericBuildMatchesSwiftKernelExactly() {
        CKernelBuild.force(.generic)
        var xs = Self.inputs()
        var rng = RandomSource(seed: 5)
        for _ in 0..<20_000 { xs.append(Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))) }
        let (cv, cd) = Self.cKernel(xs)
        var sv = [Float](repeating: 0, count: xs.count), sd = sv
        ActivationBackend.$current.withValue(.swift) {
            xs.withUnsafeBufferPointer { xp in
                sv.withUnsafeMutableBufferPointer { vp in
                    sd.withUnsafeMutableBufferPointer { Activation.tanh.apply(xp.baseAddress!, values: vp.baseAddress!, derivatives: $0.baseAddress!, count: xs.count) }
                }
            }
        }
        func same(_ a: Float, _ b: Float) -> Bool { a == b || (a.isNaN && b.isNaN) }
        var mismatches: [String] = []
        for i in xs.indices where !same(cv[i], sv[i]) || !same(cd[i], sd[i]) {
            mismatches.append("x \(xs[i]): C (\(cv[i]), \(cd[i])) Swift (\(sv[i]), \(sd[i]))")
        }
        XCTAssertTrue(mismatches.isEmpty, "\(mismatches.count) of \(xs.count) differ, e.g. \(mismatches.prefix(4))")
        // And the AVX2 build really runs where available: its fused multiply-adds move the last
        // bit of some results (it is within the tolerance of the other tests, not identical).
        if CKernelBuild.avx2Available {
            CKernelBuild.force(.avx2)
            let (av, ad) = Self.cKernel(xs)
            XCTAssertTrue(xs.indices.contains { !same(av[$0], cv[$0]) || !same(ad[$0], cd[$0]) },
                          "the AVX2 build gave the generic build's results bit for bit: is it dispatched?")
        }
    }
    #endif

    // MARK: - Training with the C kernel

    func train(_ backend: ActivationBackend, _ path: KernelPath = .vectorised, gemm: GEMMBackend = .blas,
               lrFactor: Double = 1) throws -> TrainingResult<Float> {
        try trainEquivalenceRun(equivalenceWorkload(.tanh), path: path, gemm: gemm, activation: backend, lrFactor: lrFactor)
    }

    func testTrainingWithCKernelMatchesSwiftKernelAndReference() throws {
        let swift = try train(.swift)
        let reference = try train(.c, .scalarReference)
        for build in Self.builds {
            CKernelBuild.force(build)
            for gemm in [GEMMBackend.blas, .small] {
                let c = try train(.c, gemm: gemm)
                assertTrainingClose(c, swift, "C tanh (\(build), gemm \(gemm)) vs Swift tanh")
                assertTrainingClose(c, reference, "C tanh (\(build), gemm \(gemm)) vs scalar reference")
            }
        }
        // The bound can fail: a 0.1 % learning-rate change moves the parameters ≥ 10× beyond it.
        CKernelBuild.force(nil)
        let moved = try train(.c, lrFactor: 1.001)
        let (diff, scale) = parameterDifference(moved.network, swift.network)
        XCTAssertGreaterThan(diff, 10 * 2e-6 * scale)
    }
}
