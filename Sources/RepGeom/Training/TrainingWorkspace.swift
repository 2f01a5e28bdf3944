/// Preallocated buffers for minibatch training of one `Network`: parameters, activations,
/// derivatives, gradients and optimiser state. Owned by one training run (not shared across
/// threads); every step reads and writes only these buffers, so the inner loop never allocates.
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
