/// Preallocated buffers for a `ConvNetwork` on batches of up to `batchCapacity` images: the flat
/// parameters with their gradient and optimiser moments, and per layer the im2col patches,
/// values, derivatives, pooling switches and back-propagated errors. Every forward, backward and
/// update reads and writes only these buffers (no allocation per step). Owned by one run.
///
/// Forward, per conv block l (maps channel-last, see `ConvOps`):
///
///     cols_l = im2col(Z_{l−1})                 M_l × K_l   (M_l = batch·outH·outW, K_l = k·k·inC)
///     U_l    = cols_l·W_lᵀ + b_l               M_l × outC  (one gemm)
///     A_l    = f(U_l), D_l = f′(U_l)           (one vectorised pass, bias fused)
///     Z_l    = maxpool₂ₓ₂(A_l)                 (switches kept)
///
/// then the FC layers Z = f(Z_below·Wᵀ + b) and the logits ŷ = Z_L·Jᵀ + b₂.
final class ConvWorkspace<S: BLASScalar> {
    struct ConvBuffers {
        let cols: UnsafeMutablePointer<S>, values: UnsafeMutablePointer<S>, derivatives: UnsafeMutablePointer<S>
        /// The block's output: the pooled map, or `values` itself without pooling.
        let output: UnsafeMutablePointer<S>
        let argmax: UnsafeMutablePointer<Int>
        /// ∂L/∂U (conv output positions), ∂L/∂cols, and ∂L/∂output (written by the layer above).
        let delta: UnsafeMutablePointer<S>, colsDelta: UnsafeMutablePointer<S>, outputDelta: UnsafeMutablePointer<S>
    }
    struct DenseBuffers {
        let values: UnsafeMutablePointer<S>, derivatives: UnsafeMutablePointer<S>, delta: UnsafeMutablePointer<S>
    }

    let layout: ConvLayout
    let activation: Activation
    let batchCapacity: Int
    let parameters: UnsafeMutablePointer<S>, gradient: UnsafeMutablePointer<S>
    let firstMoment: UnsafeMutablePointer<S>, secondMoment: UnsafeMutablePointer<S>
    let input: UnsafeMutablePointer<S>, target: UnsafeMutablePointer<S>
    let convs: [ConvBuffers]
    let dense: [DenseBuffers]
    private var allocations: [UnsafeMutableRawPointer] = []

    init(network: ConvNetwork<S>, batchCapacity b: Int, optimizer: Optimizer) {
        precondition(b >= 1, "batch capacity must be positive")
        layout = network.layout
        activation = network.activation
        batchCapacity = b
        var allocations: [UnsafeMutableRawPointer] = []
        func buffer(_ n: Int) -> UnsafeMutablePointer<S> {
            let p = UnsafeMutablePointer<S>.allocate(capacity: Swift.max(n, 1))
            p.initialize(repeating: 0, count: Swift.max(n, 1))
            allocations.append(UnsafeMutableRawPointer(p))
            return p
        }
        let p = layout.parameterCount
        let params = buffer(p)
        network.parameters.withUnsafeBufferPointer { params.update(from: $0.baseAddress!, count: p) }
        parameters = params
        gradient = buffer(p)
        let moments = optimizer != .sgd
        firstMoment = buffer(moments ? p : 0)
        secondMoment = buffer(moments ? p : 0)
        input = buffer(b * layout.input.count)
        target = buffer(b * layout.outputs)
        convs = layout.convs.map { g in
            let m = b * g.positions
            let values = buffer(m * g.outC)
            let a = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(b * g.outputCount, 1))
            a.initialize(repeating: 0, count: Swift.max(b * g.outputCount, 1))
            allocations.append(UnsafeMutableRawPointer(a))
            return ConvBuffers(cols: buffer(m * g.patch), values: values, derivatives: buffer(m * g.outC),
                               output: g.pooled ? buffer(b * g.outputCount) : values, argmax: a,
                               delta: buffer(m * g.outC), colsDelta: buffer(m * g.patch),
                               outputDelta: buffer(b * g.outputCount))
        }
        dense = layout.dense.map { g in
            DenseBuffers(values: buffer(b * g.outputs), derivatives: buffer(b * g.outputs), delta: buffer(b * g.outputs))
        }
        self.allocations = allocations
    }

    deinit { for a in allocations { a.deallocate() } }

    /// The parameters as a network value.
    func write(into network: inout ConvNetwork<S>) {
        network.parameters.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: parameters, count: layout.parameterCount) }
    }

    /// The logits of the last forward pass (rows × outputs).
    var logits: UnsafeMutablePointer<S> { dense[dense.count - 1].values }

    /// The output of hidden layer l (0-based: conv blocks, then FC layers) of the last forward pass.
    func hiddenOutput(_ l: Int) -> UnsafeMutablePointer<S> {
        l < convs.count ? convs[l].output : dense[l - convs.count].values
    }

    /// Copies rows `rows[0..<count]` of a dataset's inputs and targets into the batch buffers.
    @inline(__always)
    func gather(inputs x: UnsafePointer<S>, targets y: UnsafePointer<S>, rows: UnsafePointer<Int>, count: Int) {
        let n = layout.input.count, k = layout.outputs
        for r in 0..<count {
            (input + r * n).update(from: x + rows[r] * n, count: n)
            (target + r * k).update(from: y + rows[r] * k, count: k)
        }
    }

    /// Forward pass of the first `m` rows of `input`.
    func forward(rows m: Int) {
        precondition(m >= 1 && m <= batchCapacity)
        var below = UnsafePointer(input)
        for (l, g) in layout.convs.enumerated() {
            let buf = convs[l]
            let rows = m * g.positions
            ConvOps.im2col(below, batch: m, geometry: g, into: buf.cols)
            S.gemm(transA: false, transB: true, m: rows, n: g.outC, k: g.patch, alpha: 1, a: buf.cols, lda: g.patch,
                   b: parameters + g.weightOffset, ldb: g.patch, beta: 0, c: buf.values, ldc: g.outC)
            activation.apply(UnsafePointer(buf.values), rows: rows, columns: g.outC, inputStride: g.outC,
                             bias: parameters + g.biasOffset, values: buf.values, valueStride: g.outC,
                             derivatives: buf.derivatives, derivativeStride: g.outC)
            if g.pooled {
                ConvOps.maxPool(UnsafePointer(buf.values), batch: m, height: g.outH, width: g.outW, channels: g.outC,
                                into: buf.output, argmax: buf.argmax)
            }
            below = UnsafePointer(buf.output)
        }
        let last = layout.dense.count - 1
        for (l, g) in layout.dense.enumerated() {
            let buf = dense[l]
            S.gemm(transA: false, transB: true, m: m, n: g.outputs, k: g.inputs, alpha: 1, a: below, lda: g.inputs,
                   b: parameters + g.weightOffset, ldb: g.inputs, beta: 0, c: buf.values, ldc: g.outputs)
            (l < last ? activation : .linear).apply(UnsafePointer(buf.values), rows: m, columns: g.outputs, inputStride: g.outputs,
                                                     bias: parameters + g.biasOffset, values: buf.values, valueStride: g.outputs,
                                                     derivatives: l < last ? buf.derivatives : nil, derivativeStride: g.outputs)
            below = UnsafePointer(buf.values)
        }
    }
}
