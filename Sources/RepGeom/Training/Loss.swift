/// Training losses on logits ŷ (n × k) against targets y (n × k), averaged over the batch.
public enum Loss: String, Sendable, Codable, CaseIterable {
    /// Binary cross-entropy with logits, per output, summed over outputs:
    /// ℓ = Σ_j softplus(ŷ_j) − y_j ŷ_j;  ∂ℓ/∂ŷ_j = σ(ŷ_j) − y_j. Targets in {0,1}.
    case bce
    /// Softmax cross-entropy over the k logits with one-hot (or probability) targets:
    /// ℓ = logsumexp(ŷ) − Σ_j y_j ŷ_j;  ∂ℓ/∂ŷ = softmax(ŷ) − y.
    case softmax
    /// Squared error ℓ = ½ Σ_j (ŷ_j − y_j)²;  ∂ℓ/∂ŷ = ŷ − y.
    case mse

    /// Writes ∂L/∂ŷ for a batch of `rows` samples, scaled by `scale` (1/batch size), into `grad`
    /// and returns the batch's summed (not averaged) loss. No allocation; Double accumulation.
    /// `grad` may be `logits` (in place).
    ///
    /// BCE goes through the vectorised kernels (`VectorMath.softplusAndLogistic`): softplus(ŷ) − yŷ
    /// and σ(ŷ) − y from one exponential per logit, accurate to a few ulp of `S`. Under
    /// `KernelPath.scalarReference` every loss uses the scalar libm form in Double.
    public func gradient<S: BLASScalar>(logits: UnsafePointer<S>, targets: UnsafePointer<S>, rows: Int, outputs k: Int,
                                        scale: S, into grad: UnsafeMutablePointer<S>) -> Double {
        if self == .bce && KernelPath.current == .vectorised {
            if S.self == Float.self {
                return binaryCrossEntropy(Float.self, logits, targets, rows * k, scale, grad)
            } else if S.self == Double.self {
                return binaryCrossEntropy(Double.self, logits, targets, rows * k, scale, grad)
            }
        }
        return referenceGradient(logits: logits, targets: targets, rows: rows, outputs: k, scale: scale, into: grad)
    }

    /// Vectorised BCE with logits: ℓ = softplus(ŷ) − yŷ, ∂ℓ/∂ŷ = σ(ŷ) − y.
    private func binaryCrossEntropy<T: VectorMathScalar, S: BLASScalar>(
        _: T.Type, _ logits: UnsafePointer<S>, _ targets: UnsafePointer<S>, _ n: Int, _ scale: S,
        _ grad: UnsafeMutablePointer<S>
    ) -> Double {
        let z = UnsafeRawPointer(logits).assumingMemoryBound(to: T.self)
        let y = UnsafeRawPointer(targets).assumingMemoryBound(to: T.self)
        let g = UnsafeMutableRawPointer(grad).assumingMemoryBound(to: T.self)
        let s = T(scale)
        var total = 0.0
        var i = 0
        while i < n {
            let m = min(8, n - i)
            var zv = SIMD8<T>(), yv = SIMD8<T>()
            if m == 8 {
                zv = UnsafeRawPointer(z + i).loadUnaligned(as: SIMD8<T>.self)
                yv = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<T>.self)
            } else {
                for j in 0..<m { zv[j] = z[i + j]; yv[j] = y[i + j] }
            }
            let f = VectorMath.softplusAndLogistic(zv)
            let loss = f.softplus - yv * zv
            let gv = s * (f.sigmoid - yv)
            for j in 0..<m {
                total += Double(loss[j])
                g[i + j] = gv[j]
            }
            i += m
        }
        return total
    }

    /// The scalar form in Double (the reference path, and softmax/MSE everywhere).
    func referenceGradient<S: BLASScalar>(logits: UnsafePointer<S>, targets: UnsafePointer<S>, rows: Int, outputs k: Int,
                                          scale: S, into grad: UnsafeMutablePointer<S>) -> Double {
        var total = 0.0
        switch self {
        case .bce:
            for i in 0..<(rows * k) {
                let z = Double(logits[i]), y = Double(targets[i])
                // softplus(z) − y z and σ(z), both stable for large |z|.
                let e = Elementary.exp(-Swift.abs(z))
                let sp = max(z, 0) + Elementary.log1p(e)
                let sig = z >= 0 ? 1 / (1 + e) : e / (1 + e)
                total += sp - y * z
                grad[i] = scale * S(sig - y)
            }
        case .softmax:
            for r in 0..<rows {
                let base = r * k
                var m = -Double.infinity
                for j in 0..<k { m = max(m, Double(logits[base + j])) }
                var s = 0.0
                for j in 0..<k { s += Elementary.exp(Double(logits[base + j]) - m) }
                let lse = m + Elementary.log(s)
                for j in 0..<k {
                    let z = Double(logits[base + j]), y = Double(targets[base + j])
                    total -= y * z
                    grad[base + j] = scale * S(Elementary.exp(z - lse) - y)
                }
                var ysum = 0.0
                for j in 0..<k { ysum += Double(targets[base + j]) }
                total += ysum * lse
            }
        case .mse:
            for i in 0..<(rows * k) {
                let d = Double(logits[i]) - Double(targets[i])
                total += 0.5 * d * d
                grad[i] = scale * S(d)
            }
        }
        return total
    }

    /// Number of correct decisions among the batch (per output for bce/mse, per sample for softmax)
    /// and the number of decisions.
    @inlinable
    public func correct<S: BLASScalar>(logits: UnsafePointer<S>, targets: UnsafePointer<S>, rows: Int, outputs k: Int)
        -> (correct: Int, total: Int) {
        var c = 0
        switch self {
        case .bce, .mse:
            let threshold: S = self == .bce ? 0 : S(0.5)
            for i in 0..<(rows * k) where (logits[i] > threshold) == (targets[i] > 0.5) { c += 1 }
            return (c, rows * k)
        case .softmax:
            for r in 0..<rows {
                var best = 0, bestY = 0
                for j in 1..<max(k, 1) {
                    if logits[r * k + j] > logits[r * k + best] { best = j }
                    if targets[r * k + j] > targets[r * k + bestY] { bestY = j }
                }
                if best == bestY { c += 1 }
            }
            return (c, rows)
        }
    }
}
