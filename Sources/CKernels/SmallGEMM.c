// Small single-threaded sgemm (see include/SmallGEMM.h for the contract).
//
// Why it exists: the training step's products are 64 × 128 × 101 (forward), 101 × 128 × 64
// (weight update) and two matrix–vector products for the readout. OpenBLAS packs *both*
// operands into its panel format on every call and goes through its thread dispatch even when
// single-threaded; on these shapes that is a large fraction of the work (callgrind: see
// docs/performance.md). Here op(B) is used in place whenever its rows are contiguous (the
// training workspace stores W̃ᵀ so that both large products are of that kind), only a ragged
// last column panel or a transposed B is packed, and A is read by broadcasting single elements,
// so a transposed A costs nothing.
//
// Register tile: 5 rows × 16 columns (10 accumulators of 8 lanes: enough independent FMA chains
// to cover the FMA latency on two pipes, and with the two B vectors and the broadcast 13 of the
// 16 AVX registers — 6 rows made the compiler spill in the inner loop and ran at half the
// speed), the k loop innermost. Written with GCC/Clang vector extensions only, so it compiles
// anywhere; on x86-64 the same body is compiled a second time for AVX2 + FMA and the build is
// chosen at run time (KernelSupport.h, CPUFeatures.c). No machine flags are needed.

#include "SmallGEMM.h"
#include "KernelSupport.h"
#include <stdlib.h>

#define MR 5
#define NR 16

// Per-thread scratch for packed operands (grows, never shrinks; freed with the thread's exit
// only by the OS — a few KB per training thread).
static _Thread_local float *scratch_base = NULL;
static _Thread_local long scratch_count = 0;

static float *scratch(long count) {
    if (count > scratch_count) {
        float *p = (float *)realloc(scratch_base, (size_t)count * sizeof(float));
        if (!p) abort();
        scratch_base = p;
        scratch_count = count;
    }
    return scratch_base;
}

// C[0..mr)[0..nc) ← α·Σ_p A[r][p]·B[p][0..16) + β·C, with A[r][p] at a[r·ars + p·acs] and
// B row p at b + p·bs (16 readable floats; columns ≥ nc are padding and never written).
INLINE void tile(const int mr, long k, const float *a, long ars, long acs, const float *b, long bs,
                 float alpha, float beta, float *c, long ldc, long nc) {
    v8f lo[MR], hi[MR];
    UNROLL for (int r = 0; r < mr; r++) { lo[r] = splat(0); hi[r] = splat(0); }
    for (long p = 0; p < k; p++) {
        const v8f b0 = load8(b + p * bs), b1 = load8(b + p * bs + 8);
        const float *ap = a + p * acs;
        UNROLL for (int r = 0; r < mr; r++) {
            const v8f x = splat(ap[r * ars]);
            lo[r] += x * b0;
            hi[r] += x * b1;
        }
    }
    const v8f va = splat(alpha), vb = splat(beta);
    UNROLL for (int r = 0; r < mr; r++) {
        float *cr = c + r * ldc;
        if (nc == NR) {
            v8f r0 = va * lo[r], r1 = va * hi[r];
            if (beta != 0) { r0 += vb * load8(cr); r1 += vb * load8(cr + 8); }
            store8(cr, r0);
            store8(cr + 8, r1);
        } else {
            float t[NR];
            store8(t, va * lo[r]);
            store8(t + 8, va * hi[r]);
            if (beta != 0) { for (long j = 0; j < nc; j++) cr[j] = t[j] + beta * cr[j]; }
            else { for (long j = 0; j < nc; j++) cr[j] = t[j]; }
        }
    }
}

// Σ x[p]·y[p], 8 lanes × 2 accumulators, then the tail (fixed order: deterministic).
INLINE float dot(const float *x, const float *y, long k) {
    v8f s0 = splat(0), s1 = splat(0);
    long p = 0;
    for (; p + 16 <= k; p += 16) {
        s0 += load8(x + p) * load8(y + p);
        s1 += load8(x + p + 8) * load8(y + p + 8);
    }
    for (; p + 8 <= k; p += 8) s0 += load8(x + p) * load8(y + p);
    s0 += s1;
    float s = ((s0[0] + s0[4]) + (s0[1] + s0[5])) + ((s0[2] + s0[6]) + (s0[3] + s0[7]));
    for (; p < k; p++) s += x[p] * y[p];
    return s;
}

INLINE void scale_c(long m, long n, float beta, float *c, long ldc) {
    for (long i = 0; i < m; i++) {
        float *cr = c + i * ldc;
        if (beta == 0) { for (long j = 0; j < n; j++) cr[j] = 0; }
        else if (beta != 1) { for (long j = 0; j < n; j++) cr[j] *= beta; }
    }
}

INLINE void gemm_body(int ta, int tb, long m, long n, long k, float alpha, const float *a, long lda,
                      const float *b, long ldb, float beta, float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0 || alpha == 0) { scale_c(m, n, beta, c, ldc); return; }
    // op(A)[i][p] = a[i·ars + p·acs], op(B)[p][j] = b[p·brs + j·bcs].
    const long ars = ta ? 1 : lda, acs = ta ? lda : 1;
    const long brs = tb ? 1 : ldb, bcs = tb ? ldb : 1;

    if (n < 8 && !ta) {
        // Few columns (a readout's logits): row·column dot products, the column packed once.
        float *col = scratch(k);
        for (long j = 0; j < n; j++) {
            for (long p = 0; p < k; p++) col[p] = b[p * brs + j * bcs];
            for (long i = 0; i < m; i++) {
                const float s = alpha * dot(a + i * lda, col, k);
                float *cij = c + i * ldc + j;
                *cij = beta != 0 ? s + beta * *cij : s;
            }
        }
        return;
    }

    for (long j0 = 0; j0 < n; j0 += NR) {
        const long nc = n - j0 < NR ? n - j0 : NR;
        const float *panel;
        long bs;
        if (!tb && nc == NR) {
            panel = b + j0; // rows of op(B) are contiguous: use them in place
            bs = ldb;
        } else {
            float *packed = scratch(k * NR);
            for (long p = 0; p < k; p++) {
                float *row = packed + p * NR;
                long j = 0;
                for (; j < nc; j++) row[j] = b[p * brs + (j0 + j) * bcs];
                for (; j < NR; j++) row[j] = 0;
            }
            panel = packed;
            bs = NR;
        }
        for (long i0 = 0; i0 < m; i0 += MR) {
            const float *ai = a + i0 * ars;
            float *ci = c + i0 * ldc + j0;
            switch (m - i0 < MR ? m - i0 : MR) {
            case 5: tile(5, k, ai, ars, acs, panel, bs, alpha, beta, ci, ldc, nc); break;
            case 4: tile(4, k, ai, ars, acs, panel, bs, alpha, beta, ci, ldc, nc); break;
            case 3: tile(3, k, ai, ars, acs, panel, bs, alpha, beta, ci, ldc, nc); break;
            case 2: tile(2, k, ai, ars, acs, panel, bs, alpha, beta, ci, ldc, nc); break;
            default: tile(1, k, ai, ars, acs, panel, bs, alpha, beta, ci, ldc, nc); break;
            }
        }
    }
}

static void gemm_generic(int ta, int tb, long m, long n, long k, float alpha, const float *a, long lda,
                         const float *b, long ldb, float beta, float *c, long ldc) {
    gemm_body(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

#ifdef CK_HAVE_AVX2_BUILD
CK_AVX2_TARGET
static void gemm_avx2(int ta, int tb, long m, long n, long k, float alpha, const float *a, long lda,
                      const float *b, long ldb, float beta, float *c, long ldc) {
    gemm_body(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
#endif

void ck_sgemm(int transA, int transB, long m, long n, long k, float alpha,
              const float *a, long lda, const float *b, long ldb,
              float beta, float *c, long ldc) {
#ifdef CK_HAVE_AVX2_BUILD
    if (ck_kernel() == CK_KERNEL_AVX2) { gemm_avx2(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); return; }
#endif
    gemm_generic(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
