/// A convolutional network (SPEC §3) as a value: its spec, input shape, layout and one flat
/// parameter vector (see `ConvLayout` for the order). Inputs are rows of channel-last (HWC)
/// pixels (`ImageDataset.inputs(layout: .hwc)`); outputs are logits.
///
/// Hidden layers, for measures: layer l = 1…(conv blocks) is the pooled output of conv block l,
/// flattened; the following layers are the FC layers. Layer 0 is the input itself.
public struct ConvNetwork<Scalar: BLASScalar>: Sendable, Equatable {
    public var spec: ConvNetSpec
    public var layout: ConvLayout
    public var parameters: [Scalar]

    public var activation: Activation { spec.activation }
    public var input: ImageShape { layout.input }
    public var inputCount: Int { layout.input.count }
    public var outputCount: Int { layout.outputs }

    /// A network with given parameters (count must match the layout).
    public init(spec: ConvNetSpec, input: ImageShape, outputs: Int, parameters: [Scalar]) {
        self.spec = spec
        layout = ConvLayout(spec: spec, input: input, outputs: outputs)
        precondition(parameters.count == layout.parameterCount, "expected \(layout.parameterCount) parameters, got \(parameters.count)")
        self.parameters = parameters
    }

    /// A freshly initialised network, drawn from the initialisation stream of `seed` layer by
    /// layer (W then b): conv and FC weights and biases ~ N(0, 1/fan_in), readout ~ N(0, 1/N_h).
    /// Precondition: `spec.validate(input:)` passes.
    public init(spec: ConvNetSpec, input: ImageShape, outputs: Int, seed: UInt64) {
        let layout = ConvLayout(spec: spec, input: input, outputs: outputs)
        var rng = RandomSource(seed: seed, stream: .initialisation)
        var p = [Scalar](repeating: 0, count: layout.parameterCount)
        func fill(_ range: Range<Int>, fanIn: Int) {
            let s = 1 / Double(fanIn).squareRoot()
            for i in range { p[i] = Scalar(s * rng.gaussian()) }
        }
        for g in layout.convs {
            fill(g.weightOffset..<g.biasOffset, fanIn: g.patch)
            fill(g.biasOffset..<(g.biasOffset + g.outC), fanIn: g.patch)
        }
        for g in layout.dense {
            fill(g.weightOffset..<g.biasOffset, fanIn: g.inputs)
            fill(g.biasOffset..<(g.biasOffset + g.outputs), fanIn: g.inputs)
        }
        self.init(spec: spec, input: input, outputs: outputs, parameters: p)
    }

    /// Logits for a batch of inputs (n × inputCount), computed in chunks of `chunk` rows.
    public func logits(_ x: Matrix<Scalar>, chunk: Int = 256) -> Matrix<Scalar> {
        var out = [Scalar]()
        out.reserveCapacity(x.rows * outputCount)
        forEachChunk(x, chunk: chunk) { ws, rows in
            out.append(contentsOf: UnsafeBufferPointer(start: ws.logits, count: rows * outputCount))
        }
        return Matrix(rows: x.rows, columns: outputCount, elements: out)
    }

    /// The representation of every hidden layer (see the type's note) for the rows of `x`, in
    /// Double for measures: element l − 1 is n × width_l.
    public func hiddenRepresentations(_ x: Matrix<Scalar>, chunk: Int = 256) -> [Matrix<Double>] {
        let widths = layout.hiddenWidths
        var out = widths.map { [Double](repeating: 0, count: 0).reserving(x.rows * $0) }
        forEachChunk(x, chunk: chunk) { ws, rows in
            for l in widths.indices {
                let p = ws.hiddenOutput(l)
                for i in 0..<(rows * widths[l]) { out[l].append(Double(p[i])) }
            }
        }
        return widths.indices.map { Matrix(rows: x.rows, columns: widths[$0], elements: out[$0]) }
    }

    func forEachChunk(_ x: Matrix<Scalar>, chunk: Int, _ body: (ConvWorkspace<Scalar>, Int) -> Void) {
        precondition(x.columns == inputCount, "network expects \(inputCount) inputs, got \(x.columns)")
        guard x.rows > 0 else { return }
        let ws = ConvWorkspace(network: self, batchCapacity: Swift.min(chunk, x.rows), optimizer: .sgd)
        x.elements.withUnsafeBufferPointer { px in
            var start = 0
            while start < x.rows {
                let m = Swift.min(ws.batchCapacity, x.rows - start)
                ws.input.update(from: px.baseAddress! + start * inputCount, count: m * inputCount)
                ws.forward(rows: m)
                body(ws, m)
                start += m
            }
        }
    }
}

extension Array {
    fileprivate func reserving(_ n: Int) -> [Element] {
        var a = self
        a.reserveCapacity(n)
        return a
    }
}

/// Mean loss and accuracy of `network` on `data` (not a hot path).
public func evaluate<S: BLASScalar>(_ network: ConvNetwork<S>, on data: Dataset<S>, loss: Loss) -> Evaluation {
    guard data.count > 0 else { return Evaluation(loss: .nan, accuracy: .nan) }
    return loss.evaluation(logits: network.logits(data.inputs), targets: data.targets)
}
