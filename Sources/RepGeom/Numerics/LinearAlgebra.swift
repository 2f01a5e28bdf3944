#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// Dense linear algebra in Double through LAPACK (LAPACKE on Linux, Accelerate on macOS).
public enum LinearAlgebra {
    public struct Failure: Error, CustomStringConvertible {
        public let routine: String
        public let info: Int
        public var description: String { "\(routine) failed (info = \(info))" }
    }

    /// Eigendecomposition of a symmetric matrix (only the upper triangle is read).
    ///
    /// - Returns: eigenvalues in **ascending** order and a matrix whose *columns* are the
    ///   corresponding orthonormal eigenvectors.
    public static func symmetricEigen(_ a: Matrix<Double>) throws -> (values: [Double], vectors: Matrix<Double>) {
        precondition(a.rows == a.columns, "symmetricEigen needs a square matrix")
        let n = a.rows
        if n == 0 { return ([], Matrix(rows: 0, columns: 0)) }
        var w = [Double](repeating: 0, count: n)
        // Symmetric: the row-major buffer equals its column-major transpose.
        var buf = a.elements
        #if canImport(Accelerate)
        var jobz = Int8(UInt8(ascii: "V")), uplo = Int8(UInt8(ascii: "L"))
        var nn = __CLPK_integer(n), lda = __CLPK_integer(n), info: __CLPK_integer = 0
        var lwork: __CLPK_integer = -1, liwork: __CLPK_integer = -1
        var wq = 0.0, iwq: __CLPK_integer = 0
        dsyevd_(&jobz, &uplo, &nn, &buf, &lda, &w, &wq, &lwork, &iwq, &liwork, &info)
        lwork = __CLPK_integer(wq); liwork = iwq
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [__CLPK_integer](repeating: 0, count: Int(liwork))
        dsyevd_(&jobz, &uplo, &nn, &buf, &lda, &w, &work, &lwork, &iwork, &liwork, &info)
        if info != 0 { throw Failure(routine: "dsyevd", info: Int(info)) }
        // Column-major result: buf[j*n + i] = V[i, j]; transpose into row-major.
        let v = Matrix(rows: n, columns: n, elements: buf).transposed
        #else
        let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")),
                                  Int32(n), &buf, Int32(n), &w)
        if info != 0 { throw Failure(routine: "LAPACKE_dsyevd", info: Int(info)) }
        let v = Matrix(rows: n, columns: n, elements: buf)
        #endif
        return (w, v)
    }

    /// Thin singular value decomposition A = U·diag(s)·Vᵀ, s descending.
    ///
    /// - Returns: U (m×r), s (r), Vᵀ (r×n) with r = min(m, n).
    public static func svd(_ a: Matrix<Double>) throws -> (u: Matrix<Double>, s: [Double], vt: Matrix<Double>) {
        let m = a.rows, n = a.columns, r = min(m, n)
        if r == 0 { return (Matrix(rows: m, columns: 0), [], Matrix(rows: 0, columns: n)) }
        var s = [Double](repeating: 0, count: r)
        #if canImport(Accelerate)
        // Column-major view of Aᵀ is A's row-major buffer: decompose Aᵀ = V·S·Uᵀ.
        var buf = a.elements
        var jobz = Int8(UInt8(ascii: "S"))
        var mm = __CLPK_integer(n), nn = __CLPK_integer(m), lda = __CLPK_integer(n)
        var uT = [Double](repeating: 0, count: n * r)   // "U" of Aᵀ: n×r col-major = V
        var vtT = [Double](repeating: 0, count: r * m)  // "Vᵀ" of Aᵀ: r×m col-major = Uᵀ
        var ldu = __CLPK_integer(n), ldvt = __CLPK_integer(r), info: __CLPK_integer = 0
        var lwork: __CLPK_integer = -1, wq = 0.0
        var iwork = [__CLPK_integer](repeating: 0, count: 8 * r)
        dgesdd_(&jobz, &mm, &nn, &buf, &lda, &s, &uT, &ldu, &vtT, &ldvt, &wq, &lwork, &iwork, &info)
        lwork = __CLPK_integer(wq)
        var work = [Double](repeating: 0, count: Int(lwork))
        dgesdd_(&jobz, &mm, &nn, &buf, &lda, &s, &uT, &ldu, &vtT, &ldvt, &work, &lwork, &iwork, &info)
        if info != 0 { throw Failure(routine: "dgesdd", info: Int(info)) }
        // vtT column-major r×m: element (k, i) at i*r + k = U[i, k] → row-major m×r buffer.
        let u = Matrix(rows: m, columns: r, elements: vtT)
        // uT column-major n×r: element (j, k) at k*n + j = V[j, k] = Vᵀ[k, j] → row-major r×n.
        let vt = Matrix(rows: r, columns: n, elements: uT)
        #else
        var buf = a.elements
        var u = [Double](repeating: 0, count: m * r)
        var vt = [Double](repeating: 0, count: r * n)
        let info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "S")), Int32(m), Int32(n),
                                  &buf, Int32(n), &s, &u, Int32(r), &vt, Int32(n))
        if info != 0 { throw Failure(routine: "LAPACKE_dgesdd", info: Int(info)) }
        let uM = Matrix(rows: m, columns: r, elements: u), vtM = Matrix(rows: r, columns: n, elements: vt)
        return (uM, s, vtM)
        #endif
        #if canImport(Accelerate)
        return (u, s, vt)
        #endif
    }

    /// Orthonormalises the columns of `a` (m×n, m ≥ n) by modified Gram–Schmidt applied twice
    /// ("twice is enough"), which gives the Q of a QR decomposition with a positive diagonal R —
    /// the sign fix that makes Q Haar-distributed when `a` is Gaussian.
    ///
    /// Precondition: the columns are linearly independent.
    public static func orthonormalColumns(_ a: Matrix<Double>) -> Matrix<Double> {
        let m = a.rows, n = a.columns
        precondition(m >= n, "orthonormalColumns needs rows ≥ columns")
        var q = a.transposed // rows of q are the columns of a
        for pass in 0..<2 {
            for j in 0..<n {
                for i in 0..<j {
                    var d = 0.0
                    for t in 0..<m { d += q.elements[i * m + t] * q.elements[j * m + t] }
                    for t in 0..<m { q.elements[j * m + t] -= d * q.elements[i * m + t] }
                }
                var norm = 0.0
                for t in 0..<m { norm += q.elements[j * m + t] * q.elements[j * m + t] }
                norm = norm.squareRoot()
                precondition(norm > 1e-300 || pass == 1, "orthonormalColumns: dependent columns")
                for t in 0..<m { q.elements[j * m + t] /= norm }
            }
        }
        return q.transposed
    }

    /// A symmetric PSD matrix square root via eigendecomposition (negative eigenvalues clipped to 0).
    public static func psdSquareRoot(_ a: Matrix<Double>) throws -> Matrix<Double> {
        let (w, v) = try symmetricEigen(a)
        let n = a.rows
        var vs = v
        for i in 0..<n { for j in 0..<n { vs[i, j] *= max(w[j], 0).squareRoot() } }
        return Matrix.product(vs, v, transposeB: true)
    }
}
