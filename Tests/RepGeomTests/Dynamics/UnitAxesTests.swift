import XCTest
@testable import RepGeom

final class UnitAxesTests: XCTestCase {
    let task = ExpectedGradientTests.fourPointTask(n: 30, noise: 0.5, seed: 2)

    func cosine(_ a: [Double], _ b: [Double]) -> Double {
        DynamicsMath.dot(a, b) / (DynamicsMath.dot(a, a) * DynamicsMath.dot(b, b)).squareRoot()
    }

    /// Gram–Schmidt residual of v against the unit vector u, normalised (the independent form).
    func residual(_ v: [Double], against u: [Double]) -> [Double] {
        let d = DynamicsMath.dot(v, u)
        var r = zip(v, u).map { $0 - d * $1 }
        _ = DynamicsMath.normalise(&r)
        return r
    }

    func testFourPointAxesAreTheSignedSumAndTheWithinClassDifference() throws {
        let labels = ExpectedGradient.centredLabels(task.targets)
        XCTAssertEqual(labels.column(0), [-0.5, -0.5, 0.5, 0.5])
        let x = (0..<4).map { task.means.row($0) }
        for (j, preferred) in [(0.2, [2, 3]), (-0.2, [0, 1])] {
            let axes = try UnitAxes(unit: 7, means: task.means, centredLabels: labels, readout: [j])
            XCTAssertEqual(axes.preferredClass, preferred)
            XCTAssertEqual(axes.signs, j > 0 ? [-1, -1, 1, 1] : [1, 1, -1, -1])
            XCTAssertEqual(axes.labelCoefficients[2], 0.5 * j, accuracy: 1e-15)
            XCTAssertEqual(axes.intraRule, .preferredClass)
            // Orthonormal.
            XCTAssertEqual(DynamicsMath.dot(axes.inter, axes.inter), 1, accuracy: 1e-14)
            XCTAssertEqual(DynamicsMath.dot(axes.intra, axes.intra), 1, accuracy: 1e-14)
            XCTAssertEqual(DynamicsMath.dot(axes.inter, axes.intra), 0, accuracy: 1e-15)
            // inter ∝ Σ s_c x̄_c; intra ∝ GS(x̄_a − x̄_b) for the preferred pair a < b.
            let v = (0..<30).map { i in (0..<4).reduce(0.0) { $0 + Double(axes.signs[$1]) * x[$1][i] } }
            XCTAssertEqual(cosine(axes.inter, v), 1, accuracy: 1e-14)
            let (a, b) = (preferred[0], preferred[1])
            let expected = residual(zip(x[a], x[b]).map { $0 - $1 }, against: axes.inter)
            for i in 0..<30 { XCTAssertEqual(axes.intra[i], expected[i], accuracy: 1e-13) }
            // The preferred pair separates along intra with a first, the other pair barely moves it.
            XCTAssertGreaterThan(DynamicsMath.dot(x[a], axes.intra), DynamicsMath.dot(x[b], axes.intra))
        }
    }

    func testCoordinatesRecoverAVectorBuiltFromTheAxes() throws {
        let axes = try UnitAxes(unit: 0, means: task.means, centredLabels: ExpectedGradient.centredLabels(task.targets), readout: [1])
        var rng = RandomSource(seed: 3)
        var off = (0..<30).map { _ in rng.gaussian() }
        DynamicsMath.removeComponent(&off, along: axes.inter)
        DynamicsMath.removeComponent(&off, along: axes.intra)
        _ = DynamicsMath.normalise(&off)
        for (p, q, r) in [(1.5, -0.25, 0.0), (-0.3, 2.0, 0.8), (0, 0, 3)] {
            let w = (0..<30).map { p * axes.inter[$0] + q * axes.intra[$0] + r * off[$0] }
            let c = axes.coordinates(of: w)
            XCTAssertEqual(c.inter, p, accuracy: 1e-14)
            XCTAssertEqual(c.intra, q, accuracy: 1e-14)
            XCTAssertEqual(c.residual, r, accuracy: 1e-7)   // √ of a difference of squares
            let back = axes.coordinates(of: axes.weight(inter: p, intra: q))
            XCTAssertEqual(back.inter, p, accuracy: 1e-14)
            XCTAssertEqual(back.intra, q, accuracy: 1e-14)
        }
    }

    /// Two outputs ({0,1}|{2,3} and {0,2}|{1,3}): the signed label combination decides the classes.
    func testMultiOutputSignsAndFallbackRule() throws {
        let two = ExpectedGradientTests.fourPointTask(n: 30, noise: 0.5, seed: 2, outputs: 2)
        let labels = ExpectedGradient.centredLabels(two.targets)
        let x = (0..<4).map { two.means.row($0) }
        // J_i = (1, 0.5): a = (−0.75, −0.25, 0.25, 0.75): classes {2,3} vs {0,1}.
        let skewed = try UnitAxes(unit: 0, means: two.means, centredLabels: labels, readout: [1, 0.5])
        XCTAssertEqual(skewed.signs, [-1, -1, 1, 1])
        XCTAssertEqual(skewed.intraRule, .preferredClass)
        // J_i = (1, 1): a = (−1, 0, 0, 1): preferred class {3} alone → pooled groups; only the
        // neutral pair {1, 2} has two members, so intra ∝ GS(x̄₁ − x̄₂).
        let diagonal = try UnitAxes(unit: 1, means: two.means, centredLabels: labels, readout: [1, 1])
        XCTAssertEqual(diagonal.signs, [-1, 0, 0, 1])
        XCTAssertEqual(diagonal.intraRule, .pooledGroups)
        XCTAssertEqual(diagonal.intraGroups, [[1, 2]])
        XCTAssertEqual(cosine(diagonal.inter, zip(x[3], x[0]).map { $0 - $1 }), 1, accuracy: 1e-14)
        let expected = residual(zip(x[1], x[2]).map { $0 - $1 }, against: diagonal.inter)
        for i in 0..<30 { XCTAssertEqual(diagonal.intra[i], expected[i], accuracy: 1e-13) }
        XCTAssertEqual(DynamicsMath.dot(diagonal.inter, diagonal.intra), 0, accuracy: 1e-15)
    }

    /// More conditions: intra is the leading eigenvector of the preferred class's scatter after
    /// projecting out inter (checked by power iteration on the explicit N×N scatter).
    func testIntraAxisIsTheLeadingWithinClassDirectionForMoreConditions() throws {
        var rng = RandomSource(seed: 11)
        let n = 15
        let means: Matrix<Double> = rng.gaussianMatrix(rows: 8, columns: n)
        let targets = Matrix<Double>(rows: 8, columns: 1) { c, _ in c < 4 ? 0 : 1 }
        let axes = try UnitAxes(unit: 0, means: means, centredLabels: ExpectedGradient.centredLabels(targets), readout: [0.7])
        XCTAssertEqual(axes.preferredClass, [4, 5, 6, 7])
        var deviations: [[Double]] = []
        let centre = (0..<n).map { j in (4..<8).reduce(0.0) { $0 + means[$1, j] } / 4 }
        for c in 4..<8 {
            var d = (0..<n).map { means[c, $0] - centre[$0] }
            DynamicsMath.removeComponent(&d, along: axes.inter)
            deviations.append(d)
        }
        var v = (0..<n).map { _ in rng.gaussian() }
        for _ in 0..<2000 {
            var next = [Double](repeating: 0, count: n)
            for d in deviations { let k = DynamicsMath.dot(d, v); for j in 0..<n { next[j] += k * d[j] } }
            _ = DynamicsMath.normalise(&next)
            v = next
        }
        XCTAssertEqual(Swift.abs(cosine(v, axes.intra)), 1, accuracy: 1e-10)
        XCTAssertGreaterThan(DynamicsMath.dot(deviations[0], axes.intra), 0, "sign rule: the first condition points positive")
        XCTAssertEqual(DynamicsMath.dot(axes.inter, axes.intra), 0, accuracy: 1e-15)
    }

    func testUndefinedAxesThrowAndAreSkippedByTheNetworkAnalysis() throws {
        let labels = ExpectedGradient.centredLabels(task.targets)
        XCTAssertThrowsError(try UnitAxes(unit: 3, means: task.means, centredLabels: labels, readout: [0])) { error in
            XCTAssertEqual((error as? InputError)?.location, "unit 3")
        }
        var spec = NetworkSpec(); spec.hiddenWidths = [3]
        var net = Network<Double>(spec: spec, inputs: 30, outputs: 1, seed: 1)
        net.readout.weights[0, 1] = 0
        let dynamics = try WeightDynamics(task: task, network: net)
        XCTAssertEqual(dynamics.axes.map(\.unit), [0, 2])
        XCTAssertEqual(dynamics.skippedUnits.map(\.unit), [1])
        XCTAssertNil(dynamics.axes(unit: 1))
        // A deep network or a mismatched task is refused with the location named.
        spec.hiddenWidths = [3, 3]
        XCTAssertThrowsError(try WeightDynamics(task: task, network: Network<Double>(spec: spec, inputs: 30, outputs: 1, seed: 1))) {
            XCTAssertTrue("\($0)".contains("one hidden layer"))
        }
        spec.hiddenWidths = [3]
        XCTAssertThrowsError(try WeightDynamics(task: task, network: Network<Double>(spec: spec, inputs: 29, outputs: 1, seed: 1)))
    }
}
