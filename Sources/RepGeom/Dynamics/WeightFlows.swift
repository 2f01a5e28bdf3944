/// How long and how finely a gradient flow dw/dt = G(w) is integrated (RK4, fixed step).
///
/// Time is in the units of G = −∇L: SGD with learning rate η covers time η per step, so a flow
/// of duration η·(steps per epoch)·epochs corresponds to that much training (in expectation and
/// while the chosen `OutputError` model holds).
public struct FlowSchedule: Sendable, Equatable, Codable {
    public var duration: Double
    public var steps: Int
    /// Record every k-th step (plus the start and the end).
    public var recordEvery: Int

    public init(duration: Double, steps: Int, recordEvery: Int = 1) {
        precondition(duration > 0 && duration.isFinite, "flow duration must be positive and finite")
        precondition(steps >= 1 && recordEvery >= 1, "flow needs steps ≥ 1 and recordEvery ≥ 1")
        self.duration = duration
        self.steps = steps
        self.recordEvery = recordEvery
    }
}

/// One integrated flow line, seen in a unit's (inter, intra) plane.
public struct FlowLine: Sendable, Equatable, Codable {
    /// Flow time of each recorded point (0 first).
    public var times: [Double]
    /// The weight's coordinates at those times (`residual` = norm off the plane; 0 for in-plane
    /// flows, where the fixed off-plane norm is `PlaneGradient.orthogonalNorm`).
    public var points: [PlanePoint]
}

extension PlaneGradient {
    /// The flow of the in-plane field from (p₀, q₀).
    public func flow(from start: PlanePoint, schedule: FlowSchedule) -> FlowLine {
        let (times, states) = RungeKutta4.integrate(
            from: [start.inter, start.intra], duration: schedule.duration, steps: schedule.steps,
            recordEvery: schedule.recordEvery
        ) { _, y, dy in
            let g = self(inter: y[0], intra: y[1])
            dy[0] = g.inter; dy[1] = g.intra
        }
        return FlowLine(times: times, points: states.map { PlanePoint(inter: $0[0], intra: $0[1], residual: 0) })
    }

    /// `count` in-plane flows from starting points drawn uniformly over `box` (inter first, then
    /// intra, per flow), deterministic given `rng`.
    public func flows(count: Int, startingIn box: PlaneGrid, schedule: FlowSchedule,
                      using rng: inout RandomSource) -> [FlowLine] {
        (0..<count).map { _ in
            let p = rng.uniform(box.inter.lowerBound, box.inter.upperBound)
            let q = rng.uniform(box.intra.lowerBound, box.intra.upperBound)
            return flow(from: PlanePoint(inter: p, intra: q), schedule: schedule)
        }
    }
}

extension ExpectedGradient {
    /// The flow of the full N-dimensional field from w₀, projected on `axes` at each recorded time.
    public func flow(from w0: [Double], axes: UnitAxes, schedule: FlowSchedule) -> FlowLine {
        precondition(w0.count == inputDimension, "flow: initial weight length \(w0.count), expected \(inputDimension)")
        let (times, states) = RungeKutta4.integrate(
            from: w0, duration: schedule.duration, steps: schedule.steps, recordEvery: schedule.recordEvery
        ) { _, w, dw in gradient(at: w, into: &dw) }
        return FlowLine(times: times, points: states.map { axes.coordinates(of: $0) })
    }

    /// `count` full-space flows from initial weights drawn like a network's input weights
    /// (`NetworkSpec.WeightInit` with fan-in N: N(0, 1/N) or Uniform(−1, 1)/√N), one vector per
    /// flow in order, deterministic given `rng`.
    public func flows(count: Int, initialisation: NetworkSpec.WeightInit, axes: UnitAxes, schedule: FlowSchedule,
                      using rng: inout RandomSource) -> [FlowLine] {
        let n = inputDimension, scale = 1 / Double(n).squareRoot()
        return (0..<count).map { _ in
            let w0: [Double] = switch initialisation {
            case .gaussian: (0..<n).map { _ in scale * rng.gaussian() }
            case .uniform: (0..<n).map { _ in rng.uniform(-scale, scale) }
            }
            return flow(from: w0, axes: axes, schedule: schedule)
        }
    }
}
