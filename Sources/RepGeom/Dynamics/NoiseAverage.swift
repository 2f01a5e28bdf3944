/// The Gaussian averages of f′ that the expected gradient needs (docs/dynamics.md §2).
///
/// A unit with input weights w and bias b sees x = x̄ + σε, ε ~ N(0, I): its pre-activation is
/// u = m + s·Z with m = w·x̄ + b, s = σ‖w‖ and Z = ŵ·ε ~ N(0, 1). The expected gradient needs
///
///   F(m, s) = E[f′(m + sZ)]        the noise-averaged derivative f̄′ (SPEC §5), and
///   H(m, s) = E[f′(m + sZ)·Z]      its correlation with the noise along ŵ (= s·E[f″] by Stein),
///
/// because E[f′(u)·x] = x̄·F + σ·ŵ·H. At s = 0 they are F = f′(m), H = 0 (with `derivative`'s
/// convention at kinks).
public struct NoiseAverage: Sendable, Equatable, Codable {
    /// F = E[f′(m + sZ)].
    public var derivative: Double
    /// H = E[f′(m + sZ)·Z].
    public var noiseCorrelation: Double

    public init(derivative: Double, noiseCorrelation: Double) {
        self.derivative = derivative
        self.noiseCorrelation = noiseCorrelation
    }
}

extension Activation {
    /// How `noiseAverage(mean:std:)` computes F and H for this nonlinearity.
    public enum NoiseAverageMethod: String, Sendable, Codable {
        /// Exact: f′ is piecewise constant (relu, leaky relu, linear, abs, clip family, shifted
        /// relu), piecewise exponential (elu) or Φ-based (gelu), so F and H are sums of normal
        /// masses, densities and Mills-ratio terms.
        case closedForm = "closed_form"
        /// Numerical (tanh, sigmoid, softplus, smooth clip: f′ analytic): Gauss–Hermite with
        /// 32–128 nodes while s·β ≤ 1.78 (β = π/`analyticStripHalfWidth`), else the logistic dual
        /// representation integrated by the trapezoid rule (`noiseAverageByLogisticDual`).
        case quadrature
    }

    public var noiseAverageMethod: NoiseAverageMethod {
        switch self {
        case .tanh, .sigmoid, .softplus, .smoothClip: .quadrature
        default: .closedForm
        }
    }

    /// F(m, s) = E[f′(m + sZ)] and H(m, s) = E[f′(m + sZ)·Z] for Z ~ N(0, 1).
    ///
    /// Closed form where one exists, else quadrature (`noiseAverageMethod`). Accuracy: closed
    /// forms to a few ulps (elu loses ~log₁₀(s²) digits of H for large s); quadrature to ~1e-11
    /// absolute or better for every s (measured errors in docs/dynamics.md).
    /// - Precondition: s ≥ 0 and finite; m finite.
    public func noiseAverage(mean m: Double, std s: Double) -> NoiseAverage {
        precondition(s >= 0 && s.isFinite && m.isFinite, "noiseAverage needs finite m and s ≥ 0 (got m = \(m), s = \(s))")
        if s == 0 { return NoiseAverage(derivative: derivative(m), noiseCorrelation: 0) }
        switch self {
        case .tanh, .sigmoid, .softplus, .smoothClip:
            let nodes = quadratureNodes(std: s)
            if nodes <= Activation.largestHermiteRule {
                return noiseAverage(mean: m, std: s, rule: GaussHermiteRule.standard(atLeast: nodes))
            }
            return noiseAverageByLogisticDual(mean: m, std: s)
        case .elu(let alpha):
            // f′ = 1 on (0, ∞) and α·eᵘ on (−∞, 0]. With c = −m/s and x = c − s:
            //   E[α eᵘ 1(u<0)]   = α·e^(m+s²/2)·Φ(x)
            //   E[α eᵘ Z 1(u<0)] = α·(s·e^(m+s²/2)·Φ(x) − φ(m/s))     (e^(m+s²/2)·φ(x) = φ(m/s))
            // evaluated through log Φ so that e^(m+s²/2) never overflows.
            let c = -m / s, x = c - s
            let tilted = Elementary.exp(m + 0.5 * s * s + StandardNormal.logCDF(x))
            let positive = NoiseAverage(derivative: StandardNormal.upperTail(c), noiseCorrelation: StandardNormal.density(c))
            return NoiseAverage(derivative: positive.derivative + alpha * tilted,
                                noiseCorrelation: positive.noiseCorrelation + alpha * (s * tilted - StandardNormal.density(m / s)))
        case .gelu:
            // f′(u) = Φ(u) + u·φ(u). With τ = √(1 + s²):
            //   F = Φ(m/τ) + φ(m/τ)·m/τ³
            //   H = s·φ(m/τ)/τ · (2 − s²/τ² − m²/τ⁴)
            let tau2 = 1 + s * s, tau = tau2.squareRoot()
            let phi = StandardNormal.density(m / tau)
            return NoiseAverage(derivative: StandardNormal.cdf(m / tau) + phi * m / (tau2 * tau),
                                noiseCorrelation: s * phi / tau * (2 - s * s / tau2 - m * m / (tau2 * tau2)))
        default:
            // f′ = Σ_k v_k·1(u ∈ (a_k, b_k)):  F = Σ v_k·P(α_k < Z < β_k),
            // H = Σ v_k·(φ(α_k) − φ(β_k)) with α_k = (a_k − m)/s, β_k = (b_k − m)/s.
            var f = 0.0, h = 0.0
            for piece in derivativePieces {
                let lo = (piece.lo - m) / s, hi = (piece.hi - m) / s
                f += piece.value * StandardNormal.mass(from: lo, to: hi)
                h += piece.value * (StandardNormal.density(lo) - StandardNormal.density(hi))
            }
            return NoiseAverage(derivative: f, noiseCorrelation: h)
        }
    }

    /// F and H by a given Gauss–Hermite rule, for any nonlinearity (slowly convergent where f′
    /// jumps; `noiseAverage(mean:std:)` uses it only for analytic f′).
    public func noiseAverage(mean m: Double, std s: Double, rule: GaussHermiteRule) -> NoiseAverage {
        var f = 0.0, h = 0.0
        for i in 0..<rule.count {
            let z = rule.nodes[i]
            let d = rule.weights[i] * derivative(m + s * z)
            f += d
            h += d * z
        }
        return NoiseAverage(derivative: f, noiseCorrelation: h)
    }

    /// Half-width d (in u) of the strip around the real axis where f′ is analytic: f′ has poles
    /// at u = ±iπ/2 (tanh), ±iπ (sigmoid), ±iπ/β (softplus, smooth clip). Infinite for the
    /// closed-form cases (not used there).
    public var analyticStripHalfWidth: Double {
        switch self {
        case .tanh: Double.pi / 2
        case .sigmoid: Double.pi
        case .softplus(let beta), .smoothClip(_, _, let beta): Double.pi / beta
        default: .infinity
        }
    }

    /// Gauss–Hermite nodes needed for noise std s: in Z the integrand is analytic in a strip of
    /// half-width d/s, so the error decays like exp(−2(d/s)√n); n = (20·s/d)² (at least 32) keeps
    /// it below ~1e-12 in the measurements of docs/dynamics.md. Above `largestHermiteRule` nodes
    /// (s·β > 1.78 with β = π/d) `noiseAverage` switches to the logistic dual, which is accurate
    /// from s·β ≈ 1 up.
    public func quadratureNodes(std s: Double) -> Int {
        let d = analyticStripHalfWidth
        guard d.isFinite, s > 0 else { return 32 }
        let r = 20 * s / d
        return max(32, Int(min(r * r, 1e6).rounded(.up)))
    }

    /// The most Gauss–Hermite nodes `noiseAverage(mean:std:)` uses before switching method.
    public static let largestHermiteRule = 128

    /// f′ as a sum of constant pieces on open intervals (the closed-form cases only).
    var derivativePieces: [(lo: Double, hi: Double, value: Double)] {
        switch self {
        case .relu: [(0, .infinity, 1)]
        case .linear: [(-.infinity, .infinity, 1)]
        case .leakyReLU(let alpha): [(-.infinity, 0, alpha), (0, .infinity, 1)]
        case .abs: [(-.infinity, 0, -1), (0, .infinity, 1)]
        case .hardtanh(let lo, let hi), .clip(let lo, let hi): [(lo, hi, 1)]
        case .boundedReLU(let ub): [(0, ub, 1)]
        case .shiftedReLU(let shift): [(-shift, .infinity, 1)]
        case .tanh, .sigmoid, .softplus, .smoothClip, .elu, .gelu:
            preconditionFailure("\(self) has no piecewise-constant derivative")
        }
    }
}
