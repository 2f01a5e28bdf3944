/// Products go through BLAS; elementwise arithmetic is plain loops the compiler vectorises.
extension Matrix {
    /// C = op(A)·op(B), through BLAS gemm.
    public static func product(_ a: Matrix, transposeA: Bool = false,
                               _ b: Matrix, transposeB: Bool = false) -> Matrix {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kb, "matrix product: inner dimensions \(k) and \(kb) differ")
        var c = Matrix(rows: m, columns: n)
        if m == 0 || n == 0 { return c }
        if k == 0 { return c }
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    Scalar.gemm(transA: transposeA, transB: transposeB, m: m, n: n, k: k,
                                alpha: 1, a: pa.baseAddress!, lda: a.columns,
                                b: pb.baseAddress!, ldb: b.columns,
                                beta: 0, c: pc.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    public static func * (a: Matrix, b: Matrix) -> Matrix { product(a, b) }

    /// A·Aᵀ (the linear Gram matrix of the rows).
    public var gram: Matrix { Matrix.product(self, self, transposeB: true) }

    public static func + (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns, "shape mismatch in +")
        return Matrix(rows: a.rows, columns: a.columns, elements: zip(a.elements, b.elements).map { $0 + $1 })
    }

    public static func - (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns, "shape mismatch in -")
        return Matrix(rows: a.rows, columns: a.columns, elements: zip(a.elements, b.elements).map { $0 - $1 })
    }

    public static func * (s: Scalar, a: Matrix) -> Matrix {
        Matrix(rows: a.rows, columns: a.columns, elements: a.elements.map { s * $0 })
    }

    public static func += (a: inout Matrix, b: Matrix) {
        precondition(a.rows == b.rows && a.columns == b.columns, "shape mismatch in +=")
        for i in a.elements.indices { a.elements[i] += b.elements[i] }
    }

    /// Elementwise map.
    public func map(_ f: (Scalar) throws -> Scalar) rethrows -> Matrix {
        Matrix(rows: rows, columns: columns, elements: try elements.map(f))
    }

    /// Mean of each column (a row vector of length `columns`).
    public var columnMeans: [Scalar] {
        guard rows > 0 else { return Array(repeating: 0, count: columns) }
        var s = [Scalar](repeating: 0, count: columns)
        for i in 0..<rows { for j in 0..<columns { s[j] += elements[i * columns + j] } }
        let inv = 1 / Scalar(rows)
        return s.map { $0 * inv }
    }

    /// Sum of each column.
    public var columnSums: [Scalar] {
        var s = [Scalar](repeating: 0, count: columns)
        for i in 0..<rows { for j in 0..<columns { s[j] += elements[i * columns + j] } }
        return s
    }

    /// The matrix with each column's mean subtracted (rows centred across samples).
    public var columnCentered: Matrix {
        let mu = columnMeans
        var c = self
        for i in 0..<rows { for j in 0..<columns { c.elements[i * columns + j] -= mu[j] } }
        return c
    }

    /// Trace of a square matrix.
    public var trace: Scalar {
        precondition(rows == columns, "trace of a non-square matrix")
        return (0..<rows).reduce(0) { $0 + elements[$1 * columns + $1] }
    }

    /// Frobenius inner product ⟨A, B⟩.
    public static func frobeniusDot(_ a: Matrix, _ b: Matrix) -> Scalar {
        precondition(a.rows == b.rows && a.columns == b.columns, "shape mismatch in frobeniusDot")
        if a.count == 0 { return 0 }
        return a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                Scalar.dot(n: a.count, x: pa.baseAddress!, y: pb.baseAddress!)
            }
        }
    }

    /// Frobenius norm.
    public var frobeniusNorm: Scalar { Matrix.frobeniusDot(self, self).squareRoot() }

    /// Double-centres a square matrix: H·K·H with H = I − 11ᵀ/n.
    public var doubleCentered: Matrix {
        precondition(rows == columns, "double-centring needs a square matrix")
        let n = rows
        guard n > 0 else { return self }
        var rowMean = [Scalar](repeating: 0, count: n)
        var total: Scalar = 0
        for i in 0..<n {
            var s: Scalar = 0
            for j in 0..<n { s += elements[i * n + j] }
            rowMean[i] = s / Scalar(n)
            total += s
        }
        let colMean = columnMeans
        let grand = total / Scalar(n * n)
        var c = self
        for i in 0..<n { for j in 0..<n { c.elements[i * n + j] += grand - rowMean[i] - colMean[j] } }
        return c
    }
}
