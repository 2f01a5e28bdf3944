/// A multilayer perceptron: hidden layers z_l = f(W_l z_{l−1} + b_l) with one nonlinearity f,
/// then a linear readout ŷ = J z_L + b₂ producing logits.
///
/// The shallow network of the study is the one-hidden-layer case with a frozen readout
/// (SPEC §3): only W and b₁ train. Deep MLPs use more hidden layers.
public struct Network<Scalar: BLASScalar>: Sendable, Equatable, Codable {
    /// Hidden layers, input side first.
    public var hidden: [DenseLayer<Scalar>]
    /// The readout J (outputs × last width) and b₂.
    public var readout: DenseLayer<Scalar>
    public var activation: Activation

    public init(hidden: [DenseLayer<Scalar>], readout: DenseLayer<Scalar>, activation: Activation) {
        precondition(!hidden.isEmpty, "a network needs at least one hidden layer")
        for l in 1..<hidden.count {
            precondition(hidden[l].inputCount == hidden[l - 1].outputCount, "hidden layer \(l) width mismatch")
        }
        precondition(readout.inputCount == hidden.last!.outputCount, "readout width mismatch")
        self.hidden = hidden
        self.readout = readout
        self.activation = activation
    }

    public var inputCount: Int { hidden[0].inputCount }
    public var outputCount: Int { readout.outputCount }
    public var widths: [Int] { hidden.map(\.outputCount) }

    /// Hidden activities of every layer for a batch of inputs (n × N): element l is n × width_l.
    /// Not a hot path (measures, checkpoints): uses the scalar reference activation in Double.
    public func hiddenActivities(_ x: Matrix<Scalar>) -> [Matrix<Scalar>] {
        var out: [Matrix<Scalar>] = []
        var z = x
        for layer in hidden {
            var u = layer.preactivations(z)
            activation.applyInPlace(&u)
            out.append(u)
            z = u
        }
        return out
    }

    /// Logits for a batch of inputs (n × outputs).
    public func logits(_ x: Matrix<Scalar>) -> Matrix<Scalar> {
        readout.preactivations(hiddenActivities(x).last!)
    }

    /// Every trainable parameter group, flattened in a fixed order (for tests and change checks).
    public var parameterGroups: [(name: String, values: [Scalar], trainable: Bool)] {
        var g: [(String, [Scalar], Bool)] = []
        for (l, layer) in hidden.enumerated() {
            g.append(("W\(l + 1)", layer.weights.elements, layer.trainWeights))
            g.append(("b\(l + 1)", layer.bias, layer.trainBias))
        }
        g.append(("J", readout.weights.elements, readout.trainWeights))
        g.append(("b_out", readout.bias, readout.trainBias))
        return g
    }
}

extension Activation {
    /// f applied elementwise in place (through the vectorised kernel).
    public func applyInPlace<S: BLASScalar>(_ m: inout Matrix<S>) {
        let n = m.count
        guard n > 0 else { return }
        m.elements.withUnsafeMutableBufferPointer { p in
            apply(UnsafePointer(p.baseAddress!), values: p.baseAddress!, derivatives: nil, count: n)
        }
    }
}
