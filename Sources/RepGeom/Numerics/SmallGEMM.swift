#if canImport(Accelerate)
import Accelerate
#endif
import CKernels

/// Which matrix-product implementation the training step uses (benchmarks and tests switch it;
/// read once per training run, at workspace creation).
///
/// `.blas` sends every product to BLAS (OpenBLAS on Linux, Accelerate on Apple platforms).
/// `.small` sends the step's Float products to `ck_sgemm` (`CKernels`), a single-threaded
/// register-tiled sgemm for small shapes with an AVX2 + FMA build chosen at run time
/// (`CKernelBuild`; generic C elsewhere); Double and everything outside the training step use
/// BLAS either way. On Apple platforms `.small` means Accelerate too, so the C sgemm is compiled
/// but not used there.
///
/// The default (`preferred`) is `.small` where the C kernels run their AVX2 + FMA build and
/// `.blas` otherwise. Why: on an idle machine the small kernel was faster than OpenBLAS 0.3.21 in
/// 11 of 12 alternated pairs of the reference step (2 networks on 2 cores, steps per second:
/// tanh +5–33 %, relu +13–17 %; docs/performance.md) — OpenBLAS clears C for β = 0, packs both
/// operands and dispatches on every call, which is a visible part of a 64 × 128 × 101 product.
/// (An earlier measurement on a machine loaded 10× over its cores had favoured OpenBLAS; that
/// load made the comparison meaningless.) The generic C build is no match for OpenBLAS's own
/// AVX2 kernels, hence BLAS without AVX2. The two differ by float rounding only (tested).
public enum GEMMBackend: String, Sendable, CaseIterable {
    case small
    case blas

    @TaskLocal public static var current: GEMMBackend = preferred

    /// `.small` when the C kernels run their AVX2 + FMA build (decided at first use), else `.blas`.
    public static var preferred: GEMMBackend { CKernelBuild.current == .avx2 ? .small : .blas }

    /// The kernel `.small` runs on this machine: "avx2+fma", "generic" or "accelerate".
    public static var smallKernelName: String {
        #if canImport(Accelerate)
        return "accelerate"
        #else
        return CKernelBuild.current.rawValue
        #endif
    }

    /// Forces the build of the C kernels (tests): `avx2` false selects the generic C build, `nil`
    /// restores the automatic choice. This is `CKernelBuild.force`: it switches every C kernel,
    /// the Float tanh of `Activation.apply` included (on Apple platforms too, where only the
    /// sgemm stays unused). Returns the name of the small-matrix kernel now in use.
    @discardableResult
    public static func forceSmallKernel(avx2: Bool?) -> String {
        CKernelBuild.force(avx2.map { $0 ? .avx2 : .generic })
        return smallKernelName
    }
}

/// The small-matrix sgemm (`ck_sgemm` of `CKernels`) directly, row-major, with cblas_sgemm's contract.
@inline(__always)
public func smallSgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                       alpha: Float, a: UnsafePointer<Float>, lda: Int,
                       b: UnsafePointer<Float>, ldb: Int,
                       beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    ck_sgemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

extension BLASScalar {
    /// C ← α·op(A)·op(B) + β·C for the training step: the small-matrix kernel for Float when
    /// `useSmall` (Linux), BLAS otherwise. Same contract as `gemm`.
    @inline(__always)
    static func stepGemm(small useSmall: Bool, transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                         alpha: Self, a: UnsafePointer<Self>, lda: Int,
                         b: UnsafePointer<Self>, ldb: Int,
                         beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int) {
        #if !canImport(Accelerate)
        if useSmall && Self.self == Float.self {
            ck_sgemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, unsafeBitCast(alpha, to: Float.self),
                     UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), lda,
                     UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb,
                     unsafeBitCast(beta, to: Float.self),
                     UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc)
            return
        }
        #endif
        gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
             b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
}
