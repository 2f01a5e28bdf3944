/// The lane-level functions, written once for both precisions on top of the primitives of
/// `VectorMathScalar`. Each returns what its callers need together (a value and its
/// derivative share one exponential), so activation kernels and losses pay for one eˣ per lane.
extension VectorMath {
    /// eˣ.
    @inline(never)
    static func exp<T: VectorMathScalar>(_ x: SIMD8<T>) -> SIMD8<T> {
        let (s1, s2, p) = T.exponentialParts(x, low: SIMD8<T>())
        return (s1 * (p + 1)) * s2
    }

    /// e^(hi + lo) for an argument given as an unevaluated sum (|lo| ≪ |hi|).
    @inline(never)
    static func exp<T: VectorMathScalar>(_ hi: SIMD8<T>, low lo: SIMD8<T>) -> SIMD8<T> {
        let (s1, s2, p) = T.exponentialParts(hi, low: lo)
        return (s1 * (p + 1)) * s2
    }

    /// eˣ − 1 and eˣ. For |x| < 0.34 the reduction has n = 0 and eˣ − 1 is p itself (no
    /// cancellation); beyond, eˣ − 1 loses at most a couple of ulp.
    @inline(never)
    static func expm1AndExp<T: VectorMathScalar>(_ x: SIMD8<T>) -> (expm1: SIMD8<T>, exp: SIMD8<T>) {
        let (s1, s2, p) = T.exponentialParts(x, low: SIMD8<T>())
        let e = (s1 * (p + 1)) * s2
        let em1 = (e - 1).replacing(with: p, where: T.less(T.absolute(x), SIMD8(repeating: 0.34)))
        return (em1, e)
    }

    @inline(__always)
    static func expm1<T: VectorMathScalar>(_ x: SIMD8<T>) -> SIMD8<T> { expm1AndExp(x).expm1 }

    /// log(1 + x) = log u + (x − (u − 1))/u with u = 1 + x rounded: the second term restores what
    /// the rounding of u lost (exact for small |x|).
    @inline(never)
    static func log1p<T: VectorMathScalar>(_ x: SIMD8<T>) -> SIMD8<T> {
        let u = x + 1
        let correction = (x - (u - 1)) / u
        var y = T.logarithm(u) + correction.replacing(with: SIMD8<T>(), where: T.either(T.equal(u, SIMD8<T>()), T.equal(u, SIMD8(repeating: .infinity))))
        y.replace(with: x, where: T.equal(x, SIMD8(repeating: .infinity)))
        return y
    }

    /// tanh x and its derivative 1 − tanh² x, both relatively accurate everywhere.
    ///
    /// With a = |x| and q = e^(−2a): tanh a = −expm1(−2a)/(1 + q) and tanh′ = 4q/(1 + q)²; the
    /// second form keeps the derivative's relative accuracy in the tails, where 1 − t² would
    /// cancel to zero long before the true value underflows.
    @inline(never)
    static func tanh<T: VectorMathScalar>(_ x: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) {
        let (em1, q) = expm1AndExp(-2 * T.absolute(x))
        let w = 1 / (q + 1)
        let t = T.withSign(-em1 * w, of: x)
        return (t, 4 * q * (w * w))
    }

    /// σ(x) and σ′(x) = σ(x)σ(−x), with q = e^(−|x|): σ = 1/(1 + q) for x ≥ 0, q/(1 + q) below.
    @inline(never)
    static func sigmoid<T: VectorMathScalar>(_ x: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) {
        let q = exp(-T.absolute(x))
        let w = 1 / (q + 1)
        let qw = q * w
        return (w.replacing(with: qw, where: T.less(x, SIMD8<T>())), qw * w)
    }

    /// softplus(x) = max(x, 0) + log(1 + e^(−|x|)) and its derivative σ(x).
    @inline(__always)
    static func softplus<T: VectorMathScalar>(_ x: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) {
        let s = softplusAndLogistic(x)
        return (s.softplus, s.sigmoid)
    }

    /// softplus(x), σ(x) and σ(−x) = 1 − σ(x), each relatively accurate (one exponential).
    @inline(never)
    static func softplusAndLogistic<T: VectorMathScalar>(_ x: SIMD8<T>)
        -> (softplus: SIMD8<T>, sigmoid: SIMD8<T>, sigmoidOfNegative: SIMD8<T>) {
        let q = exp(-T.absolute(x))
        let w = 1 / (q + 1), qw = q * w
        let negative = T.less(x, SIMD8<T>())
        let value = x.replacing(with: SIMD8<T>(), where: negative) + T.log1pUnit(q)
        return (value, w.replacing(with: qw, where: negative), qw.replacing(with: w, where: negative))
    }

    /// Φ(x) and φ(x) for the standard normal.
    ///
    /// With z = |x|/√2, Φ = ½ erfc(z) below 0 and 1 − ½ erfc(z) above, where
    /// erfc(z) = e^(−z²)·g(t)/(1 + 2z), t = (z − 3)/(z + 3), and g = (1 + 2z)·e^(z²)·erfc(z) is
    /// smooth on t ∈ [−1, 1] (a Chebyshev series, `ErfcxChebyshev`). e^(−z²) = e^(−x²/2) is also
    /// φ·√(2π); its argument is split into an exact high part and a low part, so the tail keeps
    /// its relative accuracy out to where Φ underflows.
    @inline(never)
    static func normalCDF<T: VectorMathScalar>(_ x: SIMD8<T>) -> (cdf: SIMD8<T>, pdf: SIMD8<T>) {
        var a = T.absolute(x)
        a.replace(with: SIMD8(repeating: 40), where: T.greater(a, SIMD8(repeating: 40))) // e^(−800) is 0 in both precisions; keeps t finite at ∞
        let ah = T.highHalf(a), al = a - ah
        let e = exp(-0.5 * ah * ah, low: -0.5 * al * (a + ah)) // e^(−x²/2), a² = ah² + al·(a + ah)
        let z = a * T(0.707_106_781_186_547_524_4)
        let t = (z - 3) / (z + 3)
        let g = chebyshev(T.erfcxChebyshev, t)
        let halfErfc = 0.5 * e * g / (2 * z + 1)
        let cdf = (1 - halfErfc).replacing(with: halfErfc, where: T.less(x, SIMD8<T>()))
        return (cdf, e * T(0.398_942_280_401_432_677_94))
    }

    /// Σ cₖ Tₖ(t) by Clenshaw's recurrence (stable for any length).
    @inline(__always)
    static func chebyshev<T: VectorMathScalar>(_ c: [T], _ t: SIMD8<T>) -> SIMD8<T> {
        var b1 = SIMD8<T>(), b2 = SIMD8<T>()
        let twoT = 2 * t
        c.withUnsafeBufferPointer { c in
            var k = c.count - 1
            while k >= 1 {
                let b0 = twoT * b1 - b2 + c[k]
                b2 = b1
                b1 = b0
                k -= 1
            }
        }
        return t * b1 - b2 + c[0]
    }
}

/// The Chebyshev coefficients of g(t) = (1 + 2z)·e^(z²)·erfc(z), z = 3(1 + t)/(1 − t), computed once
/// from libm by interpolation at 48 Chebyshev nodes (near-minimax; the coefficients fall below
/// 10⁻⁹ by the 14th and to rounding level by the 26th term). e^(z²)·erfc(z) is evaluated
/// directly for z < 2 and by its continued fraction beyond, where erfc underflows.
enum ErfcxChebyshev {
    static func coefficients(terms: Int) -> [Double] {
        let nodes = 48
        var g = [Double](repeating: 0, count: nodes)
        for j in 0..<nodes {
            let t = Elementary.cos(Double.pi * (Double(j) + 0.5) / Double(nodes))
            let z = 3 * (1 + t) / (1 - t)
            g[j] = (1 + 2 * z) * erfcx(z)
        }
        var c = [Double](repeating: 0, count: terms)
        for k in 0..<terms {
            var s = 0.0
            for j in 0..<nodes { s += g[j] * Elementary.cos(Double.pi * Double(k) * (Double(j) + 0.5) / Double(nodes)) }
            c[k] = 2 * s / Double(nodes)
        }
        c[0] /= 2
        return c
    }

    /// e^(z²)·erfc(z) for z ≥ 0.
    static func erfcx(_ z: Double) -> Double {
        if z < 2 { return Elementary.exp(z * z) * Elementary.erfc(z) }
        // erfc(z) = e^(−z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …)))), evaluated backwards.
        var f = z
        for k in stride(from: 2000, through: 1, by: -1) { f = z + (Double(k) / 2) / f }
        return 1 / (Double.pi.squareRoot() * f)
    }
}
