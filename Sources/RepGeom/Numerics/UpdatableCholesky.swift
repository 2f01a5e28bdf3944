/// The Cholesky factor A = UᵀU of a symmetric positive definite matrix that grows and shrinks by
/// one row and column at a time — O(m²) per change instead of the O(m³/3) of refactoring.
///
/// Used by the SVM's active-set method (`LinearDecoder.activeSet`), whose free set changes by a
/// few coordinates between solves of Q_FF α_F = b. The order of the rows is the order of
/// insertion; `remove(at:)` closes the gap.
///
/// U is upper triangular, stored row-major with a fixed leading dimension `capacity`, so that
/// appending writes one new column and removing moves entries without reallocating.
///
/// - `append` adds row/column m of A given its entries A[k, m] for k < m and A[m, m]; it fails
///   (returns false, factor unchanged) when the new pivot is below 10⁻¹⁰ of A[m, m], i.e. the new
///   column lies in the span of the old ones to working precision.
/// - `remove(at: t)` deletes row and column t: rows above t lose one entry; the trailing block
///   becomes the factor of A₂₂ + xxᵀ with x = U[t, t+1...], a rank-one update done by Givens
///   rotations (LINPACK's dchud), which is stable.
struct UpdatableCholesky {
    private(set) var capacity: Int
    /// The current order m.
    private(set) var count = 0
    /// capacity × capacity, row-major; entries (i, j ≥ i) for i, j < count are U.
    private var u: [Double]
    /// 1/U[k, k]: the substitutions multiply instead of divide (a division on the chain of
    /// dependent updates cost more than the rest of an append).
    private var inverseDiagonal: [Double]
    /// Scratch of length capacity (the rank-one vector of `remove`).
    private var scratch: [Double]

    init(capacity: Int) {
        self.capacity = capacity
        u = [Double](repeating: 0, count: capacity * capacity)
        inverseDiagonal = [Double](repeating: 0, count: capacity)
        scratch = [Double](repeating: 0, count: capacity)
    }

    /// Empties the factor, growing the storage when `capacity` is larger than before.
    mutating func reset(capacity newCapacity: Int) {
        count = 0
        if newCapacity > capacity {
            capacity = newCapacity
            u = [Double](repeating: 0, count: capacity * capacity)
            inverseDiagonal = [Double](repeating: 0, count: capacity)
            scratch = [Double](repeating: 0, count: capacity)
        } else if newCapacity != capacity {
            // Keep the storage; only the leading dimension changes (the factor is empty).
            capacity = newCapacity
        }
    }

    /// Appends a row and column: `column[0..<count]` holds A[k, m] (overwritten with U[k, m]),
    /// `diagonal` is A[m, m]. Returns false (factor unchanged) when A would not be positive
    /// definite to working precision, or the capacity is full.
    mutating func append(column: UnsafeMutablePointer<Double>, diagonal: Double) -> Bool {
        let m = count, ld = capacity
        guard m < capacity else { return false }
        let ok = u.withUnsafeMutableBufferPointer { buffer -> Bool in
            let u = buffer.baseAddress!
            // Uᵀz = a, row-oriented: z_k is final once the rows above have been subtracted.
            var pivot = diagonal
            for k in 0..<m {
                let rowK = u + k * ld
                let z = column[k] * inverseDiagonal[k]
                column[k] = z
                pivot -= z * z
                if k + 1 < m { VectorKernels.axpy(-z, rowK + k + 1, column + k + 1, m - k - 1) }
            }
            guard pivot > 1e-10 * diagonal, pivot.isFinite else { return false }
            for k in 0..<m { u[k * ld + m] = column[k] }
            let d = pivot.squareRoot()
            u[m * ld + m] = d
            inverseDiagonal[m] = 1 / d
            return true
        }
        if ok { count += 1 }
        return ok
    }

    /// Deletes row and column `t`.
    mutating func remove(at t: Int) {
        let m = count, ld = capacity
        precondition(t >= 0 && t < m, "position out of range")
        u.withUnsafeMutableBufferPointer { buffer in
            scratch.withUnsafeMutableBufferPointer { xBuffer in
                let u = buffer.baseAddress!, x = xBuffer.baseAddress!
                let tail = m - t - 1
                // x = U[t, t+1..<m]: the trailing block must absorb xxᵀ.
                for j in 0..<tail { x[j] = u[t * ld + t + 1 + j] }
                for k in (t + 1)..<m {
                    let rowK = u + k * ld
                    let xk = x[k - t - 1]
                    let diag = rowK[k]
                    let r = (diag * diag + xk * xk).squareRoot()
                    let c = r / diag, s = xk / diag, inverseC = diag / r
                    rowK[k] = r
                    inverseDiagonal[k] = 1 / r
                    for j in (k + 1)..<m {
                        let updated = (rowK[j] + s * x[j - t - 1]) * inverseC
                        rowK[j] = updated
                        x[j - t - 1] = c * x[j - t - 1] - s * updated
                    }
                }
                // Close the gap: rows above t lose column t; rows below move up and left.
                for i in 0..<t {
                    let row = u + i * ld
                    for j in t..<(m - 1) { row[j] = row[j + 1] }
                }
                for k in (t + 1)..<m {
                    let from = u + k * ld, to = u + (k - 1) * ld
                    for j in k..<m { to[j - 1] = from[j] }
                    inverseDiagonal[k - 1] = inverseDiagonal[k]
                }
            }
        }
        count -= 1
    }

    /// Solves A x = b in place (b has `count` entries): Uᵀz = b, then Ux = z.
    func solve(_ b: UnsafeMutablePointer<Double>) {
        let m = count, ld = capacity
        u.withUnsafeBufferPointer { buffer in
            let u = buffer.baseAddress!
            for k in 0..<m {
                let rowK = u + k * ld
                b[k] *= inverseDiagonal[k]
                if k + 1 < m { VectorKernels.axpy(-b[k], rowK + k + 1, b + k + 1, m - k - 1) }
            }
            var i = m - 1
            while i >= 0 {
                let rowI = u + i * ld
                let tail = i + 1 < m ? VectorKernels.dot(rowI + i + 1, b + i + 1, m - i - 1) : 0
                b[i] = (b[i] - tail) * inverseDiagonal[i]
                i -= 1
            }
        }
    }

    /// U[i, j] (j ≥ i), for tests.
    func entry(_ i: Int, _ j: Int) -> Double {
        precondition(i <= j && j < count)
        return u[i * capacity + j]
    }
}
