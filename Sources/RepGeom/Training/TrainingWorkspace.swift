/// Preallocated buffers for minibatch training of one `Network`: parameters, activations,
/// derivatives, gradients and optimiser state. Owned by one training run (not shared across
/// threads); every step reads and writes only these buffers, so the inner loop never allocates.
///
/// Layout (all row-major). Each layer keeps its weights and bias as one augmented matrix, stored
/// transposed: P = W̃ᵀ = [W | b]ᵀ ((inputs + 1) × outputs, row i holds input i's weights to every
/// unit, the last row the bias), and every layer input — the batch, and each hidden layer's values
/// — carries a trailing column of ones. Then U = Z̃·P is the whole affine map in one gemm (no bias
/// pass), and the update P ← P − lr·Z̃ᵀδ trains weights and bias in one gemm too (a frozen group is
/// simply a row range the update leaves out). The transposed storage makes both large products
/// of the step read their right-hand operand row by row, contiguously, which is what the
/// small-matrix kernel (`GEMMBackend.small`) needs to use it in place without packing.
///
/// Under `KernelPath.scalarReference` (read once, at creation) the workspace hands every call to
/// `ReferenceTrainingWorkspace`, the unoptimised path the fused step is tested against.
final class TrainingWorkspace<S: BLASScalar> {
    /// A raw buffer of `count` scalars, zero-initialised.
    struct Buffer {
        let base: UnsafeMutablePointer<S>
        let count: Int
        init(_ count: Int) {
            self.count = count
            base = .allocate(capacity: max(count, 1))
            base.initialize(repeating: 0, count: max(count, 1))
        }
        func free() { base.deallocate() }
    }

    /// One layer's parameters and what training keeps for it.
    struct Layer {
        let inputs: Int, outputs: Int
        /// P = W̃ᵀ, (inputs + 1) × outputs: W[o][i] at i·outputs + o, b[o] at inputs·outputs + o.
        let parameters: Buffer
        let trainWeights: Bool, trainBias: Bool
        /// The trained rows of P: [0, inputs) for W, row `inputs` for b.
        let trainedRows: Range<Int>
        /// ∂L/∂P (optimisers other than fused SGD); untrained rows stay zero.
        let gradient: Buffer
        /// Optimiser moments (first, second), P-shaped; unused by SGD.
        let firstMoment: Buffer, secondMoment: Buffer
        /// Pre-activations, then values in place: batch × valueStride, where hidden layers have a
        /// trailing ones column (valueStride = outputs + 1) and the readout holds the logits.
        let values: Buffer, valueStride: Int
        /// f′(U) (batch × outputs) and the back-propagated error δ = ∂L/∂U (batch × outputs).
        let derivatives: Buffer, delta: Buffer

        /// Row length of this layer's input Z̃ (inputs + ones column).
        var stride: Int { inputs + 1 }
    }

    let batchCapacity: Int
    let layers: [Layer] // hidden layers then the readout
    /// The batch inputs with their ones column (batch × (inputs + 1)), and the targets.
    let input: Buffer, target: Buffer
    let reference: ReferenceTrainingWorkspace<S>?
    /// Float products through `ck_sgemm` of `CKernels` (`GEMMBackend.current == .small` at creation).
    let smallGemm: Bool

    init(network: Network<S>, batchCapacity: Int, optimizer: Optimizer) {
        self.batchCapacity = batchCapacity
        smallGemm = GEMMBackend.current == .small
        if KernelPath.current == .scalarReference {
            reference = ReferenceTrainingWorkspace(network: network, batchCapacity: batchCapacity, optimizer: optimizer)
            layers = []
            input = Buffer(0)
            target = Buffer(0)
            return
        }
        reference = nil
        var all = network.hidden
        all.append(network.readout)
        let moments = optimizer != .sgd
        layers = all.enumerated().map { l, layer in
            let nIn = layer.inputCount, nOut = layer.outputCount, isReadout = l == all.count - 1
            let p = Buffer(nOut * (nIn + 1))
            for o in 0..<nOut {
                for i in 0..<nIn { p.base[i * nOut + o] = layer.weights[o, i] }
                p.base[nIn * nOut + o] = layer.bias[o]
            }
            let valueStride = isReadout ? nOut : nOut + 1
            let values = Buffer(batchCapacity * valueStride)
            if !isReadout { for r in 0..<batchCapacity { values.base[r * valueStride + nOut] = 1 } }
            let lo = layer.trainWeights ? 0 : nIn, hi = layer.trainBias ? nIn + 1 : nIn
            return Layer(inputs: nIn, outputs: nOut, parameters: p,
                         trainWeights: layer.trainWeights, trainBias: layer.trainBias,
                         trainedRows: lo..<max(lo, hi),
                         gradient: Buffer(moments ? p.count : 0),
                         firstMoment: Buffer(moments ? p.count : 0), secondMoment: Buffer(moments ? p.count : 0),
                         values: values, valueStride: valueStride,
                         derivatives: Buffer(isReadout ? 0 : batchCapacity * nOut),
                         delta: Buffer(batchCapacity * nOut))
        }
        let nIn = network.inputCount
        input = Buffer(batchCapacity * (nIn + 1))
        for r in 0..<batchCapacity { input.base[r * (nIn + 1) + nIn] = 1 }
        target = Buffer(batchCapacity * network.outputCount)
    }

    deinit {
        for l in layers {
            for b in [l.parameters, l.gradient, l.firstMoment, l.secondMoment, l.values, l.derivatives, l.delta] { b.free() }
        }
        input.free(); target.free()
    }

    /// Copies the trained parameters back into `network`.
    func write(into network: inout Network<S>) {
        if let reference { reference.write(into: &network); return }
        for (l, layer) in layers.enumerated() {
            let nIn = layer.inputs, nOut = layer.outputs
            var w = [S](repeating: 0, count: nOut * nIn), b = [S](repeating: 0, count: nOut)
            for o in 0..<nOut {
                for i in 0..<nIn { w[o * nIn + i] = layer.parameters.base[i * nOut + o] }
                b[o] = layer.parameters.base[nIn * nOut + o]
            }
            let weights = Matrix(rows: nOut, columns: nIn, elements: w)
            if l < network.hidden.count {
                network.hidden[l].weights = weights
                network.hidden[l].bias = b
            } else {
                network.readout.weights = weights
                network.readout.bias = b
            }
        }
    }

    /// All trained parameters, concatenated (for the early-stopping change check).
    func trainedParameters(into out: inout [S]) {
        if let reference { reference.trainedParameters(into: &out); return }
        out.removeAll(keepingCapacity: true)
        for l in layers {
            let p = l.parameters.base, n = l.outputs
            if l.trainWeights { for o in 0..<n { for i in 0..<l.inputs { out.append(p[i * n + o]) } } }
            if l.trainBias { for o in 0..<n { out.append(p[l.inputs * n + o]) } }
        }
    }
}
