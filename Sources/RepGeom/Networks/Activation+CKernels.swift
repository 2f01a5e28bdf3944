import CKernels

/// Where `Activation.apply` computes the activations that have a C kernel — today the Float
/// tanh (value and derivative), `ck_tanh_f32` in `CKernels`.
///
/// `.c` (the default) calls the C kernel, whose AVX2 + FMA build runs on x86-64 machines that
/// have it (`CKernelBuild`); `.swift` keeps the `SIMD8<Float>` Swift kernel (`VectorMath.tanh`),
/// which is compiled for the baseline ISA only (the package uses no machine flags), and is here
/// for tests and benchmarks that compare the two. Both implement the same algorithm and agree
/// to float rounding (a few ulp). Double, every other activation and the scalar reference path
/// (`KernelPath.scalarReference`) are unaffected. On Apple platforms the C kernel runs too, in
/// its generic build (NEON on arm64): the same code, so one path is tested everywhere.
///
/// Selected per task with `ActivationBackend.$current.withValue(.swift) { … }`; read once per
/// `apply` call.
public enum ActivationBackend: String, Sendable, CaseIterable {
    case c
    case swift

    @TaskLocal public static var current: ActivationBackend = .c
}

extension Activation {
    /// Whether `apply` sends this activation in Float to a C kernel under the current settings.
    var usesCKernel: Bool {
        if case .tanh = self { return ActivationBackend.current == .c }
        return false
    }

    /// The row-wise contract of `apply` for Float tanh, through `ck_tanh_f32`.
    @inline(__always)
    func applyTanhCKernel<S: BLASScalar>(
        _ u: UnsafePointer<S>, rows: Int, columns: Int, inputStride: Int, bias: UnsafePointer<S>?,
        values: UnsafeMutablePointer<S>, valueStride: Int,
        derivatives: UnsafeMutablePointer<S>?, derivativeStride: Int
    ) {
        precondition(S.self == Float.self, "the C tanh kernel is Float only")
        ck_tanh_f32(UnsafeRawPointer(u).assumingMemoryBound(to: Float.self), rows, columns, inputStride,
                    bias.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) },
                    UnsafeMutableRawPointer(values).assumingMemoryBound(to: Float.self), valueStride,
                    derivatives.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: Float.self) }, derivativeStride)
    }
}
