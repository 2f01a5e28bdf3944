@testable import RepGeom

/// Small representations with known geometry, shared by the measure tests.
enum MeasureTestData {
    /// The 2^d corners of the ±1 cube: row c has coordinate i = 2·bit_i(c) − 1.
    static func cube(_ d: Int) -> Matrix<Double> {
        Matrix(rows: 1 << d, columns: d) { c, i in Double(2 * ((c >> i) & 1) - 1) }
    }

    /// Bit i of each of the 2^d conditions, as a dichotomy's labels.
    static func latent(_ i: Int, d: Int) -> [Int] { (0..<(1 << d)).map { ($0 >> i) & 1 } }

    /// Parity of the bits in `bits` for each condition.
    static func parity(_ bits: [Int], d: Int) -> [Int] {
        (0..<(1 << d)).map { c in bits.reduce(0) { $0 ^ ((c >> $1) & 1) } }
    }

    /// `x` (P×k) embedded isometrically in R^p (random orthonormal columns), scaled and
    /// translated by a random offset: a representation with the same geometry up to
    /// translation and isotropic scaling.
    static func embed(_ x: Matrix<Double>, dimension p: Int, scale: Double = 1, offset: Bool = true,
                      using rng: inout RandomSource) -> Matrix<Double> {
        let q = LinearAlgebra.orthonormalColumns(rng.gaussianMatrix(rows: p, columns: x.columns))
        var z = scale * Matrix.product(x, q, transposeB: true)
        if offset {
            let shift = (0..<p).map { _ in rng.gaussian() }
            for i in 0..<z.rows { for j in 0..<p { z[i, j] += shift[j] } }
        }
        return z
    }

    /// `perCondition` noisy samples (σ per unit) of each row of `means`, conditions in order.
    static func samples(of means: Matrix<Double>, perCondition: Int, noise: Double,
                        using rng: inout RandomSource) -> (Matrix<Double>, [Int]) {
        let p = means.columns
        var s = Matrix<Double>(rows: means.rows * perCondition, columns: p)
        var ids: [Int] = []
        for c in 0..<means.rows {
            for k in 0..<perCondition {
                for j in 0..<p { s[c * perCondition + k, j] = means[c, j] + noise * rng.gaussian() }
                ids.append(c)
            }
        }
        return (s, ids)
    }

    /// All permutations of 0..<n by Heap's algorithm (an enumeration independent of the library's).
    static func permutations(_ n: Int) -> [[Int]] {
        var a = Array(0..<n), c = [Int](repeating: 0, count: n)
        var out = [a]
        var i = 0
        while i < n {
            if c[i] < i {
                if i % 2 == 0 { a.swapAt(0, i) } else { a.swapAt(c[i], i) }
                out.append(a)
                c[i] += 1
                i = 0
            } else {
                c[i] = 0
                i += 1
            }
        }
        return out
    }

    /// The columns of `m` in the order `perm` (a unit permutation).
    static func permuteColumns(_ m: Matrix<Double>, _ perm: [Int]) -> Matrix<Double> {
        Matrix(rows: m.rows, columns: m.columns) { i, j in m[i, perm[j]] }
    }
}
