/// Which implementation the elementwise kernels and the training step use.
///
/// `.vectorised` (the default) is the fast path: SIMD kernels (`VectorMath`, `Activation.apply`,
/// `Loss.gradient`) and the fused training step. `.scalarReference` is the plain path they were
/// derived from: the scalar Double reference `Activation.value/derivative`, libm losses, and the
/// unfused step. It exists so that tests and benchmarks can train the same network both ways
/// and check that optimisation did not move the results beyond float rounding.
///
/// Selected per task (and per thread outside tasks) with
/// `KernelPath.$current.withValue(.scalarReference) { … }`; read once per call or training run.
public enum KernelPath: String, Sendable, CaseIterable {
    case vectorised
    case scalarReference = "scalar_reference"

    @TaskLocal public static var current: KernelPath = .vectorised
}
