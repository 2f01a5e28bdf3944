/// T3 AlignedCube(d, k, c, scale, seed, N, σ) — the main family (SPEC §2).
///
/// Conditions are the P = 2^d bit vectors x (condition order: `ConditionBits`). The basis is the
/// P − 1 non-constant parities h_S(x) = ⊕_{i∈S} x_i, ordered by |S| then lexicographically (the
/// first d are the single bits). The targets are the first k parities. The input gives parity S
/// the weight π_S of a point π of the simplex with cos(π, 1_T) = c (1_T: indicator of the
/// targets); the mean of condition x in R^{P−1} is Σ_S √π_S (2h_S(x) − 1) e_S (unit norm), then
/// embedded (`Embedding`). Because the ±1 parity vectors are orthogonal and centred, the centred
/// alignment of Kx = X̄X̄ᵀ with Ky is exactly cos(π, 1_T) = c.
///
/// - c range: [0, c_max] with c_max = √(k/(P−1)) (π uniform: all conditions equidistant). When
///   k = P − 1 every parity is a target and cos(π, 1) ≥ 1/√(P−1) for every π: scale = 0 then
///   allows only c = 1, scale > 0 allows c ∈ [1/√(P−1), 1].
/// - scale = 0: π = λ·uniform(all) + (1−λ)·uniform(non-targets), λ solved in closed form.
/// - scale > 0: π₀ ~ Dirichlet(1/scale) from the task stream, moved onto the surface by
///   `AlignedCube.weights(…)` (documented there and in docs/tasks.md).
public struct AlignedCube: TaskFamily {
    public static let familyName = "aligned_cube"
    public static let summary = "T3: 2^d conditions, targets the first k parities, input–target alignment c set exactly"
    public static let parameterHelp: [(name: String, meaning: String)] = [
        ("d", "latent bits, 1…10 (P = 2^d conditions)"),
        ("k", "target parities, 1…P−1 (the first k; k ≤ d: the first k bits)"),
        ("c", "centred input–target kernel alignment, 0…c_max = √(k/(P−1))"),
        ("scale", "0: deterministic spectrum; > 0 (≤ 100): random Dirichlet(1/scale) weights"),
        ("seed", "task-geometry seed (spectrum and embedding)"),
        ("N", "input dimension, ≥ P − 1"),
        ("sigma", "input noise σ ≥ 0"),
    ]
    /// Number of latent bits d (P = 2^d conditions).
    public var d: Int = 3
    /// Number of target parities k (the first k; = the first k bits when k ≤ d).
    public var k: Int = 1
    /// Centred input–target kernel alignment.
    public var c: Double = 0
    /// Spectrum randomness: 0 deterministic; > 0 Dirichlet(1/scale) weights.
    public var scale: Double = 0
    public var seed: UInt64 = 0
    /// Input dimension N ≥ P − 1.
    public var inputDimension: Int = 100
    /// Sampler noise σ.
    public var noise: Double = 1

    public init() {}

    public init(d: Int, k: Int, c: Double, scale: Double = 0, seed: UInt64 = 0, inputDimension: Int = 100, noise: Double = 1) {
        self.d = d; self.k = k; self.c = c; self.scale = scale; self.seed = seed
        self.inputDimension = inputDimension; self.noise = noise
    }

    public init(parameters p: inout TaskParameters) throws {
        let def = AlignedCube()
        d = try p.integer("d", default: def.d)
        k = try p.integer("k", default: def.k)
        c = try p.double("c", default: def.c)
        scale = try p.double("scale", default: def.scale)
        seed = try p.seed()
        inputDimension = try p.integer("N", default: def.inputDimension)
        noise = try p.double("sigma", default: def.noise)
    }

    public var parameterText: [(name: String, value: String)] {
        let f = ParameterText.format
        return [("d", "\(d)"), ("k", "\(k)"), ("c", f(c)), ("scale", f(scale)), ("seed", "\(seed)"),
                ("N", "\(inputDimension)"), ("sigma", f(noise))]
    }

    /// Number of conditions P = 2^d.
    public var conditionCount: Int { 1 << d }

    /// c_max = √(k/(P−1)), the alignment of uniform weights.
    public static func maximumAlignment(d: Int, k: Int) -> Double { (Double(k) / Double((1 << d) - 1)).squareRoot() }

    public var requestedAlignment: Double? { c }

    public func alignmentRange() throws -> ClosedRange<Double>? {
        try validateShape()
        let parities = conditionCount - 1
        if k < parities { return 0...AlignedCube.maximumAlignment(d: d, k: k) }
        return scale == 0 ? 1...1 : (1 / Double(parities).squareRoot())...1
    }

    func validateShape() throws {
        try TaskCheck.integer(d, "d", in: 1...10, "P = 2^d conditions")
        try TaskCheck.integer(k, "k", in: 1...(conditionCount - 1), "targets are among the P − 1 = \(conditionCount - 1) parities")
        try TaskCheck.scale(scale)
    }

    public func validate() throws {
        try validateShape()
        let range = try alignmentRange()!
        let why = k < conditionCount - 1
            ? "c_max = √(k/(P−1)) = \(ParameterText.format(range.upperBound))"
            : (scale == 0 ? "with k = P − 1 every parity is a target and scale = 0 gives uniform weights"
                          : "with k = P − 1 every parity is a target, so c ≥ 1/√(P−1)")
        _ = try TaskCheck.alignment(c, in: range, why)
        try TaskCheck.integer(inputDimension, "N", in: (conditionCount - 1)...TaskCheck.maximumInputDimension,
                              "N ≥ P − 1 = \(conditionCount - 1)")
        try TaskCheck.noise(noise)
    }

    /// The non-empty subsets S ⊆ {0, …, d−1} (0-based bit indices), ordered by |S| then
    /// lexicographically: the parity basis.
    public static func parities(bits d: Int) -> [[Int]] {
        var result: [[Int]] = []
        func combinations(_ size: Int, from start: Int, _ prefix: [Int]) {
            if prefix.count == size { result.append(prefix); return }
            if start >= d { return }
            for i in start..<d { combinations(size, from: i + 1, prefix + [i]) }
        }
        for size in 1...max(d, 1) where d >= 1 { combinations(size, from: 0, []) }
        return result
    }

    /// h_S(x) for condition c.
    static func parity(_ s: [Int], condition c: Int, bits d: Int) -> Int {
        s.reduce(0) { $0 ^ ConditionBits.bit($1, of: c, bits: d) }
    }

    /// The weights π over the P − 1 parities (targets first), with cos(π, 1_T) = c.
    ///
    /// π is assembled from a distribution p over the k targets and q over the M = P − 1 − k
    /// non-targets: π = (w·p, (1−w)·q). scale = 0 takes p, q uniform; scale > 0 takes the two
    /// blocks of π₀ ~ Dirichlet(1/scale), each renormalised (a block with zero mass becomes
    /// uniform). With p and q fixed, cos rises monotonically with w from 0 (w = 0) to
    /// 1/(√k‖p‖) (w = 1), and w has the closed form w = ρ/(1+ρ), ρ = c·√(‖q‖²/(1/k − c²‖p‖²)).
    /// When c is beyond that reach (p too concentrated), w = 1 and p is flattened toward uniform,
    /// p ← (1−s)p + s/k with the smallest s that reaches c. The map c ↦ π is continuous, keeps
    /// the random shape of both blocks wherever it can, and reaches every c of the range:
    /// c = 0 gives π = (0, q); at scale 0 and c = c_max it gives uniform π.
    ///
    /// With k = P − 1 (no non-targets) π = p, flattened toward uniform to raise c or moved toward
    /// the vertex of its largest weight (lowest index on ties) to lower it.
    static func weights(k: Int, parities: Int, c: Double, scale: Double, using rng: inout RandomSource) -> [Double] {
        let m = parities - k
        let draw: [Double] = scale > 0 ? rng.dirichlet(alpha: 1 / scale, count: parities)
                                       : Array(repeating: 1 / Double(parities), count: parities)
        func normalised(_ block: ArraySlice<Double>) -> [Double] {
            let s = block.reduce(0, +)
            return s > 0 ? block.map { $0 / s } : Array(repeating: 1 / Double(block.count), count: block.count)
        }
        var p = normalised(draw[0..<k])
        let kd = Double(k)
        let pp = p.reduce(0) { $0 + $1 * $1 }
        let reach = 1 / (kd * pp).squareRoot()
        if m == 0 {
            if c >= reach {
                // Flatten: ‖p_s‖² = (1−s)²(‖p‖² − 1/k) + 1/k = 1/(k c²).
                let s = kd * pp - 1 > 0 ? 1 - ((1 / (c * c) - 1) / (kd * pp - 1)).squareRoot() : 0
                p = p.map { (1 - s) * $0 + s / kd }
            } else {
                // Sharpen toward the vertex j: ‖(1−s)p + s e_j‖² = 1/(k c²), a quadratic in s
                // increasing on [0, 1] (from ‖p‖² to 1).
                let j = p.indices.max { p[$0] < p[$1] || (p[$0] == p[$1] && $0 > $1) }!
                let target = 1 / (kd * c * c)
                let a = pp - 2 * p[j] + 1, b = 2 * (p[j] - pp), c0 = pp - target
                let s = min(max((-b + (b * b - 4 * a * c0).squareRoot()) / (2 * a), 0), 1)
                p = p.indices.map { (1 - s) * p[$0] + ($0 == j ? s : 0) }
            }
            return p
        }
        let q = normalised(draw[k...])
        let qq = q.reduce(0) { $0 + $1 * $1 }
        var w: Double
        if c <= 0 {
            w = 0
        } else if c < reach, 1 / kd - c * c * pp > 0 {
            let rho = c * (qq / (1 / kd - c * c * pp)).squareRoot()
            w = rho.isFinite ? rho / (1 + rho) : 1
        } else {
            w = 1
            let s = kd * pp - 1 > 0 ? max(0, 1 - ((1 / (c * c) - 1) / (kd * pp - 1)).squareRoot()) : 0
            p = p.map { (1 - s) * $0 + s / kd }
        }
        w = min(max(w, 0), 1)
        return p.map { w * $0 } + q.map { (1 - w) * $0 }
    }

    public func make() throws -> ConditionTask {
        try validate()
        let cc = try TaskCheck.alignment(c, in: try alignmentRange()!, "")
        let p = conditionCount, parityCount = p - 1
        let subsets = AlignedCube.parities(bits: d)
        var streams = TaskStreams(seed: seed)
        let pi = AlignedCube.weights(k: k, parities: parityCount, c: cc, scale: scale, using: &streams.spectrum)
        let signs = Matrix<Double>(rows: p, columns: parityCount) { cond, j in
            Double(2 * AlignedCube.parity(subsets[j], condition: cond, bits: d) - 1)
        }
        let low = Matrix<Double>(rows: p, columns: parityCount) { cond, j in pi[j].squareRoot() * signs[cond, j] }
        let means = Embedding.embed(low, dimension: inputDimension, using: &streams.embedding)
        let targets = Matrix<Double>(rows: p, columns: k) { cond, j in (signs[cond, j] + 1) / 2 }
        var parameters = parameterDictionary
        parameters["P"] = "\(p)"
        return ConditionTask(family: Self.familyName, parameters: parameters, latentBits: ConditionBits.matrix(bits: d),
                             means: means, targets: targets, noise: noise)
    }

    /// The weights π this spec uses (targets first, then the other parities in basis order).
    public func parityWeights() throws -> [Double] {
        try validate()
        let cc = try TaskCheck.alignment(c, in: try alignmentRange()!, "")
        var streams = TaskStreams(seed: seed)
        return AlignedCube.weights(k: k, parities: conditionCount - 1, c: cc, scale: scale, using: &streams.spectrum)
    }
}
