extension LinearDecoder {
    /// Truncated Newton for L2 logistic regression in the primal:
    ///
    ///     f(w) = ½‖w‖² + C Σᵢ log(1 + exp(−yᵢ w·x̃ᵢ))
    ///     ∇f = w + C Σᵢ (σ(yᵢ w·x̃ᵢ) − 1) yᵢ x̃ᵢ,   ∇²f = I + C X̃ᵀ D X̃,  Dᵢ = σᵢ(1 − σᵢ).
    ///
    /// Each step solves ∇²f·s = −∇f by conjugate gradients (Hessian-vector products, never the
    /// Hessian) to the relative residual min(0.5, √(‖g‖/‖g₀‖)), then backtracks s by halving until
    /// the Armijo condition f(w + ts) ≤ f(w) + 10⁻⁴·t·gᵀs holds. Deterministic.
    func solveLogistic(_ design: DecoderDesign, labels y: [Double], workspace ws: inout DecoderWorkspace) -> DecoderSolution {
        let n = design.rowCount, d = design.stride, cLoss = c
        var w = [Double](repeating: 0, count: d)
        var margin = [Double](repeating: 0, count: n)   // yᵢ w·x̃ᵢ
        var iterations = 0
        var converged = false

        func margins(_ w: [Double], into m: inout [Double]) {
            design.data.withUnsafeBufferPointer { x in
                w.withUnsafeBufferPointer { wb in
                    for i in 0..<n { m[i] = y[i] * VectorKernels.dot(wb.baseAddress!, x.baseAddress! + i * d, d) }
                }
            }
        }
        func objective(_ w: [Double], _ m: [Double]) -> Double {
            var f = 0.0
            for j in 0..<d { f += 0.5 * w[j] * w[j] }
            for i in 0..<n { f += cLoss * softplusNegative(m[i]) }
            return f
        }
        /// out = Σᵢ coefᵢ x̃ᵢ.
        func combine(_ coef: [Double], into out: inout [Double]) {
            for j in 0..<d { out[j] = 0 }
            design.data.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { o in
                    for i in 0..<n where coef[i] != 0 { VectorKernels.axpy(coef[i], x.baseAddress! + i * d, o.baseAddress!, d) }
                }
            }
        }

        margins(w, into: &margin)
        var f = objective(w, margin)
        var g = [Double](repeating: 0, count: d)
        var coef = [Double](repeating: 0, count: n)
        var curvature = [Double](repeating: 0, count: n)
        var g0 = 0.0
        while true {
            // Gradient and Hessian weights at w.
            for i in 0..<n {
                let s = sigmoid(margin[i])
                coef[i] = cLoss * (s - 1) * y[i]
                curvature[i] = cLoss * s * (1 - s)
            }
            combine(coef, into: &g)
            for j in 0..<d { g[j] += w[j] }
            let gNorm = norm(g)
            if iterations == 0 { g0 = gNorm }
            if gNorm <= tolerance * max(g0, 1e-300) || gNorm == 0 { converged = true; break }
            if iterations >= maxIterations { break }
            let step = conjugateGradient(design, curvature: curvature, gradient: g,
                                         relativeTolerance: min(0.5, (gNorm / g0).squareRoot()))
            var gs = 0.0
            for j in 0..<d { gs += g[j] * step[j] }
            var t = 1.0
            var trial = w
            var trialMargin = margin
            var accepted = false
            for _ in 0..<60 {
                for j in 0..<d { trial[j] = w[j] + t * step[j] }
                margins(trial, into: &trialMargin)
                let ft = objective(trial, trialMargin)
                if ft <= f + 1e-4 * t * gs { f = ft; accepted = true; break }
                t *= 0.5
            }
            iterations += 1
            if !accepted { break } // no decrease representable in Double: at the optimum to rounding
            w = trial
            margin = trialMargin
        }
        return DecoderSolution(weights: w, iterations: iterations, converged: converged, dual: [])
    }

    /// CG for (I + X̃ᵀ diag(curvature) X̃) s = −g.
    private func conjugateGradient(_ design: DecoderDesign, curvature: [Double], gradient g: [Double],
                                   relativeTolerance: Double) -> [Double] {
        let n = design.rowCount, d = design.stride
        var s = [Double](repeating: 0, count: d)
        var r = g.map { -$0 }
        var p = r
        var rr = dotArrays(r, r)
        let target = relativeTolerance * relativeTolerance * rr
        var xp = [Double](repeating: 0, count: n)
        var hp = [Double](repeating: 0, count: d)
        for _ in 0..<(d + 1) {
            if rr <= target { break }
            // hp = p + X̃ᵀ(curvature ∘ X̃p)
            design.data.withUnsafeBufferPointer { x in
                p.withUnsafeBufferPointer { pb in
                    for i in 0..<n { xp[i] = curvature[i] * VectorKernels.dot(pb.baseAddress!, x.baseAddress! + i * d, d) }
                }
                for j in 0..<d { hp[j] = p[j] }
                hp.withUnsafeMutableBufferPointer { h in
                    for i in 0..<n where xp[i] != 0 { VectorKernels.axpy(xp[i], x.baseAddress! + i * d, h.baseAddress!, d) }
                }
            }
            let php = dotArrays(p, hp)
            guard php > 0 else { break }
            let a = rr / php
            for j in 0..<d { s[j] += a * p[j]; r[j] -= a * hp[j] }
            let rrNew = dotArrays(r, r)
            let beta = rrNew / rr
            rr = rrNew
            for j in 0..<d { p[j] = r[j] + beta * p[j] }
        }
        return s
    }
}

/// log(1 + e^(−m)), without overflow.
@inline(__always)
func softplusNegative(_ m: Double) -> Double {
    m > 0 ? Elementary.log1p(Elementary.exp(-m)) : -m + Elementary.log1p(Elementary.exp(m))
}

/// σ(m) = 1/(1 + e^(−m)), without overflow.
@inline(__always)
func sigmoid(_ m: Double) -> Double {
    if m >= 0 { return 1 / (1 + Elementary.exp(-m)) }
    let e = Elementary.exp(m)
    return e / (1 + e)
}

@inline(__always)
func dotArrays(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for j in 0..<a.count { s += a[j] * b[j] }
    return s
}

@inline(__always)
func norm(_ a: [Double]) -> Double { dotArrays(a, a).squareRoot() }
