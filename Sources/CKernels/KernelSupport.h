// Shared by the kernel files of this target (private: not part of the module's interface).
//
// Every kernel is one `INLINE` body written with GCC/Clang vector extensions (no intrinsics),
// instantiated twice: a generic function compiled for the target's baseline ISA, and on x86-64
// a `CK_AVX2_TARGET` function, the same body compiled for AVX2 + FMA. The public entry point
// picks one with `ck_kernel()` (CPUFeatures.c). No machine flags are needed anywhere.

#ifndef REPGEOM_CKERNELS_KERNELSUPPORT_H
#define REPGEOM_CKERNELS_KERNELSUPPORT_H

#include "CPUFeatures.h"
#include <string.h>

#ifdef __clang__
// Fused multiply-add where the build has it (the AVX2 build); the generic x86-64 build has no
// FMA instruction and stays unfused (contraction never becomes a libm fma call).
#pragma clang fp contract(fast)
// v8f values only cross always-inline boundaries, never a real call: the ABI note is moot.
#pragma clang diagnostic ignored "-Wpsabi"
#endif

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define CK_HAVE_AVX2_BUILD 1
#define CK_AVX2_TARGET __attribute__((target("avx2,fma")))
#endif

/// 8 floats (one AVX register; two SSE or NEON registers in the generic build).
typedef float v8f __attribute__((vector_size(32)));
/// The matching lane masks and bit patterns (comparisons of v8f yield v8i: −1 true, 0 false).
typedef int v8i __attribute__((vector_size(32)));

#define INLINE static inline __attribute__((always_inline))
// Loops over a tile's rows must be unrolled completely so the accumulators live in registers.
#if defined(__clang__)
#define UNROLL _Pragma("unroll")
#elif defined(__GNUC__)
#define UNROLL _Pragma("GCC unroll 8")
#else
#define UNROLL
#endif

// memcpy: unaligned loads and stores without aliasing assumptions (compiles to one move).
INLINE v8f load8(const float *p) { v8f v; memcpy(&v, p, sizeof v); return v; }
INLINE void store8(float *p, v8f v) { memcpy(p, &v, sizeof v); }
INLINE v8f splat(float x) { return (v8f){x, x, x, x, x, x, x, x}; }
INLINE v8i splat_i(int x) { return (v8i){x, x, x, x, x, x, x, x}; }
/// Lane-wise `mask ? a : b` (mask lanes all ones or all zeros), as bit operations: C has no
/// vector conditional operator.
INLINE v8f select8(v8i mask, v8f a, v8f b) { return (v8f)((mask & (v8i)a) | (~mask & (v8i)b)); }

#endif
