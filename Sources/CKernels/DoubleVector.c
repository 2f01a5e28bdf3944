// Double dot and axpy (DoubleVector.h): one body each, compiled generically and for AVX2 + FMA.
#include "DoubleVector.h"
#include "KernelSupport.h"

/// 4 doubles (one AVX register; two SSE2 registers in the generic build).
typedef double v4d __attribute__((vector_size(32)));

INLINE v4d load4d(const double *p) { v4d v; memcpy(&v, p, sizeof v); return v; }
INLINE void store4d(double *p, v4d v) { memcpy(p, &v, sizeof v); }

INLINE double dot_body(const double *a, const double *b, long n) {
    v4d s0 = {0, 0, 0, 0}, s1 = {0, 0, 0, 0};
    long j = 0;
    for (; j + 8 <= n; j += 8) {
        s0 += load4d(a + j) * load4d(b + j);
        s1 += load4d(a + j + 4) * load4d(b + j + 4);
    }
    if (j + 4 <= n) { s0 += load4d(a + j) * load4d(b + j); j += 4; }
    v4d s = s0 + s1;
    double total = (s[0] + s[1]) + (s[2] + s[3]);
    for (; j < n; j++) total += a[j] * b[j];
    return total;
}

INLINE void axpy_body(double alpha, const double *x, double *y, long n) {
    const v4d av = {alpha, alpha, alpha, alpha};
    long j = 0;
    for (; j + 8 <= n; j += 8) {
        store4d(y + j, load4d(y + j) + av * load4d(x + j));
        store4d(y + j + 4, load4d(y + j + 4) + av * load4d(x + j + 4));
    }
    if (j + 4 <= n) { store4d(y + j, load4d(y + j) + av * load4d(x + j)); j += 4; }
    for (; j < n; j++) y[j] += alpha * x[j];
}

static double dot_generic(const double *a, const double *b, long n) { return dot_body(a, b, n); }
static void axpy_generic(double alpha, const double *x, double *y, long n) { axpy_body(alpha, x, y, n); }

#ifdef CK_HAVE_AVX2_BUILD
CK_AVX2_TARGET static double dot_avx2(const double *a, const double *b, long n) { return dot_body(a, b, n); }
CK_AVX2_TARGET static void axpy_avx2(double alpha, const double *x, double *y, long n) { axpy_body(alpha, x, y, n); }
#endif

double ck_ddot(const double *a, const double *b, long n) {
#ifdef CK_HAVE_AVX2_BUILD
    if (ck_kernel() == CK_KERNEL_AVX2) return dot_avx2(a, b, n);
#endif
    return dot_generic(a, b, n);
}

void ck_daxpy(double alpha, const double *x, double *y, long n) {
#ifdef CK_HAVE_AVX2_BUILD
    if (ck_kernel() == CK_KERNEL_AVX2) { axpy_avx2(alpha, x, y, n); return; }
#endif
    axpy_generic(alpha, x, y, n);
}
