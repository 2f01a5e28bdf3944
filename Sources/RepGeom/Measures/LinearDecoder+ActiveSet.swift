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
                            solveFreeSystem(m: m, free: ws.free, alpha: ws.alpha, labels: y, kernel: kernel,
                                            gram: g, total: total, rows: rows, rowDotCenter: r, s1: s1, upper: &ws.upper,
                                            bound: cBound, system: sys.baseAddress!, rhs: rhs.baseAddress!)
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
    ///
    /// Q_FF = UᵀU is factorised right-looking in the upper triangle (row-major, leading dimension
    /// m): after row k is scaled, every later row is updated by one contiguous axpy, so the inner
    /// loops vectorise and carry no chain of divisions (the left-looking form spent most of its
    /// time waiting on one division per entry). The strictly lower part, unused, keeps each
    /// row's original diagonal for the singularity test.
    ///
    /// The right-hand side sums over the upper-bound coordinates U row by row of the Gram:
    /// Σ_{i∈U} yᵢK̃(f, i) = Σ yᵢG(f, i) − r_f·Σyᵢ − Σyᵢrᵢ + s₁·Σyᵢ (K̃ = G − r_f − rᵢ + s₁), so each
    /// free row f reads one Gram row at increasing columns.
    private func solveFreeSystem(m: Int, free: [Int], alpha: [Double], labels y: [Double], kernel: (Int, Int) -> Double,
                                 gram g: UnsafePointer<Double>, total: Int, rows: [Int], rowDotCenter r: [Double],
                                 s1: Double, upper: inout [Int],
                                 bound cBound: Double, system u: UnsafeMutablePointer<Double>,
                                 rhs b: UnsafeMutablePointer<Double>) -> Bool {
        // Right-hand side.
        upper.removeAll(keepingCapacity: true)
        var sumY = 0.0, sumYR = 0.0
        for i in 0..<alpha.count where alpha[i] == cBound {
            upper.append(i)
            sumY += y[i]
            sumYR += y[i] * r[i]
        }
        for k in 0..<m {
            let f = free[k]
            var acc = 0.0
            if !upper.isEmpty {
                let gRow = g + rows[f] * total
                for i in upper { acc += y[i] * gRow[rows[i]] }
                acc += -r[f] * sumY - sumYR + s1 * sumY
            }
            b[k] = 1 - cBound * y[f] * acc
        }
        // Upper triangle of Q_FF; the original diagonal of row i ≥ 1 parked at u[i·m].
        for i in 0..<m {
            let fi = free[i], yi = y[fi]
            let row = u + i * m
            for j in i..<m { row[j] = yi * y[free[j]] * kernel(fi, free[j]) }
            if i > 0 { row[0] = row[i] }
        }
        for k in 0..<m {
            let rowK = u + k * m
            let diagonal = rowK[0]   // row 0: its own (not yet updated) diagonal; others: parked
            let pivot = rowK[k]
            guard pivot > 1e-10 * diagonal, pivot.isFinite else { return false }
            let d = pivot.squareRoot()
            rowK[k] = d
            let inverse = 1 / d
            for j in (k + 1)..<m { rowK[j] *= inverse }
            for i in (k + 1)..<m {
                let factor = rowK[i]
                if factor != 0 { VectorKernels.axpy(-factor, rowK + i, u + i * m + i, m - i) }
            }
        }
        // Uᵀz = b (column-oriented), then Uα = z.
        for k in 0..<m {
            let rowK = u + k * m
            b[k] /= rowK[k]
            if k + 1 < m { VectorKernels.axpy(-b[k], rowK + k + 1, b + k + 1, m - k - 1) }
        }
        var i = m - 1
        while i >= 0 {
            let rowI = u + i * m
            let tail = i + 1 < m ? VectorKernels.dot(rowI + i + 1, b + i + 1, m - i - 1) : 0
            b[i] = (b[i] - tail) / rowI[i]
            i -= 1
        }
        return true
    }
}
