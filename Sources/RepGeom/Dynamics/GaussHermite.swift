/// A Gauss–Hermite rule for expectations over a standard normal: E[g(Z)] ≈ Σᵢ ωᵢ g(zᵢ).
///
/// With n nodes the rule is exact for polynomials of degree ≤ 2n − 1; for g analytic in the
/// strip |Im z| < d its error decays like exp(−2d√n) (Barrett's bound in the probabilists'
/// scaling), which is what `Activation.noiseAverage` uses to choose n.
///
/// Construction: the nodes are the roots xᵢ of the physicists' Hermite polynomial H_n, bracketed
/// on a fine grid and refined by safeguarded Newton steps on the orthonormal recurrence
///   p₀ = π^(−1/4),  p_{j+1}(x) = √(2/(j+1))·x·p_j(x) − √(j/(j+1))·p_{j−1}(x),
/// with p_n′ = √(2n)·p_{n−1}; the Christoffel weights are λᵢ = 1/(n·p_{n−1}(xᵢ)²). Mapping to the
/// standard normal: zᵢ = √2·xᵢ, ωᵢ = λᵢ/√π (so Σωᵢ = 1). The recurrence is rescaled as it runs so
/// that n up to a few thousand neither overflows nor underflows (outer weights below ~1e-308
/// become 0, harmlessly).
public struct GaussHermiteRule: Sendable, Equatable, Codable {
    /// Nodes zᵢ in ascending order (symmetric about 0).
    public let nodes: [Double]
    /// Weights ωᵢ (positive, sum 1).
    public let weights: [Double]

    public var count: Int { nodes.count }

    /// The n-node rule, 1 ≤ n ≤ 4096.
    public init(nodes n: Int) {
        precondition(n >= 1 && n <= 4096, "Gauss–Hermite rule size \(n) outside 1…4096")
        // Positive roots of H_n (physicists' scaling), ascending. Roots are bracketed by sign
        // changes of p_n on a grid finer than the smallest root gap (≈ π/√(2n+1), at the centre),
        // then refined by Newton steps kept inside their bracket (bisection when a step leaves it).
        let half = n / 2
        var roots: [Double] = []
        roots.reserveCapacity(half)
        let step = 0.25 * Double.pi / Double(2 * n + 1).squareRoot()
        let end = Double(2 * n + 1).squareRoot() + 1   // every root lies below √(2n+1)
        var a = n % 2 == 1 ? 0.5 * step : 0, fa = GaussHermiteRule.orthonormal(n, at: a).pn
        while roots.count < half && a < end {
            let b = a + step, fb = GaussHermiteRule.orthonormal(n, at: b).pn
            if (fa < 0) != (fb < 0) || fb == 0 { roots.append(GaussHermiteRule.refine(n, lo: a, hi: b, flo: fa)) }
            a = b; fa = fb
        }
        precondition(roots.count == half, "Gauss–Hermite: found \(roots.count) of \(half) positive roots for n = \(n)")
        if n % 2 == 1 { roots.insert(0, at: 0) }
        // λ = 1/(n·p_{n−1}(x)²), computed in logs because p_{n−1} carries a 10^scale factor.
        func weight(_ x: Double) -> Double {
            let v = GaussHermiteRule.orthonormal(n, at: x)
            let log10 = Elementary.log(10.0)
            return Elementary.exp(-Elementary.log(Double(n)) - 2 * Elementary.log(Swift.abs(v.pn1)) - 2 * v.scale * log10)
        }
        // Assemble ascending and symmetric in the standard-normal scaling z = √2·x, ω = λ/√π.
        let sqrt2 = 2.0.squareRoot(), invSqrtPi = 1 / Double.pi.squareRoot()
        var z = [Double](repeating: 0, count: n), w = [Double](repeating: 0, count: n)
        let offset = n % 2  // index of the first strictly positive root in `roots`
        if n % 2 == 1 { z[half] = 0; w[half] = weight(0) * invSqrtPi }
        for k in 0..<half {
            let x = roots[k + offset], lam = weight(x) * invSqrtPi
            z[half + offset + k] = sqrt2 * x; w[half + offset + k] = lam
            z[half - 1 - k] = -sqrt2 * x; w[half - 1 - k] = lam
        }
        // The weights sum to 1 analytically; remove the last rounding (a relative 1e-15 change).
        let total = w.reduce(0, +)
        self.nodes = z
        self.weights = w.map { $0 / total }
    }

    /// The root of p_n in [lo, hi] (p_n changes sign there).
    static func refine(_ n: Int, lo: Double, hi: Double, flo: Double) -> Double {
        var lo = lo, hi = hi
        let negativeAtLo = flo < 0
        var x = 0.5 * (lo + hi)
        for _ in 0..<200 {
            let v = orthonormal(n, at: x)
            if v.pn == 0 { return x }
            if (v.pn < 0) == negativeAtLo { lo = x } else { hi = x }
            let newton = x - v.pn / (Double(2 * n).squareRoot() * v.pn1)   // p_n′ = √(2n)·p_{n−1}
            let next = (newton > lo && newton < hi) ? newton : 0.5 * (lo + hi)
            if Swift.abs(next - x) <= 4 * Double.ulpOfOne * max(1, Swift.abs(x)) || hi - lo <= 4 * Double.ulpOfOne * max(1, Swift.abs(x)) {
                return next
            }
            x = next
        }
        return x
    }

    /// (p_n(x), p_{n−1}(x)) of the orthonormal recurrence, both divided by 10^scale.
    static func orthonormal(_ n: Int, at x: Double) -> (pn: Double, pn1: Double, scale: Double) {
        var p1 = 1 / Elementary.pow(Double.pi, 0.25), p2 = 0.0
        var scale = 0.0
        for j in 0..<n {
            let p3 = p2
            p2 = p1
            p1 = x * (2 / Double(j + 1)).squareRoot() * p2 - (Double(j) / Double(j + 1)).squareRoot() * p3
            if Swift.abs(p1) > 1e150 { p1 *= 1e-150; p2 *= 1e-150; scale += 150 }
        }
        return (p1, p2, scale)
    }

    /// E[g(Z)] ≈ Σᵢ ωᵢ g(zᵢ).
    @inlinable public func expectation(_ g: (Double) -> Double) -> Double {
        var s = 0.0
        for i in 0..<nodes.count { s += weights[i] * g(nodes[i]) }
        return s
    }
}

extension GaussHermiteRule {
    /// Rule sizes `Activation.noiseAverage` chooses from; each is built once, on first use.
    public static let standardSizes = [32, 64, 128]

    private static let rule32 = GaussHermiteRule(nodes: 32)
    private static let rule64 = GaussHermiteRule(nodes: 64)
    private static let rule128 = GaussHermiteRule(nodes: 128)

    /// The smallest standard rule with at least `n` nodes (the largest, 128, when none has).
    public static func standard(atLeast n: Int) -> GaussHermiteRule {
        switch n {
        case ...32: rule32
        case ...64: rule64
        default: rule128
        }
    }
}
