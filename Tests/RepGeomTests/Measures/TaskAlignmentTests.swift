import XCTest
@testable import RepGeom

/// Target / input / task alignment, the orthogonalised coordinates and the across-network
/// summaries, each against a computation from the definitions.
final class TaskAlignmentTests: XCTestCase {
    /// ⟨HKH, HLH⟩ / (‖HKH‖ ‖HLH‖) with an explicit centring matrix.
    func definitionCKA(_ k: Matrix<Double>, _ l: Matrix<Double>) -> Double {
        let n = k.rows
        let h = Matrix<Double>(rows: n, columns: n) { i, j in (i == j ? 1 : 0) - 1 / Double(n) }
        let kc = Matrix.product(Matrix.product(h, k), h), lc = Matrix.product(Matrix.product(h, l), h)
        return Matrix.frobeniusDot(kc, lc) / (kc.frobeniusNorm * lc.frobeniusNorm)
    }

    /// Ky = (2Y − 1)(2Y − 1)ᵀ written out.
    func targetKernel(_ y: Matrix<Double>) -> Matrix<Double> {
        Matrix(rows: y.rows, columns: y.rows) { i, j in
            var s = 0.0
            for k in 0..<y.columns { s += (2 * y[i, k] - 1) * (2 * y[j, k] - 1) }
            return s
        }
    }

    func scenario(seed: UInt64) -> (z: Matrix<Double>, x: Matrix<Double>, y: Matrix<Double>) {
        var rng = RandomSource(seed: seed)
        let x: Matrix<Double> = rng.gaussianMatrix(rows: 8, columns: 5)
        let y = Matrix<Double>(rows: 8, columns: 2) { c, k in Double((c >> k) & 1) }
        let w: Matrix<Double> = rng.gaussianMatrix(rows: 5, columns: 12)
        var z = Matrix.product(x, w)
        for c in 0..<8 { for j in 0..<12 { z[c, j] = Elementary.tanh(z[c, j] + 2 * (y[c, 0] - 0.5) * Double(j % 3)) } }
        return (z, x, y)
    }

    func testConditionLevelAlignmentsMatchTheDefinitions() throws {
        let (z, x, y) = scenario(seed: 41)
        let r = try TaskAlignment.alignments(representation: z, inputs: x, targets: y, options: AlignmentOptions())
        XCTAssertEqual(r.name, "alignment")
        XCTAssertEqual(r.variant, "gretton/linear/condition_means")
        XCTAssertEqual(try XCTUnwrap(r.target), definitionCKA(z.gram, targetKernel(y)), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(r.input), definitionCKA(z.gram, x.gram), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(r.task), definitionCKA(x.gram, targetKernel(y)), accuracy: 1e-12)
        XCTAssertNotNil(r.orthogonalised)
        XCTAssertTrue(r.unavailable.isEmpty, "\(r.unavailable)")

        // RBF on the representation and inputs; the target kernel stays linear in 2Y − 1.
        let rbf = try TaskAlignment.alignments(representation: z, inputs: x, targets: y,
                                               options: AlignmentOptions(kernel: .rbf(bandwidthFactor: 0.5)))
        let kz = try KernelAlignment.gram(z, kernel: .rbf()), kx = try KernelAlignment.gram(x, kernel: .rbf())
        XCTAssertEqual(try XCTUnwrap(rbf.target), definitionCKA(kz, targetKernel(y)), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(rbf.input), definitionCKA(kz, kx), accuracy: 1e-12)
        XCTAssertEqual(rbf.variant, "gretton/rbf(sigma=0.5*sqrt(median_sq_dist))/condition_means")
    }

    /// Sample level: n×n kernels of the samples, their inputs and each sample's condition target.
    func testSampleLevelThroughTheSuite() throws {
        let (z, x, y) = scenario(seed: 42)
        var rng = RandomSource(seed: 43)
        let (samples, ids) = MeasureTestData.samples(of: z, perCondition: 6, noise: 0.3, using: &rng)
        let sampleInputs = Matrix<Double>(rows: samples.rows, columns: x.columns) { r, j in x[ids[r], j] + 0.1 * rng.gaussian() }
        let dichotomies = (0..<2).map { k in Dichotomy(labels: (0..<8).map { Int(y[$0, k]) }, trained: true) }
        var options = MeasureOptions()
        options.measures = [.alignment]
        options.alignment.level = .samples
        let input = MeasureInput(conditionMeans: z, samples: samples, sampleConditions: ids, inputMeans: x, sampleInputs: sampleInputs,
                                 dichotomies: dichotomies)
        let a = try XCTUnwrap(MeasureSuite.run(input, options: options).alignment)
        XCTAssertEqual(a.variant, "gretton/linear/samples")
        let ys = y.rows(ids)
        XCTAssertEqual(try XCTUnwrap(a.target), definitionCKA(samples.gram, targetKernel(ys)), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(a.input), definitionCKA(samples.gram, sampleInputs.gram), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(a.task), definitionCKA(sampleInputs.gram, targetKernel(ys)), accuracy: 1e-12)

        // The condition-mean level (default) differs: the noise lowers sample-level alignment.
        options.alignment.level = .conditionMeans
        let m = try XCTUnwrap(MeasureSuite.run(input, options: options).alignment)
        XCTAssertEqual(try XCTUnwrap(m.target), definitionCKA(z.gram, targetKernel(y)), accuracy: 1e-12)
        XCTAssertNotEqual(m.target!, a.target!, accuracy: 1e-3)
    }

    /// A representation whose centred kernel is u·K̂x + v·K̂y (unit-norm centred kernels, u, v ≥ 0,
    /// built as the concatenation [αX, βY]) maps to (u, v)/‖·‖: on the unit quarter circle.
    func testOrthogonalisedCoordinatesOfKernelsInTheSpanLieOnTheQuarterCircle() throws {
        let (_, x, y) = scenario(seed: 44)
        let yf = TaskAlignment.targetFeatures(y)
        let nx = x.columnCentered.gram.frobeniusNorm, ny = yf.columnCentered.gram.frobeniusNorm
        let c = try KernelAlignment.cka(x, yf)
        // c > 0 puts both frame vectors in the first quadrant, so their cone is on the quarter circle.
        XCTAssertGreaterThan(c, 0.05, "the test needs positively aligned input and target kernels")
        for theta in stride(from: 0.0, through: Double.pi / 2, by: Double.pi / 10) {
            let u = Elementary.cos(theta), v = Elementary.sin(theta)
            // Centred kernel of [αX, βY] = α²HKxH + β²HKyH = (u/‖HKxH‖)HKxH + (v/‖HKyH‖)HKyH.
            let alpha = (u / nx).squareRoot(), beta = (v / ny).squareRoot()
            let z = Matrix<Double>(rows: 8, columns: x.columns + yf.columns) { i, j in
                j < x.columns ? alpha * x[i, j] : beta * yf[i, j - x.columns]
            }
            let r = try TaskAlignment.alignments(representation: z, inputs: x, targets: y, options: AlignmentOptions())
            let o = try XCTUnwrap(r.orthogonalised)
            // The representation's kernel is u·K̂x + v·K̂y normalised: coordinates (u, v)/‖u K̂x + v K̂y‖.
            let norm = (u * u + v * v + 2 * u * v * c).squareRoot()
            let eu = u / norm, ev = v / norm
            // In the frame where K̂x, K̂y sit symmetrically about the diagonal at angle arccos c, a
            // kernel with coefficients (eu, ev) on (K̂x, K̂y) has coordinates M·(eu, ev).
            let phi = (Double.pi / 2 - Elementary.acos(c)) / 2
            XCTAssertEqual(o.phi, phi, accuracy: 1e-12)
            XCTAssertEqual(o.input, Elementary.cos(phi) * eu + Elementary.sin(phi) * ev, accuracy: 1e-10)
            XCTAssertEqual(o.target, Elementary.sin(phi) * eu + Elementary.cos(phi) * ev, accuracy: 1e-10)
            XCTAssertEqual(o.input * o.input + o.target * o.target, 1, accuracy: 1e-10, "θ = \(theta)")
            XCTAssertGreaterThanOrEqual(min(o.input, o.target), -1e-10)
        }
        // Kz = Kx has (input, target) = (1, c), which M⁻¹ sends to Kx's frame vector (cos φ, sin φ).
        let atX = try OrthogonalisedAlignment(input: 1, target: c, taskAlignment: c)
        let phi = (Double.pi / 2 - Elementary.acos(c)) / 2
        XCTAssertEqual(atX.input, Elementary.cos(phi), accuracy: 1e-12)
        XCTAssertEqual(atX.target, Elementary.sin(phi), accuracy: 1e-12)
        XCTAssertThrowsError(try OrthogonalisedAlignment(input: 1, target: 1, taskAlignment: 1))
    }

    func testMissingInputsOrTargetsAreReported() throws {
        let (z, x, y) = scenario(seed: 45)
        let noInputs = try TaskAlignment.alignments(representation: z, inputs: nil, targets: y, options: AlignmentOptions())
        XCTAssertNotNil(noInputs.target)
        XCTAssertNil(noInputs.input)
        XCTAssertEqual(noInputs.unavailable["input"], "no inputs given")
        XCTAssertNotNil(noInputs.unavailable["orthogonalised"])
        let noTargets = try TaskAlignment.alignments(representation: z, inputs: x, targets: nil, options: AlignmentOptions())
        XCTAssertNil(noTargets.target)
        XCTAssertNotNil(noTargets.input)
        XCTAssertNotNil(noTargets.unavailable["target"])
        XCTAssertNotNil(noTargets.unavailable["task"])
    }

    /// Across networks: the mean of per-network alignments, and the alignment of the averaged
    /// kernel (1/N Σ Kz_i) — the two differ in general.
    func testAcrossNetworksMeanAndAveragedKernel() throws {
        var rng = RandomSource(seed: 46)
        let (_, x, y) = scenario(seed: 46)
        let ky = TaskAlignment.targetGram(y)
        let nets: [Matrix<Double>] = (0..<4).map { k in
            let w: Matrix<Double> = rng.gaussianMatrix(rows: 5, columns: 6 + k)
            return Matrix.product(x, w).map { Elementary.tanh($0) }
        }
        for kernel in [AlignmentKernel.linear, .rbf()] {
            let r = try TaskAlignment.acrossNetworks(representations: nets, referenceGram: ky, kernel: kernel)
            XCTAssertEqual(r.name, "alignment_across_networks")
            let grams = try nets.map { try KernelAlignment.gram($0, kernel: kernel) }
            let per = grams.map { definitionCKA($0, targetKernel(y)) }
            for k in 0..<4 { XCTAssertEqual(r.perNetwork[k], per[k], accuracy: 1e-12) }
            let mean = per.reduce(0, +) / 4
            XCTAssertEqual(r.mean, mean, accuracy: 1e-12)
            XCTAssertEqual(r.std, (per.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot(), accuracy: 1e-12)
            var avg = Matrix<Double>(rows: 8, columns: 8)
            for g in grams { for i in 0..<64 { avg.elements[i] += g.elements[i] / 4 } }
            XCTAssertEqual(r.ofAveragedKernel, definitionCKA(avg, targetKernel(y)), accuracy: 1e-12)
            XCTAssertNotEqual(r.ofAveragedKernel, r.mean, accuracy: 1e-6)
        }
        XCTAssertThrowsError(try TaskAlignment.acrossNetworks(representations: [], referenceGram: ky))
    }
}
