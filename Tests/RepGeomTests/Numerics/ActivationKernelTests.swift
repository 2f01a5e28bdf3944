import Foundation
import XCTest
@testable import RepGeom

/// Every activation's vectorised kernel (value and derivative, Float and Double) against the
/// scalar reference `Activation.value/derivative` in Double, over the wide input set of
/// `VectorMathTests` plus each kink and its neighbouring representable numbers.
///
/// Tolerance: |kernel − reference| ≤ tol·(κ·|reference| + terms) + referenceError, where
/// - tol is 5e-7 (Float) or 1e-12 (Double);
/// - κ = 1 + |u·g′(u)/g(u)| is the condition number of g at u (for the β-scaled softplus
///   family, whose argument β(u − bound) is itself rounded in the working precision);
/// - terms is the size of cancelling terms in the formula (u + s; lo + softplus − softplus;
///   Φ + uφ), i.e. the rounding any evaluation in the working precision must make;
/// - referenceError is the reference's own absolute error where its Double formula cancels
///   (1 − tanh², σ(1 − σ), σ(a) − σ(b): ≈ 10⁻¹⁶, allowed 10⁻¹⁵).
/// Kinks carry no slack: the side of a kink must match the reference exactly.
final class ActivationKernelTests: XCTestCase {
    static let activations: [Activation] = [
        .tanh, .relu, .sigmoid, .linear, .softplus(beta: 1), .softplus(beta: 5), .leakyReLU(alpha: 0.1),
        .elu(alpha: 1), .elu(alpha: 0.5), .gelu, .abs, .hardtanh(lo: -1, hi: 1), .boundedReLU(upper: 1.5),
        .boundedReLU(upper: 0.3), .shiftedReLU(shift: -0.5), .shiftedReLU(shift: 0.3), .clip(lo: -.infinity, hi: 1),
        .clip(lo: -0.5, hi: 2), .clip(lo: 0.1, hi: .infinity), .clip(lo: -.infinity, hi: .infinity),
        .smoothClip(lo: -1, hi: 1, beta: 5), .smoothClip(lo: 0, hi: .infinity, beta: 2),
        .smoothClip(lo: -.infinity, hi: 0.7, beta: 3), .smoothClip(lo: 0, hi: 1, beta: 20),
    ]

    static func bounds(_ a: Activation) -> [Double] {
        switch a {
        case .hardtanh(let lo, let hi), .clip(let lo, let hi), .smoothClip(let lo, let hi, _): [lo, hi]
        case .boundedReLU(let ub): [0, ub]
        case .shiftedReLU(let s): [-s]
        default: [0]
        }
    }

    /// Inputs in precision T: the wide set, and every kink with its neighbours in T.
    static func inputs<T: VectorMathScalar>(_ a: Activation, _: T.Type) -> [T] {
        var xs = VectorMathTests.inputs().map { T($0) }
        for b in bounds(a) where b.isFinite {
            let t = T(b)
            xs += [t, t.nextUp, t.nextDown, t.nextUp.nextUp, t.nextDown.nextDown]
        }
        return xs
    }

    static func condition(_ a: Activation, _ u: Double, _ g: (Double) -> Double) -> Double {
        switch a {
        case .softplus, .smoothClip:
            let h = 1e-6 * max(Swift.abs(u), 1e-6), r = g(u)
            guard r != 0, r.isFinite else { return 1 }
            let slope = (g(u + h) - g(u - h)) / (2 * h)
            return 1 + (slope.isFinite ? Swift.abs(u * slope / r) : 0)
        default: return 1
        }
    }

    static func valueTerms(_ a: Activation, _ u: Double) -> Double {
        switch a {
        case .shiftedReLU(let s): return Swift.abs(u) + Swift.abs(s)
        case .smoothClip(let lo, let hi, let beta):
            var t = lo.isFinite ? Swift.abs(lo) + Activation.softplus(beta * (u - lo)) / beta : Swift.abs(u)
            if hi.isFinite { t += Activation.softplus(beta * (u - hi)) / beta }
            return t
        default: return 0
        }
    }

    static func derivativeTerms(_ a: Activation, _ u: Double) -> (terms: Double, referenceError: Double) {
        switch a {
        case .tanh, .sigmoid: return (0, 1e-15)
        case .smoothClip: return (0, 1e-15)
        case .gelu: return (Elementary.normalCDF(u) + Swift.abs(u * Elementary.normalPDF(u)), 0)
        default: return (0, 0)
        }
    }

    func check<T: VectorMathScalar>(_ a: Activation, _: T.Type, tolerance tol: Double) {
        let u = Self.inputs(a, T.self)
        var v = [T](repeating: .nan, count: u.count), d = v
        u.withUnsafeBufferPointer { up in
            v.withUnsafeMutableBufferPointer { vp in
                d.withUnsafeMutableBufferPointer { dp in
                    a.apply(up.baseAddress!, values: vp.baseAddress!, derivatives: dp.baseAddress!, count: u.count)
                }
            }
        }
        var failures: [String] = []
        for i in u.indices {
            let x = Double(u[i])
            let rv = a.value(x), rd = a.derivative(x)
            let kv = Self.condition(a, x) { a.value($0) }, kd = Self.condition(a, x) { a.derivative($0) }
            let dt = Self.derivativeTerms(a, x)
            if !close(Double(v[i]), rv, allowed: tol * (kv * Swift.abs(rv) + Self.valueTerms(a, x)), T.self) {
                failures.append("f(\(x)) = \(v[i]), reference \(rv)")
            }
            if !close(Double(d[i]), rd, allowed: tol * (kd * Swift.abs(rd) + dt.terms) + dt.referenceError, T.self) {
                failures.append("f′(\(x)) = \(d[i]), reference \(rd)")
            }
        }
        XCTAssertTrue(failures.isEmpty, "\(a) in \(T.self): \(failures.count) mismatches, e.g. \(failures.prefix(4))")
    }

    func close<T: VectorMathScalar>(_ got: Double, _ r: Double, allowed: Double, _: T.Type) -> Bool {
        if r.isNaN { return got.isNaN }
        let rt = Double(T(r))
        if rt.isInfinite { return got == rt }
        if Swift.abs(r) < Double(T.leastNormalMagnitude) { return Swift.abs(got - r) <= max(allowed, Double(T.leastNormalMagnitude)) }
        return Swift.abs(got - r) <= allowed
    }

    func testEveryKernelMatchesTheScalarReferenceInFloat() {
        for a in Self.activations { check(a, Float.self, tolerance: 5e-7) }
    }

    func testEveryKernelMatchesTheScalarReferenceInDouble() {
        for a in Self.activations { check(a, Double.self, tolerance: 1e-12) }
    }

    /// The row-wise form (bias, strides, ragged widths), in place and without derivatives, equals
    /// the flat form on u + b.
    func testRowWiseBiasStridesAndInPlace() {
        for a in [Activation.tanh, .relu, .gelu, .smoothClip(lo: -1, hi: 1, beta: 5)] {
            for columns in [1, 5, 8, 13, 16] {
                let rows = 3, stride = columns + 2
                var rng = RandomSource(seed: UInt64(columns))
                let u = (0..<(rows * stride)).map { _ in Float(3 * rng.gaussian()) }
                let bias = (0..<columns).map { _ in Float(rng.gaussian()) }
                var flat = [Float](), flatD = [Float]()
                for r in 0..<rows { for j in 0..<columns { flat.append(u[r * stride + j] + bias[j]) } }
                flatD = flat
                flat.withUnsafeMutableBufferPointer { p in
                    flatD.withUnsafeMutableBufferPointer { dp in
                        a.apply(UnsafePointer(p.baseAddress!), values: p.baseAddress!, derivatives: dp.baseAddress!, count: rows * columns)
                    }
                }
                var inPlace = u
                var d = [Float](repeating: 0, count: rows * columns)
                inPlace.withUnsafeMutableBufferPointer { p in
                    d.withUnsafeMutableBufferPointer { dp in
                        bias.withUnsafeBufferPointer { bp in
                            a.apply(UnsafePointer(p.baseAddress!), rows: rows, columns: columns, inputStride: stride, bias: bp.baseAddress!,
                                    values: p.baseAddress!, valueStride: stride, derivatives: dp.baseAddress!, derivativeStride: columns)
                        }
                    }
                }
                var valuesOnly = u
                valuesOnly.withUnsafeMutableBufferPointer { p in
                    bias.withUnsafeBufferPointer { bp in
                        a.apply(UnsafePointer(p.baseAddress!), rows: rows, columns: columns, inputStride: stride, bias: bp.baseAddress!,
                                values: p.baseAddress!, valueStride: stride, derivatives: nil, derivativeStride: 0)
                    }
                }
                for r in 0..<rows {
                    for j in 0..<columns {
                        XCTAssertEqual(inPlace[r * stride + j], flat[r * columns + j], "\(a) \(columns)")
                        XCTAssertEqual(valuesOnly[r * stride + j], flat[r * columns + j], "\(a) \(columns)")
                        XCTAssertEqual(d[r * columns + j], flatD[r * columns + j], "\(a) \(columns)")
                    }
                    for j in columns..<stride { XCTAssertEqual(inPlace[r * stride + j], u[r * stride + j], "padding must stay untouched") }
                }
            }
        }
    }

    /// Under the scalar reference path the kernels are exactly the rounded reference.
    func testScalarReferencePathIsTheReference() {
        let u: [Float] = [-3, -0.5, 0, 0.25, 2, 40]
        var v = [Float](repeating: 0, count: u.count), d = v
        KernelPath.$current.withValue(.scalarReference) {
            u.withUnsafeBufferPointer { up in
                v.withUnsafeMutableBufferPointer { vp in
                    d.withUnsafeMutableBufferPointer { Activation.gelu.apply(up.baseAddress!, values: vp.baseAddress!, derivatives: $0.baseAddress!, count: u.count) }
                }
            }
        }
        for i in u.indices {
            XCTAssertEqual(v[i], Float(Activation.gelu.value(Double(u[i]))))
            XCTAssertEqual(d[i], Float(Activation.gelu.derivative(Double(u[i]))))
        }
    }
}
