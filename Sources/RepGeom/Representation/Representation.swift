/// The hidden representation of a task in a network, per hidden layer, in Double for measures.
///
/// The *condition representation* z̄_c is the activity for the noise-free mean input x̄_c
/// (SPEC §1) unless `ConditionMode.meanOfNoisy` asks for the mean activity over noisy samples.
/// *Sample representations* are fresh noisy samples (reference test noise σ = 0.5) passed through
/// the network, used for CCGP and decoding.
public struct Representation: Sendable {
    public enum ConditionMode: String, Sendable, Codable, CaseIterable {
        /// z̄_c = f(x̄_c) layer by layer (reference).
        case noiseFree = "noise_free"
        /// z̄_c = mean of the activities of the noisy samples of condition c.
        case meanOfNoisy = "mean_of_noisy"
    }

    /// Per hidden layer: P × width condition representations.
    public var conditionMeans: [Matrix<Double>]
    /// Per hidden layer: n × width activities of noisy samples (empty when none were drawn).
    public var samples: [Matrix<Double>]
    /// The condition of each sample row.
    public var sampleConditions: [Int]
    /// The noisy inputs the samples came from (n × N), for sample-level input alignment.
    public var sampleInputs: Matrix<Double>?

    public var layerCount: Int { conditionMeans.count }

    /// Extracts the representation of `task` in `network`.
    ///
    /// - Parameters:
    ///   - samplesPerCondition: noisy samples drawn per condition (0: none).
    ///   - sampleNoise: σ of those samples (reference 0.5).
    ///   - rng: the measure stream; the draw is deterministic given its state.
    public static func extract<S: BLASScalar>(
        network: Network<S>, task: ConditionTask, samplesPerCondition: Int = 0, sampleNoise: Double = 0.5,
        mode: ConditionMode = .noiseFree, using rng: inout RandomSource
    ) -> Representation {
        let meanActs = network.hiddenActivities(task.means.converted(to: S.self)).map { $0.converted(to: Double.self) }
        guard samplesPerCondition > 0 else {
            precondition(mode == .noiseFree, "mean_of_noisy needs samples")
            return Representation(conditionMeans: meanActs, samples: [], sampleConditions: [], sampleInputs: nil)
        }
        // A balanced sample: exactly `samplesPerCondition` per condition, conditions in order.
        let p = task.conditionCount, n = task.inputDimension
        var x = Matrix<Double>(rows: p * samplesPerCondition, columns: n)
        var cond = [Int]()
        cond.reserveCapacity(p * samplesPerCondition)
        for c in 0..<p {
            for s in 0..<samplesPerCondition {
                let r = c * samplesPerCondition + s
                for j in 0..<n { x[r, j] = task.means[c, j] + sampleNoise * rng.gaussian() }
                cond.append(c)
            }
        }
        let acts = network.hiddenActivities(x.converted(to: S.self)).map { $0.converted(to: Double.self) }
        let conditionMeans: [Matrix<Double>]
        switch mode {
        case .noiseFree: conditionMeans = meanActs
        case .meanOfNoisy: conditionMeans = acts.map { Representation.conditionAverages($0, conditions: cond, count: p) }
        }
        return Representation(conditionMeans: conditionMeans, samples: acts, sampleConditions: cond, sampleInputs: x)
    }

    /// Mean row per condition (P × columns); a condition with no rows gets zeros.
    public static func conditionAverages(_ m: Matrix<Double>, conditions: [Int], count p: Int) -> Matrix<Double> {
        precondition(conditions.count == m.rows)
        var sums = Matrix<Double>(rows: p, columns: m.columns)
        var counts = [Int](repeating: 0, count: p)
        for (r, c) in conditions.enumerated() {
            counts[c] += 1
            for j in 0..<m.columns { sums[c, j] += m[r, j] }
        }
        for c in 0..<p where counts[c] > 0 { for j in 0..<m.columns { sums[c, j] /= Double(counts[c]) } }
        return sums
    }
}
