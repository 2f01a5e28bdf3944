import Foundation
import XCTest
@testable import RepGeom

/// The vectorised kernels against libm (Double) over wide ranges: large |x|, tiny and subnormal
/// x, ±0, ±∞, NaN, and dense grids where the functions bend. Float must agree to 5e-7 relative
/// (≈ 8 ulp; the brief asks for ~1e-6) and Double to 1e-12; results in the subnormal range to within the smallest normal
/// number (relative accuracy is not defined there).
final class VectorMathTests: XCTestCase {
    /// ±10^e for e from −45 to log10(max) in steps of 0.02, a dense grid on [−40, 40], special values.
    static func inputs(maxMagnitude: Double = 1e30) -> [Double] {
        var xs: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 1, -1, 0.34, -0.34, 0.3466, -0.3466]
        var e = -45.0
        while e <= log10(maxMagnitude) { let v = pow(10, e); xs += [v, -v]; e += 0.02 }
        for i in -8000...8000 { xs.append(Double(i) * 0.005) }
        for v in [88.7, 88.72, 88.73, 89, -87.3, -103, -104, -150, 709.7, 709.79, 710, -708, -744, -746] { xs += [v] }
        return xs
    }

    struct Worst { var error = 0.0, at = 0.0, got = 0.0, expected = 0.0 }

    /// Runs `kernel` on the inputs (in precision T) and compares with `reference` in Double.
    /// `scale(x)` widens the tolerance where the reference itself has cancelling terms.
    func check<T: VectorMathScalar>(
        _ name: String, _: T.Type, inputs: [Double], tolerance: Double,
        kernel: (UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void,
        reference: (Double) -> Double, scale: (Double) -> Double = { _ in 0 },
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let x = inputs.map { T($0) }
        var y = [T](repeating: .nan, count: x.count)
        x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { kernel(xp.baseAddress!, $0.baseAddress!, x.count) } }
        var worst = Worst(), failures = 0
        for (xi, yi) in zip(x, y) {
            let xd = Double(xi), got = Double(yi)
            let r = reference(xd), rt = Double(T(r))
            var ok: Bool, err = 0.0
            if r.isNaN { ok = got.isNaN }
            else if rt.isInfinite { ok = got == rt }
            else if Swift.abs(r) < Double(T.leastNormalMagnitude) { ok = Swift.abs(got - r) <= Double(T.leastNormalMagnitude) }
            else {
                err = Swift.abs(got - r) / max(Swift.abs(r), scale(xd))
                ok = err <= tolerance
            }
            if !ok { failures += 1; if failures <= 3 { XCTFail("\(name)(\(xd)) = \(got), expected \(r)", file: file, line: line) } }
            if err > worst.error { worst = Worst(error: err, at: xd, got: got, expected: r) }
        }
        XCTAssertEqual(failures, 0, "\(name) in \(T.self): \(failures) of \(x.count) outside tolerance", file: file, line: line)
        XCTAssertLessThanOrEqual(worst.error, tolerance, "\(name) in \(T.self) worst at \(worst.at)", file: file, line: line)
    }

    typealias Kernel<T: BLASScalar> = (UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void

    func checkBothPrecisions(_ name: String, float: Kernel<Float>, double: Kernel<Double>, inputs: [Double],
                             reference: @escaping (Double) -> Double, scale: @escaping (Double) -> Double = { _ in 0 },
                             file: StaticString = #filePath, line: UInt = #line) {
        check(name, Float.self, inputs: inputs, tolerance: 5e-7, kernel: float, reference: reference, scale: scale, file: file, line: line)
        check(name, Double.self, inputs: inputs, tolerance: 1e-12, kernel: double, reference: reference, scale: scale, file: file, line: line)
    }

    func testExponentials() {
        let xs = Self.inputs()
        checkBothPrecisions("exp", float: { VectorMath.exp($0, into: $1, count: $2) }, double: { VectorMath.exp($0, into: $1, count: $2) },
                            inputs: xs, reference: { Foundation.exp($0) })
        checkBothPrecisions("expm1", float: { VectorMath.expm1($0, into: $1, count: $2) }, double: { VectorMath.expm1($0, into: $1, count: $2) },
                            inputs: xs, reference: { Foundation.expm1($0) })
    }

    func testLogarithms() {
        let xs = Self.inputs(maxMagnitude: 1e300) + [Double.leastNormalMagnitude / 1e8, Double.leastNonzeroMagnitude, 1 + 1e-7, 1 - 1e-7, 0.7071, 1.4142, 2, 0.5]
        checkBothPrecisions("log", float: { VectorMath.log($0, into: $1, count: $2) }, double: { VectorMath.log($0, into: $1, count: $2) },
                            inputs: xs, reference: { Foundation.log($0) })
        checkBothPrecisions("log1p", float: { VectorMath.log1p($0, into: $1, count: $2) }, double: { VectorMath.log1p($0, into: $1, count: $2) },
                            inputs: xs + [-0.5, -0.999, -1, -1.5], reference: { Foundation.log1p($0) })
    }

    func testTanhSigmoidSoftplus() {
        let xs = Self.inputs()
        checkBothPrecisions("tanh", float: { VectorMath.tanh($0, into: $1, count: $2) }, double: { VectorMath.tanh($0, into: $1, count: $2) },
                            inputs: xs, reference: { Foundation.tanh($0) })
        checkBothPrecisions("sigmoid", float: { VectorMath.sigmoid($0, into: $1, count: $2) },
                            double: { VectorMath.sigmoid($0, into: $1, count: $2) }, inputs: xs, reference: { Activation.logistic($0) })
        checkBothPrecisions("softplus", float: { VectorMath.softplus($0, into: $1, count: $2) },
                            double: { VectorMath.softplus($0, into: $1, count: $2) }, inputs: xs, reference: { Activation.softplus($0) })
        checkBothPrecisions("logSigmoid", float: { VectorMath.logSigmoid($0, into: $1, count: $2) },
                            double: { VectorMath.logSigmoid($0, into: $1, count: $2) }, inputs: xs, reference: { -Activation.softplus(-$0) })
    }

    func testNormalCDFIsRelativelyAccurateInTheTail() {
        let xs = Self.inputs()
        checkBothPrecisions("normalCDF", float: { VectorMath.normalCDF($0, into: $1, count: $2) },
                            double: { VectorMath.normalCDF($0, into: $1, count: $2) }, inputs: xs,
                            reference: { 0.5 * Foundation.erfc(-$0 / 2.0.squareRoot()) })
    }

    func testInPlaceAndRaggedTails() {
        for n in [1, 7, 8, 9, 13, 64] {
            let x = (0..<n).map { Float($0) * 0.37 - 2 }
            var out = [Float](repeating: 0, count: n), inPlace = x
            x.withUnsafeBufferPointer { xp in out.withUnsafeMutableBufferPointer { VectorMath.tanh(xp.baseAddress!, into: $0.baseAddress!, count: n) } }
            inPlace.withUnsafeMutableBufferPointer { p in VectorMath.tanh(UnsafePointer(p.baseAddress!), into: p.baseAddress!, count: n) }
            XCTAssertEqual(out, inPlace)
            for i in 0..<n { XCTAssertEqual(Double(out[i]), Foundation.tanh(Double(x[i])), accuracy: 1e-6) }
        }
    }
}
