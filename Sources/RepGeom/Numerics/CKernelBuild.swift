import CKernels

/// Which build of the C kernels (`CKernels`: the small-matrix sgemm and the Float tanh
/// activation of the training step, the Double dot and axpy of the linear decoders) runs in
/// this process.
///
/// Every C kernel is compiled twice from one body — for the baseline ISA (SSE2 on x86-64, NEON
/// on arm64) and, on x86-64, for AVX2 + FMA via `target("avx2,fma")` — and one choice, made at
/// first use from cpuid/xgetbv, selects the build for all kernels at once (CPUFeatures.c). No
/// machine-specific compiler flags are involved. `REPGEOM_C_KERNELS=generic` in the environment
/// forces the generic build from the start.
public enum CKernelBuild: String, Sendable, CaseIterable {
    case avx2 = "avx2+fma"
    case generic

    /// The build in use.
    public static var current: CKernelBuild { ck_kernel() == CK_KERNEL_AVX2 ? .avx2 : .generic }

    /// Whether this machine can run the AVX2 + FMA build (false off x86-64).
    public static var avx2Available: Bool { ck_avx2_available() != 0 }

    /// Forces a build for every C kernel (tests, benchmarks); `.avx2` falls back to `.generic`
    /// where unavailable, `nil` restores the automatic choice. Process-wide, not per task: flip it
    /// only while no other thread is using the kernels. Returns the build now in use.
    @discardableResult
    public static func force(_ build: CKernelBuild?) -> CKernelBuild {
        let code: Int32 = switch build {
        case nil: CK_KERNEL_AUTOMATIC
        case .avx2?: CK_KERNEL_AVX2
        case .generic?: CK_KERNEL_GENERIC
        }
        _ = ck_set_kernel(code)
        return current
    }
}
