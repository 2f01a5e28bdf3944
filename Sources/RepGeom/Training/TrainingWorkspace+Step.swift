/// One minibatch step: forward, loss gradient, backward, update — on the workspace's buffers.
///
/// Row-major batches: the pre-activations of layer l are U = 1·bᵀ + Z_{l−1}·Wᵀ (bias copied in,
/// then one gemm with β = 1). Backward, δ_l = ∂L/∂U_l: δ_out = ∂L/∂ŷ; δ_l = (δ_{l+1}·W_{l+1}) ⊙ f′(U_l).
/// Gradients: ∂L/∂W_l = δ_lᵀ·Z_{l−1}, ∂L/∂b_l = column sums of δ_l. For SGD the weight update
/// W ← W − lr·δᵀZ is fused into the gemm (α = −lr, β = 1), so no gradient buffer is touched.
extension TrainingWorkspace {
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
                activation.apply(UnsafePointer(layer.values.base), values: layer.values.base,
                                 derivatives: layer.derivatives.base, count: m * out)
            }
            below = UnsafePointer(layer.values.base)
        }
        // Loss gradient ∂L/∂ŷ (mean over the batch).
        let top = layers[last]
        _ = loss.gradient(logits: top.values.base, targets: target.base, rows: m, outputs: top.outputs,
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
