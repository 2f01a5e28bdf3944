import XCTest
@testable import RepGeom

/// CKA against the published golden values (Kornblith et al.'s reference implementation on the
/// shared fixtures), against the definitions written out with explicit centring matrices, and
/// against its defining invariances.
final class KernelAlignmentTests: XCTestCase {
    func fixtures() throws -> (Matrix<Double>, Matrix<Double>) {
        (try Fixtures.csvMatrix("cka_kornblith_X.csv"), try Fixtures.csvMatrix("cka_kornblith_Y.csv"))
    }

    /// Every estimator × kernel the library offers.
    let variants: [(AlignmentKernel, CKAEstimator)] = [(.linear, .gretton), (.linear, .song), (.rbf(), .gretton), (.rbf(), .song)]

    // MARK: Golden values

    func testGoldenLinear() throws {
        let (x, y) = try fixtures()
        XCTAssertEqual(try KernelAlignment.cka(x, y), 0.55761, accuracy: 1e-5)
        // Both forms: the Gram form explicitly, the feature-space form explicitly.
        XCTAssertEqual(try KernelAlignment.cka(gram: x.gram, gram: y.gram), 0.55761, accuracy: 1e-5)
        XCTAssertEqual(try KernelAlignment.linearFeatureSpace(x, y, estimator: .gretton), 0.55761, accuracy: 1e-5)
    }

    func testGoldenDebiased() throws {
        let (x, y) = try fixtures()
        XCTAssertEqual(try KernelAlignment.cka(x, y, estimator: .song), 0.51346, accuracy: 1e-5)
        XCTAssertEqual(try KernelAlignment.cka(gram: x.gram, gram: y.gram, estimator: .song), 0.51346, accuracy: 1e-5)
        XCTAssertEqual(try KernelAlignment.linearFeatureSpace(x, y, estimator: .song), 0.51346, accuracy: 1e-5)
    }

    func testGoldenRBF() throws {
        let (x, y) = try fixtures()
        XCTAssertEqual(try KernelAlignment.cka(x, y, kernel: .rbf(bandwidthFactor: 0.5)), 0.65483, accuracy: 1e-5)
    }

    /// The golden values from the .npy copies of the fixtures too (what a user's file goes through).
    func testGoldenFromNPYFiles() throws {
        let x = try ArrayFile.read(ArraySource(parsing: Fixtures.url("cka_kornblith_X.npy").path)).matrix("X")
        let y = try ArrayFile.read(ArraySource(parsing: Fixtures.url("cka_kornblith_Y.npy").path)).matrix("Y")
        XCTAssertEqual(try KernelAlignment.cka(x, y), 0.55761, accuracy: 1e-5)
        XCTAssertEqual(try KernelAlignment.cka(x, y, estimator: .song), 0.51346, accuracy: 1e-5)
        XCTAssertEqual(try KernelAlignment.cka(x, y, kernel: .rbf()), 0.65483, accuracy: 1e-5)
    }

    // MARK: Definitions

    /// H = I − 11ᵀ/n, then ⟨HKH, HLH⟩ / (‖HKH‖ ‖HLH‖) with plain loops.
    func definitionCKA(_ k: Matrix<Double>, _ l: Matrix<Double>) -> Double {
        let n = k.rows
        let h = Matrix<Double>(rows: n, columns: n) { i, j in (i == j ? 1 : 0) - 1 / Double(n) }
        let kc = Matrix.product(Matrix.product(h, k), h), lc = Matrix.product(Matrix.product(h, l), h)
        var kl = 0.0, kk = 0.0, ll = 0.0
        for i in 0..<(n * n) {
            kl += kc.elements[i] * lc.elements[i]
            kk += kc.elements[i] * kc.elements[i]
            ll += lc.elements[i] * lc.elements[i]
        }
        return kl / (kk * ll).squareRoot()
    }

    /// Song et al. 2012 eq. 5 with plain loops (no algebraic shortcuts).
    func definitionUnbiasedHSIC(_ k: Matrix<Double>, _ l: Matrix<Double>) -> Double {
        let n = k.rows, nn = Double(n)
        var kt = k, lt = l
        for i in 0..<n { kt[i, i] = 0; lt[i, i] = 0 }
        let kl = Matrix.product(kt, lt)
        var sumK = 0.0, sumL = 0.0, oneKL1 = 0.0
        for i in 0..<n { for j in 0..<n { sumK += kt[i, j]; sumL += lt[i, j]; oneKL1 += kl[i, j] } }
        return (kl.trace + sumK * sumL / ((nn - 1) * (nn - 2)) - 2 / (nn - 2) * oneKL1) / (nn * (nn - 3))
    }

    func testBiasedEqualsTheDefinitionWithExplicitCentring() throws {
        var rng = RandomSource(seed: 31)
        let x: Matrix<Double> = rng.gaussianMatrix(rows: 12, columns: 20), y: Matrix<Double> = rng.gaussianMatrix(rows: 12, columns: 7)
        XCTAssertEqual(try KernelAlignment.cka(x, y), definitionCKA(x.gram, y.gram), accuracy: 1e-12)
        let kx = try KernelAlignment.gram(x, kernel: .rbf()), ky = try KernelAlignment.gram(y, kernel: .rbf())
        XCTAssertEqual(try KernelAlignment.cka(x, y, kernel: .rbf()), definitionCKA(kx, ky), accuracy: 1e-12)
    }

    func testDebiasedEqualsSongEquationFive() throws {
        var rng = RandomSource(seed: 32)
        let x: Matrix<Double> = rng.gaussianMatrix(rows: 15, columns: 4), y: Matrix<Double> = rng.gaussianMatrix(rows: 15, columns: 30)
        let kx = x.gram, ky = y.gram
        let expected = definitionUnbiasedHSIC(kx, ky) / (definitionUnbiasedHSIC(kx, kx) * definitionUnbiasedHSIC(ky, ky)).squareRoot()
        XCTAssertEqual(try KernelAlignment.cka(x, y, estimator: .song), expected, accuracy: 1e-12)
        XCTAssertEqual(try KernelAlignment.cka(gram: kx, gram: ky, estimator: .song), expected, accuracy: 1e-12)
    }

    /// σ² = factor² × median of the n² squared distances (diagonal zeros included, numpy's even-count
    /// median), computed here by sorting.
    func testRBFBandwidthRuleIsTheStatedMedianRule() throws {
        var rng = RandomSource(seed: 33)
        let x: Matrix<Double> = rng.gaussianMatrix(rows: 9, columns: 3)
        var d: [Double] = []
        for i in 0..<9 { for j in 0..<9 { d.append((0..<3).map { (x[i, $0] - x[j, $0]) * (x[i, $0] - x[j, $0]) }.reduce(0, +)) } }
        let sorted = d.sorted()
        let median = sorted[sorted.count / 2]   // 81 values: the middle one
        for factor in [0.5, 1.0, 2.0] {
            let sigma2 = factor * factor * median
            let k = try KernelAlignment.gram(x, kernel: .rbf(bandwidthFactor: factor))
            for i in 0..<9 {
                for j in 0..<9 { XCTAssertEqual(k[i, j], Elementary.exp(-d[i * 9 + j] / (2 * sigma2)), accuracy: 1e-12) }
            }
        }
        XCTAssertEqual(KernelAlignment.median([4, 1, 3, 2]), 2.5)
        XCTAssertEqual(AlignmentKernel.rbf(bandwidthFactor: 0.5).variant, "rbf(sigma=0.5*sqrt(median_sq_dist))")
    }

    // MARK: Forms

    /// n > p: the feature-space form (chosen automatically) equals the Gram form, both estimators.
    func testGramAndFeatureSpaceFormsAgree() throws {
        var rng = RandomSource(seed: 34)
        for (n, p, q) in [(50, 3, 8), (200, 20, 5), (40, 39, 2)] {
            let x: Matrix<Double> = rng.gaussianMatrix(rows: n, columns: p)
            var y: Matrix<Double> = rng.gaussianMatrix(rows: n, columns: q)
            for i in 0..<n { for j in 0..<min(p, q) { y[i, j] += 0.7 * x[i, j] + 3 } }   // related, offset
            for estimator in CKAEstimator.allCases {
                let gramForm = try KernelAlignment.cka(gram: x.gram, gram: y.gram, estimator: estimator)
                XCTAssertEqual(try KernelAlignment.linearFeatureSpace(x, y, estimator: estimator), gramForm, accuracy: 1e-12)
                XCTAssertEqual(try KernelAlignment.cka(x, y, estimator: estimator), gramForm, accuracy: 1e-12)
            }
        }
    }

    /// Linear CKA of n = 20 000 rows never builds an n×n matrix (that would be 3.2 GB): it runs in
    /// the feature-space form, and RBF beyond the Gram limit is refused with an explanation.
    func testLargeNUsesFeatureSpaceAndRBFIsRefused() throws {
        var rng = RandomSource(seed: 35)
        let n = 20_000
        let x: Matrix<Double> = rng.gaussianMatrix(rows: n, columns: 4)
        var y = Matrix<Double>(rows: n, columns: 2)
        for i in 0..<n { y[i, 0] = x[i, 0]; y[i, 1] = rng.gaussian() }
        // Population value: Kx·Ky/(‖Kx‖‖Ky‖) with Σx = I₄, Σy = I₂, Σxy = e₁e₁ᵀ: 1/√(4·2).
        XCTAssertEqual(try KernelAlignment.cka(x, y), 1 / 8.0.squareRoot(), accuracy: 0.01)
        XCTAssertThrowsError(try KernelAlignment.cka(x, y, kernel: .rbf())) { e in
            XCTAssertTrue("\(e)".contains("limit"), "\(e)")
        }
    }

    // MARK: Invariances

    func testSelfAlignmentIsOne() throws {
        var rng = RandomSource(seed: 36)
        for (n, p) in [(10, 30), (60, 5)] {
            let x: Matrix<Double> = rng.gaussianMatrix(rows: n, columns: p)
            for (kernel, estimator) in variants {
                XCTAssertEqual(try KernelAlignment.cka(x, x, kernel: kernel, estimator: estimator), 1, accuracy: 1e-12, "\(kernel.variant) \(estimator)")
            }
        }
    }

    func testInvariantToOrthogonalMapsScalingTranslationAndUnitPermutations() throws {
        var rng = RandomSource(seed: 37)
        for (n, p) in [(12, 6), (80, 6)] {   // Gram form and feature-space form
            let x: Matrix<Double> = rng.gaussianMatrix(rows: n, columns: p)
            var y: Matrix<Double> = rng.gaussianMatrix(rows: n, columns: 4)
            for i in 0..<n { y[i, 0] += x[i, 1] * x[i, 2]; y[i, 1] += x[i, 0] }
            let q = rng.orthogonalMatrix(p)
            let rotated = Matrix.product(x, q)
            let scaled = 3.7 * x
            let shift = (0..<p).map { _ in 5 * rng.gaussian() }
            let translated = Matrix<Double>(rows: n, columns: p) { i, j in x[i, j] + shift[j] }
            let permuted = MeasureTestData.permuteColumns(x, rng.permutation(p))
            let all = Matrix<Double>(rows: n, columns: p) { i, j in 0.2 * rotated[i, j] - 4 }
            for (kernel, estimator) in variants {
                let base = try KernelAlignment.cka(x, y, kernel: kernel, estimator: estimator)
                for (name, moved) in [("orthogonal", rotated), ("scaled", scaled), ("translated", translated), ("permuted", permuted),
                                      ("all", all)] {
                    XCTAssertEqual(try KernelAlignment.cka(moved, y, kernel: kernel, estimator: estimator), base, accuracy: 1e-10,
                                   "\(name) \(kernel.variant) \(estimator) n \(n)")
                    XCTAssertEqual(try KernelAlignment.cka(y, moved, kernel: kernel, estimator: estimator), base, accuracy: 1e-10,
                                   "symmetry, \(name)")
                }
            }
        }
    }

    /// Not invariant to a general invertible linear map (a check that the invariance test can fail).
    func testNotInvariantToAnisotropicScaling() throws {
        var rng = RandomSource(seed: 38)
        let x: Matrix<Double> = rng.gaussianMatrix(rows: 40, columns: 3)
        let y = Matrix<Double>(rows: 40, columns: 1) { i, _ in x[i, 0] }
        let stretched = Matrix<Double>(rows: 40, columns: 3) { i, j in j == 0 ? 10 * x[i, j] : x[i, j] }
        XCTAssertGreaterThan(try KernelAlignment.cka(stretched, y) - KernelAlignment.cka(x, y), 0.2)
    }

    // MARK: Edge cases

    func testEdgeCases() throws {
        var rng = RandomSource(seed: 39)
        let x: Matrix<Double> = rng.gaussianMatrix(rows: 6, columns: 3)
        let constant = Matrix<Double>(rows: 6, columns: 3, repeating: 2)
        for (kernel, estimator) in variants {
            XCTAssertThrowsError(try KernelAlignment.cka(x, constant, kernel: kernel, estimator: estimator)) { e in
                XCTAssertNotNil(e as? MeasureUnavailable, "\(kernel.variant) \(estimator): \(e)")
            }
        }
        let three: Matrix<Double> = rng.gaussianMatrix(rows: 3, columns: 2)
        XCTAssertThrowsError(try KernelAlignment.cka(three, three, estimator: .song)) { e in
            XCTAssertTrue((e as? MeasureUnavailable)?.reason.contains("at least 4") ?? false, "\(e)")
        }
        XCTAssertThrowsError(try KernelAlignment.cka(x, three)) { e in XCTAssertNotNil(e as? InputError) }
        var bad = x
        bad[2, 1] = .nan
        XCTAssertThrowsError(try KernelAlignment.cka(bad, x)) { e in XCTAssertNotNil(e as? InputError) }
    }
}
