import Foundation

/// The centred linear kernel alignment of a task's inputs and targets (Cortes, Mohri &
/// Rostamizadeh 2012): A(Kx, Ky) = ⟨HKxH, HKyH⟩_F / (‖HKxH‖_F ‖HKyH‖_F) over conditions, with
/// Kx = X̄X̄ᵀ from the noise-free means and Ky = (2Y−1)(2Y−1)ᵀ from the targets (SPEC §1).
/// Invariant to rotations and to scaling of either representation; NaN when either centred
/// kernel is zero (e.g. all means equal).
extension ConditionTask {
    public var inputTargetAlignment: Double {
        let kx = means.gram.doubleCentered
        let ky = targets.map { 2 * $0 - 1 }.gram.doubleCentered
        let denominator = kx.frobeniusNorm * ky.frobeniusNorm
        return denominator > 0 ? Matrix.frobeniusDot(kx, ky) / denominator : .nan
    }
}

/// What `repgeom task show` prints: the task's size, its alignment (requested and measured from
/// the means and targets) and its targets.
public struct TaskSummary: Sendable, Codable, Equatable {
    /// Canonical spec text.
    public var spec: String
    public var family: String
    /// P.
    public var conditions: Int
    /// N.
    public var inputs: Int
    /// k.
    public var outputs: Int
    /// σ.
    public var noise: Double
    /// The requested c (T3, T4).
    public var c: Double?
    /// The largest allowed c (T3, T4).
    public var cMax: Double?
    /// The smallest allowed c (0 except T3 with k = P − 1).
    public var cMin: Double?
    /// A(Kx, Ky) computed from the means and targets.
    public var alignment: Double
    /// Targets as bit strings, one per output (character c = condition c).
    public var targets: [String]
    /// Latent bits as bit strings, one per bit, when defined.
    public var latentBits: [String]?
    /// Smallest and largest norm of a condition mean.
    public var meanNormRange: [Double]
    /// Smallest and largest distance between two condition means.
    public var meanDistanceRange: [Double]

    enum CodingKeys: String, CodingKey {
        case spec, family, conditions, inputs, outputs, noise, c, cMax = "c_max", cMin = "c_min", alignment, targets
        case latentBits = "latent_bits", meanNormRange = "mean_norm_range", meanDistanceRange = "mean_distance_range"
    }
}

extension TaskSpec {
    /// Builds the task and summarises it.
    public func summary() throws -> TaskSummary {
        let task = try make()
        return try TaskSummary(spec: self, task: task)
    }
}

extension TaskSummary {
    public init(spec: TaskSpec, task: ConditionTask) throws {
        let range = try spec.alignmentRange()
        let p = task.conditionCount
        var norms: [Double] = [], distances: [Double] = []
        for a in 0..<p {
            let ra = task.means.row(a)
            norms.append(ra.reduce(0) { $0 + $1 * $1 }.squareRoot())
            for b in (a + 1)..<p {
                let rb = task.means.row(b)
                distances.append(zip(ra, rb).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot())
            }
        }
        func bitStrings(_ m: Matrix<Double>) -> [String] {
            (0..<m.columns).map { j in String((0..<m.rows).map { m[$0, j] > 0.5 ? Character("1") : Character("0") }) }
        }
        self.init(spec: spec.text, family: spec.family, conditions: p, inputs: task.inputDimension,
                  outputs: task.outputCount, noise: task.noise, c: spec.requestedAlignment, cMax: range?.upperBound,
                  cMin: range?.lowerBound, alignment: task.inputTargetAlignment, targets: bitStrings(task.targets),
                  latentBits: task.latentBits.map(bitStrings),
                  meanNormRange: [norms.min() ?? 0, norms.max() ?? 0],
                  meanDistanceRange: [distances.min() ?? 0, distances.max() ?? 0])
    }

    /// Human-readable lines.
    public var text: String {
        func f(_ x: Double) -> String { String(format: "%.6g", x) }
        var lines = [
            "task        \(spec)",
            "conditions  P = \(conditions)",
            "inputs      N = \(inputs)",
            "outputs     k = \(outputs)",
            "noise       σ = \(f(noise))",
        ]
        if let c { lines.append("c           \(f(c))  (allowed \(f(cMin ?? 0))…\(f(cMax ?? 0)))") }
        lines.append("alignment   A(Kx, Ky) = \(f(alignment))  (centred linear kernel alignment of means and targets)")
        lines.append("mean norms  \(f(meanNormRange[0]))…\(f(meanNormRange[1]));  distances \(f(meanDistanceRange[0]))…\(f(meanDistanceRange[1]))")
        for (j, t) in targets.enumerated() { lines.append("target \(j + 1)    \(t)") }
        if let bits = latentBits { for (i, b) in bits.enumerated() { lines.append("bit \(i + 1)       \(b)") } }
        lines.append("(bit strings: character c is condition c)")
        return lines.joined(separator: "\n")
    }
}
