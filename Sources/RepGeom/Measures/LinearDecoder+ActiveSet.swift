extension LinearDecoder {
    /// Most rounds (certificate checks) of the active-set method before handing over to
    /// coordinate descent.
    static let activeSetRounds = 30
    /// Violators added to the free set per round. On the SD benchmark (`repgeom bench measures`)
    /// 16 needs 40 % fewer factor updates than 32 for 3 % more rounds; 64 overshoots (many joiners
    /// leave again at once) and 8 needs 20 % more rounds.
    static let activeSetBatch = 16

    /// Active-set steps for the SVM dual on a design whose source Gram is shared.
    ///
    /// At the optimum the free coordinates F (0 < αᵢ < C) satisfy the linear system
    /// Q_FF α_F = 1 − C·Q_FU 1 (U: αᵢ = C), i.e. yᵢ w·x̃ᵢ = 1 on F. Each round solves that system
    /// (coordinates that come out ≤ 0 or ≥ C are fixed at the bound and the system is solved
    /// again), then computes every Gᵢ = yᵢ f(x̃ᵢ) − 1 and checks the certificate of `solveSVM`.
    /// If it fails, the most violating bound coordinates join F. This is the classical
    /// active-set method for box-constrained QPs (as in Lawson–Hanson and PDAS schemes): few
    /// rounds when the start is close, as for the next fold of the same dichotomy; every α it
    /// produces lies in the box.
    ///
    /// Why it is cheap: between solves F changes by a few coordinates, so Q_FF's Cholesky factor
    /// is updated (`UpdatableCholesky`, O(|F|²) per change) rather than refactored; and the
    /// decision values f = Σⱼ αⱼyⱼK̃(·, j) over all rows are kept as a `GramCombination`, paying
    /// one Gram-row axpy per coefficient that changed since the last round instead of one per
    /// support vector.
    ///
    /// - Returns: true when certified (ws.alpha is the solution); false when the budget ran out,
    ///   a system was singular, or F outgrew the rank bound p + 1 (ws.alpha is then a feasible
    ///   point to continue from).
    func activeSet(_ design: DecoderDesign, labels y: [Double], workspace ws: inout DecoderWorkspace) -> Bool {
        guard let gram = design.gram else { return false }
        let n = design.rowCount, cBound = c, total = gram.n
        let maxFree = design.featureCount + 1
        if ws.column.count < maxFree { ws.column = [Double](repeating: 0, count: maxFree) }
        if ws.rhs.count < maxFree { ws.rhs = [Double](repeating: 0, count: maxFree) }
        ws.factor.reset(capacity: maxFree)
        ws.decisions.reset(rows: n, sourceRows: total)
        ws.free.removeAll(keepingCapacity: true)
        let rows = design.sourceRows, r = design.rowDotCenter, s1 = design.centerNormSquaredPlusOne

        return gram.values.withUnsafeBufferPointer { gBuf -> Bool in
            let g = gBuf.baseAddress!
            /// K̃(i, j) for design rows i, j.
            @inline(__always) func kernel(_ i: Int, _ j: Int) -> Double {
                g[rows[i] * total + rows[j]] - r[i] - r[j] + s1
            }
            /// Adds coordinate i to F and Q_FF's factor; false when Q_FF would be singular or F is full.
            func join(_ i: Int) -> Bool {
                let m = ws.free.count
                guard m < maxFree else { return false }
                let ok = ws.column.withUnsafeMutableBufferPointer { column -> Bool in
                    for k in 0..<m { let f = ws.free[k]; column[k] = y[f] * y[i] * kernel(f, i) }
                    return ws.factor.append(column: column.baseAddress!, diagonal: kernel(i, i))
                }
                if ok { ws.free.append(i) }
                return ok
            }

            for i in 0..<n where ws.alpha[i] > 0 && ws.alpha[i] < cBound {
                if !join(i) { return false }
            }
            for _ in 0..<Self.activeSetRounds {
                // 1. Solve on the free set, fixing coordinates that leave the box.
                var solved = false
                for _ in 0..<(maxFree + 1) {
                    let m = ws.free.count
                    if m == 0 { solved = true; break }
                    // b_f = 1 − C·y_f·Σ_{i∈U} yᵢK̃(f, i), with K̃ = G − r_f − rᵢ + s₁: each free row
                    // reads one Gram row (|F|·|U| reads; cheaper than keeping the sum over all
                    // source rows, which would cost |U|·n when U is first summed).
                    ws.upper.removeAll(keepingCapacity: true)
                    var sumY = 0.0, sumYR = 0.0
                    for i in 0..<n where ws.alpha[i] == cBound {
                        ws.upper.append(i)
                        sumY += y[i]
                        sumYR += y[i] * r[i]
                    }
                    for k in 0..<m {
                        let f = ws.free[k]
                        var sum = 0.0
                        if !ws.upper.isEmpty {
                            let gRow = g + rows[f] * total
                            for i in ws.upper { sum += y[i] * gRow[rows[i]] }
                            sum += -r[f] * sumY - sumYR + s1 * sumY
                        }
                        ws.rhs[k] = 1 - cBound * y[f] * sum
                    }
                    ws.rhs.withUnsafeMutableBufferPointer { ws.factor.solve($0.baseAddress!) }
                    ws.leaving.removeAll(keepingCapacity: true)
                    for k in 0..<m {
                        let i = ws.free[k], value = ws.rhs[k]
                        if value <= 0 { ws.alpha[i] = 0; ws.leaving.append(k) } else if value >= cBound { ws.alpha[i] = cBound; ws.leaving.append(k) } else { ws.alpha[i] = value }
                    }
                    if ws.leaving.isEmpty { solved = true; break }
                    if 3 * ws.leaving.count > m - ws.leaving.count {
                        // Most of F leaves: refactoring what stays is cheaper than the downdates.
                        ws.staying.removeAll(keepingCapacity: true)
                        var next = 0
                        for (k, i) in ws.free.enumerated() {
                            if next < ws.leaving.count && ws.leaving[next] == k { next += 1 } else { ws.staying.append(i) }
                        }
                        ws.free.removeAll(keepingCapacity: true)
                        ws.factor.reset(capacity: maxFree)
                        for i in ws.staying { if !join(i) { return false } }
                    } else {
                        for k in ws.leaving.reversed() {
                            ws.factor.remove(at: k)
                            ws.free.remove(at: k)
                        }
                    }
                }
                if !solved { return false }

                // 2. The certificate over all coordinates, f(x̃ᵢ) = Σⱼ αⱼyⱼK̃(i, j).
                ws.alpha.withUnsafeBufferPointer { alpha in
                    ws.decisions.update(gram: g, total: total, rows: rows, rowDotCenter: r) { alpha[$0] * y[$0] }
                }
                let sumC = ws.decisions.sum, sumCR = ws.decisions.sumRowDotCenter
                var pgMax = -Double.infinity, pgMin = Double.infinity
                ws.candidates.removeAll(keepingCapacity: true)
                for i in 0..<n {
                    let f = ws.decisions.values[rows[i]] - r[i] * sumC - sumCR + s1 * sumC
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
                for (_, i) in ws.candidates.prefix(min(room, Self.activeSetBatch)) { if !join(i) { return false } }
            }
            return false
        }
    }
}

/// A linear combination of Gram rows, Σⱼ cⱼ·G[rows[j], ·] over the source rows, kept up to
/// date as the coefficients cⱼ (one per design row) change: `update` pays one axpy of length
/// `total` per coefficient that differs from the one already summed, so a sum whose terms change
/// a few at a time costs a few row operations per refresh. Also keeps Σⱼ cⱼ and Σⱼ cⱼ·rⱼ
/// (rⱼ = xⱼ·μ), which turn a raw Gram sum into the centred, augmented kernel K̃'s.
///
/// Rounding: the values drift from a fresh sum by one rounding per update of each entry — far
/// below the solver's tolerance over the ≤ 30 rounds of one fit.
struct GramCombination {
    /// The coefficient each design row contributes to `values` now.
    private(set) var coefficients: [Double] = []
    /// Per source row: Σⱼ cⱼ·G[rows[j], row].
    private(set) var values: [Double] = []
    private(set) var sum = 0.0
    private(set) var sumRowDotCenter = 0.0

    /// All coefficients 0.
    mutating func reset(rows: Int, sourceRows: Int) {
        if coefficients.count != rows { coefficients = [Double](repeating: 0, count: rows) } else {
            for j in 0..<rows { coefficients[j] = 0 }
        }
        if values.count != sourceRows { values = [Double](repeating: 0, count: sourceRows) } else {
            for k in 0..<sourceRows { values[k] = 0 }
        }
        sum = 0
        sumRowDotCenter = 0
    }

    /// Brings the sum to the coefficients `coefficient(j)` for j over the design rows.
    mutating func update(gram g: UnsafePointer<Double>, total: Int, rows: [Int], rowDotCenter r: [Double],
                         coefficient: (Int) -> Double) {
        var s = 0.0, sr = 0.0
        coefficients.withUnsafeMutableBufferPointer { c in
            values.withUnsafeMutableBufferPointer { v in
                for j in 0..<c.count {
                    let new = coefficient(j)
                    if new != c[j] {
                        VectorKernels.axpy(new - c[j], g + rows[j] * total, v.baseAddress!, total)
                        c[j] = new
                    }
                    s += new
                    sr += new * r[j]
                }
            }
        }
        sum = s
        sumRowDotCenter = sr
    }
}
