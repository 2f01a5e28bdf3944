/// Vectorised elementary functions on buffers (exp, expm1, log, log1p, tanh, sigmoid,
/// log-sigmoid, softplus, the normal CDF), in `Float` and `Double`.
///
/// Why: scalar libm calls (`tanhf`, `expf`) dominate the elementwise passes of small networks.
/// These kernels work on 8 lanes at a time in plain Swift SIMD (`SIMD8<Float>`, `SIMD8<Double>`),
/// with no machine-specific flags, and avoid the operations that fall back to a libm call per
/// lane on a baseline x86-64 target (`addingProduct` without FMA, `rounded`, `pointwiseMin`):
/// rounding uses the 1.5·2^p "magic number" trick, products are `a * b + c`, selections are
/// comparisons and `replacing(with:where:)`.
///
/// Accuracy (checked against libm in `VectorMathTests`): a few ulp over the whole range,
/// including large |x|, tiny x, ±0 and subnormal results; ±∞ map to the limits and NaN
/// propagates. Every function here is relatively accurate where its value is small (e.g.
/// `sigmoid` for x → −∞, `softplus` for x → −∞), which the naive formulas are not.
///
/// All functions accept `x == y` (in place). They take any `BLASScalar` (`Float`, `Double`).
public enum VectorMath {
    /// y = eˣ.
    public static func exp<S: BLASScalar>(_ x: UnsafePointer<S>, into y: UnsafeMutablePointer<S>, count n: Int) {
        map(Exponential(), x, y, n)
    }
    /// y = eˣ − 1, accurate for small |x|.
    public static func expm1<S: BLASScalar>(_ x: UnsafePointer<S>, into y: UnsafeMutablePointer<S>, count n: Int) {
        map(ExponentialMinusOne(), x, y, n)
    }
    /// y = log x (−∞ at 0, NaN below 0).
    public static func log<S: BLASScalar>(_ x: UnsafePointer<S>, into y: UnsafeMutablePointer<S>, count n: Int) {
        map(Logarithm(), x, y, n)
    }
    /// y = log(1 + x), accurate for small |x| (−∞ at −1, NaN below −1).
    public static func log1p<S: BLASScalar>(_ x: UnsafePointer<S>, into y: UnsafeMutablePointer<S>, count n: Int) {
        map(LogarithmOnePlus(), x, y, n)
    }
    /// y = tanh x.
    public static func tanh<S: BLASScalar>(_ x: UnsafePointer<S>, into y: UnsafeMutablePointer<S>, count n: Int) {
        map(HyperbolicTangent(), x, y, n)
    }
    /// y = σ(x) = 1/(1 + e^(−x)).
    public static func sigmoid<S: BLASScalar>(_ x: UnsafePointer<S>, into y: UnsafeMutablePointer<S>, count n: Int) {
        map(Logistic(), x, y, n)
    }
    /// y = log σ(x) = −softplus(−x) (≈ x for x → −∞, ≈ −e^(−x) for x → ∞).
    public static func logSigmoid<S: BLASScalar>(_ x: UnsafePointer<S>, into y: UnsafeMutablePointer<S>, count n: Int) {
        map(LogLogistic(), x, y, n)
    }
    /// y = softplus(x) = log(1 + eˣ).
    public static func softplus<S: BLASScalar>(_ x: UnsafePointer<S>, into y: UnsafeMutablePointer<S>, count n: Int) {
        map(Softplus(), x, y, n)
    }
    /// y = Φ(x), the standard normal CDF (relatively accurate in the lower tail).
    public static func normalCDF<S: BLASScalar>(_ x: UnsafePointer<S>, into y: UnsafeMutablePointer<S>, count n: Int) {
        map(NormalCDF(), x, y, n)
    }

    /// a ← a ⊙ b (elementwise product in place), 8 lanes at a time — the back-propagation step
    /// δ ← δ ⊙ f′(u) of every trainer.
    @inline(__always)
    public static func multiply<S: BLASScalar>(_ a: UnsafeMutablePointer<S>, by b: UnsafePointer<S>, count n: Int) {
        var i = 0
        while i + 8 <= n {
            let x = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<S>.self)
            let y = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<S>.self)
            UnsafeMutableRawPointer(a + i).storeBytes(of: x * y, as: SIMD8<S>.self)
            i += 8
        }
        while i < n { a[i] *= b[i]; i += 1 }
    }
}

// MARK: - The machinery shared by every kernel

/// A scalar type with the few precision-specific primitives the generic kernels are built from.
/// `Float` and `Double` conform; everything else is written once, generically, and specialised.
protocol VectorMathScalar: BLASScalar {
    /// The range-reduced exponential: e^(x + low) = scale1 · scale2 · (1 + p), with
    /// p = e^r − 1 for r = x + low − n·ln 2 in about [−ln2/2, ln2/2]. `x` is clamped to the range
    /// where the result goes from 0 to ∞ (so both scales are normal numbers); NaN propagates
    /// through p. `low` carries extra precision of the argument (|low| ≪ 1).
    static func exponentialParts(_ x: SIMD8<Self>, low: SIMD8<Self>)
        -> (scale1: SIMD8<Self>, scale2: SIMD8<Self>, p: SIMD8<Self>)
    /// Natural logarithm for every input: −∞ at ±0, NaN below 0 and for NaN, ∞ at ∞, subnormals exact.
    static func logarithm(_ x: SIMD8<Self>) -> SIMD8<Self>
    /// log(1 + q) for q in [0, 1] (the softplus tail), from the atanh series.
    static func log1pUnit(_ q: SIMD8<Self>) -> SIMD8<Self>
    /// x with the low half of its significand cleared, so that its square is exact.
    static func highHalf(_ x: SIMD8<Self>) -> SIMD8<Self>
    /// |x| (clears the sign bit; NaN stays NaN).
    static func absolute(_ x: SIMD8<Self>) -> SIMD8<Self>
    /// |magnitude| carrying the sign bit of `sign`.
    static func withSign(_ magnitude: SIMD8<Self>, of sign: SIMD8<Self>) -> SIMD8<Self>
    /// Lanewise comparisons and mask logic through the concrete (builtin) operations of the
    /// precision: in generic code the standard library's `.<` and `.&` are per-lane loops.
    static func less(_ a: SIMD8<Self>, _ b: SIMD8<Self>) -> SIMDMask<SIMD8<SIMDMaskScalar>>
    static func lessOrEqual(_ a: SIMD8<Self>, _ b: SIMD8<Self>) -> SIMDMask<SIMD8<SIMDMaskScalar>>
    static func greater(_ a: SIMD8<Self>, _ b: SIMD8<Self>) -> SIMDMask<SIMD8<SIMDMaskScalar>>
    static func equal(_ a: SIMD8<Self>, _ b: SIMD8<Self>) -> SIMDMask<SIMD8<SIMDMaskScalar>>
    static func both(_ a: SIMDMask<SIMD8<SIMDMaskScalar>>, _ b: SIMDMask<SIMD8<SIMDMaskScalar>>) -> SIMDMask<SIMD8<SIMDMaskScalar>>
    static func either(_ a: SIMDMask<SIMD8<SIMDMaskScalar>>, _ b: SIMDMask<SIMD8<SIMDMaskScalar>>) -> SIMDMask<SIMD8<SIMDMaskScalar>>
    /// Chebyshev coefficients of the scaled complementary error function (see `NormalCDF`).
    static var erfcxChebyshev: [Self] { get }
}

/// A function on 8 lanes, generic over the precision (a "generic closure").
protocol VectorFunction {
    func callAsFunction<T: VectorMathScalar>(_ x: SIMD8<T>) -> SIMD8<T>
}

extension VectorMath {
    /// y[i] = f(x[i]) for i < n, in chunks of 8; the ragged tail goes through a zero-padded vector.
    @inline(__always)
    static func mapVectors<T: VectorMathScalar, F: VectorFunction>(
        _ f: F, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int
    ) {
        var i = 0
        while i + 8 <= n {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<T>.self)
            UnsafeMutableRawPointer(y + i).storeBytes(of: f(v), as: SIMD8<T>.self)
            i += 8
        }
        if i < n {
            var v = SIMD8<T>()
            for j in 0..<(n - i) { v[j] = x[i + j] }
            let r = f(v)
            for j in 0..<(n - i) { y[i + j] = r[j] }
        }
    }

    /// Routes a `BLASScalar` buffer to the kernel of its precision.
    @inline(__always)
    static func map<S: BLASScalar, F: VectorFunction>(_ f: F, _ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, _ n: Int) {
        precondition(n >= 0, "negative count")
        if S.self == Float.self {
            mapVectors(f, UnsafeRawPointer(x).assumingMemoryBound(to: Float.self),
                       UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self), n)
        } else if S.self == Double.self {
            mapVectors(f, UnsafeRawPointer(x).assumingMemoryBound(to: Double.self),
                       UnsafeMutableRawPointer(y).assumingMemoryBound(to: Double.self), n)
        } else {
            preconditionFailure("VectorMath supports Float and Double")
        }
    }

    struct Exponential: VectorFunction {
        @inline(__always) func callAsFunction<T: VectorMathScalar>(_ x: SIMD8<T>) -> SIMD8<T> { VectorMath.exp(x) }
    }
    struct ExponentialMinusOne: VectorFunction {
        @inline(__always) func callAsFunction<T: VectorMathScalar>(_ x: SIMD8<T>) -> SIMD8<T> { VectorMath.expm1(x) }
    }
    struct Logarithm: VectorFunction {
        @inline(__always) func callAsFunction<T: VectorMathScalar>(_ x: SIMD8<T>) -> SIMD8<T> { T.logarithm(x) }
    }
    struct LogarithmOnePlus: VectorFunction {
        @inline(__always) func callAsFunction<T: VectorMathScalar>(_ x: SIMD8<T>) -> SIMD8<T> { VectorMath.log1p(x) }
    }
    struct HyperbolicTangent: VectorFunction {
        @inline(__always) func callAsFunction<T: VectorMathScalar>(_ x: SIMD8<T>) -> SIMD8<T> { VectorMath.tanh(x).value }
    }
    struct Logistic: VectorFunction {
        @inline(__always) func callAsFunction<T: VectorMathScalar>(_ x: SIMD8<T>) -> SIMD8<T> { VectorMath.sigmoid(x).value }
    }
    struct LogLogistic: VectorFunction {
        @inline(__always) func callAsFunction<T: VectorMathScalar>(_ x: SIMD8<T>) -> SIMD8<T> {
            // log σ(x) = min(x, 0) − log(1 + e^(−|x|)).
            let q = VectorMath.exp(-T.absolute(x))
            return x.replacing(with: SIMD8<T>(), where: T.greater(x, SIMD8<T>())) - T.log1pUnit(q)
        }
    }
    struct Softplus: VectorFunction {
        @inline(__always) func callAsFunction<T: VectorMathScalar>(_ x: SIMD8<T>) -> SIMD8<T> { VectorMath.softplus(x).value }
    }
    struct NormalCDF: VectorFunction {
        @inline(__always) func callAsFunction<T: VectorMathScalar>(_ x: SIMD8<T>) -> SIMD8<T> { VectorMath.normalCDF(x).cdf }
    }
}
