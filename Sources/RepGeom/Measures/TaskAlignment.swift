/// Where kernels are built: over the P condition means (default) or over the n samples.
public enum AlignmentLevel: String, Sendable, Codable, CaseIterable {
    /// P×P kernels of the condition representations z̄_c, input means x̄_c and targets y_c.
    case conditionMeans = "condition_means"
    /// n×n kernels of the sample activities, the sample inputs and each sample's condition target.
    case samples
}

/// How the suite computes alignments.
public struct AlignmentOptions: Sendable, Codable, Equatable {
    public var level: AlignmentLevel = .conditionMeans
    public var estimator: CKAEstimator = .gretton
    /// Kernel for the representation and the inputs. The target kernel is always linear in
    /// 2Y − 1 (SPEC §1: Ky = (2Y−1)(2Y−1)ᵀ).
    public var kernel: AlignmentKernel = .linear
    public init(level: AlignmentLevel = .conditionMeans, estimator: CKAEstimator = .gretton, kernel: AlignmentKernel = .linear) {
        self.level = level
        self.estimator = estimator
        self.kernel = kernel
    }
    /// "gretton/linear/condition_means".
    public var variant: String { "\(estimator.rawValue)/\(kernel.variant)/\(level.rawValue)" }
}

/// (input, target) alignment mapped to orthogonal coordinates (SPEC §4).
///
/// Kx and Ky are unit vectors (after centring and normalising) at angle arccos c, c = task
/// alignment. Place them symmetrically about the diagonal of an orthonormal frame (e₁, e₂):
/// Kx = (cos φ, sin φ), Ky = (sin φ, cos φ) with φ = (π/2 − arccos c)/2, so Kx·Ky = sin 2φ = c.
/// A unit kernel u·e₁ + v·e₂ then has (input, target) = M·(u, v) with
/// M = [[cos φ, sin φ], [sin φ, cos φ]], and (u, v) = M⁻¹·(input, target) lies on the unit
/// quarter circle. M is singular only for c = 1 (input and target kernels coincide).
public struct OrthogonalisedAlignment: Sendable, Codable, Equatable {
    /// The e₁ ("input") coordinate u.
    public var input: Double
    /// The e₂ ("target") coordinate v.
    public var target: Double
    /// φ in radians.
    public var phi: Double

    /// Maps (input, target) alignments given the task alignment c ∈ [−1, 1).
    public init(input a: Double, target b: Double, taskAlignment c: Double) throws {
        guard c.isFinite, c > -1, c < 1 - 1e-12 else {
            throw MeasureUnavailable("orthogonalised", "task alignment c = \(c): the input and target kernels are (anti)parallel, so the plane is degenerate")
        }
        let phi = (Double.pi / 2 - Elementary.acos(c)) / 2
        let cp = Elementary.cos(phi), sp = Elementary.sin(phi)
        let det = cp * cp - sp * sp // = cos 2φ = √(1 − c²) > 0
        self.input = (cp * a - sp * b) / det
        self.target = (-sp * a + cp * b) / det
        self.phi = phi
    }
}

/// Target, input and task alignment (SPEC §4) of one representation.
///
/// **Name** "alignment". **Variant** `AlignmentOptions.variant`, e.g. "gretton/linear/condition_means".
/// target = A(Kz, Ky), input = A(Kz, Kx), task = A(Kx, Ky); `orthogonalised` maps
/// (input, target) through M⁻¹ (see `OrthogonalisedAlignment`). Each value is nil when it cannot
/// be computed, with the reason in `unavailable` (e.g. no inputs given, no trained dichotomy).
/// **Invariances**: those of CKA (orthogonal maps, isotropic scaling, translation, unit
/// permutations); condition permutations applied to all of Z, X, Y together.
public struct AlignmentResult: Sendable, Codable, Equatable {
    public var name = "alignment"
    public var variant: String
    public var target: Double?
    public var input: Double?
    public var task: Double?
    public var orthogonalised: OrthogonalisedAlignment?
    /// Reason per missing value ("target", "input", "task", "orthogonalised").
    public var unavailable: [String: String] = [:]
}

extension AlignmentResult {
    enum CodingKeys: String, CodingKey {
        case name, variant, target, input, task, orthogonalised, unavailable
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(variant, forKey: .variant)
        try c.encode(target, forKey: .target)
        try c.encode(input, forKey: .input)
        try c.encode(task, forKey: .task)
        try c.encode(orthogonalised, forKey: .orthogonalised)
        try c.encode(unavailable, forKey: .unavailable)
    }
}

public enum TaskAlignment {
    /// The target features 2Y − 1 (P×k or n×k), whose linear kernel is Ky.
    public static func targetFeatures(_ y: Matrix<Double>) -> Matrix<Double> { y.map { 2 * $0 - 1 } }

    /// Target, input and task alignment.
    ///
    /// - Parameters:
    ///   - representation: Z (P×p condition means or n×p samples).
    ///   - inputs: X with the same rows, if available.
    ///   - targets: Y ∈ {0,1} with the same rows (one column per trained output), if any.
    public static func alignments(representation z: Matrix<Double>, inputs x: Matrix<Double>?, targets y: Matrix<Double>?,
                                  options: AlignmentOptions) throws -> AlignmentResult {
        var r = AlignmentResult(variant: options.variant)
        let yf = y.map(targetFeatures)
        func attempt(_ key: String, _ body: () throws -> Double) throws -> Double? {
            do { return try body() } catch let e as MeasureUnavailable {
                r.unavailable[key] = e.reason
                return nil
            }
        }
        if let yf {
            r.target = try attempt("target") { try alignment(z, options.kernel, yf, .linear, options.estimator) }
        } else {
            r.unavailable["target"] = "no trained dichotomy (targets) given"
        }
        if let x {
            r.input = try attempt("input") { try alignment(z, options.kernel, x, options.kernel, options.estimator) }
            if let yf {
                r.task = try attempt("task") { try alignment(x, options.kernel, yf, .linear, options.estimator) }
            } else {
                r.unavailable["task"] = "no trained dichotomy (targets) given"
            }
        } else {
            r.unavailable["input"] = "no inputs given"
            r.unavailable["task"] = "no inputs given"
        }
        if let a = r.input, let b = r.target, let c = r.task {
            do { r.orthogonalised = try OrthogonalisedAlignment(input: a, target: b, taskAlignment: c) } catch let e as MeasureUnavailable {
                r.unavailable["orthogonalised"] = e.reason
            }
        } else {
            r.unavailable["orthogonalised"] = "needs the input, target and task alignments"
        }
        return r
    }

    /// CKA between two representations under possibly different kernels (the target kernel is
    /// linear while the representation's may be RBF).
    static func alignment(_ a: Matrix<Double>, _ ka: AlignmentKernel, _ b: Matrix<Double>, _ kb: AlignmentKernel,
                          _ estimator: CKAEstimator) throws -> Double {
        if ka == kb { return try KernelAlignment.cka(a, b, kernel: ka, estimator: estimator) }
        guard a.rows <= KernelAlignment.gramRowLimit else {
            throw InputError("cka", "mixed-kernel alignment builds n×n Gram matrices; n = \(a.rows) exceeds the limit \(KernelAlignment.gramRowLimit)")
        }
        return try KernelAlignment.cka(gram: try KernelAlignment.gram(a, kernel: ka), gram: try KernelAlignment.gram(b, kernel: kb),
                                       estimator: estimator)
    }

    /// Alignment summaries across networks (SPEC §4: "report the mean of per-network values and
    /// also the alignment of the network-averaged Kz").
    public struct AcrossNetworks: Sendable, Codable, Equatable {
        public var name = "alignment_across_networks"
        public var variant: String
        /// A(Kz_i, L) per network.
        public var perNetwork: [Double]
        /// Mean of `perNetwork`.
        public var mean: Double
        /// Sample standard deviation of `perNetwork` (0 for one network).
        public var std: Double
        /// A(mean_i Kz_i, L): the alignment of the network-averaged kernel.
        public var ofAveragedKernel: Double

        enum CodingKeys: String, CodingKey {
            case name, variant, mean, std
            case perNetwork = "per_network"
            case ofAveragedKernel = "of_averaged_kernel"
        }
    }

    /// Per-network alignments of `representations` (each P×p_i, same rows) with a reference
    /// kernel (e.g. `targetGram(_:)` or the input Gram), their mean, and the alignment of the
    /// network-averaged representation kernel.
    public static func acrossNetworks(representations: [Matrix<Double>], referenceGram l: Matrix<Double>,
                                      kernel: AlignmentKernel = .linear, estimator: CKAEstimator = .gretton) throws -> AcrossNetworks {
        guard !representations.isEmpty else { throw InputError("representations", "no networks given") }
        var grams: [Matrix<Double>] = []
        for (i, z) in representations.enumerated() {
            guard z.rows == l.rows else { throw InputError("representations[\(i)]", "has \(z.rows) rows, the reference kernel \(l.rows)") }
            guard z.isFinite else { throw InputError("representations[\(i)]", "contains NaN or Inf") }
            grams.append(try KernelAlignment.gram(z, kernel: kernel))
        }
        let per = try grams.map { try KernelAlignment.cka(gram: $0, gram: l, estimator: estimator) }
        var avg = grams[0]
        for g in grams.dropFirst() { avg += g }
        avg = (1 / Double(grams.count)) * avg
        let mean = per.reduce(0, +) / Double(per.count)
        let std = per.count > 1 ? (per.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(per.count - 1)).squareRoot() : 0
        return AcrossNetworks(variant: "\(estimator.rawValue)/\(kernel.variant)", perNetwork: per, mean: mean, std: std,
                              ofAveragedKernel: try KernelAlignment.cka(gram: avg, gram: l, estimator: estimator))
    }

    /// Ky = (2Y−1)(2Y−1)ᵀ.
    public static func targetGram(_ y: Matrix<Double>) -> Matrix<Double> { targetFeatures(y).gram }
}
