/// The raw-buffer building blocks of the CNN, shared by the trainer and the tests. Maps are
/// batches of images in channel-last order: element (b, y, x, c) of an H×W×C map is at
/// ((b·H + y)·W + x)·C + c. Allocation-free; callers own every buffer.
public enum ConvOps {
    /// im2col: row r = (b·outH + oy)·outW + ox of `cols` (M × K, M = batch·outH·outW, K = k·k·C)
    /// holds the k×k×C input patch whose top-left corner is (oy − pad, ox − pad); element
    /// (dy, dx, c) at column (dy·k + dx)·C + c; positions outside the map are zero.
    /// Then the convolution is one gemm: U = cols·Wᵀ (W: outC × K).
    public static func im2col<S: BLASScalar>(_ x: UnsafePointer<S>, batch: Int, geometry g: ConvGeometry,
                                             into cols: UnsafeMutablePointer<S>) {
        let C = g.inC, K = g.patch
        for b in 0..<batch {
            let image = x + b * g.inputCount
            for oy in 0..<g.outH {
                for ox in 0..<g.outW {
                    let row = cols + ((b * g.outH + oy) * g.outW + ox) * K
                    for dy in 0..<g.k {
                        let iy = oy + dy - g.pad
                        let dst = row + dy * g.k * C
                        guard iy >= 0 && iy < g.inH else {
                            dst.update(repeating: 0, count: g.k * C)
                            continue
                        }
                        // The run of dx whose ix = ox + dx − pad lies inside the row is contiguous
                        // in both buffers (channel-last): one copy, zeros around it.
                        let dxLo = Swift.max(0, g.pad - ox), dxHi = Swift.min(g.k, g.inW + g.pad - ox)
                        if dxLo > 0 { dst.update(repeating: 0, count: dxLo * C) }
                        if dxHi > dxLo {
                            let src = image + (iy * g.inW + (ox + dxLo - g.pad)) * C
                            (dst + dxLo * C).update(from: src, count: (dxHi - dxLo) * C)
                        }
                        if dxHi < g.k { (dst + Swift.max(dxHi, dxLo) * C).update(repeating: 0, count: (g.k - Swift.max(dxHi, dxLo)) * C) }
                    }
                }
            }
        }
    }

    /// col2im, the adjoint of `im2col`: dX ← Σ over patches of their `dCols` rows, scattered back
    /// to the input positions (padding positions dropped). Overwrites `dx`.
    public static func col2im<S: BLASScalar>(_ dCols: UnsafePointer<S>, batch: Int, geometry g: ConvGeometry,
                                             into dx: UnsafeMutablePointer<S>) {
        let C = g.inC, K = g.patch
        dx.update(repeating: 0, count: batch * g.inputCount)
        for b in 0..<batch {
            let image = dx + b * g.inputCount
            for oy in 0..<g.outH {
                for ox in 0..<g.outW {
                    let row = dCols + ((b * g.outH + oy) * g.outW + ox) * K
                    for dy in 0..<g.k {
                        let iy = oy + dy - g.pad
                        guard iy >= 0 && iy < g.inH else { continue }
                        let dxLo = Swift.max(0, g.pad - ox), dxHi = Swift.min(g.k, g.inW + g.pad - ox)
                        guard dxHi > dxLo else { continue }
                        let src = row + (dy * g.k + dxLo) * C
                        let dst = image + (iy * g.inW + (ox + dxLo - g.pad)) * C
                        for j in 0..<((dxHi - dxLo) * C) { dst[j] += src[j] }
                    }
                }
            }
        }
    }

    /// 2×2 max-pooling with stride 2 of a batch of H×W×C maps into (H/2)×(W/2)×C maps (an odd
    /// last row/column is dropped). `argmax[i]` records the flat index into `x` of the maximum
    /// that produced `y[i]` (the first in row-major window order on ties).
    public static func maxPool<S: BLASScalar>(_ x: UnsafePointer<S>, batch: Int, height h: Int, width w: Int, channels c: Int,
                                              into y: UnsafeMutablePointer<S>, argmax: UnsafeMutablePointer<Int>) {
        let ph = h / 2, pw = w / 2
        for b in 0..<batch {
            for py in 0..<ph {
                for px in 0..<pw {
                    let out = ((b * ph + py) * pw + px) * c
                    let i00 = ((b * h + 2 * py) * w + 2 * px) * c
                    let i01 = i00 + c, i10 = i00 + w * c, i11 = i10 + c
                    for ch in 0..<c {
                        var best = i00 + ch
                        var v = x[best]
                        if x[i01 + ch] > v { v = x[i01 + ch]; best = i01 + ch }
                        if x[i10 + ch] > v { v = x[i10 + ch]; best = i10 + ch }
                        if x[i11 + ch] > v { v = x[i11 + ch]; best = i11 + ch }
                        y[out + ch] = v
                        argmax[out + ch] = best
                    }
                }
            }
        }
    }

    /// Backward of `maxPool`: dX is zero except dX[argmax[i]] = dY[i]. Overwrites `dx`
    /// (`inputCount` = batch·H·W·C elements).
    public static func maxPoolBackward<S: BLASScalar>(_ dy: UnsafePointer<S>, argmax: UnsafePointer<Int>, count: Int,
                                                      into dx: UnsafeMutablePointer<S>, inputCount: Int) {
        dx.update(repeating: 0, count: inputCount)
        for i in 0..<count { dx[argmax[i]] += dy[i] }
    }

    /// out[j] = Σ_r a[r·columns + j] (the bias gradient of a layer from its δ). Overwrites `out`.
    public static func columnSums<S: BLASScalar>(_ a: UnsafePointer<S>, rows: Int, columns: Int, into out: UnsafeMutablePointer<S>) {
        out.update(repeating: 0, count: columns)
        for r in 0..<rows {
            let row = a + r * columns
            for j in 0..<columns { out[j] += row[j] }
        }
    }
}
