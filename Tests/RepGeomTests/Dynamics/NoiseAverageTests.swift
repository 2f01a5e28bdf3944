import XCTest
@testable import RepGeom

/// Gauss–Hermite rules and the noise-averaged derivatives F = E[f′(m + sZ)], H = E[f′(m + sZ)Z].
final class NoiseAverageTests: XCTestCase {
    func testGaussHermiteRulesIntegrateGaussianMomentsExactly() {
        for n in [1, 2, 3, 5, 8, 20, 64, 257, 1024] {
            let rule = GaussHermiteRule(nodes: n)
            XCTAssertEqual(rule.count, n)
            XCTAssertEqual(rule.weights.reduce(0, +), 1, accuracy: 1e-14, "n = \(n)")
            XCTAssertTrue(rule.weights.allSatisfy { $0 >= 0 }, "n = \(n)")
            XCTAssertEqual(rule.nodes, rule.nodes.sorted(), "n = \(n)")
            for i in 0..<n { XCTAssertEqual(rule.nodes[i], -rule.nodes[n - 1 - i], accuracy: 1e-12, "n = \(n) symmetry") }
            // E[Z^(2k)] = (2k − 1)!! is exact for 2k ≤ 2n − 1 (checked up to degree 20).
            var doubleFactorial = 1.0
            for k in 1...10 where 2 * k <= 2 * n - 1 {
                doubleFactorial *= Double(2 * k - 1)
                let moment = rule.expectation { Elementary.pow($0, Double(2 * k)) }
                XCTAssertEqual(moment / doubleFactorial, 1, accuracy: 1e-11, "n = \(n), E[Z^\(2 * k)]")
                XCTAssertEqual(rule.expectation { Elementary.pow($0, Double(2 * k - 1)) }, 0, accuracy: 1e-10 * doubleFactorial)
            }
        }
        // Known values: the 3-node rule has nodes 0, ±√3 and weights 2/3, 1/6.
        let three = GaussHermiteRule(nodes: 3)
        XCTAssertEqual(three.nodes[2], 3.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(three.weights[1], 2.0 / 3.0, accuracy: 1e-15)
        XCTAssertEqual(three.weights[0], 1.0 / 6.0, accuracy: 1e-15)
    }

    func testNormalTailsAndLogCDF() {
        XCTAssertEqual(StandardNormal.mass(from: -.infinity, to: .infinity), 1, accuracy: 1e-16)
        XCTAssertEqual(StandardNormal.mass(from: 1, to: 2), 0.8413447460685429 - 0.9772498680518208 + 2 * 0.1359051219832779, accuracy: 1e-15)
        // Far tail: P(30 < Z < 31) = Q(30)(1 − Q(31)/Q(30)), relative accuracy kept.
        let far = StandardNormal.mass(from: 30, to: 31)
        XCTAssertEqual(far / StandardNormal.upperTail(30), 1 - StandardNormal.upperTail(31) / StandardNormal.upperTail(30), accuracy: 1e-13)
        XCTAssertGreaterThan(far, 0)
        XCTAssertEqual(StandardNormal.mass(from: -31, to: -30), far, accuracy: 1e-13 * far)
        for x in [-29.0, -10, -1, 0, 2] {
            XCTAssertEqual(StandardNormal.logCDF(x), Elementary.log(StandardNormal.cdf(x)), accuracy: 1e-13 * max(1, Swift.abs(x * x)))
        }
        // Continuity across the switch to the asymptotic series at −30.
        XCTAssertEqual(StandardNormal.logCDF(-30.000001), StandardNormal.logCDF(-29.999999), accuracy: 1e-4)
        XCTAssertEqual(StandardNormal.logCDF(-30.0000001) , Elementary.log(StandardNormal.cdf(-30.0000001)), accuracy: 1e-10)
    }

    /// Every activation's F and H against an independent Simpson integral split at the kinks.
    func testNoiseAverageMatchesDenseQuadratureForEveryActivation() {
        for f in Reference.activations {
            for (m, s) in [(0.3, 0.05), (-0.4, 0.3), (0.0, 1.0), (1.7, 0.8), (-2.5, 2.0), (0.9, 3.0), (0.2, 7.0)] {
                let got = f.noiseAverage(mean: m, std: s), ref = Reference.noiseAverage(f, mean: m, std: s)
                XCTAssertEqual(got.derivative, ref.derivative, accuracy: 1e-9, "\(f) F at m = \(m), s = \(s)")
                XCTAssertEqual(got.noiseCorrelation, ref.noiseCorrelation, accuracy: 1e-9, "\(f) H at m = \(m), s = \(s)")
            }
        }
    }

    /// Closed forms known by hand: relu F = Φ(m/s), H = φ(m/s); linear F = 1, H = 0.
    func testReluAndLinearClosedForms() {
        for (m, s) in [(0.3, 0.5), (-1.0, 0.2), (2.0, 4.0)] {
            let r = Activation.relu.noiseAverage(mean: m, std: s)
            XCTAssertEqual(r.derivative, StandardNormal.cdf(m / s), accuracy: 1e-15)
            XCTAssertEqual(r.noiseCorrelation, StandardNormal.density(m / s), accuracy: 1e-15)
            let l = Activation.linear.noiseAverage(mean: m, std: s)
            XCTAssertEqual(l.derivative, 1, accuracy: 1e-15)
            XCTAssertEqual(l.noiseCorrelation, 0, accuracy: 1e-15)
        }
    }

    /// F and H against Monte Carlo over Z for several noise levels (within 5 standard errors).
    func testNoiseAverageMatchesMonteCarloForSeveralNoiseLevels() {
        var rng = RandomSource(seed: 2024, stream: .measures)
        let draws = 200_000
        for f in [Activation.relu, .tanh, .clip(lo: -0.5, hi: 1), .sigmoid, .elu(alpha: 0.7), .gelu] {
            for s in [0.1, 0.5, 1.0, 2.0] {
                let m = 0.25
                let avg = f.noiseAverage(mean: m, std: s)
                var zs = [Double](); zs.reserveCapacity(draws)
                for _ in 0..<draws { zs.append(rng.gaussian()) }
                var it = zs.makeIterator()
                let mcF = Reference.monteCarlo(count: draws) { f.derivative(m + s * it.next()!) }
                it = zs.makeIterator()
                let mcH = Reference.monteCarlo(count: draws) { let z = it.next()!; return f.derivative(m + s * z) * z }
                XCTAssertEqual(avg.derivative, mcF.mean, accuracy: 5 * mcF.standardError + 1e-12, "\(f) F, s = \(s)")
                XCTAssertEqual(avg.noiseCorrelation, mcH.mean, accuracy: 5 * mcH.standardError + 1e-12, "\(f) H, s = \(s)")
            }
        }
    }

    /// As s → 0 (away from kinks) F → f′(m) and H → 0, with F − f′(m) = O(s²) for smooth f.
    func testNoiseAverageTendsToTheDerivativeAsNoiseVanishes() {
        for f in Reference.activations {
            for m in [-0.8, 0.3, 1.2] where Reference.kinks(f).allSatisfy({ Swift.abs($0 - m) > 0.1 }) {
                var previous = Double.infinity
                for s in [1e-1, 1e-2, 1e-3, 1e-5] {
                    let avg = f.noiseAverage(mean: m, std: s)
                    let err = Swift.abs(avg.derivative - f.derivative(m))
                    XCTAssertLessThanOrEqual(err, max(2 * s * s * 10, 1e-12), "\(f) m = \(m), s = \(s)")
                    XCTAssertLessThanOrEqual(Swift.abs(avg.noiseCorrelation), max(10 * s, 1e-12), "\(f) H m = \(m), s = \(s)")
                    XCTAssertLessThanOrEqual(err, previous + 1e-15)
                    previous = err
                }
                let exact = f.noiseAverage(mean: m, std: 0)
                XCTAssertEqual(exact.derivative, f.derivative(m))
                XCTAssertEqual(exact.noiseCorrelation, 0)
            }
        }
    }

    /// No overflow or NaN at extreme pre-activations and noise.
    func testNoiseAverageIsFiniteAtExtremes() {
        for f in Reference.activations {
            for m in [-800.0, -40, 40, 800] {
                for s in [1e-8, 0.5, 30] {
                    let avg = f.noiseAverage(mean: m, std: s)
                    XCTAssertTrue(avg.derivative.isFinite && avg.noiseCorrelation.isFinite, "\(f) m = \(m), s = \(s)")
                }
            }
        }
        // elu far on the negative side: F → α·e^(m + s²/2), relative accuracy kept.
        let elu = Activation.elu(alpha: 1).noiseAverage(mean: -40, std: 0.5)
        XCTAssertEqual(elu.derivative / Elementary.exp(-40 + 0.125), 1, accuracy: 1e-12)
    }

    /// Measured error of the numerical averages over a range of noise (documented in
    /// docs/dynamics.md), against the Simpson reference.
    func testQuadratureErrorAcrossNoiseLevels() {
        var report: [String] = []
        let families: [(Activation, [Double])] = [
            (.tanh, [0.01, 0.1, 0.5, 0.9, 1.5, 3.0, 8.0]), (.sigmoid, [0.1, 0.5, 1.5, 2.0, 3.0, 8.0]),
            (.softplus(beta: 2), [0.1, 0.5, 0.9, 2.0, 5.0]), (.smoothClip(lo: -1, hi: 1, beta: 5), [0.01, 0.1, 0.3, 1.0, 3.0]),
            (.smoothClip(lo: -1, hi: 1, beta: 40), [0.01, 0.03, 0.1, 0.5]),
        ]
        for (f, noises) in families {
            var line = "\(f):"
            for s in noises {
                var worst = 0.0
                for m in stride(from: -3.0, through: 3.0, by: 0.5) {
                    let got = f.noiseAverage(mean: m, std: s)
                    let ref = Reference.noiseAverage(f, mean: m, std: s)
                    worst = max(worst, Swift.abs(got.derivative - ref.derivative), Swift.abs(got.noiseCorrelation - ref.noiseCorrelation))
                }
                let nodes = f.quadratureNodes(std: s)
                let method = nodes <= Activation.largestHermiteRule ? "GH\(GaussHermiteRule.standard(atLeast: nodes).count)" : "dual"
                line += " s=\(s) \(method) \(String(format: "%.0e", worst));"
                XCTAssertLessThan(worst, 1e-11, "\(f) s = \(s)")
            }
            report.append(line)
        }
        print(report.joined(separator: "\n"))
    }

    /// The two numerical methods agree where both are accurate (around the switch-over).
    func testGaussHermiteAndLogisticDualAgree() {
        // GH with 1024 nodes is accurate up to s·β ≈ 6, the dual from s·β ≈ 1 (β = π/d).
        let big = GaussHermiteRule(nodes: 1024)
        for f in [Activation.tanh, .sigmoid, .softplus(beta: 3), .smoothClip(lo: -0.5, hi: 1, beta: 4), .smoothClip(lo: -.infinity, hi: 1, beta: 2)] {
            let beta = Double.pi / f.analyticStripHalfWidth
            for s in [1.3 / beta, 2.5 / beta, 4 / beta] {
                for m in [-1.3, 0, 0.4, 2.2] {
                    let gh = f.noiseAverage(mean: m, std: s, rule: big), dual = f.noiseAverageByLogisticDual(mean: m, std: s)
                    XCTAssertEqual(gh.derivative, dual.derivative, accuracy: 1e-12, "\(f) m = \(m), s = \(s)")
                    XCTAssertEqual(gh.noiseCorrelation, dual.noiseCorrelation, accuracy: 1e-12, "\(f) m = \(m), s = \(s)")
                }
            }
        }
    }
}
