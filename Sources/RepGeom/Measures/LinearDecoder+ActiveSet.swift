extension LinearDecoder {
    /// Most rounds (certificate checks) of the active-set method before handing over to
    /// coordinate descent.
    static let activeSetRounds = 30
    /// Violators added to the free set per round.
    static let activeSetBatch = 32

    /// Active-set steps for the SVM dual on a design whose source Gram is shared.
    ///
    /// At the optimum the free coordinates F (0 < αᵢ < C) satisfy the linear system
    /// Q_FF α_F = 1 − C·Q_FU 1 (U: αᵢ = C), i.e. yᵢ w·x̃ᵢ = 1 on F. Each round solves that system
    /// by Cholesky (coordinates that come out ≤ 0 or ≥ C are fixed at the bound and the system is
    /// solved again), then computes every Gᵢ from the Gram (f = Σⱼ αⱼyⱼK̃·ⱼ, one row-axpy per
    /// support vector) and checks the certificate of `solveSVM`. If it fails, the most violating
    /// bound coordinates join F. This is the classical active-set method for box-constrained QPs
    /// (as in Lawson–Hanson and PDAS schemes): few rounds when the start is close, as for the
    /// next fold of the same dichotomy; every α it produces lies in the box.
    ///
    /// - Returns: true when certified (ws.alpha is the solution); false when the budget ran out,
    ///   a system was singular, or F outgrew the rank bound p + 1 (ws.alpha is then a feasible
    ///   point to continue from).
    func activeSet(_ design: DecoderDesign, labels y: [Double], workspace ws: inout DecoderWorkspace) -> Bool {
        guard let gram = design.gram else { return false }
        let n = design.rowCount, cBound = c, total = gram.n
        let maxFree = design.featureCount + 1
        if ws.accumulator.count != total { ws.accumulator = [Double](repeating: 0, count: total) }
        if ws.system.count < maxFree * maxFree { ws.system = [Double](repeating: 0, count: maxFree * maxFree) }
        if ws.rhs.count < maxFree { ws.rhs = [Double](repeating: 0, count: maxFree) }
        ws.free.removeAll(keepingCapacity: true)
        for i in 0..<n where ws.alpha[i] > 0 && ws.alpha[i] < cBound { ws.free.append(i) }
        let rows = design.sourceRows, r = design.rowDotCenter, s1 = design.centerNormSquaredPlusOne

        return gram.values.withUnsafeBufferPointer { gBuf -> Bool in
            let g = gBuf.baseAddress!
            /// K̃(i, j) for design rows i, j.
            @inline(__always) func kernel(_ i: Int, _ j: Int) -> Double {
                g[rows[i] * total + rows[j]] - r[i] - r[j] + s1
            }
            for _ in 0..<Self.activeSetRounds {
                // 1. Solve on the free set, fixing coordinates that leave the box.
                var solved = false
                for _ in 0..<(maxFree + 1) {
                    let m = ws.free.count
                    if m > maxFree { return false }
                    if m == 0 { solved = true; break }
                    let ok = ws.system.withUnsafeMutableBufferPointer { sys in
                        ws.rhs.withUnsafeMutableBufferPointer { rhs in
                            solveFreeSystem(m: m, free: ws.free, alpha: ws.alpha, labels: y, kernel: kernel, bound: cBound,
                                            system: sys.baseAddress!, rhs: rhs.baseAddress!)
                        }
                    }
                    if !ok { return false }
                    var kept = 0
                    var changed = false
                    for u in 0..<m {
                        let i = ws.free[u], value = ws.rhs[u]
                        if value <= 0 { ws.alpha[i] = 0; changed = true } else if value >= cBound { ws.alpha[i] = cBound; changed = true } else {
                            ws.alpha[i] = value
                            ws.free[kept] = i
                            kept += 1
                        }
                    }
                    ws.free.removeLast(m - kept)
                    if !changed { solved = true; break }
                }
                if !solved { return false }

                // 2. The certificate over all coordinates, with f from the Gram.
                var sumC = 0.0, sumCR = 0.0
                ws.accumulator.withUnsafeMutableBufferPointer { acc in
                    for k in 0..<total { acc[k] = 0 }
                    for j in 0..<n where ws.alpha[j] != 0 {
                        let cj = ws.alpha[j] * y[j]
                        sumC += cj
                        sumCR += cj * r[j]
                        VectorKernels.axpy(cj, g + rows[j] * total, acc.baseAddress!, total)
                    }
                }
                var pgMax = -Double.infinity, pgMin = Double.infinity
                ws.candidates.removeAll(keepingCapacity: true)
                for i in 0..<n {
                    let f = ws.accumulator[rows[i]] - r[i] * sumC - sumCR + s1 * sumC
                    let gi = y[i] * f - 1
                    let a = ws.alpha[i]
                    var pg = gi
                    if a == 0 {
                        pg = min(gi, 0)
                        if pg < 0 { ws.candidates.append((-pg, i)) }
                    } else if a == cBound {
                        pg = max(gi, 0)
                        if pg > 0 { ws.candidates.append((pg, i)) }
                    }
                    if pg > pgMax { pgMax = pg }
                    if pg < pgMin { pgMin = pg }
                }
                // 0 joins the extremes: spread ≤ tol then bounds every |PGᵢ|. Without it a point
                // where every PGᵢ is the same non-zero value (all αᵢ = 0: PGᵢ = −1) would pass.
                if max(pgMax, 0) - min(pgMin, 0) <= tolerance { return true }

                // 3. The most violating bound coordinates join the free set.
                let room = maxFree - ws.free.count
                if room <= 0 || ws.candidates.isEmpty { return false }
                ws.candidates.sort { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                for (_, i) in ws.candidates.prefix(min(room, Self.activeSetBatch)) { ws.free.append(i) }
                ws.free.sort()
            }
            return false
        }
    }

    /// Solves Q_FF α_F = 1 − C·Q_FU 1 by Cholesky into `rhs[0..<m]`; false when Q_FF is singular
    /// to working precision (a pivot below 10⁻¹⁰ of its diagonal entry).
    private func solveFreeSystem(m: Int, free: [Int], alpha: [Double], labels y: [Double], kernel: (Int, Int) -> Double,
                                 bound cBound: Double, system l: UnsafeMutablePointer<Double>,
                                 rhs b: UnsafeMutablePointer<Double>) -> Bool {
        // Right-hand side.
        for u in 0..<m { b[u] = 1 }
        for i in 0..<alpha.count where alpha[i] == cBound {
            let yi = y[i]
            for u in 0..<m { b[u] -= cBound * y[free[u]] * yi * kernel(free[u], i) }
        }
        // Lower Cholesky factor, row by row (leading dimension m), in place of Q_FF.
        for i in 0..<m {
            let rowI = l + i * m
            let fi = free[i], yi = y[fi]
            for j in 0...i { rowI[j] = yi * y[free[j]] * kernel(fi, free[j]) }
            for j in 0..<i {
                let rowJ = l + j * m
                rowI[j] = (rowI[j] - VectorKernels.dot(rowI, rowJ, j)) / rowJ[j]
            }
            let diagonal = rowI[i]
            let pivot = diagonal - VectorKernels.dot(rowI, rowI, i)
            guard pivot > 1e-10 * diagonal, pivot.isFinite else { return false }
            rowI[i] = pivot.squareRoot()
        }
        // L z = b, then Lᵀ α = z.
        for i in 0..<m {
            let rowI = l + i * m
            b[i] = (b[i] - VectorKernels.dot(rowI, b, i)) / rowI[i]
        }
        var i = m - 1
        while i >= 0 {
            let rowI = l + i * m
            b[i] /= rowI[i]
            if i > 0 { VectorKernels.axpy(-b[i], rowI, b, i) }
            i -= 1
        }
        return true
    }
}
