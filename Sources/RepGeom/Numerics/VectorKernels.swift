/// Small vector kernels on raw buffers: SIMD4 loads, two accumulators (the strict FP order of a
/// scalar loop would forbid the compiler from vectorising the reduction itself).
enum VectorKernels {
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var j = 0
        while j + 8 <= n {
            s0 += ra.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self) * rb.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self)
            s1 += ra.loadUnaligned(fromByteOffset: j &* 8 &+ 32, as: SIMD4<Double>.self) * rb.loadUnaligned(fromByteOffset: j &* 8 &+ 32, as: SIMD4<Double>.self)
            j &+= 8
        }
        if j + 4 <= n {
            s0 += ra.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self) * rb.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self)
            j &+= 4
        }
        var s = (s0 + s1).sum()
        while j < n { s += a[j] * b[j]; j &+= 1 }
        return s
    }

    /// y += α·x.
    @inline(__always)
    static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let av = SIMD4<Double>(repeating: alpha)
        var j = 0
        while j + 4 <= n {
            let v = ry.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self) + av * rx.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self)
            ry.storeBytes(of: v, toByteOffset: j &* 8, as: SIMD4<Double>.self)
            j &+= 4
        }
        while j < n { y[j] += alpha * x[j]; j &+= 1 }
    }
}
