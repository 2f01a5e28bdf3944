/// A deterministic L2-regularised linear binary classifier (SPEC §4 "Decoder").
///
/// **Name** "linear_decoder". **Variants** "svm" (default) and "logistic".
///
/// Both solve, for features x (n×p), labels yᵢ ∈ {−1, +1}:
///
///     min_w  ½‖w‖² + C·Σᵢ loss(yᵢ·w·x̃ᵢ)
///
/// where x̃ᵢ = (xᵢ − μ, 1): the features are centred by the *training* mean μ, and the intercept
/// is the weight of an appended constant feature 1 (liblinear's `-B 1` convention, so the
/// intercept is regularised like the other weights; centring keeps that harmless and makes the
/// decoder exactly translation invariant).
///
/// - "svm": hinge loss max(0, 1 − m), C = 1. Solved in the dual by coordinate descent (Hsieh et
///   al. 2008, the liblinear L1-loss SVC solver): α ∈ [0, C]ⁿ, w = Σ αᵢyᵢx̃ᵢ, with shrinking;
///   each epoch visits the active coordinates in an order drawn from `seed` (a fresh generator
///   per fit, so a fit never depends on what ran before). Stops when the spread of projected
///   gradients over all coordinates, max(0, max PG) − min(0, min PG), is ≤ `tolerance`
///   (liblinear's criterion with 0 among the extremes, so it bounds every |PGᵢ|; default 1e-3)
///   or after `maxIterations` epochs (default 1000).
/// - "logistic": loss log(1 + e^(−m)), C = 1. Solved in the primal by Newton's method with
///   conjugate-gradient inner solves (truncated Newton; forcing term min(0.5, √‖g‖/‖g₀‖)) and an
///   Armijo backtracking line search; stops when ‖∇f‖₂ ≤ `tolerance`·‖∇f(0)‖₂ (default 1e-8) or
///   after `maxIterations` Newton steps (default 100). Uses no randomness.
///
/// The objective is strictly convex, so the solution is unique; the solvers reach it to their
/// tolerance. **Invariances**: translation of all features (exact), orthogonal maps and unit
/// permutations (the solvers only see inner products; equal up to rounding). Not invariant to
/// isotropic scaling (C fixes the regularisation relative to the data scale).
public struct LinearDecoder: Sendable, Codable, Equatable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case svm, logistic }

    public var kind: Kind
    /// The loss weight C (regularisation strength 1/C).
    public var c: Double
    /// Epochs (svm) or Newton steps (logistic).
    public var maxIterations: Int
    /// Stopping tolerance (see the type's documentation).
    public var tolerance: Double
    /// Seed of the svm's coordinate visiting order.
    public var seed: UInt64

    public init(kind: Kind = .svm, c: Double = 1, maxIterations: Int? = nil, tolerance: Double? = nil, seed: UInt64 = 0) {
        self.kind = kind
        self.c = c
        self.maxIterations = maxIterations ?? (kind == .svm ? 1000 : 100)
        self.tolerance = tolerance ?? (kind == .svm ? 1e-3 : 1e-8)
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case kind, c, tolerance, seed
        case maxIterations = "max_iterations"
    }

    /// The decoder as a variant string, e.g. "svm(C=1,tol=0.001,max_iter=1000)".
    public var variant: String { "\(kind.rawValue)(C=\(c),tol=\(tolerance),max_iter=\(maxIterations))" }

    /// Checks the settings; `location` names the option for the error.
    public func validate(location: String = "decoder") throws {
        guard c > 0, c.isFinite else { throw InputError("\(location).c", "must be positive and finite, got \(c)") }
        guard maxIterations >= 1 else { throw InputError("\(location).max_iterations", "must be at least 1, got \(maxIterations)") }
        guard tolerance > 0, tolerance.isFinite else { throw InputError("\(location).tolerance", "must be positive, got \(tolerance)") }
    }

    /// Fits the decoder to the rows of `x` with boolean labels (true = +1).
    public func fit(_ x: Matrix<Double>, labels: [Bool]) -> LinearModel {
        precondition(x.rows == labels.count, "one label per row")
        let design = DecoderDesign(x, rows: Array(0..<x.rows))
        var workspace = DecoderWorkspace()
        let y = labels.map { $0 ? 1.0 : -1.0 }
        let solution = solve(design, labels: y, workspace: &workspace)
        return design.model(solution)
    }

    /// Solves on a prepared design (shared across many label vectors); labels are ±1.
    func solve(_ design: DecoderDesign, labels y: [Double], workspace: inout DecoderWorkspace,
               warmStart: [Double]? = nil) -> DecoderSolution {
        switch kind {
        case .svm: return solveSVM(design, labels: y, workspace: &workspace, warmStart: warmStart)
        case .logistic: return solveLogistic(design, labels: y, workspace: &workspace)
        }
    }
}

/// A fitted linear classifier: decision(x) = w·x + b, predicted label true when decision > 0.
public struct LinearModel: Sendable, Codable, Equatable {
    /// w in the original (uncentred) feature coordinates.
    public var weights: [Double]
    /// b = β − w·μ, with β the weight of the constant feature and μ the training mean.
    public var intercept: Double
    /// Epochs or Newton steps used.
    public var iterations: Int
    /// False when the iteration budget ran out before the tolerance was met.
    public var converged: Bool
    /// For svm: the dual variables α (one per training row); empty for logistic.
    public var dual: [Double]

    public func decision(_ x: [Double]) -> Double {
        precondition(x.count == weights.count)
        var s = intercept
        for j in 0..<x.count { s += weights[j] * x[j] }
        return s
    }

    /// Labels predicted for the rows of `x`.
    public func predict(_ x: Matrix<Double>) -> [Bool] { (0..<x.rows).map { decision(x.row($0)) > 0 } }
}

/// The raw result of a solver on a design: weights over the design's augmented columns.
struct DecoderSolution {
    /// `stride` values: centred-feature weights, then the constant feature's weight β, then zeros.
    var weights: [Double]
    var iterations: Int
    var converged: Bool
    var dual: [Double]
}

/// The raw Gram matrix xᵢ·xⱼ of all rows of a sample matrix, computed once and shared by every
/// design built on subsets of those rows (all folds, all CCGP splits, all dichotomies). The SVM
/// solver uses it for its active-set steps: the centred, augmented kernel of any subset with
/// mean μ is K̃ᵢⱼ = Gᵢⱼ − xᵢ·μ − xⱼ·μ + μ·μ + 1, so no per-design Gram is ever formed.
final class SampleGram: @unchecked Sendable {
    /// Rows above which the n×n matrix is not built (4096² doubles = 128 MiB).
    static let rowLimit = 4096
    let n: Int
    /// n×n, row-major.
    let values: [Double]

    init(_ x: Matrix<Double>) {
        n = x.rows
        values = x.gram.elements
    }

    /// The Gram of `x` when it is small enough to be worth keeping, else nil.
    static func ifAffordable(_ x: Matrix<Double>) -> SampleGram? { x.rows <= rowLimit && x.rows > 0 ? SampleGram(x) : nil }
}

/// Training rows prepared once and reused for many label vectors (e.g. every dichotomy of one
/// cross-validation fold): centred by their mean, augmented with the constant 1, padded to a
/// multiple of 4 columns for the vector loops.
struct DecoderDesign: Sendable {
    let rowCount: Int
    let featureCount: Int
    /// Row stride: featureCount + 1, rounded up to a multiple of 4.
    let stride: Int
    /// rowCount × stride.
    let data: [Double]
    /// ‖x̃ᵢ‖² (the dual CD's diagonal Qᵢᵢ).
    let squaredNorms: [Double]
    /// Training mean μ.
    let center: [Double]
    /// The rows of the source matrix this design holds, in order.
    let sourceRows: [Int]
    /// The source matrix's Gram, when shared (enables the SVM's active-set steps).
    let gram: SampleGram?
    /// xᵢ·μ for each design row (source coordinates), and μ·μ + 1, for K̃ from `gram`.
    let rowDotCenter: [Double]
    let centerNormSquaredPlusOne: Double

    init(_ x: Matrix<Double>, rows indices: [Int], gram: SampleGram? = nil) {
        precondition(gram == nil || gram!.n == x.rows, "the Gram must be of the same source matrix")
        let p = x.columns, n = indices.count
        featureCount = p
        rowCount = n
        stride = (p + 1 + 3) / 4 * 4
        sourceRows = indices
        self.gram = gram
        var mu = [Double](repeating: 0, count: p)
        for r in indices { for j in 0..<p { mu[j] += x.elements[r * p + j] } }
        if n > 0 { for j in 0..<p { mu[j] /= Double(n) } }
        center = mu
        var d = [Double](repeating: 0, count: n * stride)
        var q = [Double](repeating: 0, count: n)
        var rdc = [Double](repeating: 0, count: n)
        for (i, r) in indices.enumerated() {
            var s = 1.0, t = 0.0
            for j in 0..<p {
                let raw = x.elements[r * p + j]
                let v = raw - mu[j]
                d[i * stride + j] = v
                s += v * v
                t += raw * mu[j]
            }
            d[i * stride + p] = 1
            q[i] = s
            rdc[i] = t
        }
        data = d
        squaredNorms = q
        rowDotCenter = rdc
        centerNormSquaredPlusOne = mu.reduce(0) { $0 + $1 * $1 } + 1
    }

    /// Converts a solution to a model in the original coordinates.
    func model(_ s: DecoderSolution) -> LinearModel {
        let w = Array(s.weights[0..<featureCount])
        var b = s.weights[featureCount]
        for j in 0..<featureCount { b -= w[j] * center[j] }
        return LinearModel(weights: w, intercept: b, iterations: s.iterations, converged: s.converged, dual: s.dual)
    }

    /// The decision values w·(x − μ) + β of rows `indices` of `x` (test rows of the same fold).
    func decisions(_ s: DecoderSolution, on x: Matrix<Double>, rows indices: [Int]) -> [Double] {
        let p = featureCount
        var out = [Double](repeating: 0, count: indices.count)
        // w·(x − μ) + β = w·x + (β − w·μ).
        var offset = s.weights[p]
        for j in 0..<p { offset -= s.weights[j] * center[j] }
        x.elements.withUnsafeBufferPointer { xb in
            s.weights.withUnsafeBufferPointer { wb in
                for (k, r) in indices.enumerated() {
                    out[k] = offset + VectorKernels.dot(wb.baseAddress!, xb.baseAddress! + r * p, p)
                }
            }
        }
        return out
    }
}

/// Per-thread scratch buffers, reused across fits.
struct DecoderWorkspace {
    var alpha: [Double] = []
    var index: [Int] = []
    var w: [Double] = []
    /// Active-set state: the free set F in factor order, Q_FF's factor, the decision values.
    var free: [Int] = []
    var factor = UpdatableCholesky(capacity: 0)
    var decisions = GramCombination()
    /// The coordinates at the upper bound C (active-set right-hand side).
    var upper: [Int] = []
    /// Active-set scratch: a new factor column, the right-hand side, lists.
    var column: [Double] = []
    var rhs: [Double] = []
    var leaving: [Int] = []
    var staying: [Int] = []
    var candidates: [(Double, Int)] = []
    /// Dual variables indexed by source row, carried from one related fit to the next (warm starts).
    var carried: [Double] = []
}
