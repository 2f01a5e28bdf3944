/// The noise averages of the logistic-family nonlinearities (tanh, sigmoid, softplus, smooth
/// clip) when the noise is wide compared with f′'s features (s·β large), where Gauss–Hermite in Z
/// would need thousands of nodes (docs/dynamics.md §2.3).
///
/// Every such f′ is built from L(u) = logistic(β(u − c)) = P(c + ℓ/β < u), ℓ ~ Logistic(0, 1).
/// Swapping the order of integration, with t(ℓ) = (c + ℓ/β − m)/s:
///
///   E[L(m + sZ)]       = E_ℓ[Φ(−t)]           E[L(m + sZ)·Z]  = E_ℓ[φ(t)]
///   E[L′(m + sZ)]      = E_ℓ[φ(t)]/s          E[L′(m + sZ)·Z] = E_ℓ[t·φ(t)]/s
///
/// (the second row by Stein's identity). softplus′ = L_{β,0}; smooth clip′ = L_{β,lo} − L_{β,hi}
/// (an infinite bound gives 1 or 0); sigmoid′ = L′_{1,0}; tanh′ = 2·L′_{2,0}. The integrand in ℓ
/// is smooth on the scale β·s and the logistic density is analytic in |Im ℓ| < π, so the
/// trapezoid rule with step ½ on [−40, 40] (161 nodes) is accurate to ~1e-15 once β·s ≳ 1.
extension Activation {
    /// F and H through the logistic dual representation (tanh, sigmoid, softplus, smooth clip).
    /// - Precondition: s > 0 and `self` is one of those four.
    public func noiseAverageByLogisticDual(mean m: Double, std s: Double) -> NoiseAverage {
        precondition(s > 0 && s.isFinite && m.isFinite, "logistic dual needs s > 0")
        switch self {
        case .tanh:
            let d = Activation.dualDerivativeForm(beta: 2, centre: 0, mean: m, std: s)
            return NoiseAverage(derivative: 2 * d.derivative, noiseCorrelation: 2 * d.noiseCorrelation)
        case .sigmoid:
            return Activation.dualDerivativeForm(beta: 1, centre: 0, mean: m, std: s)
        case .softplus(let beta):
            return Activation.dualCDFForm(beta: beta, centre: 0, mean: m, std: s)
        case .smoothClip(let lo, let hi, let beta):
            var f = 0.0, h = 0.0
            if lo.isFinite {
                let a = Activation.dualCDFForm(beta: beta, centre: lo, mean: m, std: s)
                f += a.derivative; h += a.noiseCorrelation
            } else { f += 1 }
            if hi.isFinite {
                let b = Activation.dualCDFForm(beta: beta, centre: hi, mean: m, std: s)
                f -= b.derivative; h -= b.noiseCorrelation
            }
            return NoiseAverage(derivative: f, noiseCorrelation: h)
        default:
            preconditionFailure("\(self) is not a logistic-family nonlinearity")
        }
    }

    /// (E[L(m+sZ)], E[L(m+sZ)Z]) = (E_ℓ[Φ(−t)], E_ℓ[φ(t)]).
    static func dualCDFForm(beta: Double, centre c: Double, mean m: Double, std s: Double) -> NoiseAverage {
        var f = 0.0, h = 0.0
        logisticTrapezoid { l, weight in
            let t = (c + l / beta - m) / s
            f += weight * StandardNormal.upperTail(t)
            h += weight * StandardNormal.density(t)
        }
        return NoiseAverage(derivative: f, noiseCorrelation: h)
    }

    /// (E[L′(m+sZ)], E[L′(m+sZ)Z]) = (E_ℓ[φ(t)]/s, E_ℓ[t·φ(t)]/s).
    static func dualDerivativeForm(beta: Double, centre c: Double, mean m: Double, std s: Double) -> NoiseAverage {
        var f = 0.0, h = 0.0
        logisticTrapezoid { l, weight in
            let t = (c + l / beta - m) / s
            let phi = StandardNormal.density(t)
            f += weight * phi
            h += weight * t * phi
        }
        return NoiseAverage(derivative: f / s, noiseCorrelation: h / s)
    }

    /// Calls body(ℓ, h·ρ(ℓ)) at ℓ = −40, −39.5, …, 40, ρ the logistic density (tails beyond
    /// |ℓ| = 40 carry < 1e-17 of the mass).
    @inline(__always)
    static func logisticTrapezoid(_ body: (Double, Double) -> Void) {
        let nodes = logisticNodes
        for k in 0..<nodes.count { body(nodes[k].l, nodes[k].weight) }
    }

    /// The trapezoid nodes and weights of `logisticTrapezoid`, computed once.
    static let logisticNodes: [(l: Double, weight: Double)] = (-80...80).map { k in
        let h = 0.5, l = Double(k) * h
        let e = Elementary.exp(-Swift.abs(l))
        return (l, h * e / ((1 + e) * (1 + e)))
    }
}
