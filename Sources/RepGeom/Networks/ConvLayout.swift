/// The geometry of one conv block: input map inH×inW×inC (channel-last), k×k kernel with `pad`
/// zeros each side, conv output outH×outW×outC, then (optionally) pooled to poolH×poolW×outC.
public struct ConvGeometry: Sendable, Hashable {
    public var inC: Int, inH: Int, inW: Int
    public var outC: Int, k: Int, pad: Int
    public var outH: Int, outW: Int
    public var pooled: Bool
    public var poolH: Int, poolW: Int
    /// Offsets of W (outC × K) and b (outC) in the flat parameter vector.
    public var weightOffset: Int, biasOffset: Int

    /// Patch length K = k·k·inC; patch element (dy, dx, c) is at (dy·k + dx)·inC + c.
    public var patch: Int { k * k * inC }
    /// Conv output positions per image.
    public var positions: Int { outH * outW }
    /// Values per image after the block (pooled map, flattened HWC).
    public var outputCount: Int { poolH * poolW * outC }
    public var inputCount: Int { inH * inW * inC }
}

/// A fully connected layer in the flat parameter vector: W (outputs × inputs) then b.
public struct DenseGeometry: Sendable, Hashable {
    public var inputs: Int, outputs: Int
    public var weightOffset: Int, biasOffset: Int
}

/// Where every layer of a `ConvNetwork` lives: conv blocks, FC hidden layers, then the readout,
/// in one flat parameter vector in that order (each layer: weights, then biases). The readout
/// comes last, so the trained parameters are a prefix when it is frozen.
public struct ConvLayout: Sendable, Hashable {
    public var input: ImageShape
    public var convs: [ConvGeometry]
    /// FC hidden layers, then the readout (last).
    public var dense: [DenseGeometry]
    public var parameterCount: Int
    /// Parameters updated by training: everything, or everything before the readout.
    public var trainableCount: Int

    public init(spec: ConvNetSpec, input: ImageShape, outputs: Int) {
        self.input = input
        var offset = 0
        var c = input.channels, h = input.height, w = input.width
        convs = []
        let pad = spec.padding == .same ? (spec.kernelSize - 1) / 2 : 0
        for outC in spec.convChannels {
            let k = spec.kernelSize
            let oh = h + 2 * pad - k + 1, ow = w + 2 * pad - k + 1
            let ph = spec.pool ? oh / 2 : oh, pw = spec.pool ? ow / 2 : ow
            let g = ConvGeometry(inC: c, inH: h, inW: w, outC: outC, k: k, pad: pad, outH: oh, outW: ow,
                                 pooled: spec.pool, poolH: ph, poolW: pw,
                                 weightOffset: offset, biasOffset: offset + outC * k * k * c)
            offset = g.biasOffset + outC
            convs.append(g)
            c = outC; h = ph; w = pw
        }
        var fanIn = convs.last?.outputCount ?? input.count
        dense = []
        for width in spec.hiddenWidths + [outputs] {
            let g = DenseGeometry(inputs: fanIn, outputs: width, weightOffset: offset, biasOffset: offset + width * fanIn)
            offset = g.biasOffset + width
            dense.append(g)
            fanIn = width
        }
        parameterCount = offset
        trainableCount = spec.trainReadout ? offset : dense.last!.weightOffset
    }

    /// Units of each measured hidden layer: conv blocks (flattened pooled maps), then FC layers.
    public var hiddenWidths: [Int] { convs.map(\.outputCount) + dense.dropLast().map(\.outputs) }
    public var outputs: Int { dense.last!.outputs }
}
