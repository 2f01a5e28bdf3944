/// Scalar reference implementations in Double: the definition every vectorised kernel is tested
/// against, and what analyses (dynamics, quadrature) use.
extension Activation {
    /// f(u).
    public func value(_ u: Double) -> Double {
        switch self {
        case .tanh: return Elementary.tanh(u)
        case .relu: return max(u, 0)
        case .sigmoid: return Activation.logistic(u)
        case .linear: return u
        case .softplus(let beta): return Activation.softplus(beta * u) / beta
        case .leakyReLU(let alpha): return u > 0 ? u : alpha * u
        case .elu(let alpha): return u > 0 ? u : alpha * Elementary.expm1(u)
        case .gelu: return u * Elementary.normalCDF(u)
        case .abs: return Swift.abs(u)
        case .hardtanh(let lo, let hi), .clip(let lo, let hi): return min(max(u, lo), hi)
        case .boundedReLU(let ub): return min(max(u, 0), ub)
        case .shiftedReLU(let s): return max(u + s, 0)
        case .smoothClip(let lo, let hi, let beta):
            var y = lo.isFinite ? lo + Activation.softplus(beta * (u - lo)) / beta : u
            if hi.isFinite { y -= Activation.softplus(beta * (u - hi)) / beta }
            return y
        }
    }

    /// f′(u). At a kink the derivative of the flat side is used (relu′(0) = 0, clip′(lo) = clip′(hi) = 0),
    /// matching the common frameworks' convention for relu.
    public func derivative(_ u: Double) -> Double {
        switch self {
        case .tanh: let t = Elementary.tanh(u); return 1 - t * t
        case .relu: return u > 0 ? 1 : 0
        case .sigmoid: let s = Activation.logistic(u); return s * (1 - s)
        case .linear: return 1
        case .softplus(let beta): return Activation.logistic(beta * u)
        case .leakyReLU(let alpha): return u > 0 ? 1 : alpha
        case .elu(let alpha): return u > 0 ? 1 : alpha * Elementary.exp(u)
        case .gelu: return Elementary.normalCDF(u) + u * Elementary.normalPDF(u)
        case .abs: return u > 0 ? 1 : (u < 0 ? -1 : 0)
        case .hardtanh(let lo, let hi), .clip(let lo, let hi): return (u > lo && u < hi) ? 1 : 0
        case .boundedReLU(let ub): return (u > 0 && u < ub) ? 1 : 0
        case .shiftedReLU(let s): return u + s > 0 ? 1 : 0
        case .smoothClip(let lo, let hi, let beta):
            var d = lo.isFinite ? Activation.logistic(beta * (u - lo)) : 1
            if hi.isFinite { d -= Activation.logistic(beta * (u - hi)) }
            return d
        }
    }

    /// The logistic function 1/(1 + e^(−x)), stable for large |x|.
    static func logistic(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + Elementary.exp(-x)) : { let e = Elementary.exp(x); return e / (1 + e) }()
    }

    /// log(1 + eˣ), stable for large |x|.
    static func softplus(_ x: Double) -> Double {
        x > 0 ? x + Elementary.log1p(Elementary.exp(-x)) : Elementary.log1p(Elementary.exp(x))
    }
}
