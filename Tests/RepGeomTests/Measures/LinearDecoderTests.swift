import XCTest
@testable import RepGeom

/// The decoders against analytic optima, optimality certificates computed independently here
/// (KKT conditions, duality gap, the gradient), and each other.
final class LinearDecoderTests: XCTestCase {
    /// x̃ = (x − μ, 1) with μ the mean of the rows: the decoder's documented augmentation.
    func augmented(_ x: Matrix<Double>) -> [[Double]] {
        let mu = x.columnMeans
        return (0..<x.rows).map { i in (0..<x.columns).map { x[i, $0] - mu[$0] } + [1] }
    }

    /// The model's weights over x̃: (w, β) with β = b + w·μ.
    func augmentedWeights(_ m: LinearModel, _ x: Matrix<Double>) -> [Double] {
        let mu = x.columnMeans
        return m.weights + [m.intercept + zip(m.weights, mu).map(*).reduce(0, +)]
    }

    func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map(*).reduce(0, +) }

    func testSVMTwoSymmetricPointsAnalytic() {
        // Points ±a with labels ±1. By symmetry β = 0; the primal ½w² + C·2·max(0, 1 − wa) is
        // minimised by w = 1/a when 2Ca² ≥ 1 (hard margin) and by w = 2Ca otherwise.
        for (a, c) in [(2.0, 1.0), (0.9, 1.0), (0.5, 1.0), (0.3, 2.0)] {
            let x = Matrix<Double>([[a], [-a]])
            let m = LinearDecoder(kind: .svm, c: c, tolerance: 1e-12).fit(x, labels: [true, false])
            let expected = 2 * c * a * a >= 1 ? 1 / a : 2 * c * a
            XCTAssertEqual(m.weights[0], expected, accuracy: 1e-9, "a = \(a), C = \(c)")
            XCTAssertEqual(m.intercept, 0, accuracy: 1e-9)
            XCTAssertTrue(m.converged)
        }
    }

    func testSVMSixPointMaximumMargin() {
        // Classes {(2,0),(3,1),(3,−1)} and their mirror images: the maximum-margin separator is
        // w = (1/2, 0), b = 0 (support vectors (±2, 0), α = 1/8 each, inside the box for C = 1).
        let x = Matrix<Double>([[2, 0], [3, 1], [3, -1], [-2, 0], [-3, 1], [-3, -1]])
        let m = LinearDecoder(tolerance: 1e-12).fit(x, labels: [true, true, true, false, false, false])
        XCTAssertEqual(m.weights[0], 0.5, accuracy: 1e-9)
        XCTAssertEqual(m.weights[1], 0, accuracy: 1e-9)
        XCTAssertEqual(m.intercept, 0, accuracy: 1e-9)
        XCTAssertEqual(m.dual[0], 0.125, accuracy: 1e-9)
        XCTAssertEqual(m.dual[3], 0.125, accuracy: 1e-9)
    }

    /// Random overlapping classes: KKT conditions and a vanishing duality gap, both computed here
    /// from the returned (w, b, α) and the documented augmentation.
    func testSVMOptimalityCertificateOnOverlappingData() {
        var rng = RandomSource(seed: 21)
        let n = 120, p = 5
        var x: Matrix<Double> = rng.gaussianMatrix(rows: n, columns: p)
        let labels = (0..<n).map { $0 % 2 == 0 }
        for i in 0..<n where labels[i] { for j in 0..<p { x[i, j] += 0.8 } }   // shifted, overlapping
        let decoder = LinearDecoder(tolerance: 1e-9)
        let m = decoder.fit(x, labels: labels)
        let xt = augmented(x), w = augmentedWeights(m, x)
        let y = labels.map { $0 ? 1.0 : -1.0 }
        var primal = 0.5 * dot(w, w), dualValue = 0.0
        var fromDual = [Double](repeating: 0, count: p + 1)
        for i in 0..<n {
            let margin = y[i] * dot(w, xt[i])
            primal += max(0, 1 - margin)
            dualValue += m.dual[i]
            for j in 0...p { fromDual[j] += m.dual[i] * y[i] * xt[i][j] }
            // KKT: α = 0 ⇒ margin ≥ 1; α = C ⇒ margin ≤ 1; otherwise margin = 1.
            if m.dual[i] == 0 { XCTAssertGreaterThan(margin, 1 - 1e-6) } else if m.dual[i] == 1 { XCTAssertLessThan(margin, 1 + 1e-6) } else {
                XCTAssertEqual(margin, 1, accuracy: 1e-6)
            }
        }
        dualValue -= 0.5 * dot(fromDual, fromDual)
        for j in 0...p { XCTAssertEqual(fromDual[j], w[j], accuracy: 1e-9) }   // w = Σ αᵢyᵢx̃ᵢ
        XCTAssertGreaterThanOrEqual(primal - dualValue, -1e-9)
        XCTAssertLessThan((primal - dualValue) / primal, 1e-7)
        XCTAssertTrue(m.dual.contains { $0 == 1 }, "overlapping classes must have bounded support vectors")
    }

    /// The active-set path (shared Gram, used by SD and CCGP) and plain coordinate descent reach
    /// the same unique optimum.
    func testActiveSetAndCoordinateDescentAgree() {
        var rng = RandomSource(seed: 22)
        for (n, p, shift) in [(200, 10, 1.5), (150, 4, 0.5), (60, 30, 3.0)] {
            var x: Matrix<Double> = rng.gaussianMatrix(rows: n, columns: p)
            let labels = (0..<n).map { _ in rng.uniform() < 0.5 }
            for i in 0..<n where labels[i] { for j in 0..<p { x[i, j] += shift / Double(p).squareRoot() } }
            let y = labels.map { $0 ? 1.0 : -1.0 }
            let decoder = LinearDecoder(tolerance: 1e-10)
            let rows = Array(stride(from: 0, to: n, by: 1)).filter { $0 % 7 != 3 }   // a subset, as in a fold
            let yRows = rows.map { y[$0] }
            var ws = DecoderWorkspace()
            let plain = DecoderDesign(x, rows: rows)
            let withGram = DecoderDesign(x, rows: rows, gram: SampleGram(x))
            let a = decoder.solve(plain, labels: yRows, workspace: &ws)
            let b = decoder.solve(withGram, labels: yRows, workspace: &ws)
            XCTAssertTrue(a.converged && b.converged)
            for j in 0...p { XCTAssertEqual(a.weights[j], b.weights[j], accuracy: 1e-6, "n \(n) p \(p) weight \(j)") }
            // Warm start from a perturbed point reaches it too.
            let warm = a.dual.map { min(1, $0 * 0.7 + 0.01) }
            let c = decoder.solve(withGram, labels: yRows, workspace: &ws, warmStart: warm)
            for j in 0...p { XCTAssertEqual(a.weights[j], c.weights[j], accuracy: 1e-6) }
        }
    }

    /// The active-set method itself — not its coordinate-descent fallback — certifies when started
    /// as decoding starts it: from the solution on another fold's rows (shared rows keep their α,
    /// new rows start at 0), on condition-structured data like the SD benchmark's (separable
    /// dichotomies, the regime it is built for). Exercises joins, leaves and re-solves of the
    /// updatable factor; the optimum is coordinate descent's.
    func testActiveSetCertifiesFromAnotherFoldsSolution() {
        var rng = RandomSource(seed: 27)
        let conditions = 8, perCondition = 25, p = 30
        let means: Matrix<Double> = rng.gaussianMatrix(rows: conditions, columns: p)
        var x = Matrix<Double>(rows: conditions * perCondition, columns: p)
        var ids: [Int] = []
        for c in 0..<conditions {
            for s in 0..<perCondition {
                for j in 0..<p { x[c * perCondition + s, j] = means[c, j] + 0.5 * rng.gaussian() }
                ids.append(c)
            }
        }
        let n = x.rows, gram = SampleGram(x), decoder = LinearDecoder(tolerance: 1e-9)
        let rows = Array(0..<n).filter { $0 % 5 != 1 }, otherRows = Array(0..<n).filter { $0 % 5 != 0 }
        for dichotomy in [[0, 0, 0, 0, 1, 1, 1, 1], [0, 1, 0, 1, 0, 1, 0, 1], [1, 0, 0, 1, 1, 0, 0, 1], [0, 1, 1, 0, 1, 0, 0, 1]] {
            let y = ids.map { dichotomy[$0] == 1 ? 1.0 : -1.0 }
            var ws = DecoderWorkspace()
            let other = decoder.solve(DecoderDesign(x, rows: otherRows), labels: otherRows.map { y[$0] }, workspace: &ws)
            let exact = decoder.solve(DecoderDesign(x, rows: rows), labels: rows.map { y[$0] }, workspace: &ws)
            var bySource = [Double](repeating: 0, count: n)
            for (k, r) in otherRows.enumerated() { bySource[r] = other.dual[k] }
            let design = DecoderDesign(x, rows: rows, gram: gram), yRows = rows.map { y[$0] }
            ws.alpha = rows.map { bySource[$0] }
            XCTAssertTrue(decoder.activeSet(design, labels: yRows, workspace: &ws), "\(dichotomy): active set certified")
            decoder.recomputeWeights(design, labels: yRows, workspace: &ws)
            for j in 0...p { XCTAssertEqual(exact.weights[j], ws.w[j], accuracy: 1e-6, "\(dichotomy) weight \(j)") }
        }
    }

    /// Tight, well-separated clusters (the cube's corners, σ = 0.1): the hard-margin regime where
    /// the free-set systems are nearly singular. Both SVM paths must reach the separating
    /// optimum (w ∝ the latent axis, every training sample on its side) — a regression test for
    /// a certificate that once accepted α = 0 (all PGᵢ = −1, zero spread).
    func testClusteredSeparableDataBothPaths() {
        var rng = RandomSource(seed: 26)
        let means = MeasureTestData.embed(MeasureTestData.cube(3), dimension: 10, scale: 1, using: &rng)
        let (x, ids) = MeasureTestData.samples(of: means, perCondition: 10, noise: 0.1, using: &rng)
        let gram = SampleGram(x)
        for bit in 0..<3 {
            let y = ids.map { (($0 >> bit) & 1) == 1 ? 1.0 : -1.0 }
            let rows = Array(0..<x.rows).filter { $0 % 5 != 2 }
            let yRows = rows.map { y[$0] }
            var ws = DecoderWorkspace()
            let decoder = LinearDecoder()
            let plain = DecoderDesign(x, rows: rows), shared = DecoderDesign(x, rows: rows, gram: gram)
            let a = decoder.solve(plain, labels: yRows, workspace: &ws)
            let b = decoder.solve(shared, labels: yRows, workspace: &ws)
            XCTAssertTrue(a.converged && b.converged)
            for (k, r) in rows.enumerated() {
                let row = Array(plain.data[(k * plain.stride)..<((k + 1) * plain.stride)])
                XCTAssertGreaterThan(y[r] * dot(a.weights, row), 0.5, "bit \(bit) row \(r), coordinate descent")
                XCTAssertGreaterThan(y[r] * dot(b.weights, row), 0.5, "bit \(bit) row \(r), active set")
            }
            // Held-out rows too.
            let test = Array(0..<x.rows).filter { $0 % 5 == 2 }
            for (v, r) in zip(shared.decisions(b, on: x, rows: test), test) { XCTAssertGreaterThan(y[r] * v, 0.5) }
            XCTAssertEqual(norm(a.weights), norm(b.weights), accuracy: 0.01)
        }
    }

    func testLogisticTwoSymmetricPointsAnalytic() {
        // Points ±a, labels ±1: β = 0 and w solves w = 2Ca·σ(−wa); found here by bisection.
        for (a, c) in [(1.0, 1.0), (0.3, 1.0), (2.0, 0.5)] {
            var lo = 0.0, hi = 100.0
            for _ in 0..<200 {
                let mid = (lo + hi) / 2
                if mid - 2 * c * a / (1 + Elementary.exp(mid * a)) < 0 { lo = mid } else { hi = mid }
            }
            let m = LinearDecoder(kind: .logistic, c: c, tolerance: 1e-12).fit(Matrix([[a], [-a]]), labels: [true, false])
            XCTAssertEqual(m.weights[0], lo, accuracy: 1e-9)
            XCTAssertEqual(m.intercept, 0, accuracy: 1e-9)
        }
    }

    /// Random data: the gradient of the documented objective, computed here, vanishes at the
    /// returned weights, and no nearby point has a lower objective.
    func testLogisticGradientVanishesAndNoBetterNeighbour() {
        var rng = RandomSource(seed: 23)
        let n = 90, p = 6
        var x: Matrix<Double> = rng.gaussianMatrix(rows: n, columns: p)
        let labels = (0..<n).map { _ in rng.uniform() < 0.4 }
        for i in 0..<n where labels[i] { x[i, 0] += 1.2 }
        let m = LinearDecoder(kind: .logistic).fit(x, labels: labels)
        XCTAssertTrue(m.converged)
        let xt = augmented(x), w = augmentedWeights(m, x)
        let y = labels.map { $0 ? 1.0 : -1.0 }
        func objective(_ w: [Double]) -> Double {
            0.5 * dot(w, w) + (0..<n).map { Elementary.log1p(Elementary.exp(-y[$0] * dot(w, xt[$0]))) }.reduce(0, +)
        }
        var grad = w
        for i in 0..<n {
            let s = 1 / (1 + Elementary.exp(y[i] * dot(w, xt[i])))   // σ(−m)
            for j in 0...p { grad[j] -= s * y[i] * xt[i][j] }
        }
        XCTAssertLessThan(grad.map { abs($0) }.max()!, 1e-7)
        let f0 = objective(w)
        for _ in 0..<50 {
            let trial = w.map { $0 + 1e-3 * rng.gaussian() }
            XCTAssertGreaterThan(objective(trial), f0)
        }
    }

    func testDecodersAreDeterministic() {
        var rng = RandomSource(seed: 24)
        let x: Matrix<Double> = rng.gaussianMatrix(rows: 80, columns: 7)
        let labels = (0..<80).map { _ in rng.uniform() < 0.5 }
        for kind in LinearDecoder.Kind.allCases {
            let d = LinearDecoder(kind: kind)
            XCTAssertEqual(d.fit(x, labels: labels), d.fit(x, labels: labels))
        }
    }

    func testTranslationAndRotationInvariance() {
        var rng = RandomSource(seed: 25)
        let x: Matrix<Double> = rng.gaussianMatrix(rows: 60, columns: 4)
        let labels = (0..<60).map { i in x[i, 0] + 0.3 * x[i, 1] > 0.1 }
        let q = rng.orthogonalMatrix(4)
        var moved = Matrix.product(x, q)
        for i in 0..<60 { for j in 0..<4 { moved[i, j] += 5 } }
        for kind in LinearDecoder.Kind.allCases {
            let d = LinearDecoder(kind: kind, tolerance: kind == .svm ? 1e-10 : 1e-12)
            let a = d.fit(x, labels: labels), b = d.fit(moved, labels: labels)
            for i in 0..<60 {
                XCTAssertEqual(a.decision(x.row(i)), b.decision(moved.row(i)), accuracy: 1e-6)
            }
        }
    }
}
