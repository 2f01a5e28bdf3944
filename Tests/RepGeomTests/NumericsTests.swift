import XCTest
@testable import RepGeom

final class NumericsTests: XCTestCase {
    func testGemmMatchesNaiveProduct() {
        var rng = RandomSource(seed: 1)
        for (m, k, n) in [(3, 4, 5), (1, 7, 1), (17, 9, 13)] {
            let a: Matrix<Double> = rng.gaussianMatrix(rows: m, columns: k)
            let b: Matrix<Double> = rng.gaussianMatrix(rows: k, columns: n)
            let c = a * b
            for i in 0..<m { for j in 0..<n {
                var s = 0.0
                for t in 0..<k { s += a[i, t] * b[t, j] }
                XCTAssertEqual(c[i, j], s, accuracy: 1e-12)
            } }
            let ct = Matrix.product(a.transposed, transposeA: true, b.transposed, transposeB: true)
            XCTAssertEqual(ct.elements.count, c.elements.count)
            for (x, y) in zip(ct.elements, c.elements) { XCTAssertEqual(x, y, accuracy: 1e-12) }
        }
    }

    func testSymmetricEigenReconstructs() throws {
        var rng = RandomSource(seed: 2)
        let g: Matrix<Double> = rng.gaussianMatrix(rows: 6, columns: 6)
        let a = g + g.transposed
        let (w, v) = try LinearAlgebra.symmetricEigen(a)
        XCTAssertEqual(w, w.sorted())
        for i in 0..<6 { for j in 0..<6 {
            var s = 0.0
            for t in 0..<6 { s += v[i, t] * w[t] * v[j, t] }
            XCTAssertEqual(s, a[i, j], accuracy: 1e-10)
        } }
    }

    func testSVDReconstructs() throws {
        var rng = RandomSource(seed: 3)
        for (m, n) in [(5, 3), (3, 5), (4, 4)] {
            let a: Matrix<Double> = rng.gaussianMatrix(rows: m, columns: n)
            let (u, s, vt) = try LinearAlgebra.svd(a)
            XCTAssertEqual(s, s.sorted(by: >))
            for i in 0..<m { for j in 0..<n {
                var x = 0.0
                for t in 0..<s.count { x += u[i, t] * s[t] * vt[t, j] }
                XCTAssertEqual(x, a[i, j], accuracy: 1e-10)
            } }
        }
    }

    func testOrthogonalMatrixIsOrthogonal() {
        var rng = RandomSource(seed: 4)
        let q = rng.orthogonalMatrix(30)
        let qtq = Matrix.product(q, transposeA: true, q)
        for i in 0..<30 { for j in 0..<30 { XCTAssertEqual(qtq[i, j], i == j ? 1 : 0, accuracy: 1e-12) } }
    }

    func testStreamsAreDeterministicAndIndependent() {
        var a = RandomSource(seed: 42, stream: .initialisation)
        var b = RandomSource(seed: 42, stream: .initialisation)
        var c = RandomSource(seed: 42, stream: .batchOrder)
        let xa = (0..<5).map { _ in a.next() }, xb = (0..<5).map { _ in b.next() }
        let xc = (0..<5).map { _ in c.next() }
        XCTAssertEqual(xa, xb)
        XCTAssertNotEqual(xa, xc)
    }

    func testGaussianAndGammaMoments() {
        var rng = RandomSource(seed: 5)
        let n = 200_000
        let g = (0..<n).map { _ in rng.gaussian() }
        let mean = g.reduce(0, +) / Double(n)
        let variance = g.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        XCTAssertEqual(mean, 0, accuracy: 0.01)
        XCTAssertEqual(variance, 1, accuracy: 0.01)
        for shape in [0.3, 1.0, 4.5] {
            let x = (0..<n).map { _ in rng.gamma(shape: shape) }
            let m = x.reduce(0, +) / Double(n)
            let v = x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(n)
            XCTAssertEqual(m, shape, accuracy: 0.03 * max(1, shape))
            XCTAssertEqual(v, shape, accuracy: 0.06 * max(1, shape))
        }
        let d = rng.dirichlet(alpha: 0.5, count: 7)
        XCTAssertEqual(d.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssertTrue(d.allSatisfy { $0 >= 0 })
    }

    func testUniformIntIsUnbiased() {
        var rng = RandomSource(seed: 6)
        var counts = [Int](repeating: 0, count: 3)
        for _ in 0..<300_000 { counts[rng.int(below: 3)] += 1 }
        for c in counts { XCTAssertEqual(Double(c) / 300_000, 1.0 / 3, accuracy: 0.005) }
    }
}
