/// T2 NudgedXOR(δ, N, σ) (SPEC §2): two bits b1, b2 (condition c = 2·b1 + b2), target
/// t = b1 XOR b2, and mean x̄ = (2b1−1)u1 + (2b2−1)u2 + δ(2t−1)u3.
///
/// u1, u2, u3 are supported on their own blocks of N/3 coordinates (u1 on the first block, …),
/// each a random direction within its block (from the task stream of `seed`) scaled to norm
/// √(N/3); they are orthogonal with equal norms, so the Gram matrix of the means does not depend
/// on the seed. δ = 0: the target is a pure XOR of the inputs (not linearly separable). δ = 1:
/// the four means are equidistant. δ is the separability parameter; δ > 1 is allowed (the XOR
/// direction then dominates).
///
/// Targets default to the XOR ("0110"); `targets=` takes other dichotomies of the four
/// conditions as bit strings ("0011/0101" trains b1 and b2 — the multi-output variant).
public struct NudgedXOR: TaskFamily {
    public static let familyName = "nudged_xor"
    public static let summary = "T2: XOR of two bits with a nudge δ along the XOR direction (0: XOR, 1: equidistant)"
    public static let parameterHelp: [(name: String, meaning: String)] = [
        ("delta", "separability δ ≥ 0 (0: not linearly separable, 1: equidistant means)"),
        ("N", "input dimension, divisible by 3"),
        ("sigma", "input noise σ ≥ 0"),
        ("seed", "task-geometry seed (directions within the blocks)"),
        ("targets", "bit strings over the 4 conditions, '/' between outputs (0110 = XOR; 0011/0101 = b1, b2)"),
    ]
    public var delta: Double = 0
    /// N, divisible by 3.
    public var inputDimension: Int = 120
    public var noise: Double = 0.1
    public var seed: UInt64 = 0
    /// Targets as bit strings over the four conditions (outputs separated by '/').
    public var targets: String = NudgedXOR.xorTargets

    public static let xorTargets = "0110"

    public init() {}

    public init(delta: Double, inputDimension: Int = 120, noise: Double = 0.1, seed: UInt64 = 0, targets: String = NudgedXOR.xorTargets) {
        self.delta = delta; self.inputDimension = inputDimension; self.noise = noise; self.seed = seed; self.targets = targets
    }

    public init(parameters p: inout TaskParameters) throws {
        let def = NudgedXOR()
        delta = try p.double("delta", default: def.delta)
        inputDimension = try p.integer("N", default: def.inputDimension)
        noise = try p.double("sigma", default: def.noise)
        seed = try p.seed()
        targets = p.text("targets") ?? def.targets
    }

    public var parameterText: [(name: String, value: String)] {
        let f = ParameterText.format
        return [("delta", f(delta)), ("N", "\(inputDimension)"), ("sigma", f(noise)), ("seed", "\(seed)"), ("targets", targets)]
    }

    public func validate() throws {
        if !(delta >= 0 && delta.isFinite) {
            throw InputError(TaskParameters.location("delta"), "\(ParameterText.format(delta)) must be a finite number ≥ 0 (0: XOR, 1: equidistant)")
        }
        try TaskCheck.integer(inputDimension, "N", in: 3...TaskCheck.maximumInputDimension)
        if inputDimension % 3 != 0 {
            throw InputError(TaskParameters.location("N"), "\(inputDimension) must be divisible by 3 (three blocks of N/3 coordinates)")
        }
        try TaskCheck.noise(noise)
        _ = try TargetText.parse(targets, conditions: 4, location: TaskParameters.location("targets"))
    }

    public func make() throws -> ConditionTask {
        try validate()
        let n = inputDimension, block = n / 3
        var streams = TaskStreams(seed: seed)
        // u_i: a random direction within block i, norm √(N/3).
        var u = [[Double]](repeating: [Double](repeating: 0, count: n), count: 3)
        for i in 0..<3 {
            let g = (0..<block).map { _ in streams.means.gaussian() }
            let norm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let s = Double(block).squareRoot() / norm
            for j in 0..<block { u[i][i * block + j] = s * g[j] }
        }
        let bits = ConditionBits.matrix(bits: 2)
        let means = Matrix<Double>(rows: 4, columns: n) { c, j in
            let b1 = bits[c, 0], b2 = bits[c, 1]
            let t = Double(Int(b1) ^ Int(b2))
            return (2 * b1 - 1) * u[0][j] + (2 * b2 - 1) * u[1][j] + delta * (2 * t - 1) * u[2][j]
        }
        let y = try TargetText.parse(targets, conditions: 4, location: TaskParameters.location("targets"))
        return ConditionTask(family: Self.familyName, parameters: parameterDictionary, latentBits: bits,
                             means: means, targets: y, noise: noise)
    }
}
