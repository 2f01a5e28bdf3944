/// The expected negative gradient of the loss with respect to one hidden unit's input weights
/// (SPEC §5; docs/dynamics.md §2), as a vector field over weight space.
///
/// For unit i of the shallow network (u = w·x + b, z = f(u), logits ŷ = J z + b₂, frozen J) the
/// negative loss gradient on w is J_iᵀ·E[(y − out(ŷ))·f′(u)·x], averaged over conditions drawn
/// uniformly and over the input noise x = x̄_c + σε (out = σ for binary cross-entropy). This type
/// evaluates
///
///   G(w) = (1/P) Σ_c a_c(w) · E_ε[f′(w·x + b)·x] = (1/P) Σ_c a_c(w) · (x̄_c·F_c + σ·ŵ·H_c),
///
/// with F_c, H_c the noise averages of f′ at m_c = w·x̄_c + b, s = σ‖w‖ (`Activation.noiseAverage`),
/// exactly — no sampling — and with the output error a_c replaced according to `OutputError`:
///
/// - `.centredLabels` (SPEC §5, the default and what the figures' field uses): the output error
///   of condition c is the centred label Δ_c = y_c − ȳ, so a_c = J_iᵀΔ_c is constant. This is the
///   exact expected gradient when out(ŷ) ≡ ȳ, i.e. at the start of training from small logits.
/// - `.network(otherLogits:loss:)`: the error is y_c − out(ŷ_c(w)) with the logits at the
///   noise-free mean, ŷ_c(w) = (the other units' logits) + J_i·f(m_c): later-training dynamics of
///   one unit with the rest of the network frozen. It ignores the noise in ŷ (exact at σ = 0).
///
/// `includesNoiseTerm = false` drops the σ·ŵ·H_c term, leaving SPEC §5's written form
/// Σ_c a_c f̄′(m_c) x̄_c (the term is radial and vanishes as σ → 0).
///
/// The scale is that of −∇L itself, so gradient-flow time t corresponds to SGD with learning rate
/// η after t/η steps. The bias b is held fixed (it is frozen at 0 in the dynamics runs).
public struct ExpectedGradient: Sendable, Equatable, Codable {
    public enum OutputError: Sendable, Equatable, Codable {
        /// y_c − ȳ (constant coefficients a_c = J_iᵀΔ_c).
        case centredLabels
        /// y_c − out(ŷ_c(w)), ŷ_c(w) = otherLogits_c + J_i·f(w·x̄_c + b); `otherLogits` is P×k.
        case network(otherLogits: Matrix<Double>, loss: Loss)
    }

    /// P×N condition means x̄_c.
    public var means: Matrix<Double>
    /// P×k targets y_c.
    public var targets: Matrix<Double>
    /// The unit's readout column J_i (k).
    public var readout: [Double]
    /// The unit's (fixed) bias b.
    public var bias: Double
    /// Input noise σ.
    public var noise: Double
    public var activation: Activation
    public var outputError: OutputError
    /// Whether G includes the σ·ŵ·H term (default true: the exact expectation).
    public var includesNoiseTerm: Bool
    /// a_c = J_iᵀΔ_c.
    public let centredLabelCoefficients: [Double]

    public init(means: Matrix<Double>, targets: Matrix<Double>, readout: [Double], bias: Double = 0,
                noise: Double, activation: Activation, outputError: OutputError = .centredLabels,
                includesNoiseTerm: Bool = true) {
        precondition(means.rows == targets.rows && targets.columns == readout.count, "expected gradient: shapes")
        precondition(noise >= 0 && noise.isFinite && bias.isFinite, "expected gradient: σ ≥ 0 and finite bias")
        if case .network(let logits, _) = outputError {
            precondition(logits.rows == targets.rows && logits.columns == targets.columns, "expected gradient: logits shape")
        }
        self.means = means
        self.targets = targets
        self.readout = readout
        self.bias = bias
        self.noise = noise
        self.activation = activation
        self.outputError = outputError
        self.includesNoiseTerm = includesNoiseTerm
        let labels = ExpectedGradient.centredLabels(targets)
        self.centredLabelCoefficients = (0..<targets.rows).map { c in
            (0..<readout.count).reduce(0.0) { $0 + readout[$1] * labels[c, $1] }
        }
    }

    public var conditionCount: Int { means.rows }
    public var inputDimension: Int { means.columns }

    /// Δ = Y − 1ȳᵀ, ȳ the mean target over conditions (conditions are sampled uniformly).
    public static func centredLabels(_ targets: Matrix<Double>) -> Matrix<Double> {
        let mean = targets.columnMeans
        return Matrix(rows: targets.rows, columns: targets.columns) { c, o in targets[c, o] - mean[o] }
    }

    /// a_c for condition c at pre-activation m_c (the noise-free w·x̄_c + b).
    public func coefficient(condition c: Int, preactivation m: Double) -> Double {
        switch outputError {
        case .centredLabels:
            return centredLabelCoefficients[c]
        case .network(let logits, let loss):
            let z = activation.value(m)
            let k = readout.count
            var a = 0.0
            switch loss {
            case .bce, .mse:
                for o in 0..<k {
                    let yhat = logits[c, o] + readout[o] * z
                    let out = loss == .bce ? Activation.logistic(yhat) : yhat
                    a += readout[o] * (targets[c, o] - out)
                }
            case .softmax:
                var top = -Double.infinity
                for o in 0..<k { top = max(top, logits[c, o] + readout[o] * z) }
                var total = 0.0
                for o in 0..<k { total += Elementary.exp(logits[c, o] + readout[o] * z - top) }
                for o in 0..<k {
                    let out = Elementary.exp(logits[c, o] + readout[o] * z - top) / total
                    a += readout[o] * (targets[c, o] - out)
                }
            }
            return a
        }
    }

    /// G(w).
    public func gradient(at w: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: inputDimension)
        gradient(at: w, into: &g)
        return g
    }

    /// G(w) written into `g` (length N); no allocation.
    public func gradient(at w: [Double], into g: inout [Double]) {
        let n = inputDimension, p = conditionCount
        precondition(w.count == n && g.count == n, "gradient: weight length \(w.count), expected \(n)")
        means.elements.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { wp in
                g.withUnsafeMutableBufferPointer { gp in
                    for j in 0..<n { gp[j] = 0 }
                    let norm = Double.dot(n: n, x: wp.baseAddress!, y: wp.baseAddress!).squareRoot()
                    let s = noise * norm
                    var radial = 0.0
                    for c in 0..<p {
                        let row = x.baseAddress! + c * n
                        let m = Double.dot(n: n, x: row, y: wp.baseAddress!) + bias
                        let avg = activation.noiseAverage(mean: m, std: s)
                        let a = coefficient(condition: c, preactivation: m) / Double(p)
                        Double.axpy(n: n, alpha: a * avg.derivative, x: row, y: gp.baseAddress!)
                        radial += a * avg.noiseCorrelation
                    }
                    if includesNoiseTerm && norm > 0 {
                        Double.axpy(n: n, alpha: noise * radial / norm, x: wp.baseAddress!, y: gp.baseAddress!)
                    }
                }
            }
        }
    }

    /// The field restricted to a unit's (inter, intra) plane: w = p·e_inter + q·e_intra + r·n with
    /// n a unit vector orthogonal to every mean and to the plane (r = `orthogonalNorm`, which only
    /// widens the pre-activation noise: s = σ√(p² + q² + r²)), and G projected back on the plane.
    public func restricted(to axes: UnitAxes, orthogonalNorm: Double = 0) -> PlaneGradient {
        precondition(axes.inter.count == inputDimension, "restricted: axes length")
        precondition(orthogonalNorm >= 0 && orthogonalNorm.isFinite, "restricted: orthogonal norm must be ≥ 0")
        let inter = (0..<conditionCount).map { DynamicsMath.dot(means.row($0), axes.inter) }
        let intra = (0..<conditionCount).map { DynamicsMath.dot(means.row($0), axes.intra) }
        return PlaneGradient(model: self, meanInter: inter, meanIntra: intra, orthogonalNorm: orthogonalNorm)
    }
}

/// `ExpectedGradient` on a unit's (inter, intra) plane: a 2-D vector field. Only the means'
/// coordinates on the two axes are kept, so evaluating it costs O(P).
public struct PlaneGradient: Sendable, Equatable, Codable {
    public var model: ExpectedGradient
    /// x̄_c·e_inter.
    public var meanInter: [Double]
    /// x̄_c·e_intra.
    public var meanIntra: [Double]
    /// r: the norm of the weight component orthogonal to the means and the plane.
    public var orthogonalNorm: Double

    /// (G·e_inter, G·e_intra) at w = p·e_inter + q·e_intra (+ r·n).
    public func callAsFunction(inter p: Double, intra q: Double) -> (inter: Double, intra: Double) {
        let norm = (p * p + q * q + orthogonalNorm * orthogonalNorm).squareRoot()
        let s = model.noise * norm
        let count = Double(meanInter.count)
        var gp = 0.0, gq = 0.0, radial = 0.0
        for c in 0..<meanInter.count {
            let m = p * meanInter[c] + q * meanIntra[c] + model.bias
            let avg = model.activation.noiseAverage(mean: m, std: s)
            let a = model.coefficient(condition: c, preactivation: m) / count
            gp += a * avg.derivative * meanInter[c]
            gq += a * avg.derivative * meanIntra[c]
            radial += a * avg.noiseCorrelation
        }
        if model.includesNoiseTerm && norm > 0 {
            gp += model.noise * radial * p / norm
            gq += model.noise * radial * q / norm
        }
        return (gp, gq)
    }

    /// The field on every point of `grid`.
    public func field(on grid: PlaneGrid) -> PlaneField {
        let xs = grid.interValues, ys = grid.intraValues
        var gi = [Double](), gj = [Double]()
        gi.reserveCapacity(xs.count * ys.count); gj.reserveCapacity(xs.count * ys.count)
        for q in ys { for p in xs { let g = self(inter: p, intra: q); gi.append(g.inter); gj.append(g.intra) } }
        return PlaneField(grid: grid, orthogonalNorm: orthogonalNorm, interComponent: gi, intraComponent: gj)
    }
}
