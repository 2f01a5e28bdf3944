import XCTest
@testable import RepGeom

/// T1, T2, T4 against independent computations.
final class RandomKernelTests: XCTestCase {
    func testAlignmentEqualsCAcrossParameters() throws {
        var cases = 0
        for p in [3, 4, 5, 8, 12, 16] {
            for k in Set([1, 2, p - 2]).sorted() where k >= 1 && k <= p - 2 {
                for scale in [0.0, 0.5, 3.0] {
                    for seed: UInt64 in [0, 1] {
                        let spec = RandomKernel(conditionCount: p, k: k, c: 0, scale: scale, seed: seed, inputDimension: p + 1)
                        let range = try XCTUnwrap(spec.alignmentRange())
                        for c in TaskReference.linspace(0, range.upperBound, 4) {
                            var s = spec
                            s.c = c
                            let task = try s.make()
                            XCTAssertEqual(TaskReference.alignment(means: task.means, targets: task.targets), c, accuracy: 1e-9,
                                           "P=\(p) k=\(k) c=\(c) scale=\(scale) seed=\(seed)")
                            cases += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(cases, 150)
    }

    func testTargetsAreDistinctBalancedDichotomies() throws {
        for p in [5, 8, 9, 16] {
            let task = try RandomKernel(conditionCount: p, k: p - 2, c: 0, seed: 3, inputDimension: p).make()
            var seen = Set<[Double]>()
            for j in 0..<task.outputCount {
                let col = task.targets.column(j)
                let ones = col.filter { $0 == 1 }.count
                XCTAssertTrue(ones == p / 2 || ones == (p + 1) / 2, "P=\(p) output \(j) has \(ones) ones")
                XCTAssertEqual(col[0], 0, "condition 0 is labelled 0 (dichotomy up to complement)")
                XCTAssertTrue(seen.insert(col).inserted, "repeated dichotomy")
            }
        }
    }

    func testCMaxIsTheEquidistantKernelAndIsReachedAtScaleZero() throws {
        for p in [6, 8, 11] {
            let spec = RandomKernel(conditionCount: p, k: 2, c: 0, seed: 2, inputDimension: 20)
            let cMax = try XCTUnwrap(spec.alignmentRange()).upperBound
            var s = spec; s.c = cMax
            let task = try s.make()
            let dist = TaskReference.distances(task.means)
            let mean = dist.reduce(0, +) / Double(dist.count)
            for x in dist { XCTAssertEqual(x, mean, accuracy: 1e-9 * mean) }
            // Independent: alignment of an explicit regular simplex (identity rows) with the targets.
            let simplex = Matrix<Double>.identity(p)
            XCTAssertEqual(TaskReference.alignment(means: simplex, targets: task.targets), cMax, accuracy: 1e-12)
        }
    }

    func testInvalidParameters() {
        assertInputError("task.P", ["3…1024"]) { try RandomKernel(conditionCount: 2, k: 1, c: 0).validate() }
        assertInputError("task.k", ["1…6", "P − 2"]) { try RandomKernel(conditionCount: 8, k: 7, c: 0).validate() }
        assertInputError("task.c", ["outside [0,", "c_max"]) { try RandomKernel(conditionCount: 8, k: 1, c: 0.9).validate() }
        assertInputError("task.N", ["N ≥ P − 1 = 15"]) { try RandomKernel(conditionCount: 16, k: 1, c: 0, inputDimension: 10).validate() }
    }
}

final class NudgedXORTests: XCTestCase {
    func testMeansHaveTheSpecifiedGramMatrix() throws {
        // x̄ = s1·u1 + s2·u2 + δ·st·u3 with orthogonal u_i of squared norm N/3: the Gram matrix is
        // (N/3)(s1 s1' + s2 s2' + δ² st st'), and each u_i lives in its own block.
        for delta in [0.0, 0.35, 1.0] {
            let task = try NudgedXOR(delta: delta, inputDimension: 30, seed: 5).make()
            let bits = try XCTUnwrap(task.latentBits)
            for a in 0..<4 {
                for b in 0..<4 {
                    let s = { (c: Int) -> [Double] in
                        let b1 = Int(bits[c, 0]), b2 = Int(bits[c, 1])
                        return [Double(2 * b1 - 1), Double(2 * b2 - 1), Double(2 * (b1 ^ b2) - 1)]
                    }
                    let sa = s(a), sb = s(b)
                    let expected = 10 * (sa[0] * sb[0] + sa[1] * sb[1] + delta * delta * sa[2] * sb[2])
                    let dot = (0..<30).reduce(0.0) { $0 + task.means[a, $1] * task.means[b, $1] }
                    XCTAssertEqual(dot, expected, accuracy: 1e-9)
                }
            }
            // Block 1 carries only b1: it flips sign exactly with b1.
            for j in 0..<10 { XCTAssertEqual(task.means[0, j], -task.means[2, j], accuracy: 1e-12) }
            XCTAssertEqual(task.targets.column(0), [0, 1, 1, 0])
        }
    }

    func testEquidistantAtDeltaOne() throws {
        let task = try NudgedXOR(delta: 1, inputDimension: 120).make()
        let dist = TaskReference.distances(task.means)
        for x in dist { XCTAssertEqual(x, dist[0], accuracy: 1e-9) }
        let notEquidistant = TaskReference.distances(try NudgedXOR(delta: 0.5).make().means)
        XCTAssertGreaterThan(notEquidistant.max()! - notEquidistant.min()!, 1)
    }

    func testXORIsNotLinearlySeparableAtDeltaZero() throws {
        let task = try NudgedXOR(delta: 0, inputDimension: 60, seed: 2).make()
        let y = task.targets.column(0)
        let positives = (0..<4).filter { y[$0] == 1 }, negatives = (0..<4).filter { y[$0] == 0 }
        XCTAssertEqual(positives.count, 2); XCTAssertEqual(negatives.count, 2)
        // Proof: the midpoint of the two positive means equals the midpoint of the two negative
        // means, so the convex hulls of the classes intersect and no hyperplane (w·x + b) can put
        // them on strictly opposite sides (an affine function takes the same value at the common
        // midpoint, which must be > 0 and < 0 at once).
        for j in 0..<60 {
            let mp = (task.means[positives[0], j] + task.means[positives[1], j]) / 2
            let mn = (task.means[negatives[0], j] + task.means[negatives[1], j]) / 2
            XCTAssertEqual(mp, mn, accuracy: 1e-12)
        }
        XCTAssertFalse(TaskReference.perceptronSeparates(task.means, labels: y, epochs: 2000))
        // Any δ > 0 makes it separable (the perceptron converges).
        let nudged = try NudgedXOR(delta: 0.05, inputDimension: 60, seed: 2).make()
        XCTAssertTrue(TaskReference.perceptronSeparates(nudged.means, labels: nudged.targets.column(0)))
    }

    func testInvalidParameters() {
        assertInputError("task.N", ["divisible by 3"]) { try NudgedXOR(delta: 0, inputDimension: 100).validate() }
        assertInputError("task.delta", ["≥ 0"]) { try NudgedXOR(delta: -0.5).validate() }
        assertInputError("task.targets", ["4 characters"]) { try NudgedXOR(delta: 0, targets: "011").validate() }
        assertInputError("task.targets", ["one side"]) { try NudgedXOR(delta: 0, targets: "0000").validate() }
    }

    func testMultiOutputTargets() throws {
        let task = try TaskSpec(parsing: "nudged_xor:delta=0.2,targets=0011/0101").make()
        XCTAssertEqual(task.targets.column(0), try XCTUnwrap(task.latentBits).column(0))
        XCTAssertEqual(task.targets.column(1), try XCTUnwrap(task.latentBits).column(1))
    }
}

final class RandomPatternsTests: XCTestCase {
    func testDefaultsAndTwoOutputVariant() throws {
        let task = try RandomPatterns().make()
        XCTAssertEqual(task.conditionCount, 4); XCTAssertEqual(task.inputDimension, 200)
        XCTAssertEqual(task.targets.column(0), [0, 0, 1, 1]) // {0,1} vs {2,3}
        XCTAssertEqual(try XCTUnwrap(task.latentBits).column(0), [0, 0, 1, 1])
        let two = try TaskSpec(parsing: "random_patterns:targets=0011/0101").make()
        XCTAssertEqual(two.targets.column(1), [0, 1, 0, 1]) // {0,2} vs {1,3}
        XCTAssertEqual(RandomPatterns.defaultTargets(conditions: 5), "00011")
        XCTAssertNil(try RandomPatterns(conditionCount: 6).make().latentBits)
    }

    func testMeansAreStandardGaussianAndCentringWorks() throws {
        let task = try RandomPatterns(conditionCount: 8, inputDimension: 500, seed: 1).make()
        let x = task.means.elements
        let mean = x.reduce(0, +) / Double(x.count)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
        XCTAssertEqual(mean, 0, accuracy: 0.05) // 4000 draws: s.e. 0.016
        XCTAssertEqual(variance, 1, accuracy: 0.08)
        let centred = try RandomPatterns(conditionCount: 8, inputDimension: 500, centered: true, seed: 1).make()
        for m in centred.means.columnMeans { XCTAssertEqual(m, 0, accuracy: 1e-12) }
        XCTAssertEqual(centred.means.row(0)[0], task.means.row(0)[0] - task.means.column(0).reduce(0, +) / 8, accuracy: 1e-12)
    }

    func testInvalidParameters() {
        assertInputError("task.P", ["2…1024"]) { try RandomPatterns(conditionCount: 1).validate() }
        assertInputError("task.targets", ["4 characters"]) { try RandomPatterns(targets: "00111").validate() }
        assertInputError("task.centered", ["true or false"]) { _ = try TaskSpec(parsing: "random_patterns:centered=maybe") }
    }
}

final class TaskSpecTests: XCTestCase {
    func testCanonicalTextParsesBack() throws {
        let specs: [TaskSpec] = [
            .alignedCube(AlignedCube(d: 3, k: 1, c: 0.2)),
            .alignedCube(AlignedCube(d: 5, k: 5, c: AlignedCube.maximumAlignment(d: 5, k: 5), scale: 0.5, seed: 11, inputDimension: 64, noise: 0.25)),
            .randomPatterns(RandomPatterns(conditionCount: 4, inputDimension: 200, noise: 0.5, centered: true, seed: 2)),
            .randomPatterns(RandomPatterns(targets: "0011/0101")),
            .nudgedXOR(NudgedXOR(delta: 0.05, inputDimension: 120, noise: 0.1)),
            .randomKernel(RandomKernel(conditionCount: 8, k: 1, c: 1.0 / 3.0, scale: 0.5, seed: 0, inputDimension: 100, noise: 1e-3)),
        ]
        for spec in specs {
            XCTAssertEqual(try TaskSpec(parsing: spec.text), spec, spec.text)
            let json = try JSONEncoder().encode([spec])
            XCTAssertEqual(try JSONDecoder().decode([TaskSpec].self, from: json), [spec])
        }
        XCTAssertEqual(TaskSpec.alignedCube(AlignedCube(d: 3, k: 1, c: 0.2)).text,
                       "aligned_cube:d=3,k=1,c=0.2,scale=0,seed=0,N=100,sigma=1")
        XCTAssertEqual(TaskSpec.randomPatterns(RandomPatterns()).text,
                       "random_patterns:P=4,N=200,sigma=0.5,centered=false,seed=0,targets=0011")
        XCTAssertEqual(try TaskSpec(parsing: "random_patterns"), try TaskSpec(parsing: "random_patterns:targets=0011"))
    }

    func testDefaultsOverridesAndMappingForm() throws {
        let spec = try TaskSpec(parsing: " aligned_cube : d = 5 , c=0.1 ")
        guard case .alignedCube(let cube) = spec else { return XCTFail() }
        XCTAssertEqual(cube, AlignedCube(d: 5, k: 1, c: 0.1))
        let overridden = try spec.overriding(["c": "0.2", "seed": "3"])
        XCTAssertEqual(overridden, .alignedCube(AlignedCube(d: 5, k: 1, c: 0.2, seed: 3)))
        var seeded = spec; seeded.seed = 9
        XCTAssertEqual(seeded.seed, 9)
        let mapping = #"{"family": "aligned_cube", "d": 5, "c": 0.1, "sigma": 1}"#
        XCTAssertEqual(try JSONDecoder().decode(TaskSpec.self, from: Data(mapping.utf8)), spec)
        let list = #"{"family": "random_patterns", "targets": ["0011", "0101"], "centered": true}"#
        XCTAssertEqual(try JSONDecoder().decode(TaskSpec.self, from: Data(list.utf8)),
                       try TaskSpec(parsing: "random_patterns:targets=0011/0101,centered=true"))
    }

    func testParseErrorsNameTheField() {
        assertInputError("task", ["unknown family 'aligned_cub'", "aligned_cube"]) { _ = try TaskSpec(parsing: "aligned_cub:d=3") }
        assertInputError("task.n", ["unknown parameter for aligned_cube", "did you mean 'N'", "sigma"]) {
            _ = try TaskSpec(parsing: "aligned_cube:n=100")
        }
        assertInputError("task.d", ["given twice"]) { _ = try TaskSpec(parsing: "aligned_cube:d=3,d=4") }
        assertInputError("task", ["not key=value"]) { _ = try TaskSpec(parsing: "aligned_cube:d3") }
        assertInputError("task.d", ["not a whole number"]) { _ = try TaskSpec(parsing: "aligned_cube:d=2.5") }
        assertInputError("task.c", ["not a number"]) { _ = try TaskSpec(parsing: "aligned_cube:c=abc") }
        assertInputError("task.seed", ["seed"]) { _ = try TaskSpec(parsing: "aligned_cube:seed=-1") }
    }

    func testEveryFamilyIsDeterministicAndSummarised() throws {
        for text in ["random_patterns", "nudged_xor:delta=0.5", "aligned_cube:c=0.2", "random_kernel:c=0.2,scale=0.5"] {
            let spec = try TaskSpec(parsing: text)
            XCTAssertEqual(try spec.make(), try spec.make())
            let summary = try spec.summary()
            XCTAssertEqual(summary.spec, spec.text)
            let task = try spec.make()
            XCTAssertEqual(summary.alignment, TaskReference.alignment(means: task.means, targets: task.targets), accuracy: 1e-12)
            if let c = spec.requestedAlignment { XCTAssertEqual(summary.alignment, c, accuracy: 1e-9) }
        }
    }

    func testTrainAndTestSetsFromTheNetworkSeed() throws {
        let task = try TaskSpec(parsing: "aligned_cube:d=3,c=0.2,N=10,sigma=0.5").make()
        let a: (train: Dataset<Float>, test: Dataset<Float>) = task.trainAndTestSets(seed: 4, train: 4000, test: 50)
        let b: (train: Dataset<Float>, test: Dataset<Float>) = task.trainAndTestSets(seed: 4, train: 10, test: 50)
        XCTAssertEqual(a.test, b.test, "the test set must not depend on the training-set size")
        XCTAssertEqual(a.train.inputs.rows, 4000); XCTAssertEqual(b.train.count, 10)
        XCTAssertEqual(Array(a.train.conditions.prefix(10)), b.train.conditions)
        let c: (train: Dataset<Float>, test: Dataset<Float>) = task.trainAndTestSets(seed: 5, train: 10, test: 50)
        XCTAssertNotEqual(c.test, b.test)
        // Noise: residuals from the condition means have standard deviation σ.
        var ss = 0.0
        for i in 0..<4000 {
            for j in 0..<10 {
                let r = Double(a.train.inputs[i, j]) - task.means[a.train.conditions[i], j]
                ss += r * r
            }
            XCTAssertEqual(a.train.targets.row(i).map(Double.init), task.targets.row(a.train.conditions[i]))
        }
        XCTAssertEqual((ss / 40_000).squareRoot(), 0.5, accuracy: 0.01)
        let counts = (0..<8).map { c in a.train.conditions.filter { $0 == c }.count }
        for n in counts { XCTAssertEqual(Double(n), 500, accuracy: 90) } // ±4.3 s.d.
    }
}
