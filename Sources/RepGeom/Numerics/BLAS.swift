#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// A floating-point type with BLAS kernels: `Float` (training default) and `Double` (measures).
///
/// All matrices are row-major. The protocol exists because the two precisions really do share
/// behaviour: every engine routine is written once, generically, and specialised by the compiler.
public protocol BLASScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable
where Self.RawSignificand: FixedWidthInteger {
    /// C ← α·op(A)·op(B) + β·C on raw row-major buffers (leading dimensions given).
    static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// y ← α·x + y.
    static func axpy(n: Int, alpha: Self, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)
    /// x·y.
    static func dot(n: Int, x: UnsafePointer<Self>, y: UnsafePointer<Self>) -> Self
}

extension Float: BLASScalar {
    @inlinable
    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    blasInt(m), blasInt(n), blasInt(k), alpha, a, blasInt(lda), b, blasInt(ldb),
                    beta, c, blasInt(ldc))
    }
    @inlinable
    public static func axpy(n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(blasInt(n), alpha, x, 1, y, 1)
    }
    @inlinable
    public static func dot(n: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> Float {
        cblas_sdot(blasInt(n), x, 1, y, 1)
    }
}

extension Double: BLASScalar {
    @inlinable
    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    blasInt(m), blasInt(n), blasInt(k), alpha, a, blasInt(lda), b, blasInt(ldb),
                    beta, c, blasInt(ldc))
    }
    @inlinable
    public static func axpy(n: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
        cblas_daxpy(blasInt(n), alpha, x, 1, y, 1)
    }
    @inlinable
    public static func dot(n: Int, x: UnsafePointer<Double>, y: UnsafePointer<Double>) -> Double {
        cblas_ddot(blasInt(n), x, 1, y, 1)
    }
}

#if canImport(Accelerate)
@usableFromInline typealias BLASInt = Int32
#else
@usableFromInline typealias BLASInt = blasint
#endif

@inlinable func blasInt(_ n: Int) -> BLASInt {
    precondition(n >= 0 && n <= Int(Int32.max), "BLAS dimension out of range: \(n)")
    return BLASInt(n)
}

/// BLAS threading. Sweeps run one network per core and pin BLAS to one thread.
public enum BLASThreads {
    /// Sets the number of threads BLAS may use (no-op where the library has no such control).
    public static func set(_ count: Int) {
        #if !canImport(Accelerate)
        openblas_set_num_threads(Int32(max(1, count)))
        #endif
    }
}
