import XCTest
@testable import RepGeom

/// The expected gradient with several outputs: the unit's coefficient of condition c is its
/// signed label combination a_c = J_iᵀΔ_c, checked against the sampled per-sample gradients of
/// the loss summed over outputs (not through `centredLabelCoefficients`).
final class ExpectedGradientMultiOutputTests: XCTestCase {
    func testTwoOutputFieldEqualsMonteCarloAverageOfPerSampleGradients() {
        let n = 8, perCondition = 40_000, sigma = 0.6
        let task = ExpectedGradientTests.fourPointTask(n: n, noise: sigma, seed: 9, outputs: 2)
        let readout = [0.4, -0.25]
        // Centred labels by hand: targets (0,0), (0,1), (1,0), (1,1) have mean (½, ½).
        let delta = [[-0.5, -0.5], [-0.5, 0.5], [0.5, -0.5], [0.5, 0.5]]
        var rng = RandomSource(seed: 31, stream: .noise)
        let w = (0..<n).map { _ in 0.4 * rng.gaussian() }
        let eps = (0..<(4 * perCondition * n)).map { _ in rng.gaussian() }
        for f in [Activation.relu, .tanh] {
            let g = ExpectedGradient(means: task.means, targets: task.targets, readout: readout, noise: sigma, activation: f).gradient(at: w)
            var mean = [Double](repeating: 0, count: n), variance = [Double](repeating: 0, count: n)
            var x = [Double](repeating: 0, count: n)
            for c in 0..<4 {
                var s1 = [Double](repeating: 0, count: n), s2 = [Double](repeating: 0, count: n)
                for s in 0..<perCondition {
                    var u = 0.0
                    for j in 0..<n { x[j] = task.means[c, j] + sigma * eps[(c * perCondition + s) * n + j]; u += w[j] * x[j] }
                    // −∂L/∂w summed over the outputs o with output error Δ_{c,o}.
                    let d = f.derivative(u) * (readout[0] * delta[c][0] + readout[1] * delta[c][1])
                    for j in 0..<n { let v = d * x[j]; s1[j] += v; s2[j] += v * v }
                }
                for j in 0..<n {
                    let m = s1[j] / Double(perCondition)
                    mean[j] += m / 4
                    variance[j] += (s2[j] / Double(perCondition) - m * m) / Double(perCondition - 1) / 16
                }
            }
            for j in 0..<n {
                XCTAssertEqual(g[j], mean[j], accuracy: 5 * variance[j].squareRoot() + 1e-12, "\(f) component \(j)")
            }
            // The field is not trivially small: at least one component is many standard errors from 0.
            XCTAssertGreaterThan((0..<n).map { Swift.abs(mean[$0]) / variance[$0].squareRoot() }.max()!, 20, "\(f)")
        }
    }
}
