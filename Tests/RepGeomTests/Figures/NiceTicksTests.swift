import XCTest
@testable import RepGeom

final class NiceTicksTests: XCTestCase {
    func testStepFollowsOneTwoFive() {
        // Hand-computed: span/target then the next of 1, 2, 5, 10 × 10^k.
        XCTAssertEqual(NiceTicks.step(span: 1, target: 5), 0.2, accuracy: 1e-15)
        XCTAssertEqual(NiceTicks.step(span: 10, target: 5), 2)
        XCTAssertEqual(NiceTicks.step(span: 7, target: 5), 2)      // 1.4 → 2
        XCTAssertEqual(NiceTicks.step(span: 13, target: 5), 5)     // 2.6 → 5
        XCTAssertEqual(NiceTicks.step(span: 30, target: 5), 10)    // 6 → 10
        XCTAssertEqual(NiceTicks.step(span: 1000, target: 5), 200)
        XCTAssertEqual(NiceTicks.step(span: 0.003, target: 5), 0.001, accuracy: 1e-18)
        XCTAssertEqual(NiceTicks.step(span: 0.378, target: 5), 0.1, accuracy: 1e-15) // 0.0756 → 0.1
    }

    func testLinearTicksOnKnownRanges() {
        let a = NiceTicks.linear(0, 1)
        XCTAssertEqual(a.range, 0...1)
        assertClose(a.ticks, [0, 0.2, 0.4, 0.6, 0.8, 1])

        let b = NiceTicks.linear(0.13, 0.94)   // span .81 → step .2; widened to 0…1
        assertClose(b.ticks, [0, 0.2, 0.4, 0.6, 0.8, 1])
        XCTAssertEqual(b.range.lowerBound, 0, accuracy: 1e-12)
        XCTAssertEqual(b.range.upperBound, 1, accuracy: 1e-12)

        let c = NiceTicks.linear(-3.2, 7.9)    // span 11.1 → 2.22 → step 5
        assertClose(c.ticks, [-5, 0, 5, 10])

        let d = NiceTicks.linear(0, 1000)
        assertClose(d.ticks, [0, 200, 400, 600, 800, 1000])

        let e = NiceTicks.linear(1e-4, 5e-4)   // step 1e-4
        assertClose(e.ticks, [1e-4, 2e-4, 3e-4, 4e-4, 5e-4])
        // No "-0": the tick at zero is exactly 0.
        XCTAssertEqual(NiceTicks.linear(-1, 1).ticks.first { $0 == 0 }?.sign, .plus)
    }

    func testDegenerateAndNonFiniteRanges() {
        let a = NiceTicks.linear(0.5, 0.5)
        XCTAssertTrue(a.range.contains(0.5) && a.range.lowerBound < 0.5 && a.range.upperBound > 0.5)
        let z = NiceTicks.linear(0, 0)
        XCTAssertTrue(z.range.contains(-1) && z.range.contains(1))
        XCTAssertEqual(NiceTicks.linear(.nan, 3).range, 0...1)
        XCTAssertEqual(NiceTicks.linear(-.infinity, .infinity).range, 0...1)
    }

    func testLogTicks() {
        let a = NiceTicks.logarithmic(1, 1000)
        XCTAssertEqual(a.range, 1...1000)
        assertClose(a.ticks, [1, 10, 100, 1000])
        let b = NiceTicks.logarithmic(3, 70)   // ≤ 2 decades → 1-2-5 within decades
        XCTAssertEqual(b.range, 1...100)
        assertClose(b.ticks, [1, 2, 5, 10, 20, 50, 100])
        XCTAssertEqual(NiceTicks.logarithmic(-1, 0).range, 1...10)
    }

    func testLabels() {
        XCTAssertEqual(NiceTicks.label(0.4, step: 0.2), "0.4")
        XCTAssertEqual(NiceTicks.label(-0.5, step: 0.5), "−0.5")
        XCTAssertEqual(NiceTicks.label(200, step: 200), "200")
        XCTAssertEqual(NiceTicks.label(0.05, step: 0.05), "0.05")
        XCTAssertEqual(NiceTicks.label(0, step: 0.1), "0.0")
        XCTAssertEqual(NiceTicks.label(-1e-17, step: 0.1), "0.0")
        XCTAssertEqual(NiceTicks.label(0, step: 5), "0")
        XCTAssertEqual(NiceTicks.label(2e-5, step: 1e-5), "2×10⁻⁵")
        XCTAssertEqual(NiceTicks.label(300000, step: 100000), "3×10⁵")
        XCTAssertEqual(NiceTicks.logLabel(0.01), "0.01")
        XCTAssertEqual(NiceTicks.logLabel(1000), "1000")
        XCTAssertEqual(NiceTicks.logLabel(1e5), "10⁵")
        XCTAssertEqual(NiceTicks.logLabel(1e-4), "10⁻⁴")
    }

    func testAxisResolveAndMapping() {
        let x = Axis("x").resolve(data: [0.1, 0.9, .nan, .infinity])
        XCTAssertEqual(x.range, 0...1)
        XCTAssertEqual(x.ticks.map(\.label), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let logX = Axis("epoch", scale: .log).resolve(data: [0, -1, 1, 1000])
        XCTAssertEqual(logX.range, 1...1000)
        XCTAssertEqual(logX.fraction(10)!, 1.0 / 3, accuracy: 1e-12)
        XCTAssertNil(logX.fraction(0))
        XCTAssertNil(x.fraction(.nan))
        let m = PlotMapping(area: PlotRect(x: 100, y: 50, width: 400, height: 200), x: x, y: Axis("y", range: -1...1).resolve(data: []))
        XCTAssertEqual(m.px(0.25), 200, accuracy: 1e-12)
        XCTAssertEqual(m.py(-1), 250, accuracy: 1e-12)
        XCTAssertEqual(m.py(0.5), 100, accuracy: 1e-12)
        XCTAssertTrue(m.px(.nan).isNaN)
    }

    private func assertClose(_ a: [Double], _ b: [Double], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, "\(a) vs \(b)", file: file, line: line)
        for (u, v) in zip(a, b) { XCTAssertEqual(u, v, accuracy: 1e-9 * max(1, abs(v)), "\(a) vs \(b)", file: file, line: line) }
    }
}
