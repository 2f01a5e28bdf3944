import CKernels

/// Double dot product and axpy on raw buffers for the linear decoders' inner loops, through the
/// C kernels (`CKernels/DoubleVector.c`): Swift compiles SIMD code for baseline x86-64 (SSE2, no
/// FMA), while the C body also has an AVX2 + FMA build chosen at run time — the same choice as
/// the training kernels'. A call costs a few nanoseconds, far less than OpenBLAS's level-1 entry
/// for the ~100–800-element vectors here.
enum VectorKernels {
    /// Σ a[i]·b[i], i < n (8 interleaved partial sums, then the tail).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        ck_ddot(a, b, n)
    }

    /// y += α·x.
    @inline(__always)
    static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        ck_daxpy(alpha, x, y, n)
    }
}
