/// T4 RandomKernel(P, k, c, scale, seed, N, σ) (SPEC §2): P conditions (any P ≥ 3), k random
/// balanced target dichotomies, and a random centred PSD input kernel whose centred alignment
/// with the target kernel is exactly c.
///
/// Construction (every draw from its own fork of the task stream of `seed`):
/// 1. Targets: k distinct balanced dichotomies — a uniformly random ⌊P/2⌋-subset labelled 1,
///    labels flipped if needed so that condition 0 is labelled 0 (so a dichotomy and its
///    complement count as the same); repeated draws are rejected. For odd P the sides have
///    ⌊P/2⌋ and ⌈P/2⌉ conditions. Kyc = H·Ky·H, Ky = (2Y−1)(2Y−1)ᵀ, H = I − 11ᵀ/P.
/// 2. K₁ = V·diag(λ)·Vᵀ: V a random orthonormal basis of the centred space 1^⊥ (P − 1
///    directions), λ ~ Dirichlet(1/scale) (uniform at scale = 0, making K₁ = H/(P−1), the
///    kernel of equidistant conditions).
/// 3. K₀ = W·diag(ν)·Wᵀ: W a random orthonormal basis of the complement of the targets' span in
///    1^⊥, ν ~ Dirichlet(1/scale) (uniform at scale = 0); its alignment with Kyc is 0.
/// 4. Kx = t·K₁ + (1−t)·K₀ with t ∈ [0, 1] solved in closed form (the alignment rises
///    monotonically with t). When c exceeds the alignment of K₁ (possible only at scale > 0),
///    t = 1 and λ is flattened toward uniform, K₁ ← (1−s)K₁ + s·H/(P−1), with the s ∈ [0, 1]
///    that reaches c (found by bisection; the alignment of the uniform kernel is c_max ≥ c).
/// 5. Means: the eigendecomposition Kx = U·diag(e)·Uᵀ gives P×(P−1) coordinates U·√e, scaled by
///    √P (mean squared norm 1), then embedded (`Embedding`).
///
/// c range: [0, c_max] with c_max = tr(Kyc)/(√(P−1)·‖Kyc‖_F), the alignment of equidistant
/// conditions (= √(k/(P−1)) when the dichotomies are orthogonal, as in T3). c_max depends on the
/// drawn targets; `repgeom task show` prints it. k ≤ P − 2 so that the complement is not empty.
public struct RandomKernel: TaskFamily {
    public static let familyName = "random_kernel"
    public static let summary = "T4: P conditions, k random balanced dichotomies, random input kernel with alignment c"
    public static let parameterHelp: [(name: String, meaning: String)] = [
        ("P", "conditions, 3…1024"),
        ("k", "target dichotomies, 1…P−2"),
        ("c", "centred input–target kernel alignment, 0…c_max (printed by task show)"),
        ("scale", "0: deterministic spectra; > 0 (≤ 100): random Dirichlet(1/scale) spectra"),
        ("seed", "task-geometry seed (targets, eigenvectors, spectra, embedding)"),
        ("N", "input dimension, ≥ P − 1"),
        ("sigma", "input noise σ ≥ 0"),
    ]
    public var conditionCount: Int = 8
    public var k: Int = 1
    public var c: Double = 0
    public var scale: Double = 0
    public var seed: UInt64 = 0
    public var inputDimension: Int = 100
    public var noise: Double = 1

    public init() {}

    public init(conditionCount: Int, k: Int, c: Double, scale: Double = 0, seed: UInt64 = 0,
                inputDimension: Int = 100, noise: Double = 1) {
        self.conditionCount = conditionCount; self.k = k; self.c = c; self.scale = scale; self.seed = seed
        self.inputDimension = inputDimension; self.noise = noise
    }

    public init(parameters p: inout TaskParameters) throws {
        let def = RandomKernel()
        conditionCount = try p.integer("P", default: def.conditionCount)
        k = try p.integer("k", default: def.k)
        c = try p.double("c", default: def.c)
        scale = try p.double("scale", default: def.scale)
        seed = try p.seed()
        inputDimension = try p.integer("N", default: def.inputDimension)
        noise = try p.double("sigma", default: def.noise)
    }

    public var parameterText: [(name: String, value: String)] {
        let f = ParameterText.format
        return [("P", "\(conditionCount)"), ("k", "\(k)"), ("c", f(c)), ("scale", f(scale)), ("seed", "\(seed)"),
                ("N", "\(inputDimension)"), ("sigma", f(noise))]
    }

    public var requestedAlignment: Double? { c }

    func validateShape() throws {
        try TaskCheck.integer(conditionCount, "P", in: 3...TaskCheck.maximumConditions)
        try TaskCheck.integer(k, "k", in: 1...(conditionCount - 2), "k ≤ P − 2 leaves room for non-target directions")
        try TaskCheck.scale(scale)
    }

    public func alignmentRange() throws -> ClosedRange<Double>? {
        try validateShape()
        var streams = TaskStreams(seed: seed)
        let y = drawTargets(using: &streams.targets)
        return 0...RandomKernel.maximumAlignment(centredTargetKernel: RandomKernel.centredTargetKernel(y))
    }

    public func validate() throws {
        try validateShape()
        let range = try alignmentRange()!
        _ = try TaskCheck.alignment(c, in: range, "c_max = tr(Kyc)/(√(P−1)‖Kyc‖) = \(ParameterText.format(range.upperBound)) for these targets")
        try TaskCheck.integer(inputDimension, "N", in: (conditionCount - 1)...TaskCheck.maximumInputDimension,
                              "N ≥ P − 1 = \(conditionCount - 1)")
        try TaskCheck.noise(noise)
    }

    /// k distinct balanced dichotomies (P×k in {0,1}, condition 0 always labelled 0).
    func drawTargets(using rng: inout RandomSource) -> Matrix<Double> {
        let p = conditionCount
        var seen = Set<[UInt8]>()
        var columns: [[UInt8]] = []
        var attempts = 0
        while columns.count < k {
            attempts += 1
            precondition(attempts < 1_000_000, "random_kernel: could not draw distinct dichotomies")
            var labels = [UInt8](repeating: 0, count: p)
            for i in rng.sample(p / 2, from: p) { labels[i] = 1 }
            if labels[0] == 1 { labels = labels.map { 1 - $0 } }
            if seen.insert(labels).inserted { columns.append(labels) }
        }
        return Matrix(rows: p, columns: k) { c, j in Double(columns[j][c]) }
    }

    /// H·Ky·H for targets Y.
    static func centredTargetKernel(_ y: Matrix<Double>) -> Matrix<Double> {
        let signs = y.map { 2 * $0 - 1 }
        return signs.gram.doubleCentered
    }

    /// The alignment of the equidistant kernel H with Kyc.
    static func maximumAlignment(centredTargetKernel kyc: Matrix<Double>) -> Double {
        kyc.trace / ((Double(kyc.rows) - 1).squareRoot() * kyc.frobeniusNorm)
    }

    /// ⟨A, B⟩ / (‖A‖‖B‖).
    static func cosine(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
        Matrix.frobeniusDot(a, b) / (a.frobeniusNorm * b.frobeniusNorm)
    }

    /// Q·diag(w)·Qᵀ for Q with orthonormal columns.
    static func spectral(_ q: Matrix<Double>, _ w: [Double]) -> Matrix<Double> {
        var qw = q
        for i in 0..<q.rows { for j in 0..<q.columns { qw[i, j] *= w[j] } }
        return Matrix.product(qw, q, transposeB: true)
    }

    /// The input kernel Kx (P×P, centred, trace 1) and the targets.
    func kernel() throws -> (kx: Matrix<Double>, targets: Matrix<Double>) {
        try validate()
        let p = conditionCount
        var streams = TaskStreams(seed: seed)
        let y = drawTargets(using: &streams.targets)
        let kyc = RandomKernel.centredTargetKernel(y)
        let cc = try TaskCheck.alignment(c, in: 0...RandomKernel.maximumAlignment(centredTargetKernel: kyc), "")

        // Target span and its complement within the centred space.
        let (values, vectors) = try LinearAlgebra.symmetricEigen(kyc)
        let top = values.max() ?? 0
        let spanIndices = values.indices.filter { values[$0] > 1e-9 * top }
        let u = vectors.columns(spanIndices)
        let h = Matrix<Double>.identity(p).doubleCentered
        let complementProjector = h - Matrix.product(u, u, transposeB: true)
        let m = p - 1 - spanIndices.count
        precondition(m >= 1, "random_kernel: the targets span the centred space")

        func dirichlet(_ count: Int) -> [Double] {
            scale > 0 ? streams.spectrum.dirichlet(alpha: 1 / scale, count: count)
                      : Array(repeating: 1 / Double(count), count: count)
        }
        let v = LinearAlgebra.orthonormalColumns(Matrix.product(h, streams.spectrum.gaussianMatrix(rows: p, columns: p - 1)))
        let k1 = RandomKernel.spectral(v, dirichlet(p - 1))
        let w = LinearAlgebra.orthonormalColumns(Matrix.product(complementProjector, streams.spectrum.gaussianMatrix(rows: p, columns: m)))
        let k0 = RandomKernel.spectral(w, dirichlet(m))

        let kx: Matrix<Double>
        let a1 = RandomKernel.cosine(k1, kyc)
        if cc <= 0 {
            kx = k0
        } else if cc < a1 {
            let g = Matrix.frobeniusDot(k1, kyc) / kyc.frobeniusNorm
            let n11 = Matrix.frobeniusDot(k1, k1), n01 = Matrix.frobeniusDot(k0, k1), n00 = Matrix.frobeniusDot(k0, k0)
            let c2 = cc * cc, den = g * g - c2 * n11
            let rho = (c2 * n01 + (c2 * c2 * n01 * n01 + den * c2 * n00).squareRoot()) / den
            let t = rho.isFinite ? rho / (1 + rho) : 1
            kx = t * k1 + (1 - t) * k0
        } else {
            // Flatten K₁ toward the equidistant kernel until the alignment reaches c.
            let uniform = (1 / Double(p - 1)) * h
            func flattened(_ s: Double) -> Matrix<Double> { (1 - s) * k1 + s * uniform }
            var lo = 0.0, hi = 1.0
            if RandomKernel.cosine(flattened(0), kyc) < cc {
                for _ in 0..<80 {
                    let mid = (lo + hi) / 2
                    if RandomKernel.cosine(flattened(mid), kyc) < cc { lo = mid } else { hi = mid }
                }
            } else { hi = 0 }
            kx = flattened(hi)
        }
        return (kx, y)
    }

    public func make() throws -> ConditionTask {
        let (kx, y) = try kernel()
        let p = conditionCount
        let (e, u) = try LinearAlgebra.symmetricEigen(kx)
        // Drop the smallest eigenvalue (the constant direction); keep P − 1 coordinates.
        let low = Matrix<Double>(rows: p, columns: p - 1) { cond, j in
            u[cond, j + 1] * max(e[j + 1], 0).squareRoot() * Double(p).squareRoot()
        }
        var streams = TaskStreams(seed: seed)
        let means = Embedding.embed(low, dimension: inputDimension, using: &streams.embedding)
        return ConditionTask(family: Self.familyName, parameters: parameterDictionary, latentBits: nil,
                             means: means, targets: y, noise: noise)
    }
}
