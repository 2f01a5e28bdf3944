import XCTest
@testable import RepGeom

final class RungeKutta4Tests: XCTestCase {
    /// ẏ = Ay, A = [[−0.1, 1], [−1, −0.1]], y(0) = (1, 0): y(t) = e^(−0.1t)(cos t, −sin t).
    func linear(_ t: Double, _ y: [Double], _ dy: inout [Double]) {
        dy[0] = -0.1 * y[0] + y[1]
        dy[1] = -y[0] - 0.1 * y[1]
    }

    /// On a linear field one RK4 step is exactly the degree-4 Taylor polynomial of exp(hA).
    func testOneStepIsTheFourthOrderTaylorPolynomialOnALinearField() {
        let h = 0.3, y0 = [0.7, -1.2]
        let a = [[-0.1, 1.0], [-1.0, -0.1]]
        func apply(_ v: [Double]) -> [Double] { [a[0][0] * v[0] + a[0][1] * v[1], a[1][0] * v[0] + a[1][1] * v[1]] }
        var term = y0, expected = y0
        for k in 1...4 {
            term = apply(term).map { $0 * h / Double(k) }
            expected = zip(expected, term).map { $0 + $1 }
        }
        let (times, states) = RungeKutta4.integrate(from: y0, duration: h, steps: 1, field: linear)
        XCTAssertEqual(times, [0, h])
        XCTAssertEqual(states[1][0], expected[0], accuracy: 1e-15)
        XCTAssertEqual(states[1][1], expected[1], accuracy: 1e-15)
    }

    /// Global error at t = 10 shrinks 16-fold per halving of the step (fourth order).
    func testGlobalErrorIsFourthOrder() {
        let t = 10.0
        let exact = [Elementary.exp(-0.1 * t) * Elementary.cos(t), -Elementary.exp(-0.1 * t) * Elementary.sin(t)]
        var errors: [Double] = []
        for steps in [50, 100, 200, 400] {
            let y = RungeKutta4.integrate(from: [1, 0], duration: t, steps: steps, recordEvery: steps, field: linear).states.last!
            errors.append(((y[0] - exact[0]) * (y[0] - exact[0]) + (y[1] - exact[1]) * (y[1] - exact[1])).squareRoot())
        }
        for k in 1..<errors.count {
            let ratio = errors[k - 1] / errors[k]
            XCTAssertGreaterThan(ratio, 14, "step halving \(k): errors \(errors)")
            XCTAssertLessThan(ratio, 18, "step halving \(k): errors \(errors)")
        }
        XCTAssertLessThan(errors.last!, 2e-8)   // ≈ C·h⁴ with h = 0.025
    }

    /// A time-dependent field (ẏ = cos t: RK4 reduces to Simpson's rule) and the recording.
    func testTimeDependentFieldAndRecording() {
        let (times, states) = RungeKutta4.integrate(from: [0], t0: 1, duration: 2, steps: 40, recordEvery: 15) { t, _, dy in
            dy[0] = Elementary.cos(t)
        }
        XCTAssertEqual(times.count, 4)   // t0, steps 15 and 30, and the end (40)
        XCTAssertEqual(times[1], 1 + 15 * 0.05, accuracy: 1e-15)
        XCTAssertEqual(times.last!, 3, accuracy: 1e-15)
        XCTAssertEqual(states.last![0], Elementary.sin(3) - Elementary.sin(1), accuracy: 1e-8)
    }
}
