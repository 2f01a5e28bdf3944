/// A hidden-layer nonlinearity f with its exact derivative f′.
///
/// Names used on the command line and in configs (`Activation(parsing:)`):
/// `tanh`, `relu`, `sigmoid`, `linear`, `softplus[:β]`, `leaky_relu[:α]`, `elu[:α]`, `gelu`,
/// `abs`, `hardtanh[:lo,hi]`, `bounded_relu:ub`, `shifted_relu:s`, `clip:lo,hi` (either bound may
/// be `-inf`/`inf`), `smooth_clip:lo,hi[,β]`.
///
/// Derivatives at kinks (u = 0 for relu, the bounds for clip) take the value of the right-hand
/// branch at the lower kink and the left-hand branch at the upper kink, i.e. the open interval
/// (lo, hi) is "active" and the kinks belong to the flat side only where noted in `derivative`.
public enum Activation: Sendable, Hashable, Codable {
    case tanh
    case relu
    case sigmoid
    case linear
    /// softplus(u) = log(1 + exp(βu)) / β.
    case softplus(beta: Double)
    /// max(u, αu) for 0 ≤ α < 1.
    case leakyReLU(alpha: Double)
    /// u for u > 0, α(exp(u) − 1) otherwise.
    case elu(alpha: Double)
    /// u·Φ(u) (exact, erf-based).
    case gelu
    case abs
    /// min(max(u, lo), hi).
    case hardtanh(lo: Double, hi: Double)
    /// min(max(u, 0), ub).
    case boundedReLU(upper: Double)
    /// max(u + s, 0).
    case shiftedReLU(shift: Double)
    /// min(max(u, lo), hi) with lo < hi, either possibly infinite — the family that varies one-
    /// and two-sided saturation continuously: clip(0, ∞) = relu, clip(−1, 1) = hardtanh.
    case clip(lo: Double, hi: Double)
    /// The smooth clip: lo + softplus_β(u − lo) − softplus_β(u − hi) (an infinite bound drops its
    /// term). Tends to clip(lo, hi) as β → ∞.
    case smoothClip(lo: Double, hi: Double, beta: Double)
}
