#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif

// Scalar libm wrappers for the non-hot paths (tasks, measures, tests). Hot elementwise loops
// use the vectorised kernels in `VectorMath.swift` instead.
@inlinable func _log(_ x: Double) -> Double { log(x) }
@inlinable func _exp(_ x: Double) -> Double { exp(x) }
@inlinable func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }

/// Scalar elementary functions in Double, for code outside hot loops.
public enum Elementary {
    @inlinable public static func exp(_ x: Double) -> Double { _exp(x) }
    @inlinable public static func log(_ x: Double) -> Double { _log(x) }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { _pow(x, y) }
    @inlinable public static func tanh(_ x: Double) -> Double { libm_tanh(x) }
    @inlinable public static func erf(_ x: Double) -> Double { libm_erf(x) }
    @inlinable public static func erfc(_ x: Double) -> Double { libm_erfc(x) }
    @inlinable public static func acos(_ x: Double) -> Double { libm_acos(x) }
    @inlinable public static func atan2(_ y: Double, _ x: Double) -> Double { libm_atan2(y, x) }
    @inlinable public static func cos(_ x: Double) -> Double { libm_cos(x) }
    @inlinable public static func sin(_ x: Double) -> Double { libm_sin(x) }
    @inlinable public static func log1p(_ x: Double) -> Double { libm_log1p(x) }
    @inlinable public static func expm1(_ x: Double) -> Double { libm_expm1(x) }
    /// Standard normal CDF Φ(x).
    @inlinable public static func normalCDF(_ x: Double) -> Double { 0.5 * libm_erfc(-x / 2.0.squareRoot()) }
    /// Standard normal density φ(x).
    @inlinable public static func normalPDF(_ x: Double) -> Double { _exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }
}

@usableFromInline func libm_tanh(_ x: Double) -> Double { tanh(x) }
@usableFromInline func libm_erf(_ x: Double) -> Double { erf(x) }
@usableFromInline func libm_erfc(_ x: Double) -> Double { erfc(x) }
@usableFromInline func libm_acos(_ x: Double) -> Double { acos(x) }
@usableFromInline func libm_atan2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }
@usableFromInline func libm_cos(_ x: Double) -> Double { cos(x) }
@usableFromInline func libm_sin(_ x: Double) -> Double { sin(x) }
@usableFromInline func libm_log1p(_ x: Double) -> Double { log1p(x) }
@usableFromInline func libm_expm1(_ x: Double) -> Double { expm1(x) }
