import XCTest
@testable import RepGeom

/// The CNN's building blocks against independent computations, in Double: im2col + gemm against
/// a direct convolution loop, and the backward passes of conv (valid and same padding) and
/// 2×2 max-pooling against central finite differences of L = Σ R ⊙ output.
final class CNNOperationGradientTests: XCTestCase {
    func geometry(c: Int, h: Int, w: Int, outC: Int, k: Int, pad: Int) -> ConvGeometry {
        let oh = h + 2 * pad - k + 1, ow = w + 2 * pad - k + 1
        return ConvGeometry(inC: c, inH: h, inW: w, outC: outC, k: k, pad: pad, outH: oh, outW: ow,
                            pooled: false, poolH: oh, poolW: ow, weightOffset: 0, biasOffset: outC * k * k * c)
    }

    /// U[b, oy, ox, o] = b_o + Σ_{dy,dx,c} W[o, (dy·k+dx)·C + c] · X[b, oy+dy−pad, ox+dx−pad, c] (zero outside).
    func directConvolution(_ x: [Double], _ w: [Double], _ bias: [Double], batch: Int, _ g: ConvGeometry) -> [Double] {
        var u = [Double](repeating: 0, count: batch * g.positions * g.outC)
        for b in 0..<batch { for oy in 0..<g.outH { for ox in 0..<g.outW { for o in 0..<g.outC {
            var s = bias[o]
            for dy in 0..<g.k { for dx in 0..<g.k { for c in 0..<g.inC {
                let iy = oy + dy - g.pad, ix = ox + dx - g.pad
                guard iy >= 0, iy < g.inH, ix >= 0, ix < g.inW else { continue }
                s += w[o * g.patch + (dy * g.k + dx) * g.inC + c] * x[((b * g.inH + iy) * g.inW + ix) * g.inC + c]
            } } }
            u[((b * g.outH + oy) * g.outW + ox) * g.outC + o] = s
        } } } }
        return u
    }

    /// The conv forward through the engine's path: im2col, gemm, bias.
    func engineConvolution(_ x: [Double], _ w: [Double], _ bias: [Double], batch: Int, _ g: ConvGeometry) -> (u: [Double], cols: [Double]) {
        var cols = [Double](repeating: .nan, count: batch * g.positions * g.patch)
        var u = [Double](repeating: 0, count: batch * g.positions * g.outC)
        x.withUnsafeBufferPointer { px in cols.withUnsafeMutableBufferPointer { pc in
            ConvOps.im2col(px.baseAddress!, batch: batch, geometry: g, into: pc.baseAddress!)
        } }
        cols.withUnsafeBufferPointer { pc in w.withUnsafeBufferPointer { pw in u.withUnsafeMutableBufferPointer { pu in
            Double.gemm(transA: false, transB: true, m: batch * g.positions, n: g.outC, k: g.patch, alpha: 1, a: pc.baseAddress!,
                        lda: g.patch, b: pw.baseAddress!, ldb: g.patch, beta: 0, c: pu.baseAddress!, ldc: g.outC)
        } } }
        for r in 0..<(batch * g.positions) { for o in 0..<g.outC { u[r * g.outC + o] += bias[o] } }
        return (u, cols)
    }

    func randoms(_ n: Int, _ rng: inout RandomSource) -> [Double] { (0..<n).map { _ in rng.gaussian() } }

    func testIm2colConvolutionMatchesDirectLoop() {
        var rng = RandomSource(seed: 1)
        for (pad, k) in [(0, 3), (1, 3), (2, 5), (0, 1)] {
            let g = geometry(c: 2, h: 6, w: 7, outC: 3, k: k, pad: pad)
            let x = randoms(2 * g.inputCount, &rng), w = randoms(g.outC * g.patch, &rng), b = randoms(g.outC, &rng)
            let direct = directConvolution(x, w, b, batch: 2, g)
            let engine = engineConvolution(x, w, b, batch: 2, g).u
            XCTAssertEqual(direct.count, engine.count)
            for i in direct.indices { XCTAssertEqual(engine[i], direct[i], accuracy: 1e-12, "pad \(pad) k \(k) element \(i)") }
        }
    }

    /// Backward of the conv layer: ∂L/∂X = col2im(R·W), ∂L/∂W = Rᵀ·cols, ∂L/∂b = Σ_rows R,
    /// checked by central differences of L(X, W, b) = Σ R ⊙ directConvolution(X, W, b).
    func checkConvBackward(pad: Int, k: Int) {
        var rng = RandomSource(seed: UInt64(10 + pad))
        let batch = 2
        let g = geometry(c: 2, h: 5, w: 6, outC: 3, k: k, pad: pad)
        let x = randoms(batch * g.inputCount, &rng), w = randoms(g.outC * g.patch, &rng), b = randoms(g.outC, &rng)
        let r = randoms(batch * g.positions * g.outC, &rng)
        func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double {
            zip(directConvolution(x, w, b, batch: batch, g), r).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let cols = engineConvolution(x, w, b, batch: batch, g).cols
        let rows = batch * g.positions
        var dW = [Double](repeating: 0, count: w.count), dB = [Double](repeating: 0, count: b.count)
        var dCols = [Double](repeating: 0, count: cols.count), dX = [Double](repeating: .nan, count: x.count)
        r.withUnsafeBufferPointer { pr in
            cols.withUnsafeBufferPointer { pc in dW.withUnsafeMutableBufferPointer { pw in
                Double.gemm(transA: true, transB: false, m: g.outC, n: g.patch, k: rows, alpha: 1, a: pr.baseAddress!, lda: g.outC,
                            b: pc.baseAddress!, ldb: g.patch, beta: 0, c: pw.baseAddress!, ldc: g.patch)
            } }
            dB.withUnsafeMutableBufferPointer { ConvOps.columnSums(pr.baseAddress!, rows: rows, columns: g.outC, into: $0.baseAddress!) }
            w.withUnsafeBufferPointer { pw in dCols.withUnsafeMutableBufferPointer { pd in
                Double.gemm(transA: false, transB: false, m: rows, n: g.patch, k: g.outC, alpha: 1, a: pr.baseAddress!, lda: g.outC,
                            b: pw.baseAddress!, ldb: g.patch, beta: 0, c: pd.baseAddress!, ldc: g.patch)
            } }
        }
        dCols.withUnsafeBufferPointer { pd in dX.withUnsafeMutableBufferPointer { px in
            ConvOps.col2im(pd.baseAddress!, batch: batch, geometry: g, into: px.baseAddress!)
        } }
        let h = 1e-5
        func central(_ f: (Double) -> Double) -> Double { (f(h) - f(-h)) / (2 * h) }
        for i in x.indices {
            let n = central { e in var xp = x; xp[i] += e; return loss(xp, w, b) }
            XCTAssertEqual(dX[i], n, accuracy: 1e-7, "pad \(pad) dX[\(i)]")
        }
        for i in w.indices {
            let n = central { e in var wp = w; wp[i] += e; return loss(x, wp, b) }
            XCTAssertEqual(dW[i], n, accuracy: 1e-7, "pad \(pad) dW[\(i)]")
        }
        for i in b.indices {
            let n = central { e in var bp = b; bp[i] += e; return loss(x, w, bp) }
            XCTAssertEqual(dB[i], n, accuracy: 1e-7, "pad \(pad) db[\(i)]")
        }
    }

    func testConvBackwardValidPadding() { checkConvBackward(pad: 0, k: 3) }
    func testConvBackwardSamePadding() { checkConvBackward(pad: 1, k: 3); checkConvBackward(pad: 2, k: 5) }

    func testMaxPoolForwardAndBackward() {
        var rng = RandomSource(seed: 5)
        let batch = 2, h = 5, w = 7, c = 3 // odd sides: the last row and column are dropped
        let x = randoms(batch * h * w * c, &rng), ph = h / 2, pw = w / 2
        let r = randoms(batch * ph * pw * c, &rng)
        func pool(_ x: [Double]) -> [Double] {
            var y = [Double](repeating: 0, count: batch * ph * pw * c), idx = [Int](repeating: 0, count: y.count)
            x.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in idx.withUnsafeMutableBufferPointer { pi in
                ConvOps.maxPool(px.baseAddress!, batch: batch, height: h, width: w, channels: c, into: py.baseAddress!, argmax: pi.baseAddress!)
            } } }
            return y
        }
        // Forward against the definition.
        let y = pool(x)
        for b in 0..<batch { for py in 0..<ph { for px in 0..<pw { for ch in 0..<c {
            var m = -Double.infinity
            for dy in 0..<2 { for dx in 0..<2 { m = max(m, x[((b * h + 2 * py + dy) * w + 2 * px + dx) * c + ch]) } }
            XCTAssertEqual(y[((b * ph + py) * pw + px) * c + ch], m)
        } } } }
        // Backward against central differences of Σ R ⊙ pool(X).
        var yy = [Double](repeating: 0, count: r.count), idx = [Int](repeating: 0, count: r.count)
        var dX = [Double](repeating: .nan, count: x.count)
        x.withUnsafeBufferPointer { px in yy.withUnsafeMutableBufferPointer { py in idx.withUnsafeMutableBufferPointer { pi in
            ConvOps.maxPool(px.baseAddress!, batch: batch, height: h, width: w, channels: c, into: py.baseAddress!, argmax: pi.baseAddress!)
        } } }
        r.withUnsafeBufferPointer { pr in idx.withUnsafeBufferPointer { pi in dX.withUnsafeMutableBufferPointer { pd in
            ConvOps.maxPoolBackward(pr.baseAddress!, argmax: pi.baseAddress!, count: r.count, into: pd.baseAddress!, inputCount: x.count)
        } } }
        let e = 1e-6
        var nonzero = 0
        for i in x.indices {
            var xp = x, xm = x
            xp[i] += e; xm[i] -= e
            let n = (zip(pool(xp), r).reduce(0) { $0 + $1.0 * $1.1 } - zip(pool(xm), r).reduce(0) { $0 + $1.0 * $1.1 }) / (2 * e)
            XCTAssertEqual(dX[i], n, accuracy: 1e-8, "dX[\(i)]")
            if dX[i] != 0 { nonzero += 1 }
        }
        XCTAssertEqual(nonzero, r.count, "each pooled output routes to exactly one input")
    }
}
