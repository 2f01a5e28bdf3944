/// The classical fourth-order Runge–Kutta method with a fixed step, for dy/dt = f(t, y):
///
///   k₁ = f(t, y), k₂ = f(t + h/2, y + h/2·k₁), k₃ = f(t + h/2, y + h/2·k₂), k₄ = f(t + h, y + h·k₃),
///   y ← y + h/6·(k₁ + 2k₂ + 2k₃ + k₄).
///
/// Global error O(h⁴) for smooth f. The field writes f(t, y) into its third argument; the
/// integrator allocates its stage buffers once.
public enum RungeKutta4 {
    /// Integrates from `y0` at `t0` over `duration` in `steps` equal steps, recording the state
    /// at t0, after every `recordEvery` steps, and at the end.
    public static func integrate(
        from y0: [Double], t0: Double = 0, duration: Double, steps: Int, recordEvery: Int = 1,
        field: (Double, [Double], inout [Double]) -> Void
    ) -> (times: [Double], states: [[Double]]) {
        precondition(steps >= 1 && recordEvery >= 1, "RK4 needs steps ≥ 1 and recordEvery ≥ 1")
        precondition(duration.isFinite && t0.isFinite, "RK4 needs a finite time span")
        let n = y0.count, h = duration / Double(steps)
        var y = y0, stage = y0
        var k1 = [Double](repeating: 0, count: n), k2 = k1, k3 = k1, k4 = k1
        var times = [t0], states = [y0]
        for step in 1...steps {
            let t = t0 + Double(step - 1) * h
            field(t, y, &k1)
            for j in 0..<n { stage[j] = y[j] + 0.5 * h * k1[j] }
            field(t + 0.5 * h, stage, &k2)
            for j in 0..<n { stage[j] = y[j] + 0.5 * h * k2[j] }
            field(t + 0.5 * h, stage, &k3)
            for j in 0..<n { stage[j] = y[j] + h * k3[j] }
            field(t + h, stage, &k4)
            for j in 0..<n { y[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]) }
            if step % recordEvery == 0 || step == steps {
                times.append(t0 + Double(step) * h)
                states.append(y)
            }
        }
        return (times, states)
    }
}
