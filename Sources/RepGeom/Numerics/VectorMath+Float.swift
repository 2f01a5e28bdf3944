/// The single-precision primitives of `VectorMath` (see `VectorMathScalar`).
///
/// exp: x = n·ln2 + r with n = round(x·log₂e) by the 1.5·2²³ magic number, r by a two-part ln 2
/// (Cody–Waite: n·ln2_hi is exact for |n| ≤ 2⁹), then eʳ − 1 by its Taylor series to r⁷ (error
/// r⁸/8! ≤ 5·10⁻⁹ for |r| ≤ ln2/2) and 2ⁿ built from bits, split in two factors so that results
/// between the smallest subnormal and the largest finite number are formed without overflow.
extension Float: VectorMathScalar {
    @inline(never)
    static func exponentialParts(_ x: SIMD8<Float>, low: SIMD8<Float>)
        -> (scale1: SIMD8<Float>, scale2: SIMD8<Float>, p: SIMD8<Float>) {
        var x = x
        x.replace(with: -104, where: x .< -104) // e^−104 rounds to 0
        x.replace(with: 88.8, where: x .> 88.8) // e^88.8 overflows to ∞
        let magic = SIMD8<Float>(repeating: 12_582_912) // 1.5·2²³: adding it rounds to an integer
        let t = x * 1.442_695_04 + magic
        let n = t - magic
        let r = (x - n * 0.693_359_375) - n * -2.121_944_4e-4 + low
        var p = r * (1 / 5040) + (1 / 720)
        p = p * r + (1 / 120)
        p = p * r + (1 / 24)
        p = p * r + (1 / 6)
        p = p * r + 0.5
        p = p * r + 1
        p = p * r
        let k = unsafeBitCast(t, to: SIMD8<Int32>.self) &- unsafeBitCast(magic, to: SIMD8<Int32>.self)
        let k1 = k &>> 1, k2 = k &- k1
        let s1 = unsafeBitCast((k1 &+ 127) &<< 23, to: SIMD8<Float>.self)
        let s2 = unsafeBitCast((k2 &+ 127) &<< 23, to: SIMD8<Float>.self)
        return (s1, s2, p)
    }

    /// log x = e·ln 2 + log m with x = 2ᵉ·m, m in [√½, √2), and log m = 2·atanh(s), s = (m−1)/(m+1),
    /// |s| ≤ 0.172: the series 2s(1 + s²/3 + … + s⁸/9) has relative error ≤ 2·10⁻⁹.
    @inline(never)
    static func logarithm(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let tiny = (x .< Float.leastNormalMagnitude) .& (x .> 0)
        let scaled = x.replacing(with: x * 8_388_608, where: tiny) // 2²³ lifts subnormals
        let bits = unsafeBitCast(scaled, to: SIMD8<Int32>.self)
        var e = ((bits &>> 23) & 0xFF) &- 127
        e.replace(with: e &- 23, where: tiny)
        var m = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F80_0000, to: SIMD8<Float>.self) // [1, 2)
        let big = m .> 1.414_213_56
        m.replace(with: m * 0.5, where: big)
        e.replace(with: e &+ 1, where: big)
        let s = (m - 1) / (m + 1), z = s * s
        var poly = z * (1 / 9) + (1 / 7)
        poly = poly * z + (1 / 5)
        poly = poly * z + (1 / 3)
        poly = poly * z + 1
        let ef = SIMD8<Float>(e)
        var y = ef * 0.693_359_375 + (ef * -2.121_944_4e-4 + 2 * s * poly)
        y.replace(with: -.infinity, where: x .== 0)
        y.replace(with: .infinity, where: x .== .infinity)
        y.replace(with: .nan, where: (x .< 0) .| (x .!= x))
        return y
    }

    /// log(1 + q) = 2·atanh(s), s = q/(2 + q) in [0, ⅓]: seven terms, relative error ≤ 1.4·10⁻⁸.
    @inline(never)
    static func log1pUnit(_ q: SIMD8<Float>) -> SIMD8<Float> {
        let s = q / (q + 2), z = s * s
        var poly = z * (1 / 15) + (1 / 13)
        poly = poly * z + (1 / 11)
        poly = poly * z + (1 / 9)
        poly = poly * z + (1 / 7)
        poly = poly * z + (1 / 5)
        poly = poly * z + (1 / 3)
        poly = poly * z + 1
        return 2 * s * poly
    }

    @inline(__always)
    static func highHalf(_ x: SIMD8<Float>) -> SIMD8<Float> {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0xFFFF_F000, to: SIMD8<Float>.self)
    }

    @inline(__always) static func less(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMDMask<SIMD8<Int32>> { a .< b }
    @inline(__always) static func lessOrEqual(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMDMask<SIMD8<Int32>> { a .<= b }
    @inline(__always) static func greater(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMDMask<SIMD8<Int32>> { a .> b }
    @inline(__always) static func equal(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMDMask<SIMD8<Int32>> { a .== b }
    @inline(__always) static func both(_ a: SIMDMask<SIMD8<Int32>>, _ b: SIMDMask<SIMD8<Int32>>) -> SIMDMask<SIMD8<Int32>> { a .& b }
    @inline(__always) static func either(_ a: SIMDMask<SIMD8<Int32>>, _ b: SIMDMask<SIMD8<Int32>>) -> SIMDMask<SIMD8<Int32>> { a .| b }

    @inline(__always)
    static func absolute(_ x: SIMD8<Float>) -> SIMD8<Float> {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
    }

    @inline(__always)
    static func withSign(_ magnitude: SIMD8<Float>, of sign: SIMD8<Float>) -> SIMD8<Float> {
        let m = unsafeBitCast(magnitude, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF
        let s = unsafeBitCast(sign, to: SIMD8<UInt32>.self) & 0x8000_0000
        return unsafeBitCast(m | s, to: SIMD8<Float>.self)
    }

    static let erfcxChebyshev: [Float] = ErfcxChebyshev.coefficients(terms: 14).map { Float($0) }
}
