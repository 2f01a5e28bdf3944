#ifndef REPGEOM_CKERNELS_CPUFEATURES_H
#define REPGEOM_CKERNELS_CPUFEATURES_H

/// Which build of the C kernels runs (`ck_sgemm`, `ck_tanh_f32`): every kernel is compiled
/// twice from one body — generically (baseline ISA of the target: SSE2 on x86-64, NEON on
/// arm64) and, on x86-64 only, with `target("avx2,fma")` — and one choice, made here once
/// per process, selects the build for all of them.
///
/// The automatic choice is AVX2 + FMA when the CPU has AVX2 and FMA and the OS saves the YMM
/// state (cpuid leaves 1 and 7, xgetbv), generic otherwise. The environment variable
/// `REPGEOM_C_KERNELS=generic` forces the generic build from the start (benchmarks, debugging);
/// `REPGEOM_SMALL_GEMM=generic`, its older name, is still honoured.

/// Kernel build identifiers (the arguments and results of the functions below).
#define CK_KERNEL_AUTOMATIC (-1)
#define CK_KERNEL_GENERIC 0
#define CK_KERNEL_AVX2 1

/// The build in use: `CK_KERNEL_GENERIC` or `CK_KERNEL_AVX2` (decided on first call).
int ck_kernel(void);

/// Whether the AVX2 + FMA build can run on this machine (always 0 off x86-64).
int ck_avx2_available(void);

/// Forces a build for every kernel: `CK_KERNEL_GENERIC`, `CK_KERNEL_AVX2` (falls back to generic
/// when unavailable) or `CK_KERNEL_AUTOMATIC`; returns the build now in use. Meant for tests and
/// benchmarks: the switch is process-wide (not per thread), so do not flip it while another
/// thread computes something whose rounding must not change mid-way.
int ck_set_kernel(int kernel);

#endif
