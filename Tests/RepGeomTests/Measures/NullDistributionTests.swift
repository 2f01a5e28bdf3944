import XCTest
@testable import RepGeom

/// The null models' defining properties, the summary statistics against hand counts, and the
/// nulls' verdicts on structured (factorised cube) and unstructured (random) geometry.
final class NullDistributionTests: XCTestCase {
    func testSummaryStatisticsByHand() {
        let s = NullSummary(measure: "ps_max", kind: .shuffledLabels, observed: 0.5, values: [0.1, 0.2, 0.3, 0.5, 0.5])
        XCTAssertEqual(s.name, "null")
        XCTAssertEqual(s.variant, "shuffled_labels")
        XCTAssertEqual(s.count, 5)
        XCTAssertEqual(s.mean, 0.32, accuracy: 1e-12)
        let ss = [0.1, 0.2, 0.3, 0.5, 0.5].map { ($0 - 0.32) * ($0 - 0.32) }.reduce(0, +)
        XCTAssertEqual(s.std, (ss / 4).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(s.percentile, 80, accuracy: 1e-12)          // 3 below + ½·2 ties, of 5
        XCTAssertEqual(s.pValue, 3.0 / 6.0, accuracy: 1e-12)        // (1 + 2 at least) / (1 + 5)
        let top = NullSummary(measure: "ccgp", kind: .sameSpectrum, observed: 1, values: [0.2, 0.4])
        XCTAssertEqual(top.pValue, 1.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(top.percentile, 100)
    }

    /// Q fixes 1 and is orthogonal, so the rotated means keep their centroid and the singular
    /// values of their centred matrix (the spectrum), while the arrangement changes.
    func testSameSpectrumNullKeepsSpectrumAndCentroid() throws {
        var rng = RandomSource(seed: 71)
        let means: Matrix<Double> = rng.gaussianMatrix(rows: 8, columns: 12)
        let q = NullModel.centringPreservingRotation(8, using: &rng)
        let qtq = Matrix.product(q, transposeA: true, q)
        for i in 0..<8 {
            XCTAssertEqual((0..<8).map { q[i, $0] }.reduce(0, +), 1, accuracy: 1e-12)
            for j in 0..<8 { XCTAssertEqual(qtq[i, j], i == j ? 1 : 0, accuracy: 1e-12) }
        }
        let rotated = NullModel.rotated(means, by: q)
        for (a, b) in zip(means.columnMeans, rotated.columnMeans) { XCTAssertEqual(a, b, accuracy: 1e-12) }
        let s0 = try LinearAlgebra.svd(means.columnCentered).s, s1 = try LinearAlgebra.svd(rotated.columnCentered).s
        for (a, b) in zip(s0, s1) { XCTAssertEqual(a, b, accuracy: 1e-10) }
        let d0 = try RDM.of(means, metric: .euclidean).values, d1 = try RDM.of(rotated, metric: .euclidean).values
        XCTAssertGreaterThan(zip(d0.joined(), d1.joined()).map { abs($0 - $1) }.max()!, 0.1, "the geometry must change")

        // Samples move with their condition: same residuals, new averages.
        let (samples, ids) = MeasureTestData.samples(of: means, perCondition: 4, noise: 0.3, using: &rng)
        let averages = Representation.conditionAverages(samples, conditions: ids, count: 8)
        let target = NullModel.rotated(averages, by: q)
        let moved = NullModel.movedSamples(samples, conditions: ids, from: averages, to: target)
        let movedAverages = Representation.conditionAverages(moved, conditions: ids, count: 8)
        for k in 0..<target.count { XCTAssertEqual(movedAverages.elements[k], target.elements[k], accuracy: 1e-12) }
        for r in 0..<samples.rows {
            for j in 0..<12 {
                XCTAssertEqual(moved[r, j] - target[ids[r], j], samples[r, j] - averages[ids[r], j], accuracy: 1e-12)
            }
        }
    }

    func testShuffledLabelsKeepSideSizes() {
        var rng = RandomSource(seed: 72)
        let labels = [0, 0, 0, 1, 1, 0, 1, 0, 0]
        var distinct = Set<[Int]>()
        for _ in 0..<200 {
            let s = NullModel.shuffledLabels(labels, using: &rng)
            XCTAssertEqual(s.reduce(0, +), 3)
            distinct.insert(s)
        }
        XCTAssertGreaterThan(distinct.count, 50)
    }

    func suite(_ means: Matrix<Double>, labels: [Int], nulls: Int, samples: (Matrix<Double>, [Int])? = nil,
               measures: [MeasureKind] = [.parallelism], seed: UInt64 = 0) throws -> DichotomyReport {
        var options = MeasureOptions()
        options.measures = measures
        options.nullCount = nulls
        options.seed = seed
        options.threads = 1
        let input = MeasureInput(conditionMeans: means, samples: samples?.0, sampleConditions: samples?.1,
                                 dichotomies: [Dichotomy(labels: labels, trained: true)])
        return try XCTUnwrap(MeasureSuite.run(input, options: options).dichotomies.first)
    }

    func nullOf(_ d: DichotomyReport, _ measure: String, _ kind: NullKind) throws -> NullSummary {
        try XCTUnwrap(d.nulls?.first { $0.measure == measure && $0.variant == kind.rawValue }, "\(measure) \(kind)")
    }

    /// A factorised cube's latent variable (PS = 1) beats every same-spectrum draw (p = 1/(N+1));
    /// against label shuffles only the draws that hit one of the 3 coordinate splits of 35 tie, so
    /// p ≈ 1/(N+1) + 6/70.
    func testFactorisedCubePSIsSignificant() throws {
        var rng = RandomSource(seed: 73)
        let means = MeasureTestData.embed(MeasureTestData.cube(3), dimension: 10, scale: 1.5, using: &rng)
        let n = 60
        let d = try suite(means, labels: MeasureTestData.latent(1, d: 3), nulls: n)
        XCTAssertEqual(try XCTUnwrap(d.psMax), 1, accuracy: 1e-12)
        for measure in ["ps_max", "ps_distsum"] {
            let spectrum = try nullOf(d, measure, .sameSpectrum)
            XCTAssertEqual(spectrum.count, n)
            XCTAssertEqual(spectrum.pValue, 1 / Double(n + 1), accuracy: 1e-12, measure)
            XCTAssertLessThan(spectrum.mean, 0.8)
            let shuffle = try nullOf(d, measure, .shuffledLabels)
            XCTAssertLessThan(shuffle.pValue, 0.2, measure)
        }
        // P = 16 (d = 4): ties with the 4 coordinate splits of 6 435 are rare.
        let big = MeasureTestData.embed(MeasureTestData.cube(4), dimension: 12, scale: 1, using: &rng)
        let labels = MeasureTestData.latent(2, d: 4)
        var shuffles = RandomSource(seed: 74)
        let values = try (0..<200).map { _ in
            try ParallelismScore.score(means: big, dichotomy: NullModel.shuffledLabels(labels, using: &shuffles), variant: .distsum).value
        }
        let observed = try ParallelismScore.score(means: big, dichotomy: labels, variant: .distsum).value
        XCTAssertLessThan(NullSummary(measure: "ps_distsum", kind: .shuffledLabels, observed: observed, values: values).pValue, 0.02)
    }

    /// Random geometry: the observed dichotomy is exchangeable with the null draws, so p-values
    /// spread over (0, 1] — their mean is near ½ and small ones are rare.
    func testRandomGeometryIsNotSignificant() throws {
        var rng = RandomSource(seed: 75)
        for kind in NullKind.allCases {
            var pValues: [Double] = []
            for _ in 0..<20 {
                let means: Matrix<Double> = rng.gaussianMatrix(rows: 8, columns: 20)
                let d = try suite(means, labels: rng.permutation(8).map { $0 % 2 }, nulls: 40, seed: rng.next())
                pValues.append(try nullOf(d, "ps_max", kind).pValue)
            }
            let mean = pValues.reduce(0, +) / 20
            XCTAssertGreaterThan(mean, 0.3, "\(kind): \(pValues)")
            XCTAssertLessThan(mean, 0.7, "\(kind): \(pValues)")
            XCTAssertLessThanOrEqual(pValues.filter { $0 < 0.05 }.count, 3, "\(kind): \(pValues)")
        }
    }

    /// CCGP nulls: the cube's latent variable generalises (CCGP ≈ 1) far above both nulls.
    func testFactorisedCubeCCGPIsSignificant() throws {
        var rng = RandomSource(seed: 76)
        let means = MeasureTestData.embed(MeasureTestData.cube(3), dimension: 10, scale: 1, using: &rng)
        let samples = MeasureTestData.samples(of: means, perCondition: 6, noise: 0.2, using: &rng)
        let d = try suite(means, labels: MeasureTestData.latent(0, d: 3), nulls: 19, samples: samples, measures: [.ccgp])
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(d.ccgp), 0.99)
        for kind in NullKind.allCases {
            let s = try nullOf(d, "ccgp", kind)
            XCTAssertLessThan(s.mean, 0.8, "\(kind)")
            XCTAssertLessThanOrEqual(s.pValue, 0.15, "\(kind)")
        }
        // Same seed, same nulls.
        XCTAssertEqual(try suite(means, labels: MeasureTestData.latent(0, d: 3), nulls: 19, samples: samples, measures: [.ccgp]).nulls, d.nulls)
    }
}
