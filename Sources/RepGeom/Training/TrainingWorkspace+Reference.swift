/// The unoptimised training path, kept verbatim as the reference the fused step is tested
/// against (`KernelPath.scalarReference`): separate bias buffers, a bias copy before each
/// forward gemm, unfused elementwise loops, scalar Double activations and losses.
///
/// Preallocated buffers for minibatch training of one `Network`: parameters, activations,
/// derivatives, gradients and optimiser state. Owned by one training run (not shared across
/// threads); every step reads and writes only these buffers, so the inner loop never allocates.
final class ReferenceTrainingWorkspace<S: BLASScalar> {
    /// A raw buffer of `count` scalars, zero-initialised.
    struct Buffer {
        let base: UnsafeMutablePointer<S>
        let count: Int
        init(_ count: Int) {
            self.count = count
            base = .allocate(capacity: max(count, 1))
            base.initialize(repeating: 0, count: max(count, 1))
        }
        init(copying values: [S]) {
            self.init(values.count)
            values.withUnsafeBufferPointer { p in if let a = p.baseAddress { base.update(from: a, count: values.count) } }
        }
        func free() { base.deallocate() }
        var array: [S] { Array(UnsafeBufferPointer(start: base, count: count)) }
    }

    /// One layer's parameters and what training keeps for it.
    struct Layer {
        let inputs: Int, outputs: Int
        let weights: Buffer, bias: Buffer
        let trainWeights: Bool, trainBias: Bool
        /// Gradients (used by optimisers other than fused SGD).
        let gradWeights: Buffer, gradBias: Buffer
        /// Optimiser moments (first, second) per group; empty for SGD.
        let m1Weights: Buffer, m2Weights: Buffer, m1Bias: Buffer, m2Bias: Buffer
        /// Batch buffers: pre-activations become values in place; derivatives; back-propagated error.
        let values: Buffer, derivatives: Buffer, delta: Buffer
    }

    let batchCapacity: Int
    var layers: [Layer] // hidden layers then the readout (whose `values` hold the logits)
    let input: Buffer, target: Buffer
    let needsMoments: Bool

    init(network: Network<S>, batchCapacity: Int, optimizer: Optimizer) {
        self.batchCapacity = batchCapacity
        needsMoments = optimizer != .sgd
        var all = network.hidden
        all.append(network.readout)
        layers = all.map { l in
            let nW = l.weights.count, nB = l.bias.count
            let mW = optimizer == .sgd ? 0 : nW, mB = optimizer == .sgd ? 0 : nB
            return Layer(inputs: l.inputCount, outputs: l.outputCount,
                         weights: Buffer(copying: l.weights.elements), bias: Buffer(copying: l.bias),
                         trainWeights: l.trainWeights, trainBias: l.trainBias,
                         gradWeights: Buffer(nW), gradBias: Buffer(nB),
                         m1Weights: Buffer(mW), m2Weights: Buffer(mW), m1Bias: Buffer(mB), m2Bias: Buffer(mB),
                         values: Buffer(batchCapacity * l.outputCount),
                         derivatives: Buffer(batchCapacity * l.outputCount),
                         delta: Buffer(batchCapacity * l.outputCount))
        }
        input = Buffer(batchCapacity * network.inputCount)
        target = Buffer(batchCapacity * network.outputCount)
    }

    deinit {
        for l in layers {
            for b in [l.weights, l.bias, l.gradWeights, l.gradBias, l.m1Weights, l.m2Weights, l.m1Bias, l.m2Bias,
                      l.values, l.derivatives, l.delta] { b.free() }
        }
        input.free(); target.free()
    }

    /// Copies the trained parameters back into `network`.
    func write(into network: inout Network<S>) {
        for (l, layer) in layers.enumerated() {
            let w = Matrix(rows: layer.outputs, columns: layer.inputs, elements: layer.weights.array)
            if l < network.hidden.count {
                network.hidden[l].weights = w
                network.hidden[l].bias = layer.bias.array
            } else {
                network.readout.weights = w
                network.readout.bias = layer.bias.array
            }
        }
    }

    /// All trained parameters, concatenated (for the early-stopping change check).
    func trainedParameters(into out: inout [S]) {
        out.removeAll(keepingCapacity: true)
        for l in layers {
            if l.trainWeights { out.append(contentsOf: UnsafeBufferPointer(start: l.weights.base, count: l.weights.count)) }
            if l.trainBias { out.append(contentsOf: UnsafeBufferPointer(start: l.bias.base, count: l.bias.count)) }
        }
    }
}

/// The reference step (see `ReferenceTrainingWorkspace`). One minibatch step: forward, loss
/// gradient, backward, update — on the workspace's buffers.
///
/// Row-major batches: the pre-activations of layer l are U = 1·bᵀ + Z_{l−1}·Wᵀ (bias copied in,
/// then one gemm with β = 1). Backward, δ_l = ∂L/∂U_l: δ_out = ∂L/∂ŷ; δ_l = (δ_{l+1}·W_{l+1}) ⊙ f′(U_l).
/// Gradients: ∂L/∂W_l = δ_lᵀ·Z_{l−1}, ∂L/∂b_l = column sums of δ_l. For SGD the weight update
/// W ← W − lr·δᵀZ is fused into the gemm (α = −lr, β = 1), so no gradient buffer is touched.
extension ReferenceTrainingWorkspace {
    /// Copies the rows `rows[0..<count]` of the dataset into the batch buffers.
    @inline(__always)
    func gather(inputs x: UnsafePointer<S>, targets y: UnsafePointer<S>, rows: UnsafePointer<Int>, count: Int) {
        let nIn = layers[0].inputs, k = layers[layers.count - 1].outputs
        for r in 0..<count {
            let i = rows[r]
            (input.base + r * nIn).update(from: x + i * nIn, count: nIn)
            (target.base + r * k).update(from: y + i * k, count: k)
        }
    }

    func step(rows m: Int, activation: Activation, loss: Loss, optimizer: Optimizer,
              learningRate lr: S, stepNumber t: Int) {
        let last = layers.count - 1
        // Forward.
        var below = UnsafePointer(input.base)
        for l in 0...last {
            let layer = layers[l]
            let out = layer.outputs
            for r in 0..<m { (layer.values.base + r * out).update(from: layer.bias.base, count: out) }
            S.gemm(transA: false, transB: true, m: m, n: out, k: layer.inputs, alpha: 1, a: below, lda: layer.inputs,
                   b: layer.weights.base, ldb: layer.inputs, beta: 1, c: layer.values.base, ldc: out)
            if l < last {
                activation.applyScalarReference(UnsafePointer(layer.values.base), rows: 1, columns: m * out,
                                                inputStride: m * out, bias: nil, values: layer.values.base,
                                                valueStride: m * out, derivatives: layer.derivatives.base,
                                                derivativeStride: m * out)
            }
            below = UnsafePointer(layer.values.base)
        }
        // Loss gradient ∂L/∂ŷ (mean over the batch).
        let top = layers[last]
        _ = loss.referenceGradient(logits: top.values.base, targets: target.base, rows: m, outputs: top.outputs,
                          scale: 1 / S(m), into: top.delta.base)
        // Backward and update, top layer first; δ for the layer below uses W before its update.
        for l in stride(from: last, through: 0, by: -1) {
            let layer = layers[l]
            let out = layer.outputs, nIn = layer.inputs
            let delta = layer.delta.base
            if l < last {
                let d = layer.derivatives.base
                for i in 0..<(m * out) { delta[i] *= d[i] }
            }
            if l > 0 && anyTrainable(below: l) {
                S.gemm(transA: false, transB: false, m: m, n: nIn, k: out, alpha: 1, a: delta, lda: out,
                       b: layer.weights.base, ldb: nIn, beta: 0, c: layers[l - 1].delta.base, ldc: nIn)
            }
            let z = l > 0 ? UnsafePointer(layers[l - 1].values.base) : UnsafePointer(input.base)
            if layer.trainWeights {
                if case .sgd = optimizer {
                    S.gemm(transA: true, transB: false, m: out, n: nIn, k: m, alpha: -lr, a: delta, lda: out,
                           b: z, ldb: nIn, beta: 1, c: layer.weights.base, ldc: nIn)
                } else {
                    S.gemm(transA: true, transB: false, m: out, n: nIn, k: m, alpha: 1, a: delta, lda: out,
                           b: z, ldb: nIn, beta: 0, c: layer.gradWeights.base, ldc: nIn)
                    optimizer.update(layer.weights.base, gradient: layer.gradWeights.base, firstMoment: layer.m1Weights.base,
                                     secondMoment: layer.m2Weights.base, count: layer.weights.count,
                                     learningRate: lr, step: t)
                }
            }
            if layer.trainBias {
                let g = layer.gradBias.base
                g.update(repeating: 0, count: out)
                for r in 0..<m {
                    let row = delta + r * out
                    for j in 0..<out { g[j] += row[j] }
                }
                if case .sgd = optimizer {
                    let b = layer.bias.base
                    for j in 0..<out { b[j] -= lr * g[j] }
                } else {
                    optimizer.update(layer.bias.base, gradient: layer.gradBias.base, firstMoment: layer.m1Bias.base,
                                     secondMoment: layer.m2Bias.base, count: layer.bias.count,
                                     learningRate: lr, step: t)
                }
            }
        }
    }

    /// Whether any layer strictly below `l` has a trained parameter group (else back-propagation stops).
    @inline(__always)
    func anyTrainable(below l: Int) -> Bool {
        for j in 0..<l where layers[j].trainWeights || layers[j].trainBias { return true }
        return false
    }
}
