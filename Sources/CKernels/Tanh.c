// tanh and its derivative in Float, 8 lanes at a time (see include/Tanh.h for the contract).
//
// Why it is in C: the training step of the reference tanh network spends about a quarter of its
// instructions here, and Swift's SIMD8<Float> code is compiled for baseline x86-64 (SSE2: every
// 8-lane operation is two instructions and there is no FMA; the package uses no machine flags).
// This file is the same algorithm as `VectorMath.tanh` / `expm1AndExp` / `Float.exponentialParts`
// (Sources/RepGeom/Numerics), compiled a second time for AVX2 + FMA and chosen at run time
// (KernelSupport.h).
//
// With a = |x| and q = e^(−2a): tanh a = −expm1(−2a)/(1 + q) and tanh′ = 4q/(1 + q)². The
// second form keeps the derivative relatively accurate in the tails, where 1 − t² cancels to
// zero long before the true value underflows. expm1 and exp share one range reduction:
//   y = n·ln2 + r, n = round(y·log₂e) by adding and subtracting the magic number 1.5·2²³ (no
//   rounding instruction needed in the generic build), r by a two-part ln 2 (Cody–Waite:
//   n·ln2_hi is exact for |n| ≤ 2¹⁵), eʳ − 1 = p by its Taylor series to r⁷ (error r⁸/8! ≤
//   5·10⁻⁹ for |r| ≤ ln2/2), and 2ⁿ built from exponent bits in two factors so that
//   results down to the smallest subnormal are formed without an out-of-range exponent.
// For |y| < 0.34 the reduction has n = 0 and expm1 is p itself, so small x suffer no
// cancellation (tanh x = x exactly for tiny x); beyond, q − 1 loses at most a couple of ulp.

#include "Tanh.h"
#include "KernelSupport.h"

typedef unsigned v8u __attribute__((vector_size(32)));

// tanh x and tanh′ x on 8 lanes.
INLINE void tanh8(v8f x, v8f *value, v8f *derivative) {
    const v8i magnitude_bits = splat_i(0x7FFFFFFF);
    const v8f a = (v8f)((v8i)x & magnitude_bits);
    const v8f y = splat(-2) * a; // exact; ≤ 0, or NaN

    // e^y. Clamped at −104 (e^−104 rounds to 0) so that n, and with it 2ⁿ's exponent bits, stay
    // in range for −∞ and large |x|; NaN compares false and passes through.
    const v8f yc = select8(y < splat(-104), splat(-104), y);
    const v8f magic = splat(12582912.0f); // 1.5·2²³: adding it rounds to an integer
    const v8f t = yc * splat(1.44269504f) + magic;
    const v8f n = t - magic;
    const v8f r = (yc - n * splat(0.693359375f)) - n * splat(-2.1219444e-4f);
    v8f p = r * splat(1.0f / 5040) + splat(1.0f / 720);
    p = p * r + splat(1.0f / 120);
    p = p * r + splat(1.0f / 24);
    p = p * r + splat(1.0f / 6);
    p = p * r + splat(0.5f);
    p = p * r + splat(1);
    p = p * r; // eʳ − 1
    // n as an integer from t's low mantissa bits; 2ⁿ = 2^k1 · 2^k2 with both factors normal
    // (n ≥ −150, so k1, k2 ≥ −75). Unsigned shift: the exponent bits are a bit pattern.
    const v8i k = (v8i)t - (v8i)magic;
    const v8i k1 = k >> 1, k2 = k - k1;
    const v8f s1 = (v8f)((v8u)(k1 + splat_i(127)) << 23);
    const v8f s2 = (v8f)((v8u)(k2 + splat_i(127)) << 23);
    const v8f q = (s1 * (p + splat(1))) * s2; // e^y, subnormal or 0 in the far tail

    // expm1(y): p itself where n = 0 (|y| < 0.34 < ln2/2), else q − 1. NaN compares false.
    const v8f em1 = select8(y > splat(-0.34f), p, q - splat(1));
    const v8f w = splat(1) / (q + splat(1));
    const v8f magnitude = -em1 * w; // tanh a ≥ 0 (−0 at a = 0: the sign is replaced below)
    *value = (v8f)(((v8i)magnitude & magnitude_bits) | ((v8i)x & ~magnitude_bits));
    *derivative = splat(4) * q * (w * w);
}

// One row; has_bias and has_derivatives are constants at every call, so each of the four
// instantiations has a branch-free inner loop.
INLINE void tanh_row(const float *u, const float *bias, float *values, float *derivatives, long columns,
                     const int has_bias, const int has_derivatives) {
    long j = 0;
    for (; j + 8 <= columns; j += 8) {
        v8f x = load8(u + j);
        if (has_bias) x += load8(bias + j);
        v8f t, d;
        tanh8(x, &t, &d);
        store8(values + j, t);
        if (has_derivatives) store8(derivatives + j, d);
    }
    if (j < columns) {
        // Ragged tail: through a lane buffer, so nothing beyond `columns` is read or written.
        // Lanes past the end hold 0 (finite; their results are discarded).
        const size_t bytes = (size_t)(columns - j) * sizeof(float);
        float lanes[8] = {0};
        memcpy(lanes, u + j, bytes);
        v8f x = load8(lanes);
        if (has_bias) {
            float b[8] = {0};
            memcpy(b, bias + j, bytes);
            x += load8(b);
        }
        v8f t, d;
        tanh8(x, &t, &d);
        store8(lanes, t);
        memcpy(values + j, lanes, bytes);
        if (has_derivatives) {
            store8(lanes, d);
            memcpy(derivatives + j, lanes, bytes);
        }
    }
}

INLINE void tanh_body(const float *u, long rows, long columns, long inputStride, const float *bias,
                      float *values, long valueStride, float *derivatives, long derivativeStride) {
    for (long r = 0; r < rows; r++) {
        const float *ur = u + r * inputStride;
        float *vr = values + r * valueStride;
        float *dr = derivatives ? derivatives + r * derivativeStride : NULL;
        if (bias) {
            if (dr) tanh_row(ur, bias, vr, dr, columns, 1, 1);
            else tanh_row(ur, bias, vr, dr, columns, 1, 0);
        } else {
            if (dr) tanh_row(ur, bias, vr, dr, columns, 0, 1);
            else tanh_row(ur, bias, vr, dr, columns, 0, 0);
        }
    }
}

static void tanh_generic(const float *u, long rows, long columns, long inputStride, const float *bias,
                         float *values, long valueStride, float *derivatives, long derivativeStride) {
    tanh_body(u, rows, columns, inputStride, bias, values, valueStride, derivatives, derivativeStride);
}

#ifdef CK_HAVE_AVX2_BUILD
CK_AVX2_TARGET
static void tanh_avx2(const float *u, long rows, long columns, long inputStride, const float *bias,
                      float *values, long valueStride, float *derivatives, long derivativeStride) {
    tanh_body(u, rows, columns, inputStride, bias, values, valueStride, derivatives, derivativeStride);
}
#endif

void ck_tanh_f32(const float *u, long rows, long columns, long inputStride, const float *bias,
                 float *values, long valueStride, float *derivatives, long derivativeStride) {
    if (rows <= 0 || columns <= 0) return;
#ifdef CK_HAVE_AVX2_BUILD
    if (ck_kernel() == CK_KERNEL_AVX2) {
        tanh_avx2(u, rows, columns, inputStride, bias, values, valueStride, derivatives, derivativeStride);
        return;
    }
#endif
    tanh_generic(u, rows, columns, inputStride, bias, values, valueStride, derivatives, derivativeStride);
}
