/// One minibatch step: forward, loss gradient, backward, update — on the workspace's buffers,
/// with no allocation, BLAS for every product and one fused elementwise pass per layer.
///
/// With augmented inputs Z̃ = [Z | 1] and parameters W̃ = [W | b] (see `TrainingWorkspace`):
///
///     forward   U_l = Z̃_{l−1}·W̃_lᵀ                    (one gemm: weights and bias)
///               Z_l = f(U_l), D_l = f′(U_l)           (one vectorised pass, in place)
///               ŷ   = Z̃_L·W̃_outᵀ
///     loss      δ_out = ∂L/∂ŷ (mean over the batch)   (vectorised BCE)
///     backward  δ_l = (δ_{l+1}·W_{l+1}) ⊙ D_l          (gemm, then one pass)
///     update    W̃_l ← W̃_l − lr·δ_lᵀ·Z̃_{l−1}           (SGD: fused into the gemm, α = −lr, β = 1)
///
/// δ for the layer below is computed from W before that layer's update. Frozen groups are the
/// columns of W̃ the update gemm leaves out (weights: [0, inputs), bias: column `inputs`).
extension TrainingWorkspace {
    /// Copies the rows `rows[0..<count]` of the dataset into the batch buffers.
    @inline(__always)
    func gather(inputs x: UnsafePointer<S>, targets y: UnsafePointer<S>, rows: UnsafePointer<Int>, count: Int) {
        if let reference { reference.gather(inputs: x, targets: y, rows: rows, count: count); return }
        let nIn = layers[0].inputs, k = layers[layers.count - 1].outputs
        for r in 0..<count {
            let i = rows[r]
            (input.base + r * (nIn + 1)).update(from: x + i * nIn, count: nIn)
            (target.base + r * k).update(from: y + i * k, count: k)
        }
    }

    func step(rows m: Int, activation: Activation, loss: Loss, optimizer: Optimizer,
              learningRate lr: S, stepNumber t: Int) {
        if let reference {
            reference.step(rows: m, activation: activation, loss: loss, optimizer: optimizer, learningRate: lr, stepNumber: t)
            return
        }
        let last = layers.count - 1
        // Forward.
        var below = UnsafePointer(input.base)
        for l in 0...last {
            let layer = layers[l]
            S.gemm(transA: false, transB: true, m: m, n: layer.outputs, k: layer.stride, alpha: 1, a: below, lda: layer.stride,
                   b: layer.parameters.base, ldb: layer.stride, beta: 0, c: layer.values.base, ldc: layer.valueStride)
            if l < last {
                activation.apply(UnsafePointer(layer.values.base), rows: m, columns: layer.outputs,
                                 inputStride: layer.valueStride, bias: nil, values: layer.values.base,
                                 valueStride: layer.valueStride, derivatives: layer.derivatives.base,
                                 derivativeStride: layer.outputs)
            }
            below = UnsafePointer(layer.values.base)
        }
        // Loss gradient ∂L/∂ŷ (mean over the batch).
        let top = layers[last]
        _ = loss.gradient(logits: top.values.base, targets: target.base, rows: m, outputs: top.outputs,
                          scale: 1 / S(m), into: top.delta.base)
        // Backward and update, top layer first.
        for l in stride(from: last, through: 0, by: -1) {
            let layer = layers[l]
            let delta = layer.delta.base
            if l < last { multiply(delta, by: layer.derivatives.base, count: m * layer.outputs) }
            if l > 0 && anyTrainable(below: l) {
                let lower = layers[l - 1]
                S.gemm(transA: false, transB: false, m: m, n: layer.inputs, k: layer.outputs, alpha: 1, a: delta,
                       lda: layer.outputs, b: layer.parameters.base, ldb: layer.stride, beta: 0,
                       c: lower.delta.base, ldc: lower.outputs)
            }
            let columns = layer.trainedColumns
            guard !columns.isEmpty else { continue }
            let z = l > 0 ? UnsafePointer(layers[l - 1].values.base) : UnsafePointer(input.base)
            if case .sgd = optimizer {
                S.gemm(transA: true, transB: false, m: layer.outputs, n: columns.count, k: m, alpha: -lr, a: delta,
                       lda: layer.outputs, b: z + columns.lowerBound, ldb: layer.stride, beta: 1,
                       c: layer.parameters.base + columns.lowerBound, ldc: layer.stride)
            } else {
                S.gemm(transA: true, transB: false, m: layer.outputs, n: columns.count, k: m, alpha: 1, a: delta,
                       lda: layer.outputs, b: z + columns.lowerBound, ldb: layer.stride, beta: 0,
                       c: layer.gradient.base + columns.lowerBound, ldc: layer.stride)
                // Untrained columns of the gradient are zero, so every rule leaves them unchanged.
                optimizer.update(layer.parameters.base, gradient: layer.gradient.base, firstMoment: layer.firstMoment.base,
                                 secondMoment: layer.secondMoment.base, count: layer.parameters.count,
                                 learningRate: lr, step: t)
            }
        }
    }

    /// a ← a ⊙ b, 8 lanes at a time.
    @inline(__always)
    func multiply(_ a: UnsafeMutablePointer<S>, by b: UnsafePointer<S>, count n: Int) {
        var i = 0
        while i + 8 <= n {
            let x = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<S>.self)
            let y = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<S>.self)
            UnsafeMutableRawPointer(a + i).storeBytes(of: x * y, as: SIMD8<S>.self)
            i += 8
        }
        while i < n { a[i] *= b[i]; i += 1 }
    }

    /// Whether any layer strictly below `l` has a trained parameter group (else back-propagation stops).
    @inline(__always)
    func anyTrainable(below l: Int) -> Bool {
        for j in 0..<l where layers[j].trainWeights || layers[j].trainBias { return true }
        return false
    }
}
