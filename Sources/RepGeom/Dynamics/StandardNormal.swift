/// Standard-normal integrals in Double, accurate far into the tails (the noise averages of
/// piecewise nonlinearities are sums of these; a naive Φ(b) − Φ(a) loses every digit when both
/// bounds are large).
public enum StandardNormal {
    /// φ(x) = exp(−x²/2)/√(2π); 0 at ±∞.
    @inlinable public static func density(_ x: Double) -> Double {
        x.isInfinite ? 0 : Elementary.normalPDF(x)
    }

    /// Q(x) = P(Z > x) = erfc(x/√2)/2, with full relative accuracy for large positive x.
    @inlinable public static func upperTail(_ x: Double) -> Double {
        0.5 * Elementary.erfc(x / 2.0.squareRoot())
    }

    /// Φ(x) = P(Z < x), with full relative accuracy for large negative x.
    @inlinable public static func cdf(_ x: Double) -> Double { upperTail(-x) }

    /// P(a < Z < b) for a ≤ b (either may be infinite), computed from whichever tails avoid
    /// cancellation. Returns 0 when a ≥ b.
    public static func mass(from a: Double, to b: Double) -> Double {
        guard a < b else { return 0 }
        if a >= 0 { return upperTail(a) - upperTail(b) }      // both in the upper half
        if b <= 0 { return upperTail(-b) - upperTail(-a) }    // both in the lower half
        return 1 - upperTail(-a) - upperTail(b)               // straddles 0: mass ≥ Φ(0) − …
    }

    /// log Φ(x), finite for every finite x: direct for x > −30, else the asymptotic series
    /// log φ(x) − log(−x) + log(1 − 1/x² + 3/x⁴ − 15/x⁶ + 105/x⁸) (relative error < 1e-12 there).
    public static func logCDF(_ x: Double) -> Double {
        if x == .infinity { return 0 }
        if x == -.infinity { return -.infinity }
        if x > 0 { return Elementary.log1p(-upperTail(x)) }
        if x > -30 { return Elementary.log(cdf(x)) }
        let r = 1 / (x * x)
        let series = 1 - r * (1 - r * (3 - r * (15 - r * 105)))
        return -0.5 * x * x - 0.5 * Elementary.log(2 * Double.pi) - Elementary.log(-x) + Elementary.log(series)
    }
}
