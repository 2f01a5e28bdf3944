@testable import RepGeom

/// Independent references for the dynamics tests.
enum Reference {
    /// ∫ g(z) φ(z) dz over [−14, 14] by composite Simpson, split at `breaks` (where g jumps or
    /// kinks) so every panel is smooth; `panels` subintervals per piece. Error ~ (28/panels)⁴·g⁗.
    static func gaussianExpectation(breaks: [Double] = [], panels: Int = 4000, _ g: (Double) -> Double) -> Double {
        let lo = -14.0, hi = 14.0
        let cuts = ([lo] + breaks.filter { $0 > lo && $0 < hi }.sorted() + [hi])
        var total = 0.0
        for k in 0..<(cuts.count - 1) {
            let a = cuts[k], b = cuts[k + 1]
            guard b > a else { continue }
            let n = panels % 2 == 0 ? panels : panels + 1
            let h = (b - a) / Double(n)
            // Evaluate strictly inside each piece at its ends (one-sided limits at the breaks).
            let eps = 1e-13 * max(1, Swift.abs(a), Swift.abs(b))
            var s = 0.0
            for i in 0...n {
                var z = a + Double(i) * h
                if i == 0 { z = a + eps }
                if i == n { z = b - eps }
                let wgt = (i == 0 || i == n) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
                s += wgt * g(z) * StandardNormal.density(z)
            }
            total += s * h / 3
        }
        return total
    }

    /// Kinks of f′ in u (where it jumps), for splitting reference integrals.
    static func kinks(_ f: Activation) -> [Double] {
        switch f {
        case .relu, .leakyReLU, .abs, .elu: [0]
        case .hardtanh(let lo, let hi), .clip(let lo, let hi): [lo, hi].filter(\.isFinite)
        case .boundedReLU(let ub): [0, ub]
        case .shiftedReLU(let s): [-s]
        default: []
        }
    }

    /// (F, H) by the Simpson reference.
    static func noiseAverage(_ f: Activation, mean m: Double, std s: Double) -> NoiseAverage {
        // Panels resolve f′'s features, whose width in z is ~1/s (1/(βs) for the β-sharpened cases).
        let breaks = kinks(f).map { ($0 - m) / s }
        let panels = max(4000, Int(2000 * s * max(1, Double.pi / 2 / min(f.analyticStripHalfWidth, 1e9))))
        return NoiseAverage(derivative: gaussianExpectation(breaks: breaks, panels: panels) { f.derivative(m + s * $0) },
                            noiseCorrelation: gaussianExpectation(breaks: breaks, panels: panels) { f.derivative(m + s * $0) * $0 })
    }

    /// Mean and standard error of `count` draws of g.
    static func monteCarlo(count: Int, _ draw: () -> Double) -> (mean: Double, standardError: Double) {
        var s = 0.0, s2 = 0.0
        for _ in 0..<count { let v = draw(); s += v; s2 += v * v }
        let mean = s / Double(count)
        let variance = max(s2 / Double(count) - mean * mean, 0) * Double(count) / Double(count - 1)
        return (mean, (variance / Double(count)).squareRoot())
    }

    /// Every activation case, with parameters that put kinks and flat regions near 0.
    static let activations: [Activation] = [
        .tanh, .relu, .sigmoid, .linear, .softplus(beta: 2), .leakyReLU(alpha: 0.1), .elu(alpha: 1), .elu(alpha: 0.5),
        .gelu, .abs, .hardtanh(lo: -1, hi: 1), .boundedReLU(upper: 1.5), .shiftedReLU(shift: -0.5),
        .clip(lo: -.infinity, hi: 1), .clip(lo: -0.5, hi: 2), .smoothClip(lo: -1, hi: 1, beta: 5),
        .smoothClip(lo: 0, hi: .infinity, beta: 3),
    ]
}
