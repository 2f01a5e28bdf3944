import XCTest
@testable import RepGeom

/// PS on geometries with known scores, and PS-max / distsum against brute force.
final class ParallelismScoreTests: XCTestCase {
    /// Mean pairwise cosine of the coding vectors, written out from the definition.
    func definitionPS(_ z: Matrix<Double>, _ pairs: [(Int, Int)]) -> Double {
        let v = pairs.map { a, b in (0..<z.columns).map { z[a, $0] - z[b, $0] } }
        var s = 0.0, count = 0
        for i in 0..<v.count {
            for j in (i + 1)..<v.count {
                let dot = zip(v[i], v[j]).map(*).reduce(0, +)
                let ni = v[i].map { $0 * $0 }.reduce(0, +).squareRoot(), nj = v[j].map { $0 * $0 }.reduce(0, +).squareRoot()
                s += dot / (ni * nj)
                count += 1
            }
        }
        return s / Double(count)
    }

    func testFactorisedCubeGivesOnePerLatent() throws {
        var rng = RandomSource(seed: 1)
        let z = MeasureTestData.embed(MeasureTestData.cube(3), dimension: 10, scale: 2.5, using: &rng)
        for i in 0..<3 {
            let labels = MeasureTestData.latent(i, d: 3)
            XCTAssertEqual(try ParallelismScore.score(means: z, dichotomy: labels, variant: .max).value, 1, accuracy: 1e-12)
            XCTAssertEqual(try ParallelismScore.score(means: z, dichotomy: labels, variant: .distsum).value, 1, accuracy: 1e-12)
            // Fixed pairing: match on the other bits (c and c with bit i set).
            let pairs = (0..<8).filter { ($0 >> i) & 1 == 0 }.map { ConditionPair(a: $0, b: $0 | (1 << i)) }
            XCTAssertEqual(try ParallelismScore.score(means: z, dichotomy: labels, variant: .fixed, pairing: pairs).value, 1, accuracy: 1e-12)
        }
    }

    func testXORSquareGivesMinusOne() throws {
        let z = MeasureTestData.cube(2)
        let xor = MeasureTestData.parity([0, 1], d: 2)
        let r = try ParallelismScore.score(means: z, dichotomy: xor, variant: .max)
        XCTAssertEqual(r.value, -1, accuracy: 1e-12)
        XCTAssertEqual(r.pairingsScored, 2)
        XCTAssertEqual(try ParallelismScore.score(means: z, dichotomy: xor, variant: .distsum).value, -1, accuracy: 1e-12)
    }

    func testMaxEqualsBruteForceOverListedPairings() throws {
        var rng = RandomSource(seed: 2)
        for (p, dim) in [(4, 2), (6, 3), (8, 3), (10, 4), (12, 5), (16, 5)] {   // 16: all 40 320 pairings
            let z: Matrix<Double> = rng.gaussianMatrix(rows: p, columns: dim)
            let labels = rng.permutation(p).map { $0 < p / 2 ? 0 : 1 }
            let a = labels.indices.filter { labels[$0] == 0 }, b = labels.indices.filter { labels[$0] == 1 }
            var best = -Double.infinity
            let perms = MeasureTestData.permutations(p / 2)
            for perm in perms { best = max(best, definitionPS(z, (0..<a.count).map { (a[$0], b[perm[$0]]) })) }
            let r = try ParallelismScore.score(means: z, dichotomy: labels, variant: .max)
            XCTAssertEqual(r.value, best, accuracy: 1e-12, "P = \(p)")
            XCTAssertEqual(r.pairingsScored, perms.count)
            // The reported pairing achieves the reported value.
            XCTAssertEqual(definitionPS(z, r.pairing.map { ($0.a, $0.b) }), r.value, accuracy: 1e-12)
        }
    }

    func testDistsumPairingMinimisesSummedDistance() throws {
        var rng = RandomSource(seed: 3)
        for p in [4, 6, 8, 10] {
            let z: Matrix<Double> = rng.gaussianMatrix(rows: p, columns: 3)
            let labels = rng.permutation(p).map { $0 < p / 2 ? 0 : 1 }
            let a = labels.indices.filter { labels[$0] == 0 }, b = labels.indices.filter { labels[$0] == 1 }
            func dist(_ x: Int, _ y: Int) -> Double { (0..<3).map { (z[x, $0] - z[y, $0]) * (z[x, $0] - z[y, $0]) }.reduce(0, +) }
            var bestCost = Double.infinity, bestPairs: [(Int, Int)] = []
            for perm in MeasureTestData.permutations(p / 2) {
                let pairs = (0..<a.count).map { (a[$0], b[perm[$0]]) }
                let cost = pairs.map { dist($0.0, $0.1) }.reduce(0, +)
                if cost < bestCost { bestCost = cost; bestPairs = pairs }
            }
            let r = try ParallelismScore.score(means: z, dichotomy: labels, variant: .distsum)
            XCTAssertEqual(r.pairing.map { dist($0.a, $0.b) }.reduce(0, +), bestCost, accuracy: 1e-12)
            XCTAssertEqual(r.value, definitionPS(z, bestPairs), accuracy: 1e-12)
        }
    }

    func testRandomHighDimensionalPatternsGiveNearZero() throws {
        var rng = RandomSource(seed: 4)
        let z: Matrix<Double> = rng.gaussianMatrix(rows: 8, columns: 4000)
        for labels in [[0, 0, 0, 0, 1, 1, 1, 1], [0, 1, 0, 1, 0, 1, 0, 1], [0, 1, 1, 0, 1, 0, 0, 1]] {
            // Coding vectors of disjoint random pairs are nearly orthogonal (cos ~ 1/√4000 ≈ 0.016).
            XCTAssertLessThan(abs(try ParallelismScore.score(means: z, dichotomy: labels, variant: .max).value), 0.05)
            XCTAssertLessThan(abs(try ParallelismScore.score(means: z, dichotomy: labels, variant: .distsum).value), 0.05)
        }
    }

    func testComplementAndUnitPermutationLeaveScoresUnchanged() throws {
        var rng = RandomSource(seed: 5)
        let z: Matrix<Double> = rng.gaussianMatrix(rows: 8, columns: 6)
        let labels = [0, 1, 1, 0, 0, 1, 0, 1]
        let zp = MeasureTestData.permuteColumns(z, rng.permutation(6))
        for variant in [PSVariant.max, .distsum] {
            let base = try ParallelismScore.score(means: z, dichotomy: labels, variant: variant).value
            XCTAssertEqual(try ParallelismScore.score(means: z, dichotomy: labels.map { 1 - $0 }, variant: variant).value, base, accuracy: 1e-12)
            XCTAssertEqual(try ParallelismScore.score(means: zp, dichotomy: labels, variant: variant).value, base, accuracy: 1e-12)
        }
    }

    func testUnbalancedAndOversizedAreUnavailableForMax() throws {
        let z = MeasureTestData.cube(3)
        let unbalanced = [0, 0, 0, 0, 0, 1, 1, 1]
        XCTAssertThrowsError(try ParallelismScore.score(means: z, dichotomy: unbalanced, variant: .max)) { e in
            XCTAssertTrue((e as? MeasureUnavailable)?.reason.contains("unbalanced") ?? false, "\(e)")
        }
        // distsum matches the 3 side-B conditions into side A.
        let r = try ParallelismScore.score(means: z, dichotomy: unbalanced, variant: .distsum)
        XCTAssertEqual(r.pairing.count, 3)
        XCTAssertEqual(Set(r.pairing.map(\.b)), [5, 6, 7])
        var rng = RandomSource(seed: 6)
        let big: Matrix<Double> = rng.gaussianMatrix(rows: 18, columns: 4)
        XCTAssertThrowsError(try ParallelismScore.score(means: big, dichotomy: (0..<18).map { $0 % 2 }, variant: .max)) { e in
            XCTAssertNotNil(e as? MeasureUnavailable)
        }
        XCTAssertNoThrow(try ParallelismScore.score(means: big, dichotomy: (0..<18).map { $0 % 2 }, variant: .distsum))
    }
}

extension ParallelismScoreTests {
    /// "fixed": the given pairs, checked; and never above "max".
    func testFixedPairingIsCheckedAndBoundedByMax() throws {
        var rng = RandomSource(seed: 8)
        let z: Matrix<Double> = rng.gaussianMatrix(rows: 6, columns: 4)
        let labels = [0, 1, 0, 1, 0, 1]
        let pairs = [ConditionPair(a: 0, b: 3), ConditionPair(a: 2, b: 1), ConditionPair(a: 4, b: 5)]
        let fixed = try ParallelismScore.score(means: z, dichotomy: labels, variant: .fixed, pairing: pairs)
        XCTAssertEqual(fixed.value, definitionPS(z, pairs.map { ($0.a, $0.b) }), accuracy: 1e-12)
        XCTAssertEqual(fixed.name, "parallelism_score")
        XCTAssertEqual(fixed.variant, "fixed")
        XCTAssertLessThanOrEqual(fixed.value, try ParallelismScore.score(means: z, dichotomy: labels, variant: .max).value + 1e-12)
        // A subset of the pairs is allowed (at least two).
        XCTAssertNoThrow(try ParallelismScore.score(means: z, dichotomy: labels, variant: .fixed, pairing: Array(pairs.prefix(2))))
        for bad in [[ConditionPair(a: 1, b: 3), ConditionPair(a: 2, b: 5)],      // 1 is on side B
                    [ConditionPair(a: 0, b: 3), ConditionPair(a: 0, b: 5)]] {     // 0 twice
            XCTAssertThrowsError(try ParallelismScore.score(means: z, dichotomy: labels, variant: .fixed, pairing: bad)) { e in
                XCTAssertNotNil(e as? InputError, "\(e)")
            }
        }
        XCTAssertThrowsError(try ParallelismScore.score(means: z, dichotomy: labels, variant: .fixed, pairing: nil))
    }

    /// Unbalanced distsum: the documented matching of the smaller side into the larger one, its
    /// value the mean cosine of exactly those coding vectors (checked by brute force).
    func testUnbalancedDistsumByBruteForce() throws {
        var rng = RandomSource(seed: 9)
        let z: Matrix<Double> = rng.gaussianMatrix(rows: 7, columns: 3)
        let labels = [0, 1, 0, 0, 1, 0, 1]   // A = {0, 2, 3, 5}, B = {1, 4, 6}
        let a = [0, 2, 3, 5], b = [1, 4, 6]
        func dist(_ x: Int, _ y: Int) -> Double { (0..<3).map { (z[x, $0] - z[y, $0]) * (z[x, $0] - z[y, $0]) }.reduce(0, +) }
        var best = Double.infinity, bestPairs: [(Int, Int)] = []
        for perm in MeasureTestData.permutations(4) {   // B's k-th condition ↦ A's perm[k]-th
            let pairs = (0..<3).map { (a[perm[$0]], b[$0]) }
            let cost = pairs.map { dist($0.0, $0.1) }.reduce(0, +)
            if cost < best - 1e-12 { best = cost; bestPairs = pairs }
        }
        let r = try ParallelismScore.score(means: z, dichotomy: labels, variant: .distsum)
        XCTAssertEqual(r.pairing.count, 3)
        XCTAssertEqual(r.pairing.map { dist($0.a, $0.b) }.reduce(0, +), best, accuracy: 1e-12)
        XCTAssertEqual(r.value, definitionPS(z, bestPairs), accuracy: 1e-12)
    }
}

/// The Hungarian solver against brute force over all assignments.
final class LinearAssignmentTests: XCTestCase {
    /// All injective maps of 0..<r into 0..<c.
    func injections(_ r: Int, _ c: Int) -> [[Int]] {
        if r == 0 { return [[]] }
        return injections(r - 1, c).flatMap { prefix in (0..<c).filter { !prefix.contains($0) }.map { prefix + [$0] } }
    }

    func testMatchesBruteForce() {
        var rng = RandomSource(seed: 7)
        for trial in 0..<60 {
            let r = 1 + trial % 6, c = r + (trial / 6) % 3
            // Integer costs make ties common, which exercises the tie handling.
            let cost = Matrix<Double>(rows: r, columns: c) { _, _ in trial % 2 == 0 ? Double(rng.int(below: 5)) : rng.gaussian() }
            let (cols, total) = LinearAssignment.minimumCost(cost)
            XCTAssertEqual(Set(cols).count, r, "assignment must be injective")
            XCTAssertEqual(cols.enumerated().map { cost[$0.offset, $0.element] }.reduce(0, +), total, accuracy: 1e-12)
            let best = injections(r, c).map { m in m.enumerated().map { cost[$0.offset, $0.element] }.reduce(0, +) }.min()!
            XCTAssertEqual(total, best, accuracy: 1e-9, "trial \(trial) (\(r)×\(c))")
        }
    }
}
