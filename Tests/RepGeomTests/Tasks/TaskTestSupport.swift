import XCTest
@testable import RepGeom

/// Independent reference computations for the task tests: plain loops, no library matrix code.
enum TaskReference {
    /// Centred linear kernel alignment of the rows of x (P×N) with the ±1 targets of y (P×k),
    /// computed as ⟨HKxH, HKyH⟩ / (‖HKxH‖‖HKyH‖) with explicit H = I − 11ᵀ/P and naive products.
    static func alignment(means x: Matrix<Double>, targets y: Matrix<Double>) -> Double {
        let p = x.rows
        var kx = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        var ky = kx
        for a in 0..<p {
            for b in 0..<p {
                var s = 0.0
                for j in 0..<x.columns { s += x[a, j] * x[b, j] }
                kx[a][b] = s
                var t = 0.0
                for j in 0..<y.columns { t += (2 * y[a, j] - 1) * (2 * y[b, j] - 1) }
                ky[a][b] = t
            }
        }
        let h = (0..<p).map { a in (0..<p).map { b in (a == b ? 1.0 : 0.0) - 1.0 / Double(p) } }
        func centre(_ k: [[Double]]) -> [[Double]] {
            let hk = (0..<p).map { a in (0..<p).map { b in (0..<p).reduce(0.0) { $0 + h[a][$1] * k[$1][b] } } }
            return (0..<p).map { a in (0..<p).map { b in (0..<p).reduce(0.0) { $0 + hk[a][$1] * h[$1][b] } } }
        }
        let cx = centre(kx), cy = centre(ky)
        var dot = 0.0, nx = 0.0, ny = 0.0
        for a in 0..<p { for b in 0..<p { dot += cx[a][b] * cy[a][b]; nx += cx[a][b] * cx[a][b]; ny += cy[a][b] * cy[a][b] } }
        return dot / (nx.squareRoot() * ny.squareRoot())
    }

    /// All pairwise distances between rows.
    static func distances(_ x: Matrix<Double>) -> [Double] {
        var d: [Double] = []
        for a in 0..<x.rows {
            for b in (a + 1)..<x.rows {
                var s = 0.0
                for j in 0..<x.columns { s += (x[a, j] - x[b, j]) * (x[a, j] - x[b, j]) }
                d.append(s.squareRoot())
            }
        }
        return d
    }

    /// Runs the perceptron rule on labelled points (with a bias); true when it separates them
    /// within `epochs` passes.
    static func perceptronSeparates(_ x: Matrix<Double>, labels: [Double], epochs: Int = 10_000) -> Bool {
        var w = [Double](repeating: 0, count: x.columns), b = 0.0
        for _ in 0..<epochs {
            var mistakes = 0
            for i in 0..<x.rows {
                let s = 2 * labels[i] - 1
                let f = (0..<x.columns).reduce(b) { $0 + w[$1] * x[i, $1] }
                if s * f <= 0 {
                    mistakes += 1
                    for j in 0..<x.columns { w[j] += s * x[i, j] }
                    b += s
                }
            }
            if mistakes == 0 { return true }
        }
        return false
    }

    static func linspace(_ a: Double, _ b: Double, _ n: Int) -> [Double] {
        n == 1 ? [a] : (0..<n).map { a + (b - a) * Double($0) / Double(n - 1) }
    }
}

/// Asserts that `body` throws an `InputError` at `location` whose message contains every
/// fragment.
func assertInputError(_ location: String, _ fragments: [String] = [], file: StaticString = #filePath, line: UInt = #line,
                      _ body: () throws -> Void) {
    do {
        try body()
        XCTFail("expected an error at \(location)", file: file, line: line)
    } catch let e as InputError {
        XCTAssertEqual(e.location, location, "\(e)", file: file, line: line)
        for f in fragments { XCTAssertTrue(e.message.contains(f), "'\(e.message)' lacks '\(f)'", file: file, line: line) }
        XCTAssertFalse(e.description.contains("\n"), "error must be one line: \(e)", file: file, line: line)
    } catch {
        XCTFail("expected InputError, got \(error)", file: file, line: line)
    }
}
