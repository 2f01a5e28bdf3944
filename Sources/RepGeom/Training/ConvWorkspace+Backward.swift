/// Backward pass and update of `ConvWorkspace` (exact gradients, top layer first):
///
///     δ_out = ∂L/∂ŷ (mean over the batch)
///     FC l:   ∂W = δ_lᵀ·Z_below, ∂b = Σ_rows δ_l, δ_below = (δ_l·W_l) ⊙ f′ (⊙ only for an FC layer below)
///     conv l: δA = unpool(∂L/∂Z_l) (routed to the pooling switches), δU = δA ⊙ D_l,
///             ∂W = δUᵀ·cols_l, ∂b = Σ_rows δU, ∂L/∂Z_{l−1} = col2im(δU·W_l)
///
/// Gradients of every group are computed (the readout's too, so gradient checks see them);
/// the optimiser updates only the trainable prefix (`ConvLayout.trainableCount`).
extension ConvWorkspace {
    /// Forward and backward on the first `m` rows of `input`/`target`; fills `gradient` with
    /// ∂L/∂θ of the batch-mean loss and returns the summed loss.
    @discardableResult
    func lossAndGradient(rows m: Int, loss: Loss) -> Double {
        forward(rows: m)
        let last = layout.dense.count - 1
        let total = loss.gradient(logits: dense[last].values, targets: target, rows: m, outputs: layout.outputs,
                                  scale: 1 / S(m), into: dense[last].delta)
        for l in stride(from: last, through: 0, by: -1) {
            let g = layout.dense[l], buf = dense[l]
            if l < last { VectorMath.multiply(buf.delta, by: buf.derivatives, count: m * g.outputs) }
            let below: UnsafePointer<S> = l > 0 ? UnsafePointer(dense[l - 1].values)
                : (convs.isEmpty ? UnsafePointer(input) : UnsafePointer(convs[convs.count - 1].output))
            S.gemm(transA: true, transB: false, m: g.outputs, n: g.inputs, k: m, alpha: 1, a: buf.delta, lda: g.outputs,
                   b: below, ldb: g.inputs, beta: 0, c: gradient + g.weightOffset, ldc: g.inputs)
            ConvOps.columnSums(buf.delta, rows: m, columns: g.outputs, into: gradient + g.biasOffset)
            let belowDelta: UnsafeMutablePointer<S>? = l > 0 ? dense[l - 1].delta : convs.last?.outputDelta
            if let belowDelta {
                S.gemm(transA: false, transB: false, m: m, n: g.inputs, k: g.outputs, alpha: 1, a: buf.delta, lda: g.outputs,
                       b: parameters + g.weightOffset, ldb: g.inputs, beta: 0, c: belowDelta, ldc: g.inputs)
            }
        }
        for l in stride(from: convs.count - 1, through: 0, by: -1) {
            let g = layout.convs[l], buf = convs[l]
            let rows = m * g.positions
            if g.pooled {
                ConvOps.maxPoolBackward(buf.outputDelta, argmax: buf.argmax, count: m * g.outputCount,
                                        into: buf.delta, inputCount: rows * g.outC)
            } else {
                buf.delta.update(from: buf.outputDelta, count: rows * g.outC)
            }
            VectorMath.multiply(buf.delta, by: buf.derivatives, count: rows * g.outC)
            S.gemm(transA: true, transB: false, m: g.outC, n: g.patch, k: rows, alpha: 1, a: buf.delta, lda: g.outC,
                   b: buf.cols, ldb: g.patch, beta: 0, c: gradient + g.weightOffset, ldc: g.patch)
            ConvOps.columnSums(buf.delta, rows: rows, columns: g.outC, into: gradient + g.biasOffset)
            if l > 0 {
                S.gemm(transA: false, transB: false, m: rows, n: g.patch, k: g.outC, alpha: 1, a: buf.delta, lda: g.outC,
                       b: parameters + g.weightOffset, ldb: g.patch, beta: 0, c: buf.colsDelta, ldc: g.patch)
                ConvOps.col2im(buf.colsDelta, batch: m, geometry: g, into: convs[l - 1].outputDelta)
            }
        }
        return total
    }

    /// One minibatch step on the first `m` gathered rows: gradient, then the shared update rule
    /// on the trainable parameters. Returns the batch's summed loss.
    @discardableResult
    func step(rows m: Int, loss: Loss, optimizer: Optimizer, learningRate lr: S, stepNumber t: Int) -> Double {
        let total = lossAndGradient(rows: m, loss: loss)
        optimizer.update(parameters, gradient: gradient, firstMoment: firstMoment, secondMoment: secondMoment,
                         count: layout.trainableCount, learningRate: lr, step: t)
        return total
    }

}
