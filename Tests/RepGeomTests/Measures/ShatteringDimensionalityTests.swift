import XCTest
@testable import RepGeom

/// Shattering dimensionality on analytic cases, the balanced-dichotomy list against an explicit
/// enumeration, and cross-validated decoding's folds against their documented construction.
final class ShatteringDimensionalityTests: XCTestCase {
    func engine(_ samples: Matrix<Double>, _ ids: [Int], conditions: Int, folds: Int = 5) throws -> DecodingEngine {
        try DecodingEngine(samples: samples, conditions: ids, conditionCount: conditions, folds: folds, decoder: LinearDecoder(), seed: 0)
    }

    /// P = 8 conditions at the vertices of a regular simplex (orthogonal unit vectors × 4) with
    /// small noise: every dichotomy is linearly separable with a wide margin, so SD = 1 exactly.
    func testSimplexShattersEverything() throws {
        var rng = RandomSource(seed: 61)
        let means = 4 * Matrix<Double>.identity(8)
        let (samples, ids) = MeasureTestData.samples(of: means, perCondition: 10, noise: 0.1, using: &rng)
        let trained = [MeasureTestData.latent(0, d: 3)]
        let (r, decodings) = try ShatteringDimensionality.compute(engine: engine(samples, ids, conditions: 8), conditionCount: 8,
                                                                  trained: trained, limit: 10_000, seed: 0, threads: 1)
        XCTAssertEqual(r.name, "shattering_dimensionality")
        XCTAssertEqual(r.dichotomyCount, 35)
        XCTAssertEqual(r.totalBalanced, 35)
        XCTAssertTrue(r.exhaustive)
        XCTAssertEqual(r.all, 1)
        XCTAssertEqual(r.trained, 1)
        XCTAssertEqual(r.untrained, 1)
        XCTAssertEqual(r.trainedCount, 1)
        XCTAssertEqual(r.untrainedCount, 34)
        XCTAssertEqual(decodings.count, 35)
        XCTAssertTrue(r.variant.hasSuffix("/stratified_5_fold/exhaustive"), r.variant)
    }

    /// The noise-free-ish square (P = 4): of its three balanced dichotomies the two coordinate
    /// ones are separable (accuracy 1) and XOR is not. A linear decoder trained on XOR folds
    /// predicts held-out samples no better than chance, so SD = (1 + 1 + a_xor)/3 with
    /// a_xor ≤ 1/2; with the x-coordinate trained, trained = 1 and untrained = (1 + a_xor)/2.
    func testSquareSeparatesTwoOfThree() throws {
        var rng = RandomSource(seed: 62)
        let means = MeasureTestData.embed(MeasureTestData.cube(2), dimension: 5, scale: 2, using: &rng)
        let (samples, ids) = MeasureTestData.samples(of: means, perCondition: 10, noise: 0.05, using: &rng)
        let e = try engine(samples, ids, conditions: 4)
        let xBit = MeasureTestData.latent(0, d: 2), yBit = MeasureTestData.latent(1, d: 2)
        let xor = MeasureTestData.parity([0, 1], d: 2)
        XCTAssertEqual(e.decode(xBit).mean, 1)
        XCTAssertEqual(e.decode(yBit).mean, 1)
        let aXor = e.decode(xor).mean
        XCTAssertLessThanOrEqual(aXor, 0.5)
        let (r, _) = try ShatteringDimensionality.compute(engine: e, conditionCount: 4, trained: [xBit], limit: 100, seed: 0, threads: 1)
        XCTAssertEqual(r.dichotomyCount, 3)
        XCTAssertEqual(r.all, (2 + aXor) / 3, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(r.trained), 1, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(r.untrained), (1 + aXor) / 2, accuracy: 1e-12)
    }

    /// C(P, P/2)/2 balanced dichotomies, each split once, condition 0 on side A — compared with an
    /// enumeration of all 2^P label vectors.
    func testBalancedDichotomiesAreEverySplitOnce() {
        for p in [2, 4, 6, 8, 10, 12, 16] {
            let set = BalancedDichotomies(conditionCount: p, limit: 100_000, seed: 0)
            var expected = Set<[Int]>()
            for mask in 0..<(1 << p) where mask.nonzeroBitCount == p / 2 && mask & 1 == 0 {
                expected.insert((0..<p).map { (mask >> $0) & 1 })
            }
            XCTAssertEqual(set.labels.count, expected.count, "P = \(p)")
            XCTAssertEqual(Set(set.labels), expected)
            XCTAssertTrue(set.exhaustive)
            XCTAssertEqual(set.total, Double(expected.count))
        }
        XCTAssertEqual(BalancedDichotomies(conditionCount: 16, limit: 100_000, seed: 0).labels.count, 6435)
    }

    /// Above the limit: a seeded subset of distinct dichotomies, and trained ones forced in.
    func testSubsetAboveTheLimit() throws {
        let a = BalancedDichotomies(conditionCount: 16, limit: 50, seed: 4)
        let b = BalancedDichotomies(conditionCount: 16, limit: 50, seed: 4)
        let c = BalancedDichotomies(conditionCount: 16, limit: 50, seed: 5)
        XCTAssertFalse(a.exhaustive)
        XCTAssertEqual(a.labels.count, 50)
        XCTAssertEqual(Set(a.labels).count, 50)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a.labels, c.labels)
        XCTAssertEqual(a.total, 6435)
        for l in a.labels { XCTAssertEqual(l.reduce(0, +), 8); XCTAssertEqual(l[0], 0) }

        var rng = RandomSource(seed: 63)
        let means: Matrix<Double> = rng.gaussianMatrix(rows: 16, columns: 6)
        let (samples, ids) = MeasureTestData.samples(of: means, perCondition: 5, noise: 0.5, using: &rng)
        let trained = (0..<16).map { 1 - $0 % 2 }   // condition 0 on side B: canonicalised
        let (r, decodings) = try ShatteringDimensionality.compute(engine: engine(samples, ids, conditions: 16), conditionCount: 16,
                                                                  trained: [trained], limit: 10, seed: 0, threads: 1)
        XCTAssertTrue(r.variant.hasSuffix("subset(10)"), r.variant)
        XCTAssertEqual(r.trainedCount, 1)
        XCTAssertEqual(r.dichotomyCount, r.trainedCount + r.untrainedCount)
        XCTAssertNotNil(decodings[Dichotomy(labels: trained).canonicalMask])
        let sum = decodings.values.map(\.mean).reduce(0, +)
        XCTAssertEqual(r.all, sum / Double(decodings.count), accuracy: 1e-12)
    }

    /// Folds: stratified by condition (each condition's samples split ⌊n_c/k⌋ / ⌈n_c/k⌉), shared by
    /// every dichotomy; fold accuracies are plain fractions of each fold's samples.
    func testDecodingFoldsAndAccuracies() throws {
        var rng = RandomSource(seed: 64)
        let means: Matrix<Double> = rng.gaussianMatrix(rows: 4, columns: 3)
        var samples = Matrix<Double>(rows: 0, columns: 3), ids: [Int] = []
        for (c, count) in [7, 5, 11, 6].enumerated() {
            let (s, _) = MeasureTestData.samples(of: means.rows([c]), perCondition: count, noise: 1.0, using: &rng)
            samples = Matrix.vstack([samples, s])
            ids += [Int](repeating: c, count: count)
        }
        let e = try engine(samples, ids, conditions: 4)
        XCTAssertEqual(Set(e.testRows.flatMap { $0 }), Set(0..<samples.rows))
        XCTAssertEqual(e.testRows.map(\.count).reduce(0, +), samples.rows)
        for c in 0..<4 {
            let n = ids.filter { $0 == c }.count
            for f in 0..<5 {
                let inFold = e.testRows[f].filter { ids[$0] == c }.count
                XCTAssertTrue(inFold == n / 5 || inFold == (n + 4) / 5, "condition \(c) fold \(f): \(inFold) of \(n)")
            }
        }
        let labels = [0, 1, 1, 0]
        let r = e.decode(labels)
        XCTAssertEqual(r.name, "decoding")
        for f in 0..<5 {
            let model = LinearDecoder().fit(samples.rows(e.trainRows[f]), labels: e.trainRows[f].map { labels[ids[$0]] == 1 })
            let predicted = model.predict(samples.rows(e.testRows[f]))
            let correct = zip(e.testRows[f], predicted).filter { (labels[ids[$0.0]] == 1) == $0.1 }.count
            XCTAssertEqual(r.folds[f], Double(correct) / Double(e.testRows[f].count), accuracy: 1e-12, "fold \(f)")
        }
        XCTAssertEqual(r.mean, r.folds.reduce(0, +) / 5, accuracy: 1e-12)
        // Same numbers on any thread count, and for the complement.
        XCTAssertEqual(e.decode(all: [labels, [0, 0, 1, 1]], threads: 2), e.decode(all: [labels, [0, 0, 1, 1]], threads: 1))
        XCTAssertEqual(e.decode(labels.map { 1 - $0 }).folds, r.folds)
        // Too few samples for the folds.
        XCTAssertThrowsError(try engine(samples, ids, conditions: 4, folds: 6)) { e in
            XCTAssertTrue("\(e)".contains("condition 1 has 5 sample(s)"), "\(e)")
        }
    }
}
