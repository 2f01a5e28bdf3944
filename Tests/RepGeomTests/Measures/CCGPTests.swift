import XCTest
@testable import RepGeom

/// CCGP on geometries with known generalisation (factorised cube, XOR), its split enumeration
/// against explicit lists, and each split's accuracy against a decoder fitted here.
final class CCGPTests: XCTestCase {
    let decoder = LinearDecoder()

    /// The cube's 2^d corners in `dim` units with isotropic noise σ.
    func noisyCube(_ d: Int, dim: Int = 10, perCondition: Int = 10, noise: Double, seed: UInt64)
        -> (means: Matrix<Double>, samples: Matrix<Double>, ids: [Int]) {
        var rng = RandomSource(seed: seed)
        let means = MeasureTestData.embed(MeasureTestData.cube(d), dimension: dim, scale: 1, using: &rng)
        let (s, ids) = MeasureTestData.samples(of: means, perCondition: perCondition, noise: noise, using: &rng)
        return (means, s, ids)
    }

    func testFactorisedCubeWithSmallNoiseGeneralisesPerfectly() throws {
        let (means, samples, ids) = noisyCube(3, noise: 0.1, seed: 51)
        for i in 0..<3 {
            for options in [CCGPOptions(variant: .leaveOnePerSide), CCGPOptions(variant: .onePair)] {
                let r = try CCGP.score(means: means, samples: samples, conditions: ids, labels: MeasureTestData.latent(i, d: 3),
                                       options: options, decoder: decoder, seed: 0)
                XCTAssertGreaterThanOrEqual(r.mean, 0.99, "latent \(i), \(options.variantName)")
                XCTAssertEqual(r.name, "ccgp")
                XCTAssertTrue(r.variant.hasPrefix(options.variantName + "/svm("), r.variant)
            }
        }
    }

    /// Two of four held out per side: a split whose two training conditions on side A share a
    /// value of another bit j, and side B's the opposite value, confounds latent i with latent j —
    /// the max-margin direction then bisects the two axes and the held-out conditions sit on the
    /// boundary. Every split without such a confound generalises perfectly.
    func testKPerSideGeneralisesExactlyOnUnconfoundedSplits() throws {
        let (means, samples, ids) = noisyCube(3, noise: 0.1, seed: 51)
        for i in 0..<3 {
            let labels = MeasureTestData.latent(i, d: 3)
            let r = try CCGP.score(means: means, samples: samples, conditions: ids, labels: labels,
                                   options: CCGPOptions(variant: .kPerSide, heldOutPerSide: 2), decoder: decoder, seed: 0)
            XCTAssertEqual(r.splits.count, 36)
            var confounded = 0
            for split in r.splits {
                let a = split.trainConditions.filter { labels[$0] == 0 }, b = split.trainConditions.filter { labels[$0] == 1 }
                let confound = (0..<3).filter { $0 != i }.contains { j in
                    let va = Set(a.map { ($0 >> j) & 1 }), vb = Set(b.map { ($0 >> j) & 1 })
                    return va.count == 1 && vb.count == 1 && va != vb
                }
                if confound { confounded += 1 } else {
                    XCTAssertGreaterThanOrEqual(split.accuracy, 0.99, "latent \(i), test \(split.testConditions)")
                }
            }
            XCTAssertGreaterThan(confounded, 0)
            XCTAssertLessThan(confounded, 36)
        }
    }

    /// XOR of two latent bits: the held-out conditions sit where the training conditions of the
    /// other side were, so generalisation fails (at most chance).
    func testXORDichotomiesDoNotGeneralise() throws {
        // Noise-free square, one sample per condition: every leave-one-per-side split trains on one
        // condition per side and gets both held-out conditions wrong.
        let square = MeasureTestData.cube(2)
        let xor = MeasureTestData.parity([0, 1], d: 2)
        let r = try CCGP.score(means: square, samples: square, conditions: [0, 1, 2, 3], labels: xor,
                               options: CCGPOptions(), decoder: decoder, seed: 0)
        XCTAssertEqual(r.splits.count, 4)
        XCTAssertEqual(r.mean, 0, accuracy: 1e-12)

        // The noisy cube: every XOR of two or three bits.
        let (means, samples, ids) = noisyCube(3, noise: 0.1, seed: 52)
        for bits in [[0, 1], [0, 2], [1, 2], [0, 1, 2]] {
            for options in [CCGPOptions(variant: .leaveOnePerSide), CCGPOptions(variant: .onePair)] {
                let r = try CCGP.score(means: means, samples: samples, conditions: ids, labels: MeasureTestData.parity(bits, d: 3),
                                       options: options, decoder: decoder, seed: 0)
                XCTAssertLessThanOrEqual(r.mean, 0.5, "XOR \(bits), \(options.variantName)")
            }
        }
    }

    /// Every split's accuracy equals that of a decoder fitted here on the split's training
    /// samples and scored on its test samples; the mean is their mean.
    func testSplitAccuraciesAgainstDirectFits() throws {
        let (means, samples, ids) = noisyCube(3, noise: 0.6, seed: 53)
        let labels = [0, 1, 1, 0, 1, 0, 0, 1] // the parity of all three bits
        let r = try CCGP.score(means: means, samples: samples, conditions: ids, labels: labels,
                               options: CCGPOptions(), decoder: LinearDecoder(tolerance: 1e-9), seed: 0)
        XCTAssertEqual(r.splits.count, 16)
        for split in r.splits {
            let train = ids.indices.filter { split.trainConditions.contains(ids[$0]) }
            let test = ids.indices.filter { split.testConditions.contains(ids[$0]) }
            let model = LinearDecoder(tolerance: 1e-9).fit(samples.rows(train), labels: train.map { labels[ids[$0]] == 1 })
            let predicted = model.predict(samples.rows(test))
            let accuracy = Double(zip(test, predicted).filter { (labels[ids[$0.0]] == 1) == $0.1 }.count) / Double(test.count)
            XCTAssertEqual(split.accuracy, accuracy, accuracy: 1e-12, "\(split.testConditions)")
        }
        XCTAssertEqual(r.mean, r.splits.map(\.accuracy).reduce(0, +) / 16, accuracy: 1e-12)
        // The complement dichotomy is the same split problem.
        let complement = try CCGP.score(means: means, samples: samples, conditions: ids, labels: labels.map { 1 - $0 },
                                        options: CCGPOptions(), decoder: LinearDecoder(tolerance: 1e-9), seed: 0)
        XCTAssertEqual(complement.mean, r.mean, accuracy: 1e-12)
    }

    func testSplitEnumerationMatchesExplicitLists() throws {
        let means = MeasureTestData.cube(3)
        let labels = MeasureTestData.latent(2, d: 3)   // side A 0…3, side B 4…7
        // leave-one-per-side: all 4 × 4 (a, b) pairs held out.
        let one = try CCGP.splits(means: means, labels: labels, options: CCGPOptions(), seed: 0)
        XCTAssertTrue(one.exhaustive)
        var expected = Set<[Int]>()
        for a in 0..<4 { for b in 4..<8 { expected.insert([a, b]) } }
        XCTAssertEqual(Set(one.list.map(\.test)), expected)
        for s in one.list { XCTAssertEqual(Set(s.train), Set(0..<8).subtracting(s.test)) }
        // k-per-side, k = 2: C(4, 2)² = 36 distinct splits with two held out on each side.
        let two = try CCGP.splits(means: means, labels: labels, options: CCGPOptions(variant: .kPerSide, heldOutPerSide: 2), seed: 0)
        XCTAssertEqual(two.list.count, 36)
        XCTAssertEqual(Set(two.list.map(\.test)).count, 36)
        for s in two.list {
            XCTAssertEqual(s.test.filter { $0 < 4 }.count, 2)
            XCTAssertEqual(s.train.count, 4)
        }
        // one-pair: the distsum pairing on the cube matches c with c + 4 (distance 2, the minimum);
        // train on the pair, test on the other six.
        let pairs = try CCGP.splits(means: means, labels: labels, options: CCGPOptions(variant: .onePair), seed: 0)
        XCTAssertEqual(pairs.list.map(\.train), [[0, 4], [1, 5], [2, 6], [3, 7]])
        for s in pairs.list { XCTAssertEqual(s.test.count, 6) }
        XCTAssertEqual(CCGPOptions(variant: .kPerSide, heldOutPerSide: 2).variantName, "k-per-side(k=2)")
    }

    /// Above `maxSplits` a seeded subset of distinct splits: reproducible, seed-dependent.
    func testSplitSubsetIsSeededAndDistinct() throws {
        var rng = RandomSource(seed: 54)
        let means: Matrix<Double> = rng.gaussianMatrix(rows: 16, columns: 5)
        let labels = (0..<16).map { $0 % 2 }
        let options = CCGPOptions(maxSplits: 20)
        let a = try CCGP.splits(means: means, labels: labels, options: options, seed: 1)
        let b = try CCGP.splits(means: means, labels: labels, options: options, seed: 1)
        let c = try CCGP.splits(means: means, labels: labels, options: options, seed: 2)
        XCTAssertFalse(a.exhaustive)
        XCTAssertEqual(a.list.count, 20)
        XCTAssertEqual(Set(a.list.map(\.test)).count, 20)
        XCTAssertEqual(a.list.map(\.test), b.list.map(\.test))
        XCTAssertNotEqual(a.list.map(\.test), c.list.map(\.test))
        for s in a.list { XCTAssertEqual(s.test.map { labels[$0] }.sorted(), [0, 1]) }
        // All 64 when the limit allows.
        XCTAssertEqual(try CCGP.splits(means: means, labels: labels, options: CCGPOptions(maxSplits: 64), seed: 1).list.count, 64)
    }

    func testDeterministicAndIndependentOfThreads() throws {
        let (means, samples, ids) = noisyCube(3, noise: 0.8, seed: 55)
        let labels = MeasureTestData.latent(0, d: 3)
        let one = try CCGP.score(means: means, samples: samples, conditions: ids, labels: labels, options: CCGPOptions(),
                                 decoder: decoder, seed: 3, threads: 1)
        let two = try CCGP.score(means: means, samples: samples, conditions: ids, labels: labels, options: CCGPOptions(),
                                 decoder: decoder, seed: 3, threads: 2)
        XCTAssertEqual(one, two)
    }

    func testEdgeCases() throws {
        let (means, samples, ids) = noisyCube(2, dim: 4, perCondition: 3, noise: 0.1, seed: 56)
        // Two conditions per side cannot hold out two per side.
        XCTAssertThrowsError(try CCGP.score(means: means, samples: samples, conditions: ids, labels: [0, 0, 1, 1],
                                            options: CCGPOptions(variant: .kPerSide, heldOutPerSide: 2), decoder: decoder, seed: 0)) { e in
            XCTAssertNotNil(e as? MeasureUnavailable, "\(e)")
        }
        // A condition without samples.
        let missing = ids.indices.filter { ids[$0] != 3 }
        XCTAssertThrowsError(try CCGP.score(means: means, samples: samples.rows(missing), conditions: missing.map { ids[$0] },
                                            labels: [0, 0, 1, 1], options: CCGPOptions(), decoder: decoder, seed: 0)) { e in
            XCTAssertTrue("\(e)".contains("condition 3 has no samples"), "\(e)")
        }
        // Unbalanced dichotomies work (one held out per side).
        let r = try CCGP.score(means: MeasureTestData.cube(3), samples: MeasureTestData.cube(3), conditions: Array(0..<8),
                               labels: [0, 0, 0, 0, 0, 0, 1, 1], options: CCGPOptions(), decoder: decoder, seed: 0)
        XCTAssertEqual(r.splits.count, 12)
    }
}
