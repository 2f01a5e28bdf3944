/// Vectorised elementwise kernels for every `Activation`: f(u) and f′(u) in one pass, 8 lanes at
/// a time (`SIMD8<Float>` / `SIMD8<Double>`), built on `VectorMath`. They agree with the scalar
/// reference `value`/`derivative` (Activation+Scalar.swift) to a few ulp of the working
/// precision, and exactly at kinks: a kink's side is decided as the reference decides it in
/// Double (the bound is rounded down or up, not to nearest, before comparing).
///
/// Float tanh goes to the C kernel `ck_tanh_f32` instead (same algorithm, with an AVX2 + FMA
/// build chosen at run time; `ActivationBackend`), because the Swift code is compiled for the
/// baseline ISA and tanh is a quarter of the reference training step.
extension Activation {
    /// values[i] = f(u[i]) and, when given, derivatives[i] = f′(u[i]) for i < count.
    /// `u` may be `values` (in place); `derivatives` must not overlap `u`.
    public func apply<S: BLASScalar>(_ u: UnsafePointer<S>, values: UnsafeMutablePointer<S>,
                                     derivatives: UnsafeMutablePointer<S>?, count: Int) {
        apply(u, rows: 1, columns: count, inputStride: count, bias: nil,
              values: values, valueStride: count, derivatives: derivatives, derivativeStride: count)
    }

    /// The row-wise form the trainers use: for each of `rows` rows, x = u[r, j] + bias[j] (when a
    /// bias is given), values[r, j] = f(x), derivatives[r, j] = f′(x), for j < columns. Rows
    /// start `inputStride`, `valueStride`, `derivativeStride` elements apart (row-major buffers
    /// with extra columns). `u` may be `values` with the same stride (in place).
    ///
    /// Paths: the scalar Double reference under `KernelPath.scalarReference`; else Float tanh
    /// through the C kernel (`ActivationBackend.c`, the default); else the Swift SIMD kernels.
    public func apply<S: BLASScalar>(
        _ u: UnsafePointer<S>, rows: Int, columns: Int, inputStride: Int, bias: UnsafePointer<S>?,
        values: UnsafeMutablePointer<S>, valueStride: Int,
        derivatives: UnsafeMutablePointer<S>?, derivativeStride: Int
    ) {
        precondition(rows >= 0 && columns >= 0, "negative shape")
        guard rows > 0 && columns > 0 else { return }
        if KernelPath.current == .scalarReference {
            applyScalarReference(u, rows: rows, columns: columns, inputStride: inputStride, bias: bias,
                                 values: values, valueStride: valueStride,
                                 derivatives: derivatives, derivativeStride: derivativeStride)
        } else if S.self == Float.self {
            if usesCKernel {
                applyTanhCKernel(u, rows: rows, columns: columns, inputStride: inputStride, bias: bias,
                                 values: values, valueStride: valueStride,
                                 derivatives: derivatives, derivativeStride: derivativeStride)
            } else {
                applyVectorised(Float.self, u, rows, columns, inputStride, bias, values, valueStride, derivatives, derivativeStride)
            }
        } else if S.self == Double.self {
            applyVectorised(Double.self, u, rows, columns, inputStride, bias, values, valueStride, derivatives, derivativeStride)
        } else {
            applyScalarReference(u, rows: rows, columns: columns, inputStride: inputStride, bias: bias,
                                 values: values, valueStride: valueStride,
                                 derivatives: derivatives, derivativeStride: derivativeStride)
        }
    }

    /// The scalar reference path: every element through `value`/`derivative` in Double.
    func applyScalarReference<S: BLASScalar>(
        _ u: UnsafePointer<S>, rows: Int, columns: Int, inputStride: Int, bias: UnsafePointer<S>?,
        values: UnsafeMutablePointer<S>, valueStride: Int,
        derivatives: UnsafeMutablePointer<S>?, derivativeStride: Int
    ) {
        for r in 0..<rows {
            for j in 0..<columns {
                var x = u[r * inputStride + j]
                if let bias { x += bias[j] }
                let xd = Double(x)
                if let d = derivatives { d[r * derivativeStride + j] = S(derivative(xd)) }
                values[r * valueStride + j] = S(value(xd))
            }
        }
    }

    @inline(__always)
    private func applyVectorised<T: VectorMathScalar, S: BLASScalar>(
        _: T.Type, _ u: UnsafePointer<S>, _ rows: Int, _ columns: Int, _ inputStride: Int, _ bias: UnsafePointer<S>?,
        _ values: UnsafeMutablePointer<S>, _ valueStride: Int,
        _ derivatives: UnsafeMutablePointer<S>?, _ derivativeStride: Int
    ) {
        let shape = KernelShape(rows: rows, columns: columns, inputStride: inputStride,
                                valueStride: valueStride, derivativeStride: derivativeStride)
        let u = UnsafeRawPointer(u).assumingMemoryBound(to: T.self)
        let b = bias.map { UnsafeRawPointer($0).assumingMemoryBound(to: T.self) }
        let v = UnsafeMutableRawPointer(values).assumingMemoryBound(to: T.self)
        let d = derivatives.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: T.self) }
        switch self {
        case .tanh: shape.run(TanhKernel<T>(), u, b, v, d)
        case .relu: shape.run(ReLUKernel<T>(), u, b, v, d)
        case .sigmoid: shape.run(SigmoidKernel<T>(), u, b, v, d)
        case .linear: shape.run(LinearKernel<T>(), u, b, v, d)
        case .softplus(let beta): shape.run(SoftplusKernel<T>(beta: beta), u, b, v, d)
        case .leakyReLU(let alpha): shape.run(LeakyReLUKernel<T>(alpha: alpha), u, b, v, d)
        case .elu(let alpha): shape.run(ELUKernel<T>(alpha: alpha), u, b, v, d)
        case .gelu: shape.run(GELUKernel<T>(), u, b, v, d)
        case .abs: shape.run(AbsKernel<T>(), u, b, v, d)
        case .hardtanh(let lo, let hi), .clip(let lo, let hi): shape.run(ClipKernel<T>(lo: lo, hi: hi), u, b, v, d)
        case .boundedReLU(let ub): shape.run(ClipKernel<T>(lo: 0, hi: ub), u, b, v, d)
        case .shiftedReLU(let s): shape.run(ShiftedReLUKernel<T>(shift: s), u, b, v, d)
        case .smoothClip(let lo, let hi, let beta): shape.run(SmoothClipKernel<T>(lo: lo, hi: hi, beta: beta), u, b, v, d)
        }
    }
}

// MARK: - The loop

/// A nonlinearity on 8 lanes: f and f′ together.
protocol ActivationKernel {
    associatedtype T: VectorMathScalar
    func callAsFunction(_ u: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>)
}

struct KernelShape {
    let rows: Int, columns: Int, inputStride: Int, valueStride: Int, derivativeStride: Int

    @inline(__always)
    func run<K: ActivationKernel>(_ f: K, _ u: UnsafePointer<K.T>, _ bias: UnsafePointer<K.T>?,
                                  _ values: UnsafeMutablePointer<K.T>, _ derivatives: UnsafeMutablePointer<K.T>?) {
        typealias V = SIMD8<K.T>
        for r in 0..<rows {
            let ur = u + r * inputStride, vr = values + r * valueStride
            let dr = derivatives.map { $0 + r * derivativeStride }
            var j = 0
            while j + 8 <= columns {
                var x = UnsafeRawPointer(ur + j).loadUnaligned(as: V.self)
                if let bias { x += UnsafeRawPointer(bias + j).loadUnaligned(as: V.self) }
                let (fx, dfx) = f(x)
                UnsafeMutableRawPointer(vr + j).storeBytes(of: fx, as: V.self)
                if let dr { UnsafeMutableRawPointer(dr + j).storeBytes(of: dfx, as: V.self) }
                j += 8
            }
            if j < columns {
                var x = V()
                for i in 0..<(columns - j) { x[i] = ur[j + i] + (bias?[j + i] ?? 0) }
                let (fx, dfx) = f(x)
                for i in 0..<(columns - j) {
                    vr[j + i] = fx[i]
                    dr?[j + i] = dfx[i]
                }
            }
        }
    }
}

/// The precision-T number nearest below (`down`) or above (`up`) a Double bound, so that
/// `u > lowerBound(x)` in T decides exactly what `Double(u) > x` decides.
@inline(__always)
func roundedBound<T: VectorMathScalar>(_ x: Double, up: Bool) -> T {
    let t = T(x)
    if up { return Double(t) < x ? t.nextUp : t }
    return Double(t) > x ? t.nextDown : t
}

// MARK: - The kernels

struct TanhKernel<T: VectorMathScalar>: ActivationKernel {
    @inline(__always) func callAsFunction(_ u: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) { VectorMath.tanh(u) }
}

struct SigmoidKernel<T: VectorMathScalar>: ActivationKernel {
    @inline(__always) func callAsFunction(_ u: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) { VectorMath.sigmoid(u) }
}

struct LinearKernel<T: VectorMathScalar>: ActivationKernel {
    @inline(__always) func callAsFunction(_ u: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) {
        (u, SIMD8(repeating: 1))
    }
}

/// softplus(βu)/β; derivative σ(βu).
struct SoftplusKernel<T: VectorMathScalar>: ActivationKernel {
    let beta: T, inverseBeta: T
    init(beta: Double) { self.beta = T(beta); inverseBeta = T(1 / beta) }
    @inline(__always) func callAsFunction(_ u: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) {
        let (v, d) = VectorMath.softplus(beta * u)
        return (v * inverseBeta, d)
    }
}

/// max(u, αu): slope 1 above 0, α at and below 0.
struct LeakyReLUKernel<T: VectorMathScalar>: ActivationKernel {
    let alpha: T
    init(alpha: Double) { self.alpha = T(alpha) }
    @inline(__always) func callAsFunction(_ u: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) {
        let positive = T.greater(u, SIMD8<T>())
        return ((alpha * u).replacing(with: u, where: positive),
                SIMD8(repeating: alpha).replacing(with: SIMD8(repeating: 1), where: positive))
    }
}

/// u above 0, α(eᵘ − 1) at and below; derivative 1 or αeᵘ.
struct ELUKernel<T: VectorMathScalar>: ActivationKernel {
    let alpha: T
    init(alpha: Double) { self.alpha = T(alpha) }
    @inline(__always) func callAsFunction(_ u: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) {
        let positive = T.greater(u, SIMD8<T>())
        let (em1, e) = VectorMath.expm1AndExp(u.replacing(with: SIMD8<T>(), where: positive))
        return ((alpha * em1).replacing(with: u, where: positive), (alpha * e).replacing(with: SIMD8(repeating: 1), where: positive))
    }
}

/// uΦ(u); derivative Φ(u) + uφ(u).
struct GELUKernel<T: VectorMathScalar>: ActivationKernel {
    @inline(__always) func callAsFunction(_ u: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) {
        let (cdf, pdf) = VectorMath.normalCDF(u)
        return (u * cdf, cdf + u * pdf)
    }
}

/// |u|; derivative sign(u) (0 at 0).
struct AbsKernel<T: VectorMathScalar>: ActivationKernel {
    @inline(__always) func callAsFunction(_ u: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) {
        let zero = SIMD8<T>()
        let d = zero.replacing(with: SIMD8(repeating: 1), where: T.greater(u, zero)).replacing(with: SIMD8(repeating: -1), where: T.less(u, zero))
        return (T.absolute(u), d)
    }
}

/// max(u, 0); derivative 1 above 0 (also at +∞), 0 at and below.
struct ReLUKernel<T: VectorMathScalar>: ActivationKernel {
    @inline(__always) func callAsFunction(_ u: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) {
        let zero = SIMD8<T>()
        return (u.replacing(with: zero, where: T.lessOrEqual(u, zero)), zero.replacing(with: SIMD8(repeating: 1), where: T.greater(u, zero)))
    }
}

/// min(max(u, lo), hi) with lo < hi, either bound possibly infinite (relu = clip(0, ∞),
/// hardtanh, bounded relu); derivative 1 strictly inside (lo, hi), 0 at and beyond the kinks.
struct ClipKernel<T: VectorMathScalar>: ActivationKernel {
    let lo: T, hi: T, loDown: T, hiUp: T
    init(lo: Double, hi: Double) {
        self.lo = T(lo); self.hi = T(hi)
        loDown = roundedBound(lo, up: false); hiUp = roundedBound(hi, up: true)
    }
    @inline(__always) func callAsFunction(_ u: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) {
        let lo = SIMD8(repeating: lo), hi = SIMD8(repeating: hi)
        var v = u.replacing(with: lo, where: T.less(u, lo))
        v.replace(with: hi, where: T.greater(v, hi))
        let inside = T.both(T.greater(u, SIMD8(repeating: loDown)), T.less(u, SIMD8(repeating: hiUp)))
        return (v, SIMD8<T>().replacing(with: SIMD8(repeating: 1), where: inside))
    }
}

/// max(u + s, 0); derivative 1 where u + s > 0 (decided exactly, as u > −s).
struct ShiftedReLUKernel<T: VectorMathScalar>: ActivationKernel {
    let shift: T, cut: T
    init(shift: Double) { self.shift = T(shift); cut = roundedBound(-shift, up: false) }
    @inline(__always) func callAsFunction(_ u: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) {
        let cut = SIMD8(repeating: cut), zero = SIMD8<T>()
        return ((u + shift).replacing(with: zero, where: T.lessOrEqual(u, cut)), zero.replacing(with: SIMD8(repeating: 1), where: T.greater(u, cut)))
    }
}

/// lo + softplus_β(u − lo) − softplus_β(u − hi) (an infinite bound drops its term).
///
/// The derivative σ(a) − σ(b), a = β(u − lo), b = β(u − hi), is evaluated as
/// σ(a)·σ(−b)·(1 − e^(−β(hi − lo))): the same number without the cancellation of the
/// difference when both are near 1 (u ≫ hi), so it stays relatively accurate.
struct SmoothClipKernel<T: VectorMathScalar>: ActivationKernel {
    let lo: T, hi: T, beta: T, inverseBeta: T, width: T
    let hasLo: Bool, hasHi: Bool
    init(lo: Double, hi: Double, beta: Double) {
        self.lo = T(lo); self.hi = T(hi); self.beta = T(beta); inverseBeta = T(1 / beta)
        hasLo = lo.isFinite; hasHi = hi.isFinite
        width = hasLo && hasHi ? T(-Elementary.expm1(-beta * (hi - lo))) : 1
    }
    @inline(__always) func callAsFunction(_ u: SIMD8<T>) -> (value: SIMD8<T>, derivative: SIMD8<T>) {
        switch (hasLo, hasHi) {
        case (true, true):
            let a = VectorMath.softplusAndLogistic(beta * (u - lo))
            let b = VectorMath.softplusAndLogistic(beta * (u - hi))
            return (lo + (a.softplus - b.softplus) * inverseBeta, width * a.sigmoid * b.sigmoidOfNegative)
        case (true, false):
            let a = VectorMath.softplusAndLogistic(beta * (u - lo))
            return (lo + a.softplus * inverseBeta, a.sigmoid)
        case (false, true):
            let b = VectorMath.softplusAndLogistic(beta * (u - hi))
            return (u - b.softplus * inverseBeta, b.sigmoidOfNegative)
        case (false, false):
            return (u, SIMD8(repeating: 1))
        }
    }
}
