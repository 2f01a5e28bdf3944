import XCTest
@testable import RepGeom

/// T3 AlignedCube against independent computations: the centred kernel alignment of the built
/// means and targets (naive loops, `TaskReference`), pairwise distances, parities recomputed
/// from the bits.
final class AlignedCubeTests: XCTestCase {
    func testAlignmentEqualsCAcrossParameters() throws {
        var cases = 0
        for d in 1...5 {
            let p = 1 << d
            for k in Set([1, min(2, p - 1), d, p - 2, p - 1]).sorted() where k >= 1 && k <= p - 1 {
                for scale in [0.0, 0.5, 3.0] {
                    for seed: UInt64 in [0, 7] {
                        let cube = AlignedCube(d: d, k: k, c: 0, scale: scale, seed: seed, inputDimension: p - 1 + 2)
                        let range = try XCTUnwrap(cube.alignmentRange())
                        for c in TaskReference.linspace(range.lowerBound, range.upperBound, range.lowerBound == range.upperBound ? 1 : 4) {
                            var spec = cube
                            spec.c = c
                            let task = try spec.make()
                            let a = TaskReference.alignment(means: task.means, targets: task.targets)
                            XCTAssertEqual(a, c, accuracy: 1e-9, "d=\(d) k=\(k) c=\(c) scale=\(scale) seed=\(seed)")
                            XCTAssertEqual(task.inputTargetAlignment, a, accuracy: 1e-12)
                            cases += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(cases, 150)
    }

    func testEndpointsForReferenceSettings() throws {
        // c = 0 and c = c_max exactly, d ∈ {3, 5}, k ∈ {1, d}, N = 100, scale 0 and 0.5.
        for d in [3, 5] {
            for k in [1, d] {
                let cMax = AlignedCube.maximumAlignment(d: d, k: k)
                XCTAssertEqual(cMax, (Double(k) / Double((1 << d) - 1)).squareRoot())
                for scale in [0.0, 0.5] {
                    for c in [0, cMax] {
                        let task = try AlignedCube(d: d, k: k, c: c, scale: scale, seed: 3).make()
                        XCTAssertEqual(TaskReference.alignment(means: task.means, targets: task.targets), c, accuracy: 1e-9)
                    }
                }
            }
        }
    }

    func testAtCMaxAllConditionsAreEquidistant() throws {
        for (d, k) in [(2, 1), (3, 1), (3, 3), (4, 2), (5, 5)] {
            let task = try AlignedCube(d: d, k: k, c: AlignedCube.maximumAlignment(d: d, k: k), inputDimension: 40).make()
            let dist = TaskReference.distances(task.means)
            let mean = dist.reduce(0, +) / Double(dist.count)
            for x in dist { XCTAssertEqual(x, mean, accuracy: 1e-9 * mean, "d=\(d) k=\(k)") }
            // Unit-norm low-dimensional means embed with norm √N.
            for c in 0..<task.conditionCount {
                XCTAssertEqual(task.means.row(c).reduce(0) { $0 + $1 * $1 }.squareRoot(), 40.0.squareRoot(), accuracy: 1e-9)
            }
        }
        // Below c_max the conditions are not equidistant.
        let task = try AlignedCube(d: 3, k: 1, c: 0.1).make()
        let dist = TaskReference.distances(task.means)
        XCTAssertGreaterThan(dist.max()! - dist.min()!, 0.1)
    }

    func testParityBasisOrderAndTargets() throws {
        XCTAssertEqual(AlignedCube.parities(bits: 3), [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]])
        XCTAssertEqual(AlignedCube.parities(bits: 4).count, 15)
        XCTAssertEqual(AlignedCube.parities(bits: 4)[4], [0, 1])
        // Targets: the first k parities, recomputed from the latent bits.
        let task = try AlignedCube(d: 3, k: 5, c: 0.2).make()
        let bits = try XCTUnwrap(task.latentBits)
        XCTAssertEqual(bits.rows, 8); XCTAssertEqual(bits.columns, 3)
        for c in 0..<8 {
            // Condition order: lexicographic in the bits (condition 1 = 001).
            XCTAssertEqual(bits.row(c), [Double((c >> 2) & 1), Double((c >> 1) & 1), Double(c & 1)])
            let b = bits.row(c).map { Int($0) }
            XCTAssertEqual(task.targets.row(c), [b[0], b[1], b[2], b[0] ^ b[1], b[0] ^ b[2]].map(Double.init))
        }
    }

    func testScaleZeroIsTheLambdaMixture() throws {
        // π = λ·uniform(all) + (1−λ)·uniform(non-targets): target weights equal, non-target weights
        // equal, and the targets' cosine is c.
        let cube = AlignedCube(d: 4, k: 2, c: 0.25)
        let pi = try cube.parityWeights()
        XCTAssertEqual(pi.count, 15)
        XCTAssertEqual(pi.reduce(0, +), 1, accuracy: 1e-14)
        XCTAssertEqual(pi[0], pi[1], accuracy: 1e-15)
        for w in pi[3...] { XCTAssertEqual(w, pi[2], accuracy: 1e-15) }
        let lambda = pi[0] * 15 // target weight = λ/(P−1)
        XCTAssertEqual(pi[2], lambda / 15 + (1 - lambda) / 13, accuracy: 1e-15)
        let cosine = (pi[0] + pi[1]) / (pi.reduce(0) { $0 + $1 * $1 }.squareRoot() * 2.0.squareRoot())
        XCTAssertEqual(cosine, 0.25, accuracy: 1e-14)
    }

    func testRandomSpectrumStaysOnTheSimplexAndIsSeeded() throws {
        for seed: UInt64 in 0..<12 {
            for c in [0, 0.3, AlignedCube.maximumAlignment(d: 3, k: 3)] {
                let pi = try AlignedCube(d: 3, k: 3, c: c, scale: 0.5, seed: seed).parityWeights()
                XCTAssertEqual(pi.reduce(0, +), 1, accuracy: 1e-12)
                XCTAssertTrue(pi.allSatisfy { $0 >= 0 })
                let cosine = pi[0..<3].reduce(0, +) / (pi.reduce(0) { $0 + $1 * $1 }.squareRoot() * 3.0.squareRoot())
                XCTAssertEqual(cosine, c, accuracy: 1e-12)
                if c == 0 { XCTAssertEqual(pi[0..<3].reduce(0, +), 0) }
            }
        }
        // Random weights are not uniform and differ between seeds; the same seed repeats.
        let a = try AlignedCube(d: 3, k: 1, c: 0.2, scale: 0.5, seed: 1).parityWeights()
        let b = try AlignedCube(d: 3, k: 1, c: 0.2, scale: 0.5, seed: 2).parityWeights()
        XCTAssertNotEqual(a, b)
        XCTAssertEqual(a, try AlignedCube(d: 3, k: 1, c: 0.2, scale: 0.5, seed: 1).parityWeights())
        XCTAssertGreaterThan(a[1...].max()! - a[1...].min()!, 1e-3)
        // c = 0 keeps the shape of the non-target block of the Dirichlet draw.
        let z = try AlignedCube(d: 3, k: 1, c: 0, scale: 0.5, seed: 1).parityWeights()
        let y = try AlignedCube(d: 3, k: 1, c: 0.1, scale: 0.5, seed: 1).parityWeights()
        for j in 2..<7 { XCTAssertEqual(z[j] / z[1], y[j] / y[1], accuracy: 1e-12) }
    }

    func testEveryParityATarget() throws {
        // k = P − 1: scale 0 allows only c = 1; scale > 0 allows [1/√(P−1), 1].
        XCTAssertEqual(try AlignedCube(d: 2, k: 3, c: 0).alignmentRange(), 1...1)
        let task = try AlignedCube(d: 2, k: 3, c: 1).make()
        XCTAssertEqual(TaskReference.alignment(means: task.means, targets: task.targets), 1, accuracy: 1e-12)
        assertInputError("task.c", ["must be 1", "every parity is a target"]) { _ = try AlignedCube(d: 2, k: 3, c: 0.9).make() }
        let range = try XCTUnwrap(AlignedCube(d: 2, k: 3, c: 0, scale: 1).alignmentRange())
        XCTAssertEqual(range.lowerBound, 1 / 3.0.squareRoot(), accuracy: 1e-15)
        assertInputError("task.c", ["outside [0.57735"]) { _ = try AlignedCube(d: 2, k: 3, c: 0.5, scale: 1).make() }
    }

    func testToleranceAtTheEndpoint() throws {
        // A c an ulp above c_max (e.g. the end of a computed linspace) is taken as c_max.
        let cMax = AlignedCube.maximumAlignment(d: 3, k: 1)
        XCTAssertNoThrow(try AlignedCube(d: 3, k: 1, c: cMax.nextUp).make())
        assertInputError("task.c", ["outside [0, 0.377964", "c_max"]) { try AlignedCube(d: 3, k: 1, c: cMax + 1e-6).validate() }
    }

    func testInvalidParametersNameTheParameterAndRange() {
        assertInputError("task.d", ["1…10"]) { try AlignedCube(d: 0, k: 1, c: 0).validate() }
        assertInputError("task.d", ["1…10"]) { try AlignedCube(d: 11, k: 1, c: 0).validate() }
        assertInputError("task.k", ["1…7"]) { try AlignedCube(d: 3, k: 8, c: 0).validate() }
        assertInputError("task.k", ["1…7"]) { try AlignedCube(d: 3, k: 0, c: 0).validate() }
        assertInputError("task.c", ["outside"]) { try AlignedCube(d: 3, k: 1, c: -0.1).validate() }
        assertInputError("task.c", ["outside"]) { try AlignedCube(d: 3, k: 1, c: .nan).validate() }
        assertInputError("task.N", ["N ≥ P − 1 = 31"]) { try AlignedCube(d: 5, k: 1, c: 0, inputDimension: 30).validate() }
        assertInputError("task.scale", ["[0, 100]"]) { try AlignedCube(d: 3, k: 1, c: 0, scale: -1).validate() }
        assertInputError("task.sigma", ["≥ 0"]) { try AlignedCube(d: 3, k: 1, c: 0, noise: -1).validate() }
        assertInputError("task.sigma", ["≥ 0"]) { try AlignedCube(d: 3, k: 1, c: 0, noise: .infinity).validate() }
    }

    func testDeterministicAndSharedEmbedding() throws {
        let a = try AlignedCube(d: 3, k: 1, c: 0.2, seed: 4).make()
        XCTAssertEqual(a, try AlignedCube(d: 3, k: 1, c: 0.2, seed: 4).make())
        XCTAssertNotEqual(a.means, try AlignedCube(d: 3, k: 1, c: 0.2, seed: 5).make().means)
        // The embedding does not depend on c: means at one seed lie in one (P−1)-dimensional
        // subspace, so stacking two c values still has rank ≤ 7.
        let b = try AlignedCube(d: 3, k: 1, c: 0.3, seed: 4).make()
        let stacked = Matrix.vstack([a.means, b.means])
        let s = try LinearAlgebra.svd(stacked).s
        XCTAssertLessThan(s[7], 1e-9 * s[0])
    }
}
