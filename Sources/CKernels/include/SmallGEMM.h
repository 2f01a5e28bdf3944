#ifndef REPGEOM_CKERNELS_SMALLGEMM_H
#define REPGEOM_CKERNELS_SMALLGEMM_H

/// A single-threaded sgemm for the small shapes of the training step (64 × 128 × 101 and
/// alike), where OpenBLAS's per-call work (argument checks, thread dispatch, packing both
/// operands into its panel layout) is a large part of the cost.
///
/// Same contract as row-major cblas_sgemm: C ← α·op(A)·op(B) + β·C, C is m × n, op(A) m × k,
/// op(B) k × n; β = 0 ignores C's old contents (NaN in C does not propagate), as in BLAS.
/// Portable C (GCC/Clang vector extensions, no intrinsics). On x86-64 an AVX2 + FMA build of the
/// same code runs when the CPU and OS support it (the choice shared by every kernel of this
/// target, CPUFeatures.h); everywhere else (other CPUs, ARM, macOS) the generic build runs.
/// Results may differ from BLAS by float rounding only (summation order, fused multiply-add);
/// every path is deterministic on one machine.
///
/// Not thread-hostile: the only state is a per-thread scratch buffer for packing op(B) and the
/// kernel choice (set once; `ck_set_kernel` is for tests and benchmarks).
void ck_sgemm(int transA, int transB, long m, long n, long k, float alpha,
              const float *a, long lda, const float *b, long ldb,
              float beta, float *c, long ldc);

#endif
