extension LinearDecoder {
    /// Dual coordinate descent for the hinge-loss L2 SVM (Hsieh et al. 2008, Algorithm 3 with
    /// shrinking):
    ///
    ///     min_α ½αᵀQα − 1ᵀα,  0 ≤ αᵢ ≤ C,  Qᵢⱼ = yᵢyⱼ x̃ᵢ·x̃ⱼ,   w = Σ αᵢyᵢx̃ᵢ.
    ///
    /// Coordinate i: gradient G = yᵢ w·x̃ᵢ − 1, projected gradient PG (0 when the bound is active
    /// in G's direction), exact 1-D minimiser αᵢ ← clip(αᵢ − G/Qᵢᵢ, 0, C). A coordinate at a bound
    /// whose gradient points outward by more than last epoch's PG spread is shrunk (dropped from
    /// the active set); when the spread falls under the tolerance on the active set, all
    /// coordinates are reactivated and checked once more, so the final test is on the full set.
    ///
    /// `warmStart` (one α per design row, in [0, C]) starts from a feasible point; the solution
    /// is the same to the tolerance.
    func solveSVM(_ design: DecoderDesign, labels y: [Double], workspace ws: inout DecoderWorkspace,
                  warmStart: [Double]?) -> DecoderSolution {
        let n = design.rowCount, stride = design.stride, cBound = c
        precondition(y.count == n)
        if ws.alpha.count != n { ws.alpha = [Double](repeating: 0, count: n) }
        if ws.index.count != n { ws.index = [Int](repeating: 0, count: n) }
        if ws.w.count != stride { ws.w = [Double](repeating: 0, count: stride) }
        var rng = RandomSource.measures(seed: seed, purpose: 0x53564D) // "SVM"
        var iterations = 0
        var converged = false
        design.data.withUnsafeBufferPointer { xBuf in
            design.squaredNorms.withUnsafeBufferPointer { qd in
                y.withUnsafeBufferPointer { yb in
                    ws.alpha.withUnsafeMutableBufferPointer { alpha in
                        ws.index.withUnsafeMutableBufferPointer { index in
                            ws.w.withUnsafeMutableBufferPointer { w in
                                let x = xBuf.baseAddress!
                                for j in 0..<stride { w[j] = 0 }
                                for i in 0..<n {
                                    index[i] = i
                                    alpha[i] = warmStart.map { min(max($0[i], 0), cBound) } ?? 0
                                    if alpha[i] != 0 { VectorKernels.axpy(alpha[i] * yb[i], x + i * stride, w.baseAddress!, stride) }
                                }
                                var active = n
                                var pgMaxOld = Double.infinity, pgMinOld = -Double.infinity
                                while iterations < maxIterations {
                                    var pgMax = -Double.infinity, pgMin = Double.infinity
                                    // Fisher–Yates over the active set: the seeded visiting order.
                                    if active > 1 {
                                        for i in stride_(from: active - 1) {
                                            let j = rng.int(below: i + 1)
                                            if i != j { index.swapAt(i, j) }
                                        }
                                    }
                                    var s = 0
                                    while s < active {
                                        let i = index[s]
                                        let xi = x + i * stride
                                        let yi = yb[i]
                                        let g = yi * VectorKernels.dot(w.baseAddress!, xi, stride) - 1
                                        var pg = 0.0
                                        let a = alpha[i]
                                        if a == 0 {
                                            if g > pgMaxOld { active -= 1; index.swapAt(s, active); continue }
                                            if g < 0 { pg = g }
                                        } else if a == cBound {
                                            if g < pgMinOld { active -= 1; index.swapAt(s, active); continue }
                                            if g > 0 { pg = g }
                                        } else {
                                            pg = g
                                        }
                                        if pg > pgMax { pgMax = pg }
                                        if pg < pgMin { pgMin = pg }
                                        if abs(pg) > 1e-12 {
                                            let newA = min(max(a - g / qd[i], 0), cBound)
                                            alpha[i] = newA
                                            VectorKernels.axpy((newA - a) * yi, xi, w.baseAddress!, stride)
                                        }
                                        s += 1
                                    }
                                    iterations += 1
                                    if pgMax - pgMin <= tolerance {
                                        if active == n { converged = true; break }
                                        active = n
                                        pgMaxOld = .infinity
                                        pgMinOld = -.infinity
                                        continue
                                    }
                                    pgMaxOld = pgMax <= 0 ? .infinity : pgMax
                                    pgMinOld = pgMin >= 0 ? -.infinity : pgMin
                                }
                            }
                        }
                    }
                }
            }
        }
        return DecoderSolution(weights: ws.w, iterations: iterations, converged: converged, dual: ws.alpha)
    }
}

/// i = from, from − 1, …, 1 (the Fisher–Yates positions).
@inline(__always)
private func stride_(from top: Int) -> StrideTo<Int> { Swift.stride(from: top, to: 0, by: -1) }
