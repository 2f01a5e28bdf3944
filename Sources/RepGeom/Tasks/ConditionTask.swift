/// A classification task over P discrete conditions: what every task family (SPEC §2) builds.
///
/// Condition c has the noise-free input mean `means.row(c)` ∈ R^N and target `targets.row(c)` ∈
/// {0,1}^k. A sample is x = x̄_c + σ·ε with ε ~ N(0, I_N), its condition drawn uniformly.
public struct ConditionTask: Sendable, Equatable {
    /// Family name, e.g. "aligned_cube".
    public var family: String
    /// The family's resolved parameters, for summaries and records (name → value as text).
    public var parameters: [String: String]
    /// P×d latent bits in {0,1}, when the family defines them.
    public var latentBits: Matrix<Double>?
    /// P×N noise-free condition means x̄_c.
    public var means: Matrix<Double>
    /// P×k targets in {0,1}.
    public var targets: Matrix<Double>
    /// Input noise σ of the sampler.
    public var noise: Double

    public init(family: String, parameters: [String: String], latentBits: Matrix<Double>?,
                means: Matrix<Double>, targets: Matrix<Double>, noise: Double) {
        precondition(means.rows == targets.rows, "means and targets must have one row per condition")
        self.family = family
        self.parameters = parameters
        self.latentBits = latentBits
        self.means = means
        self.targets = targets
        self.noise = noise
    }

    /// Number of conditions P.
    public var conditionCount: Int { means.rows }
    /// Input dimension N.
    public var inputDimension: Int { means.columns }
    /// Number of target outputs k.
    public var outputCount: Int { targets.columns }
}

/// Noisy samples with their condition indices (rows are samples).
public struct Dataset<Scalar: BLASScalar>: Sendable, Equatable {
    /// n×N inputs.
    public var inputs: Matrix<Scalar>
    /// n×k targets ({0,1} for binary outputs; one-hot or class index columns for class targets).
    public var targets: Matrix<Scalar>
    /// The condition (or class) of each sample.
    public var conditions: [Int]

    public init(inputs: Matrix<Scalar>, targets: Matrix<Scalar>, conditions: [Int]) {
        precondition(inputs.rows == targets.rows && inputs.rows == conditions.count, "dataset row counts differ")
        self.inputs = inputs
        self.targets = targets
        self.conditions = conditions
    }

    public var count: Int { inputs.rows }
}

extension ConditionTask {
    /// `count` noisy samples; conditions drawn uniformly, noise σ = `noise` unless overridden.
    /// Deterministic given the generator state.
    public func sample<S: BLASScalar>(count: Int, noise sigma: Double? = nil, using rng: inout RandomSource,
                                      as: S.Type = S.self) -> Dataset<S> {
        let s = sigma ?? noise
        let n = inputDimension, k = outputCount
        var x = [S](); x.reserveCapacity(count * n)
        var y = [S](); y.reserveCapacity(count * k)
        var cond = [Int](); cond.reserveCapacity(count)
        for _ in 0..<count {
            let c = rng.int(below: conditionCount)
            cond.append(c)
            for j in 0..<n { x.append(S(means[c, j] + s * rng.gaussian())) }
            for j in 0..<k { y.append(S(targets[c, j])) }
        }
        return Dataset(inputs: Matrix(rows: count, columns: n, elements: x),
                       targets: Matrix(rows: count, columns: k, elements: y), conditions: cond)
    }

    /// The noise-free means as a dataset (one sample per condition, in condition order).
    public func meanDataset<S: BLASScalar>(as: S.Type = S.self) -> Dataset<S> {
        Dataset(inputs: means.converted(), targets: targets.converted(), conditions: Array(0..<conditionCount))
    }
}
