#ifndef REPGEOM_CKERNELS_TANH_H
#define REPGEOM_CKERNELS_TANH_H

/// The tanh activation in Float with its derivative, row-wise — the contract of the Swift
/// `Activation.apply(_:rows:columns:inputStride:bias:values:valueStride:derivatives:derivativeStride:)`:
/// for r < rows and j < columns, with x = u[r·inputStride + j] + bias[j] (no addition when
/// `bias` is NULL),
///
///     values[r·valueStride + j]           = tanh x
///     derivatives[r·derivativeStride + j] = 1 − tanh² x    (skipped when `derivatives` is NULL)
///
/// Elements beyond `columns` in each row are neither read nor written. `u` may equal `values`
/// with the same stride (in place); `derivatives` must not overlap `u` or `values`. rows or
/// columns ≤ 0 do nothing.
///
/// Accuracy (tested against libm in Double): value and derivative within a few ulp (< 5·10⁻⁷
/// relative) for every finite x; the derivative is evaluated as 4q/(1 + q)², q = e^(−2|x|),
/// so it stays relatively accurate in the tails, is subnormal from |x| ≈ 44 and 0 beyond
/// |x| ≈ 52. Special values: ±0 → ±0 with derivative 1; ±∞ → ±1 with derivative 0; NaN → NaN
/// for both. Subnormal x gives tanh x = x (exactly) and derivative 1.
///
/// Which build runs (generic or AVX2 + FMA) is the choice of CPUFeatures.h; the two may differ
/// in the last bit (fused multiply-add), each is deterministic.
void ck_tanh_f32(const float *u, long rows, long columns, long inputStride,
                 const float *bias, float *values, long valueStride,
                 float *derivatives, long derivativeStride);

#endif
