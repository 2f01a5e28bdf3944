/// The double-precision primitives of `VectorMath` (see `VectorMathScalar` and the `Float`
/// version for the method). exp: Taylor series of eʳ − 1 to r¹³ (error r¹⁴/14! ≤ 4·10⁻¹⁸ for
/// |r| ≤ ln2/2), fdlibm's two-part ln 2 (n·ln2_hi exact for |n| ≤ 2¹¹).
extension Double: VectorMathScalar {
    @inline(never)
    static func exponentialParts(_ x: SIMD8<Double>, low: SIMD8<Double>)
        -> (scale1: SIMD8<Double>, scale2: SIMD8<Double>, p: SIMD8<Double>) {
        var x = x
        x.replace(with: -745.2, where: x .< -745.2) // e^−745.2 rounds to 0
        x.replace(with: 709.8, where: x .> 709.8) // e^709.8 overflows to ∞
        let magic = SIMD8<Double>(repeating: 6_755_399_441_055_744) // 1.5·2⁵²
        let t = x * 1.442_695_040_888_963_4 + magic
        let n = t - magic
        let r = (x - n * 6.931_471_803_691_238_164_90e-01) - n * 1.908_214_929_270_587_700_02e-10 + low
        var p = r * (1 / 6_227_020_800) + (1 / 479_001_600)
        p = p * r + (1 / 39_916_800)
        p = p * r + (1 / 3_628_800)
        p = p * r + (1 / 362_880)
        p = p * r + (1 / 40320)
        p = p * r + (1 / 5040)
        p = p * r + (1 / 720)
        p = p * r + (1 / 120)
        p = p * r + (1 / 24)
        p = p * r + (1 / 6)
        p = p * r + 0.5
        p = p * r + 1
        p = p * r
        let k = unsafeBitCast(t, to: SIMD8<Int64>.self) &- unsafeBitCast(magic, to: SIMD8<Int64>.self)
        let k1 = k &>> 1, k2 = k &- k1
        let s1 = unsafeBitCast((k1 &+ 1023) &<< 52, to: SIMD8<Double>.self)
        let s2 = unsafeBitCast((k2 &+ 1023) &<< 52, to: SIMD8<Double>.self)
        return (s1, s2, p)
    }

    /// As for `Float`, with the atanh series to s²⁰/21 (relative error ≤ 3·10⁻¹⁷).
    @inline(never)
    static func logarithm(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let tiny = (x .< Double.leastNormalMagnitude) .& (x .> 0)
        let scaled = x.replacing(with: x * 4_503_599_627_370_496, where: tiny) // 2⁵²
        let bits = unsafeBitCast(scaled, to: SIMD8<Int64>.self)
        var e = ((bits &>> 52) & 0x7FF) &- 1023
        e.replace(with: e &- 52, where: tiny)
        var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: SIMD8<Double>.self)
        let big = m .> 1.414_213_562_373_095_1
        m.replace(with: m * 0.5, where: big)
        e.replace(with: e &+ 1, where: big)
        let s = (m - 1) / (m + 1), z = s * s
        var poly = z * (1 / 21) + (1 / 19)
        poly = poly * z + (1 / 17)
        poly = poly * z + (1 / 15)
        poly = poly * z + (1 / 13)
        poly = poly * z + (1 / 11)
        poly = poly * z + (1 / 9)
        poly = poly * z + (1 / 7)
        poly = poly * z + (1 / 5)
        poly = poly * z + (1 / 3)
        poly = poly * z + 1
        let ef = SIMD8<Double>(e)
        var y = ef * 6.931_471_803_691_238_164_90e-01 + (ef * 1.908_214_929_270_587_700_02e-10 + 2 * s * poly)
        y.replace(with: -.infinity, where: x .== 0)
        y.replace(with: .infinity, where: x .== .infinity)
        y.replace(with: .nan, where: (x .< 0) .| (x .!= x))
        return y
    }

    /// log(1 + q) = 2·atanh(s), s = q/(2 + q) in [0, ⅓]: terms to s³²/33 (relative error ≤ 10⁻¹⁷).
    @inline(never)
    static func log1pUnit(_ q: SIMD8<Double>) -> SIMD8<Double> {
        let s = q / (q + 2), z = s * s
        var poly = z * (1 / 33) + (1 / 31)
        poly = poly * z + (1 / 29)
        poly = poly * z + (1 / 27)
        poly = poly * z + (1 / 25)
        poly = poly * z + (1 / 23)
        poly = poly * z + (1 / 21)
        poly = poly * z + (1 / 19)
        poly = poly * z + (1 / 17)
        poly = poly * z + (1 / 15)
        poly = poly * z + (1 / 13)
        poly = poly * z + (1 / 11)
        poly = poly * z + (1 / 9)
        poly = poly * z + (1 / 7)
        poly = poly * z + (1 / 5)
        poly = poly * z + (1 / 3)
        poly = poly * z + 1
        return 2 * s * poly
    }

    @inline(__always)
    static func highHalf(_ x: SIMD8<Double>) -> SIMD8<Double> {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt64>.self) & 0xFFFF_FFFF_F800_0000, to: SIMD8<Double>.self)
    }

    @inline(__always) static func less(_ a: SIMD8<Double>, _ b: SIMD8<Double>) -> SIMDMask<SIMD8<Int64>> { a .< b }
    @inline(__always) static func lessOrEqual(_ a: SIMD8<Double>, _ b: SIMD8<Double>) -> SIMDMask<SIMD8<Int64>> { a .<= b }
    @inline(__always) static func greater(_ a: SIMD8<Double>, _ b: SIMD8<Double>) -> SIMDMask<SIMD8<Int64>> { a .> b }
    @inline(__always) static func equal(_ a: SIMD8<Double>, _ b: SIMD8<Double>) -> SIMDMask<SIMD8<Int64>> { a .== b }
    @inline(__always) static func both(_ a: SIMDMask<SIMD8<Int64>>, _ b: SIMDMask<SIMD8<Int64>>) -> SIMDMask<SIMD8<Int64>> { a .& b }
    @inline(__always) static func either(_ a: SIMDMask<SIMD8<Int64>>, _ b: SIMDMask<SIMD8<Int64>>) -> SIMDMask<SIMD8<Int64>> { a .| b }

    @inline(__always)
    static func absolute(_ x: SIMD8<Double>) -> SIMD8<Double> {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt64>.self) & 0x7FFF_FFFF_FFFF_FFFF, to: SIMD8<Double>.self)
    }

    @inline(__always)
    static func withSign(_ magnitude: SIMD8<Double>, of sign: SIMD8<Double>) -> SIMD8<Double> {
        let m = unsafeBitCast(magnitude, to: SIMD8<UInt64>.self) & 0x7FFF_FFFF_FFFF_FFFF
        let s = unsafeBitCast(sign, to: SIMD8<UInt64>.self) & 0x8000_0000_0000_0000
        return unsafeBitCast(m | s, to: SIMD8<Double>.self)
    }

    static let erfcxChebyshev: [Double] = ErfcxChebyshev.coefficients(terms: 26)
}
