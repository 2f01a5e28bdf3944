#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// The HSIC estimator behind a kernel alignment (SPEC §4).
public enum CKAEstimator: String, Sendable, Codable, CaseIterable {
    /// Biased HSIC (Gretton et al. 2005): ⟨HKH, HLH⟩_F — the centred kernel alignment of
    /// Cortes et al. 2012 and Kornblith et al. 2019. The default.
    case gretton
    /// Unbiased HSIC (Song et al. 2012) — "debiased CKA"; needs n ≥ 4.
    case song
}

/// A kernel on rows (samples or conditions).
///
/// - linear: k(x, x′) = x·x′.
/// - rbf: k(x, x′) = exp(−‖x − x′‖² / (2σ²)) with the bandwidth rule
///   σ = `bandwidthFactor` × √(median of the n×n squared-distance matrix, its zero diagonal
///   included; the median of an even count is the mean of the two middle values) — Kornblith et
///   al.'s `gram_rbf(x, threshold)`. The SPEC's golden value uses factor 0.5.
public struct AlignmentKernel: Sendable, Codable, Equatable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case linear, rbf }
    public var kind: Kind
    /// RBF bandwidth factor (ignored for the linear kernel).
    public var bandwidthFactor: Double

    public init(kind: Kind, bandwidthFactor: Double = 0.5) {
        self.kind = kind
        self.bandwidthFactor = bandwidthFactor
    }

    public static let linear = AlignmentKernel(kind: .linear, bandwidthFactor: 0)
    public static func rbf(bandwidthFactor: Double = 0.5) -> AlignmentKernel {
        AlignmentKernel(kind: .rbf, bandwidthFactor: bandwidthFactor)
    }

    /// The kernel as a variant string: "linear" or "rbf(sigma=0.5*sqrt(median_sq_dist))".
    public var variant: String {
        switch kind {
        case .linear: "linear"
        case .rbf: "rbf(sigma=\(bandwidthFactor)*sqrt(median_sq_dist))"
        }
    }

    enum CodingKeys: String, CodingKey {
        case kind
        case bandwidthFactor = "bandwidth_factor"
    }
}

/// Centred kernel alignment (CKA) between two representations of the same n items.
///
/// **Name** "cka". **Variants** estimator ∈ {gretton (default), song} × kernel ∈ {linear (default),
/// rbf}; form gram or feature-space (chosen automatically, same value).
///
/// A(K, L) = HSIC(K, L) / √(HSIC(K, K)·HSIC(L, L)); biased HSIC = ⟨HKH, HLH⟩_F with
/// H = I − 11ᵀ/n, unbiased HSIC per Song et al. 2012 (eq. 5).
///
/// **Invariances** (linear kernel, both estimators): orthogonal maps and isotropic scaling of
/// either representation, translation (adding a constant row vector), unit permutations;
/// A(X, X) = 1. The RBF kernel with the median bandwidth rule is invariant to orthogonal maps,
/// translation and isotropic scaling as well (the bandwidth scales with the data).
/// Not invariant to general invertible linear maps.
///
/// **Edge cases**: a representation with zero variance (all rows equal) makes the alignment
/// 0/0 — `MeasureUnavailable`; the song estimator needs n ≥ 4 (`MeasureUnavailable`); the RBF
/// kernel needs a positive median squared distance.
public enum KernelAlignment {
    /// Above this many rows the Gram form (n×n matrices) is refused; linear CKA never needs it
    /// because the feature-space form is used when n exceeds the feature counts.
    public static let gramRowLimit = 10_000

    /// CKA between representations `x` (n×p) and `y` (n×q), rows matched.
    ///
    /// Linear kernel: feature-space form (O(n·(p+q)) memory, O(n·(p² + q² + pq)) time) when
    /// n > max(p, q), Gram form otherwise. RBF kernel: always the Gram form (n ≤ `gramRowLimit`).
    public static func cka(_ x: Matrix<Double>, _ y: Matrix<Double>, kernel: AlignmentKernel = .linear,
                           estimator: CKAEstimator = .gretton) throws -> Double {
        guard x.rows == y.rows else {
            throw InputError("cka", "the two representations have \(x.rows) and \(y.rows) rows; they must describe the same items")
        }
        guard x.isFinite, y.isFinite else { throw InputError("cka", "representation contains NaN or Inf") }
        if kernel.kind == .linear && x.rows > max(x.columns, y.columns) {
            return try linearFeatureSpace(x, y, estimator: estimator)
        }
        guard x.rows <= gramRowLimit else {
            throw InputError("cka", "\(kernel.variant) kernel alignment builds n×n Gram matrices; n = \(x.rows) exceeds the limit \(gramRowLimit) (use the linear kernel or the condition-mean level)")
        }
        return try cka(gram: try gram(x, kernel: kernel), gram: try gram(y, kernel: kernel), estimator: estimator)
    }

    /// CKA between two n×n kernel (Gram) matrices.
    public static func cka(gram k: Matrix<Double>, gram l: Matrix<Double>, estimator: CKAEstimator = .gretton) throws -> Double {
        precondition(k.rows == k.columns && l.rows == l.columns && k.rows == l.rows, "cka(gram:gram:) needs two n×n matrices")
        let kl: Double, kk: Double, ll: Double
        switch estimator {
        case .gretton:
            let kc = k.doubleCentered, lc = l.doubleCentered
            kl = Matrix.frobeniusDot(kc, lc)
            kk = Matrix.frobeniusDot(kc, kc)
            ll = Matrix.frobeniusDot(lc, lc)
        case .song:
            kl = try unbiasedHSIC(k, l)
            kk = try unbiasedHSIC(k, k)
            ll = try unbiasedHSIC(l, l)
        }
        return try ratio(kl, kk, ll)
    }

    /// The n×n Gram matrix of the rows of `x` under `kernel`.
    public static func gram(_ x: Matrix<Double>, kernel: AlignmentKernel) throws -> Matrix<Double> {
        let g = x.gram
        switch kernel.kind {
        case .linear:
            return g
        case .rbf:
            let n = x.rows
            var d = Matrix<Double>(rows: n, columns: n)
            for i in 0..<n {
                for j in 0..<n where j != i {
                    d.elements[i * n + j] = max(g.elements[i * n + i] + g.elements[j * n + j] - 2 * g.elements[i * n + j], 0)
                }
            }
            let median = Self.median(d.elements)
            guard median > 0 else {
                throw MeasureUnavailable("cka", "rbf bandwidth is zero: the median squared distance between rows is 0")
            }
            let sigma2 = kernel.bandwidthFactor * kernel.bandwidthFactor * median
            return d.map { Elementary.exp(-$0 / (2 * sigma2)) }
        }
    }

    /// Song et al.'s unbiased HSIC estimator (times a positive constant common to all pairs):
    /// [tr(K̃L̃) + (1ᵀK̃1)(1ᵀL̃1)/((n−1)(n−2)) − 2/(n−2)·1ᵀK̃L̃1] / (n(n−3)), K̃, L̃ = K, L with zero diagonal.
    static func unbiasedHSIC(_ k: Matrix<Double>, _ l: Matrix<Double>) throws -> Double {
        let n = k.rows
        guard n >= 4 else { throw MeasureUnavailable("cka", "the unbiased (song) estimator needs at least 4 items, got \(n)") }
        var trace = 0.0, sumK = 0.0, sumL = 0.0, cross = 0.0
        var rowK = [Double](repeating: 0, count: n), rowL = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                let a = k.elements[i * n + j], b = l.elements[i * n + j]
                trace += a * b        // tr(K̃L̃) = Σ_ij K̃_ij L̃_ji, both symmetric
                rowK[i] += a
                rowL[i] += b
            }
            sumK += rowK[i]
            sumL += rowL[i]
        }
        for i in 0..<n { cross += rowK[i] * rowL[i] }
        let nn = Double(n)
        return (trace + sumK * sumL / ((nn - 1) * (nn - 2)) - 2 / (nn - 2) * cross) / (nn * (nn - 3))
    }

    /// Linear CKA in feature space: with column-centred X̃ (n×p), Ỹ (n×q),
    /// gretton: ‖X̃ᵀỸ‖²_F / (‖X̃ᵀX̃‖_F ‖ỸᵀỸ‖_F); song: the unbiased HSIC written in the same
    /// products (centring does not change it, and makes K̃1 = −diag(K)).
    static func linearFeatureSpace(_ x: Matrix<Double>, _ y: Matrix<Double>, estimator: CKAEstimator) throws -> Double {
        let xc = x.columnCentered, yc = y.columnCentered
        let xy = Matrix.product(xc, transposeA: true, yc).frobeniusNorm
        let kl0 = xy * xy
        let kk0 = gramOfColumnsSquaredNorm(xc), ll0 = gramOfColumnsSquaredNorm(yc)
        switch estimator {
        case .gretton:
            return try ratio(kl0, kk0, ll0)
        case .song:
            let n = x.rows
            guard n >= 4 else { throw MeasureUnavailable("cka", "the unbiased (song) estimator needs at least 4 items, got \(n)") }
            let kd = rowSquaredNorms(xc), ld = rowSquaredNorms(yc)
            func hsic(_ full: Double, _ a: [Double], _ b: [Double]) -> Double {
                let nn = Double(n)
                var ab = 0.0, sa = 0.0, sb = 0.0
                for i in 0..<n { ab += a[i] * b[i]; sa += a[i]; sb += b[i] }
                // tr(K̃L̃) = tr(KL) − Σ a_i b_i; 1ᵀK̃1 = −Σ a_i; 1ᵀK̃L̃1 = Σ a_i b_i.
                return (full - ab + sa * sb / ((nn - 1) * (nn - 2)) - 2 / (nn - 2) * ab) / (nn * (nn - 3))
            }
            return try ratio(hsic(kl0, kd, ld), hsic(kk0, kd, kd), hsic(ll0, ld, ld))
        }
    }

    /// ‖AᵀA‖²_F through one symmetric rank-k update (half the flops of a general product).
    static func gramOfColumnsSquaredNorm(_ a: Matrix<Double>) -> Double {
        let n = a.rows, p = a.columns
        if n == 0 || p == 0 { return 0 }
        var c = [Double](repeating: 0, count: p * p)
        a.elements.withUnsafeBufferPointer { pa in
            c.withUnsafeMutableBufferPointer { pc in
                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, blasInt(p), blasInt(n), 1,
                            pa.baseAddress!, blasInt(p), 0, pc.baseAddress!, blasInt(p))
            }
        }
        var diag = 0.0, upper = 0.0
        for i in 0..<p {
            diag += c[i * p + i] * c[i * p + i]
            for j in (i + 1)..<p { upper += c[i * p + j] * c[i * p + j] }
        }
        return diag + 2 * upper
    }

    static func rowSquaredNorms(_ a: Matrix<Double>) -> [Double] {
        (0..<a.rows).map { i in
            var s = 0.0
            for j in 0..<a.columns { let v = a.elements[i * a.columns + j]; s += v * v }
            return s
        }
    }

    static func ratio(_ kl: Double, _ kk: Double, _ ll: Double) throws -> Double {
        guard kk > 0, ll > 0, kk.isFinite, ll.isFinite else {
            throw MeasureUnavailable("cka", "a representation has zero variance across items (its centred kernel is 0), so the alignment is undefined")
        }
        return kl / (kk.squareRoot() * ll.squareRoot())
    }

    /// The median of `values` (mean of the two middle values for an even count), as numpy.
    static func median(_ values: [Double]) -> Double {
        precondition(!values.isEmpty)
        let s = values.sorted()
        let m = s.count / 2
        return s.count % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m])
    }
}
