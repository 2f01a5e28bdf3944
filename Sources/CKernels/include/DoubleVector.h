#ifndef REPGEOM_CKERNELS_DOUBLEVECTOR_H
#define REPGEOM_CKERNELS_DOUBLEVECTOR_H

/// Double-precision dot product and axpy on raw buffers, for the linear decoders' inner loops
/// (dual coordinate descent: one dot and one axpy per coordinate on rows of ~p doubles; the
/// SVM active set: axpys of Gram rows), where a BLAS call's fixed cost would rival the work.
///
/// `ck_ddot` returns Σ a[i]·b[i] for i < n, summed in 8 interleaved partial sums (two 4-lane
/// accumulators) and then the tail in order; `ck_daxpy` does y[i] += alpha·x[i]. n ≤ 0: 0 and
/// nothing. Which build runs (generic or AVX2 + FMA) is the choice of CPUFeatures.h; the builds
/// may differ in the last bits (fused multiply-add), each is deterministic.
double ck_ddot(const double *a, const double *b, long n);
void ck_daxpy(double alpha, const double *x, double *y, long n);

#endif
