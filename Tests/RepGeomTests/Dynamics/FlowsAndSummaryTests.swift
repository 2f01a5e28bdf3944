import XCTest
@testable import RepGeom

final class FlowsAndSummaryTests: XCTestCase {
    /// A task whose four means lie in a 2-D subspace, so a unit's plane contains every mean.
    func planarTask(n: Int) -> ConditionTask {
        var rng = RandomSource(seed: 13, stream: .task)
        let basis = rng.orthogonalMatrix(n)
        let coords: [[Double]] = [[3, 1], [1, 3], [-3, -1.5], [-1, -3]]
        let means = Matrix<Double>(rows: 4, columns: n) { c, j in coords[c][0] * basis[j, 0] + coords[c][1] * basis[j, 1] }
        return ConditionTask(family: "planar", parameters: [:], latentBits: nil, means: means,
                             targets: Matrix([[0], [0], [1], [1]]), noise: 0.5)
    }

    /// When the means span the plane and the radial term is off, the full N-D flow from
    /// p·e₁ + q·e₂ + r·n stays at distance r from the plane and its projection is the in-plane flow.
    func testFullSpaceFlowProjectsOntoThePlaneFlow() throws {
        let n = 9
        let task = planarTask(n: n)
        var spec = NetworkSpec(); spec.hiddenWidths = [2]; spec.activation = .relu; spec.biasInit = .zero
        let net = Network<Double>(spec: spec, inputs: n, outputs: 1, seed: 5)
        let dynamics = try WeightDynamics(task: task, network: net)
        let axes = dynamics.axes[0]
        let model = dynamics.expectedGradient(unit: 0, includesNoiseTerm: false)
        var off = net.hidden[0].weights.row(1)
        DynamicsMath.removeComponent(&off, along: axes.inter); DynamicsMath.removeComponent(&off, along: axes.intra)
        _ = DynamicsMath.normalise(&off)
        let (p, q, r) = (0.1, -0.2, 0.4)
        let w0 = (0..<n).map { p * axes.inter[$0] + q * axes.intra[$0] + r * off[$0] }
        let schedule = FlowSchedule(duration: 6, steps: 300, recordEvery: 50)
        let full = model.flow(from: w0, axes: axes, schedule: schedule)
        let plane = model.restricted(to: axes, orthogonalNorm: r).flow(from: PlanePoint(inter: p, intra: q), schedule: schedule)
        XCTAssertEqual(full.times, plane.times)
        XCTAssertEqual(full.times.count, 7)
        for k in full.points.indices {
            XCTAssertEqual(full.points[k].inter, plane.points[k].inter, accuracy: 1e-12)
            XCTAssertEqual(full.points[k].intra, plane.points[k].intra, accuracy: 1e-12)
            XCTAssertEqual(full.points[k].residual, r, accuracy: 1e-7)
        }
        // The flow moved, and along the field: over a short time Δw ≈ G·t.
        XCTAssertGreaterThan(Swift.abs(full.points.last!.inter - p) + Swift.abs(full.points.last!.intra - q), 0.05)
        let g = model.restricted(to: axes, orthogonalNorm: r)(inter: p, intra: q)
        let short = model.restricted(to: axes, orthogonalNorm: r).flow(from: PlanePoint(inter: p, intra: q),
                                                                       schedule: FlowSchedule(duration: 1e-4, steps: 1))
        XCTAssertEqual((short.points[1].inter - p) / 1e-4, g.inter, accuracy: 1e-3 * Swift.abs(g.inter) + 1e-9)
        XCTAssertEqual((short.points[1].intra - q) / 1e-4, g.intra, accuracy: 1e-3 * Swift.abs(g.intra) + 1e-9)
    }

    func testRandomFlowsAreDeterministicGivenTheSeed() throws {
        let task = ExpectedGradientTests.fourPointTask(n: 20, noise: 0.5, seed: 1)
        var spec = NetworkSpec(); spec.hiddenWidths = [2]; spec.activation = .tanh
        let dynamics = try WeightDynamics(task: task, network: Network<Double>(spec: spec, inputs: 20, outputs: 1, seed: 2))
        let model = dynamics.expectedGradient(unit: 0), axes = dynamics.axes[0]
        let schedule = FlowSchedule(duration: 2, steps: 20, recordEvery: 10)
        var a = RandomSource(seed: 9, stream: .measures), b = RandomSource(seed: 9, stream: .measures)
        let fa = model.flows(count: 3, initialisation: .uniform, axes: axes, schedule: schedule, using: &a)
        let fb = model.flows(count: 3, initialisation: .uniform, axes: axes, schedule: schedule, using: &b)
        XCTAssertEqual(fa, fb)
        XCTAssertNotEqual(fa[0], fa[1])
        // Uniform(−1, 1)/√N initial weights: |w_j| ≤ 1/√N, so the start lies within the box.
        let box = PlaneGrid(inter: -1...1, intra: -1...1)
        let pa = model.restricted(to: axes).flows(count: 4, startingIn: box, schedule: schedule, using: &a)
        XCTAssertTrue(pa.allSatisfy { box.inter.contains($0.points[0].inter) && box.intra.contains($0.points[0].intra) })
        XCTAssertTrue(fa.allSatisfy { $0.points[0].inter * $0.points[0].inter + $0.points[0].residual * $0.points[0].residual <= 1.0001 })
    }

    /// Displacements, shares and trajectories on networks built from known axis coordinates.
    func testDisplacementSharesAndTrajectoriesOnConstructedNetworks() throws {
        let n = 16
        let task = ExpectedGradientTests.fourPointTask(n: n, noise: 0.5, seed: 6)
        var spec = NetworkSpec(); spec.hiddenWidths = [3]; spec.readoutInit = .balancedBinary; spec.activation = .relu
        let initial = Network<Double>(spec: spec, inputs: n, outputs: 1, seed: 8)
        let dynamics = try WeightDynamics(task: task, network: initial)
        XCTAssertEqual(dynamics.axes.count, 3)
        // Unit i moves by α_i e_inter + β_i e_intra + γ_i·(a direction off the plane).
        let moves: [(Double, Double, Double)] = [(3, -1, 0), (0.5, 2, 1), (0, 0, 0)]
        var final = initial
        for (k, ax) in dynamics.axes.enumerated() {
            var off = task.means.row(0).map { -$0 }
            DynamicsMath.removeComponent(&off, along: ax.inter); DynamicsMath.removeComponent(&off, along: ax.intra)
            _ = DynamicsMath.normalise(&off)
            let (a, b, c) = moves[k]
            for j in 0..<n { final.hidden[0].weights[ax.unit, j] += a * ax.inter[j] + b * ax.intra[j] + c * off[j] }
        }
        let d = try dynamics.displacements(from: initial, to: final)
        XCTAssertEqual(d[0].intraShare!, 0.25, accuracy: 1e-12)            // |−1|/(3 + 1)
        XCTAssertEqual(d[0].squaredIntraShare!, 0.1, accuracy: 1e-12)      // 1/(9 + 1)
        XCTAssertEqual(d[0].planeFraction!, 1, accuracy: 1e-12)
        XCTAssertEqual(d[1].intraShare!, 0.8, accuracy: 1e-12)
        XCTAssertEqual(d[1].planeFraction!, 4.25 / 5.25, accuracy: 1e-12)
        XCTAssertNil(d[2].intraShare)                                       // did not move
        let summary = try dynamics.summary(initial: initial, final: final)
        XCTAssertEqual(summary.intraShare.count, 2)
        XCTAssertEqual(summary.intraShare.mean!, 0.525, accuracy: 1e-12)
        XCTAssertEqual(summary.analysedUnits, 3)
        // Trajectories are the projections of each snapshot.
        let paths = try dynamics.trajectories([(epoch: 0, network: initial), (epoch: 7, network: final)])
        XCTAssertEqual(paths.map(\.unit), [0, 1, 2])
        for (k, path) in paths.enumerated() {
            XCTAssertEqual(path.epochs, [0, 7])
            XCTAssertEqual(path.points[1].inter - path.points[0].inter, moves[k].0, accuracy: 1e-12)
            XCTAssertEqual(path.points[1].intra - path.points[0].intra, moves[k].1, accuracy: 1e-12)
        }
        // A snapshot with a different readout is refused, naming it.
        var other = final; other.readout.weights[0, 0] *= -1
        XCTAssertThrowsError(try dynamics.trajectories([(epoch: 3, network: other)])) {
            XCTAssertEqual(($0 as? InputError)?.location, "snapshot at epoch 3")
        }
    }

    func testSelectivityKinds() {
        let signs = [-1, -1, 1, 1], criterion = SelectivityCriterion()
        func kind(_ r: [Double]) -> SelectivityKind { UnitSelectivity(unit: 0, responses: r, signs: signs, criterion: criterion).kind }
        XCTAssertEqual(kind([2.3, 0, 0, 0]), .singleCondition)
        XCTAssertEqual(kind([0, 0, 0.1, 1.2]), .singleCondition)
        XCTAssertEqual(kind([0, 0, 1.9, 1.5]), .preferredClass)
        XCTAssertEqual(kind([0.9, 0.8, 0.1, 0]), .otherClass)
        XCTAssertEqual(kind([1, 0, 1, 0]), .mixed)
        XCTAssertEqual(kind([0.5, 0.9, 0.95, 1]), .mixed)
        XCTAssertEqual(kind([0, 0, 0, 0]), .untuned)
        XCTAssertEqual(kind([0.3, 0.3, 0.3, 0.3 + 1e-9]), .untuned)
        // tanh-like: all responses differ but the class structure dominates.
        XCTAssertEqual(kind([-0.8, -0.7, 0.75, 0.8]), .preferredClass)
        let u = UnitSelectivity(unit: 4, responses: [0, 0.2, 1, 0.6], signs: signs, criterion: criterion)
        XCTAssertEqual(u.selectiveConditions, [2, 3])
        XCTAssertEqual(UnitSelectivity(unit: 4, responses: [0, 0.2, 1, 0.6], signs: signs, criterion: SelectivityCriterion(threshold: 0.7)).kind, .singleCondition)
    }

    func testSpreadStatisticsAndPooling() {
        let a = [0.1, 0.4, 0.25], b = [0.9, 0.3], c: [Double] = [0.5]
        let s = SpreadStatistics(a)
        XCTAssertEqual(s.count, 3)
        XCTAssertEqual(s.mean!, 0.25, accuracy: 1e-15)
        XCTAssertEqual(s.standardDeviation!, 0.15, accuracy: 1e-15)
        XCTAssertEqual(s.median, 0.25)
        XCTAssertEqual(SpreadStatistics(b).median!, 0.6, accuracy: 1e-15)
        XCTAssertNil(SpreadStatistics(c).standardDeviation)
        XCTAssertNil(SpreadStatistics([]).mean)
        let pooled = DynamicsSummary.pool([SpreadStatistics(a), SpreadStatistics(b), SpreadStatistics(c), SpreadStatistics([])])
        let direct = SpreadStatistics(a + b + c)
        XCTAssertEqual(pooled.count, direct.count)
        XCTAssertEqual(pooled.mean!, direct.mean!, accuracy: 1e-15)
        XCTAssertEqual(pooled.standardDeviation!, direct.standardDeviation!, accuracy: 1e-14)
        XCTAssertEqual(pooled.minimum, direct.minimum)
        XCTAssertEqual(pooled.maximum, direct.maximum)
    }

    /// Results are Codable records: JSON round trips are exact (nil for undefined numbers).
    func testResultsRoundTripThroughJSON() throws {
        let task = ExpectedGradientTests.fourPointTask(n: 10, noise: 0.5, seed: 1)
        var spec = NetworkSpec(); spec.hiddenWidths = [4]; spec.activation = .smoothClip(lo: -1, hi: 1, beta: 4)
        let net = Network<Double>(spec: spec, inputs: 10, outputs: 1, seed: 2)
        let dynamics = try WeightDynamics(task: task, network: net)
        let field = dynamics.expectedGradient(unit: 0).restricted(to: dynamics.axes[0], orthogonalNorm: 0.3)
            .field(on: PlaneGrid(inter: -1...1, intra: -1...1, interCount: 3, intraCount: 4))
        let summary = try dynamics.summary(initial: net, final: net)   // nothing moved: nil shares
        XCTAssertNil(summary.intraShare.mean)
        func roundTrip<T: Codable & Equatable>(_ value: T) throws {
            let data = try JSONEncoder().encode(value)
            XCTAssertEqual(try JSONDecoder().decode(T.self, from: data), value)
        }
        try roundTrip(field)
        try roundTrip(summary)
        try roundTrip(DynamicsSummary([summary, summary]))
        try roundTrip(dynamics)
        try roundTrip(try dynamics.expectedGradient(unit: 1, at: net))
        try roundTrip(try dynamics.trajectories([(epoch: 0, network: net)]))
    }
}
