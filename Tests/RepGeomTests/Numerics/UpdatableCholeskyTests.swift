import XCTest
@testable import RepGeom

/// The updatable factor against the definition (UᵀU = A, entry by entry), against refactoring
/// from scratch after every change, and against the residual of its solves.
final class UpdatableCholeskyTests: XCTestCase {
    /// A random symmetric positive definite matrix BᵀB + 0.1·I of order n.
    func spd(_ n: Int, seed: UInt64) -> Matrix<Double> {
        var rng = RandomSource(seed: seed)
        let b: Matrix<Double> = rng.gaussianMatrix(rows: n + 3, columns: n)
        var a = Matrix.product(b, transposeA: true, b)
        for i in 0..<n { a[i, i] += 0.1 }
        return a
    }

    /// Factor of A restricted to `order` (rows/columns of A in that order), built by appends.
    func factor(_ a: Matrix<Double>, order: [Int]) -> UpdatableCholesky {
        var f = UpdatableCholesky(capacity: a.rows)
        for (m, i) in order.enumerated() {
            var column = (0..<m).map { a[order[$0], i] } + [0]
            XCTAssertTrue(column.withUnsafeMutableBufferPointer { f.append(column: $0.baseAddress!, diagonal: a[i, i]) })
        }
        return f
    }

    func assertFactors(_ f: UpdatableCholesky, _ a: Matrix<Double>, order: [Int], _ message: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(f.count, order.count, message, file: file, line: line)
        for i in 0..<order.count {
            for j in i..<order.count {
                var s = 0.0
                for k in 0...i { s += f.entry(k, i) * f.entry(k, j) }
                XCTAssertEqual(s, a[order[i], order[j]], accuracy: 1e-10 * (1 + abs(a[order[i], order[j]])),
                               "\(message): (UᵀU)[\(i), \(j)]", file: file, line: line)
            }
        }
        // A x = b for a known x.
        let x = (0..<order.count).map { Double($0 % 5) - 1.5 }
        var b = (0..<order.count).map { i in (0..<order.count).reduce(0.0) { $0 + a[order[i], order[$1]] * x[$1] } }
        b.withUnsafeMutableBufferPointer { f.solve($0.baseAddress!) }
        for i in 0..<order.count { XCTAssertEqual(b[i], x[i], accuracy: 1e-8, "\(message): solve[\(i)]", file: file, line: line) }
    }

    func testAppendBuildsTheFactorAndSolves() {
        let a = spd(14, seed: 1)
        let order = [3, 0, 13, 7, 1, 2, 12, 4, 5, 6, 8, 9, 10, 11]
        assertFactors(factor(a, order: order), a, order: order, "appended")
    }

    func testRemovalEqualsRefactoring() {
        let a = spd(12, seed: 2)
        var order = Array(0..<12)
        var f = factor(a, order: order)
        for t in [5, 0, 9, 3, 7, 0] {   // middle, first, last, …
            f.remove(at: t)
            order.remove(at: t)
            assertFactors(f, a, order: order, "after removing position \(t)")
        }
        while !order.isEmpty { f.remove(at: order.count - 1); order.removeLast() }
        XCTAssertEqual(f.count, 0)
    }

    func testInterleavedChangesAgainstRefactoring() {
        let n = 20
        let a = spd(n, seed: 3)
        var rng = RandomSource(seed: 4)
        var f = UpdatableCholesky(capacity: n)
        var order: [Int] = []
        for step in 0..<300 {
            let outside = (0..<n).filter { !order.contains($0) }
            if !outside.isEmpty && (order.isEmpty || rng.uniform() < 0.55) {
                let i = outside[rng.int(below: outside.count)]
                var column = order.map { a[$0, i] } + [0]
                XCTAssertTrue(column.withUnsafeMutableBufferPointer { f.append(column: $0.baseAddress!, diagonal: a[i, i]) })
                order.append(i)
            } else {
                let t = rng.int(below: order.count)
                f.remove(at: t)
                order.remove(at: t)
            }
            if step % 25 == 0 { assertFactors(f, a, order: order, "step \(step)") }
        }
        assertFactors(f, a, order: order, "final")
    }

    /// A column in the span of the others (A singular) is refused and leaves the factor intact;
    /// so is an append beyond the capacity.
    func testDependentColumnIsRefused() {
        // Rank 3 in 4 dimensions: the fourth column of BᵀB is the sum of the first two.
        let b = Matrix<Double>([[1, 0, 2, 1], [0, 1, 1, 1], [1, 1, 0, 2], [2, 0, 1, 2], [0, 3, 1, 3]])
        let a = Matrix.product(b, transposeA: true, b)
        var f = factor(a, order: [0, 1, 2])
        var column = [a[0, 3], a[1, 3], a[2, 3], 0]
        XCTAssertFalse(column.withUnsafeMutableBufferPointer { f.append(column: $0.baseAddress!, diagonal: a[3, 3]) })
        assertFactors(f, a, order: [0, 1, 2], "after the refused append")

        var full = UpdatableCholesky(capacity: 1)
        var one = [0.0]
        XCTAssertTrue(one.withUnsafeMutableBufferPointer { full.append(column: $0.baseAddress!, diagonal: 2) })
        XCTAssertFalse(one.withUnsafeMutableBufferPointer { full.append(column: $0.baseAddress!, diagonal: 2) })
        XCTAssertEqual(full.count, 1)
    }
}
