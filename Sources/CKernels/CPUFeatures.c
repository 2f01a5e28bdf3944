// CPU-feature detection and the one kernel choice shared by every kernel of this target
// (see include/CPUFeatures.h). Kept in one place so that the sgemm and the elementwise kernels
// can never disagree about which build runs, and a test forcing the generic build forces it
// for all of them.

#include "CPUFeatures.h"
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>

// AVX2 and FMA in the CPU, and the OS saving the YMM state (OSXSAVE + XCR0 bits 1, 2).
static int detect_avx2(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const int fma = (ecx >> 12) & 1, osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1;
    if (!(fma && osxsave && avx)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    if ((lo & 6) != 6) return 0;
    if (__get_cpuid_max(0, NULL) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return (ebx >> 5) & 1;
}
#else
static int detect_avx2(void) { return 0; }
#endif

// Both are read and written with relaxed atomics: racing first calls compute the same value.
static int avx2_available = -1;                 // −1 not yet detected
static int kernel_choice = CK_KERNEL_AUTOMATIC; // −1 undecided

int ck_avx2_available(void) {
    int v = __atomic_load_n(&avx2_available, __ATOMIC_RELAXED);
    if (v < 0) { v = detect_avx2(); __atomic_store_n(&avx2_available, v, __ATOMIC_RELAXED); }
    return v;
}

static int forced_generic_by_environment(void) {
    const char *env = getenv("REPGEOM_C_KERNELS");
    if (!env) env = getenv("REPGEOM_SMALL_GEMM"); // the older name, from when only the sgemm existed
    return env && strcmp(env, "generic") == 0;
}

int ck_kernel(void) {
    int k = __atomic_load_n(&kernel_choice, __ATOMIC_RELAXED);
    if (k < 0) {
        k = ck_avx2_available() && !forced_generic_by_environment() ? CK_KERNEL_AVX2 : CK_KERNEL_GENERIC;
        __atomic_store_n(&kernel_choice, k, __ATOMIC_RELAXED);
    }
    return k;
}

int ck_set_kernel(int kernel) {
    const int k = kernel < 0 ? CK_KERNEL_AUTOMATIC
                : (kernel == CK_KERNEL_AVX2 && ck_avx2_available()) ? CK_KERNEL_AVX2 : CK_KERNEL_GENERIC;
    __atomic_store_n(&kernel_choice, k, __ATOMIC_RELAXED);
    return ck_kernel();
}
