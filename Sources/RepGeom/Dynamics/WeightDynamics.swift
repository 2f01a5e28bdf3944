/// The weight-space analysis of one shallow network on one task (SPEC §5): every hidden unit's
/// axes, and from them expected-gradient fields, trajectories, displacement shares and
/// selectivity. Built from the network *before* training (its frozen readout defines the axes);
/// any later snapshot of the same run can then be analysed.
///
/// Typical use (the E2 experiment):
///
///     let dynamics = try WeightDynamics(task: task, network: initial)
///     let paths = try dynamics.trajectories(result.snapshots)
///     let summary = try dynamics.summary(initial: initial, final: result.network)
///     let field = dynamics.expectedGradient(unit: 0).restricted(to: dynamics.axes[0]).field(on: grid)
public struct WeightDynamics: Sendable, Equatable, Codable {
    /// P×N condition means.
    public var means: Matrix<Double>
    /// P×k targets.
    public var targets: Matrix<Double>
    /// Input noise σ used by the expected-gradient fields.
    public var noise: Double
    public var activation: Activation
    /// The frozen readout J (k × N_h).
    public var readout: Matrix<Double>
    /// Hidden biases b (held fixed by the fields).
    public var biases: [Double]
    /// Axes of every unit whose axes are defined, in unit order.
    public var axes: [UnitAxes]
    /// Units without axes, with the reason (see `UnitAxes.init`).
    public var skippedUnits: [SkippedUnit]

    public struct SkippedUnit: Sendable, Equatable, Codable {
        public var unit: Int
        public var reason: String
    }

    /// - Parameters:
    ///   - noise: σ for the fields; the task's training noise by default.
    /// - Throws: `InputError` when the network is not a one-hidden-layer network matching the task.
    public init<S: BLASScalar>(task: ConditionTask, network: Network<S>, noise: Double? = nil) throws {
        try WeightDynamics.check(network, task: task, location: "network")
        let sigma = noise ?? task.noise
        guard sigma >= 0, sigma.isFinite else { throw InputError("noise", "must be a finite σ ≥ 0, got \(sigma)") }
        self.means = task.means
        self.targets = task.targets
        self.noise = sigma
        self.activation = network.activation
        self.readout = network.readout.weights.converted()
        self.biases = network.hidden[0].bias.map { Double($0) }
        let labels = ExpectedGradient.centredLabels(task.targets)
        var axes: [UnitAxes] = [], skipped: [SkippedUnit] = []
        for i in 0..<readout.columns {
            do {
                axes.append(try UnitAxes(unit: i, means: task.means, centredLabels: labels, readout: readout.column(i)))
            } catch let error as InputError {
                skipped.append(SkippedUnit(unit: i, reason: error.message))
            }
        }
        self.axes = axes
        self.skippedUnits = skipped
    }

    public var unitCount: Int { readout.columns }

    /// The axes of unit `unit`, or nil when it was skipped.
    public func axes(unit: Int) -> UnitAxes? { axes.first { $0.unit == unit } }

    /// The expected-gradient field of unit `unit` with the centred-label output error (SPEC §5).
    public func expectedGradient(unit: Int, includesNoiseTerm: Bool = true) -> ExpectedGradient {
        precondition(unit >= 0 && unit < unitCount, "unit \(unit) outside 0..<\(unitCount)")
        return ExpectedGradient(means: means, targets: targets, readout: readout.column(unit), bias: biases[unit],
                                noise: noise, activation: activation, outputError: .centredLabels,
                                includesNoiseTerm: includesNoiseTerm)
    }

    /// The expected-gradient field of unit `unit` with the output error of `network` (the other
    /// units frozen at their values in `network`; `OutputError.network`).
    public func expectedGradient<S: BLASScalar>(unit: Int, at network: Network<S>, loss: Loss = .bce,
                                                includesNoiseTerm: Bool = true) throws -> ExpectedGradient {
        try check(network, location: "network")
        precondition(unit >= 0 && unit < unitCount, "unit \(unit) outside 0..<\(unitCount)")
        let p = means.rows, k = targets.columns, n = means.columns
        let w = network.hidden[0].weights.converted(to: Double.self)
        let b = network.hidden[0].bias.map { Double($0) }
        let b2 = network.readout.bias.map { Double($0) }
        var others = Matrix<Double>(rows: p, columns: k)
        for c in 0..<p {
            for o in 0..<k { others[c, o] = b2[o] }
            for i in 0..<unitCount where i != unit {
                var u = b[i]
                for j in 0..<n { u += w[i, j] * means[c, j] }
                let z = activation.value(u)
                for o in 0..<k { others[c, o] += readout[o, i] * z }
            }
        }
        return ExpectedGradient(means: means, targets: targets, readout: readout.column(unit), bias: b[unit],
                                noise: noise, activation: activation,
                                outputError: .network(otherLogits: others, loss: loss), includesNoiseTerm: includesNoiseTerm)
    }

    /// Every analysed unit's weights at each snapshot, projected on its axes (snapshots in the
    /// order given, e.g. `TrainingResult.snapshots`).
    /// - Throws: `InputError` naming the snapshot when its shape or readout differs from the
    ///   analysed network's (the axes assume a frozen readout).
    public func trajectories<S: BLASScalar>(_ snapshots: [(epoch: Int, network: Network<S>)]) throws -> [UnitTrajectory] {
        var result = axes.map { UnitTrajectory(unit: $0.unit, epochs: [], points: []) }
        for snapshot in snapshots {
            try check(snapshot.network, location: "snapshot at epoch \(snapshot.epoch)")
            let w = snapshot.network.hidden[0].weights.converted(to: Double.self)
            for (k, ax) in axes.enumerated() {
                result[k].epochs.append(snapshot.epoch)
                result[k].points.append(ax.coordinates(of: w.row(ax.unit)))
            }
        }
        return result
    }

    /// Each analysed unit's weight displacement between two networks of the same run, on its axes.
    public func displacements<S: BLASScalar>(from initial: Network<S>, to final: Network<S>) throws -> [UnitDisplacement] {
        try check(initial, location: "initial network")
        try check(final, location: "final network")
        let w0 = initial.hidden[0].weights.converted(to: Double.self), w1 = final.hidden[0].weights.converted(to: Double.self)
        return axes.map { ax in
            let d = (0..<means.columns).map { w1[ax.unit, $0] - w0[ax.unit, $0] }
            return UnitDisplacement(unit: ax.unit, inter: DynamicsMath.dot(d, ax.inter), intra: DynamicsMath.dot(d, ax.intra),
                                    norm: DynamicsMath.dot(d, d).squareRoot())
        }
    }

    /// Each analysed unit's selectivity in `network`, from its responses f(w·x̄_c + b) to the
    /// noise-free condition means.
    public func selectivity<S: BLASScalar>(of network: Network<S>, criterion: SelectivityCriterion = .init()) throws -> [UnitSelectivity] {
        try check(network, location: "network")
        let w = network.hidden[0].weights.converted(to: Double.self)
        let b = network.hidden[0].bias.map { Double($0) }
        return axes.map { ax in
            let r = (0..<means.rows).map { c in
                activation.value((0..<means.columns).reduce(b[ax.unit]) { $0 + w[ax.unit, $1] * means[c, $1] })
            }
            return UnitSelectivity(unit: ax.unit, responses: r, signs: ax.signs, criterion: criterion)
        }
    }

    /// The per-network summary numbers (docs/dynamics.md §4).
    public func summary<S: BLASScalar>(initial: Network<S>, final: Network<S>,
                                       criterion: SelectivityCriterion = .init()) throws -> NetworkDynamicsSummary {
        NetworkDynamicsSummary(unitCount: unitCount, displacements: try displacements(from: initial, to: final),
                               selectivity: try selectivity(of: final, criterion: criterion), criterion: criterion)
    }

    // MARK: Checks

    static func check<S: BLASScalar>(_ network: Network<S>, task: ConditionTask, location: String) throws {
        guard network.hidden.count == 1 else {
            throw InputError(location, "the weight-space analysis needs a network with one hidden layer, got \(network.hidden.count)")
        }
        guard network.inputCount == task.inputDimension else {
            throw InputError(location, "has \(network.inputCount) inputs but the task has dimension \(task.inputDimension)")
        }
        guard network.outputCount == task.outputCount else {
            throw InputError(location, "has \(network.outputCount) outputs but the task has \(task.outputCount) targets")
        }
    }

    func check<S: BLASScalar>(_ network: Network<S>, location: String) throws {
        guard network.hidden.count == 1, network.inputCount == means.columns, network.outputCount == targets.columns,
              network.widths[0] == unitCount else {
            throw InputError(location, "shape \(network.inputCount) → \(network.widths) → \(network.outputCount) differs from the analysed network's \(means.columns) → [\(unitCount)] → \(targets.columns)")
        }
        guard network.readout.weights.converted(to: Double.self) == readout else {
            throw InputError(location, "its readout J differs from the analysed network's; the axes assume a frozen readout")
        }
    }
}

/// One unit's weights over training, on its axes.
public struct UnitTrajectory: Sendable, Equatable, Codable {
    public var unit: Int
    public var epochs: [Int]
    public var points: [PlanePoint]
}
