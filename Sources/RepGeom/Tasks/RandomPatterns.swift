/// T1 RandomPatterns(P, N, σ, centered) (SPEC §2): P means drawn i.i.d. N(0, I_N) from the task
/// stream of `seed` (not embedded), optionally centred across conditions.
///
/// Targets are dichotomies given as bit strings (`targets=0011`, outputs separated by '/'). The
/// default is one output splitting the first ⌈P/2⌉ conditions from the rest — {0,1} vs {2,3} for
/// P = 4; the two-output variant of the study is `targets=0011/0101` ({0,1}|{2,3} and
/// {0,2}|{1,3}). When P is a power of two the latent bits are the binary digits of the condition
/// index (`ConditionBits`), so the default target is the first latent bit.
public struct RandomPatterns: TaskFamily {
    public static let familyName = "random_patterns"
    public static let summary = "T1: P i.i.d. Gaussian patterns with given target dichotomies"
    public static let parameterHelp: [(name: String, meaning: String)] = [
        ("P", "conditions, 2…1024"),
        ("N", "input dimension"),
        ("sigma", "input noise σ ≥ 0"),
        ("centered", "subtract the mean pattern (true/false)"),
        ("seed", "task-geometry seed (the patterns)"),
        ("targets", "bit strings over the P conditions, '/' between outputs (default: first ⌈P/2⌉ vs rest; 0011/0101 two outputs)"),
    ]
    public var conditionCount: Int = 4
    public var inputDimension: Int = 200
    public var noise: Double = 0.5
    public var centered: Bool = false
    public var seed: UInt64 = 0
    /// Targets as bit strings; nil = the default split.
    public var targets: String? = nil

    public init() {}

    public init(conditionCount: Int = 4, inputDimension: Int = 200, noise: Double = 0.5, centered: Bool = false,
                seed: UInt64 = 0, targets: String? = nil) {
        self.conditionCount = conditionCount; self.inputDimension = inputDimension; self.noise = noise
        self.centered = centered; self.seed = seed; self.targets = targets
    }

    public init(parameters p: inout TaskParameters) throws {
        let def = RandomPatterns()
        conditionCount = try p.integer("P", default: def.conditionCount)
        inputDimension = try p.integer("N", default: def.inputDimension)
        noise = try p.double("sigma", default: def.noise)
        centered = try p.bool("centered", default: def.centered)
        seed = try p.seed()
        targets = p.text("targets")
    }

    /// The default targets: condition c is labelled 1 when c ≥ ⌈P/2⌉.
    public static func defaultTargets(conditions p: Int) -> String {
        String((0..<p).map { $0 >= (p + 1) / 2 ? Character("1") : Character("0") })
    }

    /// The targets in effect (the default made explicit).
    public var resolvedTargets: String { targets ?? RandomPatterns.defaultTargets(conditions: conditionCount) }

    public var parameterText: [(name: String, value: String)] {
        [("P", "\(conditionCount)"), ("N", "\(inputDimension)"), ("sigma", ParameterText.format(noise)),
         ("centered", "\(centered)"), ("seed", "\(seed)"), ("targets", resolvedTargets)]
    }

    public func validate() throws {
        try TaskCheck.integer(conditionCount, "P", in: 2...TaskCheck.maximumConditions)
        try TaskCheck.integer(inputDimension, "N", in: 1...TaskCheck.maximumInputDimension)
        try TaskCheck.noise(noise)
        _ = try TargetText.parse(resolvedTargets, conditions: conditionCount, location: TaskParameters.location("targets"))
    }

    public func make() throws -> ConditionTask {
        try validate()
        var streams = TaskStreams(seed: seed)
        var means: Matrix<Double> = streams.means.gaussianMatrix(rows: conditionCount, columns: inputDimension)
        if centered { means = means.columnCentered }
        let y = try TargetText.parse(resolvedTargets, conditions: conditionCount, location: TaskParameters.location("targets"))
        let bits = ConditionBits.bitCount(conditions: conditionCount).map { ConditionBits.matrix(bits: $0) }
        return ConditionTask(family: Self.familyName, parameters: parameterDictionary, latentBits: bits,
                             means: means, targets: y, noise: noise)
    }
}

extension RandomPatterns {
    /// Equal when they build the same task: absent targets equal the explicit default.
    public static func == (a: RandomPatterns, b: RandomPatterns) -> Bool {
        a.conditionCount == b.conditionCount && a.inputDimension == b.inputDimension && a.noise == b.noise
            && a.centered == b.centered && a.seed == b.seed && a.resolvedTargets == b.resolvedTargets
    }

    public func hash(into h: inout Hasher) {
        h.combine(conditionCount); h.combine(inputDimension); h.combine(noise)
        h.combine(centered); h.combine(seed); h.combine(resolvedTargets)
    }
}
