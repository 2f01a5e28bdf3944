extension LinearDecoder {
    /// The hinge-loss L2 SVM in the dual:
    ///
    ///     min_α ½αᵀQα − 1ᵀα,  0 ≤ αᵢ ≤ C,  Qᵢⱼ = yᵢyⱼ x̃ᵢ·x̃ⱼ,   w = Σ αᵢyᵢx̃ᵢ.
    ///
    /// The solution is certified by one criterion whatever path found it: over **all**
    /// coordinates, the spread of projected gradients max(0, max PG) − min(0, min PG) ≤ `tolerance`
    /// (liblinear's test, with 0 among the extremes so that it bounds every |PGᵢ|), with Gᵢ = yᵢ w·x̃ᵢ − 1 and PGᵢ = Gᵢ for free αᵢ, min(Gᵢ, 0) at αᵢ = 0, max(Gᵢ, 0) at
    /// αᵢ = C. w is unique (the primal is strictly convex), so paths differ only within the
    /// tolerance.
    ///
    /// Paths: without a shared Gram, dual coordinate descent (`coordinateDescent`). With one
    /// (`DecoderDesign.gram`), an active-set method (`activeSet`) started from `warmStart` — or,
    /// without a warm start, from a coordinate-descent run to the loose tolerance
    /// max(`tolerance`, 0.5) — and, should the active-set method not certify within its
    /// budget, coordinate descent continues from its last point to the tolerance.
    func solveSVM(_ design: DecoderDesign, labels y: [Double], workspace ws: inout DecoderWorkspace,
                  warmStart: [Double]?) -> DecoderSolution {
        let n = design.rowCount
        precondition(y.count == n)
        if ws.alpha.count != n { ws.alpha = [Double](repeating: 0, count: n) }
        if ws.index.count != n { ws.index = [Int](repeating: 0, count: n) }
        if ws.w.count != design.stride { ws.w = [Double](repeating: 0, count: design.stride) }
        for i in 0..<n { ws.alpha[i] = warmStart.map { min(max($0[i], 0), c) } ?? 0 }
        var iterations = 0
        if design.gram != nil {
            if warmStart == nil {
                let seedRun = coordinateDescent(design, labels: y, workspace: &ws, tolerance: max(tolerance, 0.5))
                iterations += seedRun.iterations
            }
            if activeSet(design, labels: y, workspace: &ws) {
                recomputeWeights(design, labels: y, workspace: &ws)
                return DecoderSolution(weights: ws.w, iterations: iterations, converged: true, dual: ws.alpha)
            }
        }
        let run = coordinateDescent(design, labels: y, workspace: &ws, tolerance: tolerance)
        return DecoderSolution(weights: ws.w, iterations: iterations + run.iterations, converged: run.converged, dual: ws.alpha)
    }

    /// w = Σ αᵢyᵢx̃ᵢ from `ws.alpha`.
    func recomputeWeights(_ design: DecoderDesign, labels y: [Double], workspace ws: inout DecoderWorkspace) {
        let stride = design.stride
        design.data.withUnsafeBufferPointer { x in
            ws.w.withUnsafeMutableBufferPointer { w in
                for j in 0..<stride { w[j] = 0 }
                for i in 0..<design.rowCount where ws.alpha[i] != 0 {
                    VectorKernels.axpy(ws.alpha[i] * y[i], x.baseAddress! + i * stride, w.baseAddress!, stride)
                }
            }
        }
    }

    /// Dual coordinate descent (Hsieh et al. 2008, Algorithm 3 with shrinking) from `ws.alpha`.
    ///
    /// Coordinate i: G = yᵢ w·x̃ᵢ − 1, projected gradient PG, exact 1-D minimiser
    /// αᵢ ← clip(αᵢ − G/Qᵢᵢ, 0, C). Each epoch visits the active coordinates in the order of a
    /// Fisher–Yates shuffle drawn from `seed` (a fresh generator per call). A coordinate at a
    /// bound whose gradient points outward by more than last epoch's PG extremes is shrunk; when
    /// the PG spread on the active set falls to `tolerance`, all coordinates are reactivated and
    /// the test repeated, so convergence is always judged on the full set. At most
    /// `maxIterations` epochs.
    func coordinateDescent(_ design: DecoderDesign, labels y: [Double], workspace ws: inout DecoderWorkspace,
                           tolerance tol: Double) -> (iterations: Int, converged: Bool) {
        let n = design.rowCount, stride = design.stride, cBound = c
        recomputeWeights(design, labels: y, workspace: &ws)
        var rng = RandomSource.measures(seed: seed, purpose: 0x53564D) // "SVM"
        var iterations = 0
        var converged = false
        design.data.withUnsafeBufferPointer { xBuf in
            design.squaredNorms.withUnsafeBufferPointer { qd in
                y.withUnsafeBufferPointer { yb in
                    ws.alpha.withUnsafeMutableBufferPointer { alpha in
                        ws.index.withUnsafeMutableBufferPointer { index in
                            ws.w.withUnsafeMutableBufferPointer { wBuf in
                                let x = xBuf.baseAddress!, w = wBuf.baseAddress!
                                for i in 0..<n { index[i] = i }
                                var active = n
                                var pgMaxOld = Double.infinity, pgMinOld = -Double.infinity
                                while iterations < maxIterations {
                                    var pgMax = -Double.infinity, pgMin = Double.infinity
                                    var i = active - 1
                                    while i > 0 {
                                        let j = rng.int(below: i + 1)
                                        if i != j { index.swapAt(i, j) }
                                        i -= 1
                                    }
                                    var s = 0
                                    while s < active {
                                        let i = index[s]
                                        let xi = x + i * stride
                                        let yi = yb[i]
                                        let g = yi * VectorKernels.dot(w, xi, stride) - 1
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
                                            VectorKernels.axpy((newA - a) * yi, xi, w, stride)
                                        }
                                        s += 1
                                    }
                                    iterations += 1
                                    if max(pgMax, 0) - min(pgMin, 0) <= tol {   // see `activeSet`
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
        return (iterations, converged)
    }
}
