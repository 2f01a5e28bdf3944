/// How a network is built: architecture, nonlinearity, initialisers, which groups train (SPEC §3).
public struct NetworkSpec: Sendable, Equatable, Codable {
    /// Input-weight initialiser for hidden layers (fan-in = layer input count).
    public enum WeightInit: String, Sendable, Codable, CaseIterable {
        /// W ~ N(0, 1/fan_in) (reference).
        case gaussian
        /// W ~ Uniform(−1, 1)/√fan_in (the dynamics runs).
        case uniform
    }
    /// Bias initialiser.
    public enum BiasInit: String, Sendable, Codable, CaseIterable {
        /// b ~ N(0, 1/fan_in) (reference).
        case gaussian
        /// b = 0 (the dynamics runs, with the hidden bias frozen).
        case zero
    }
    /// Readout initialiser for J (outputs × last width N_h).
    public enum ReadoutInit: String, Sendable, Codable, CaseIterable {
        /// J ~ N(0, 1/N_h) (reference).
        case gaussian
        /// J ~ Uniform(−1, 1)/√N_h.
        case uniform
        /// Gaussian, then each output's weight vector (a row of J) rescaled to unit norm.
        case unitNorm = "unit_norm"
        /// ±1/√N_h in equal groups: hidden units are dealt round-robin to the 2^k sign patterns of
        /// the k outputs, so for one output half the units read out +1/√N_h and half −1/√N_h.
        case balancedBinary = "balanced_binary"
    }

    /// Widths of the hidden layers (one entry = the shallow network).
    public var hiddenWidths: [Int] = [128]
    public var activation: Activation = .tanh
    public var weightInit: WeightInit = .gaussian
    public var biasInit: BiasInit = .gaussian
    public var readoutInit: ReadoutInit = .gaussian
    public var readoutBiasInit: BiasInit = .gaussian
    /// s₀ added to every hidden bias after initialisation (b ← b + s₀); moves the operating point
    /// of the nonlinearity relative to its kink or flat region.
    public var biasShift: Double = 0
    public var trainHiddenWeights = true
    public var trainHiddenBiases = true
    /// The readout (J and b₂) is frozen by default.
    public var trainReadout = false

    public init() {}

    enum CodingKeys: String, CodingKey {
        case hiddenWidths = "hidden_widths", activation, weightInit = "weight_init", biasInit = "bias_init"
        case readoutInit = "readout_init", readoutBiasInit = "readout_bias_init", biasShift = "bias_shift"
        case trainHiddenWeights = "train_hidden_weights", trainHiddenBiases = "train_hidden_biases"
        case trainReadout = "train_readout"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = NetworkSpec()
        hiddenWidths = try c.decodeIfPresent([Int].self, forKey: .hiddenWidths) ?? d.hiddenWidths
        activation = try c.decodeIfPresent(Activation.self, forKey: .activation) ?? d.activation
        weightInit = try c.decodeIfPresent(WeightInit.self, forKey: .weightInit) ?? d.weightInit
        biasInit = try c.decodeIfPresent(BiasInit.self, forKey: .biasInit) ?? d.biasInit
        readoutInit = try c.decodeIfPresent(ReadoutInit.self, forKey: .readoutInit) ?? d.readoutInit
        readoutBiasInit = try c.decodeIfPresent(BiasInit.self, forKey: .readoutBiasInit) ?? d.readoutBiasInit
        biasShift = try c.decodeIfPresent(Double.self, forKey: .biasShift) ?? d.biasShift
        trainHiddenWeights = try c.decodeIfPresent(Bool.self, forKey: .trainHiddenWeights) ?? d.trainHiddenWeights
        trainHiddenBiases = try c.decodeIfPresent(Bool.self, forKey: .trainHiddenBiases) ?? d.trainHiddenBiases
        trainReadout = try c.decodeIfPresent(Bool.self, forKey: .trainReadout) ?? d.trainReadout
    }

    /// Checks the values a user can get wrong; throws a one-line error naming the field.
    public func validate() throws {
        if hiddenWidths.isEmpty { throw InputError("network.hidden_widths", "needs at least one hidden layer") }
        if let w = hiddenWidths.first(where: { $0 < 1 || $0 > 1_000_000 }) {
            throw InputError("network.hidden_widths", "width \(w) outside 1…1000000")
        }
        if !biasShift.isFinite { throw InputError("network.bias_shift", "must be finite") }
    }
}

extension Network {
    /// A freshly initialised network for `inputs` inputs and `outputs` logits, drawn from the
    /// initialisation stream of `seed` in a fixed order (layer by layer: W, b; then J, b₂).
    public init(spec: NetworkSpec, inputs: Int, outputs: Int, seed: UInt64) {
        var rng = RandomSource(seed: seed, stream: .initialisation)
        var layers: [DenseLayer<Scalar>] = []
        var fanIn = inputs
        for width in spec.hiddenWidths {
            let scale = 1 / Double(fanIn).squareRoot()
            let w: Matrix<Scalar> = switch spec.weightInit {
            case .gaussian: rng.gaussianMatrix(rows: width, columns: fanIn, std: scale)
            case .uniform: rng.uniformMatrix(rows: width, columns: fanIn, lo: -scale, hi: scale)
            }
            var b: [Scalar] = switch spec.biasInit {
            case .gaussian: (0..<width).map { _ in Scalar(scale * rng.gaussian()) }
            case .zero: Array(repeating: 0, count: width)
            }
            if spec.biasShift != 0 { b = b.map { $0 + Scalar(spec.biasShift) } }
            layers.append(DenseLayer(weights: w, bias: b, trainWeights: spec.trainHiddenWeights,
                                     trainBias: spec.trainHiddenBiases))
            fanIn = width
        }
        let hScale = 1 / Double(fanIn).squareRoot()
        var j: Matrix<Scalar>
        switch spec.readoutInit {
        case .gaussian:
            j = rng.gaussianMatrix(rows: outputs, columns: fanIn, std: hScale)
        case .uniform:
            j = rng.uniformMatrix(rows: outputs, columns: fanIn, lo: -hScale, hi: hScale)
        case .unitNorm:
            j = rng.gaussianMatrix(rows: outputs, columns: fanIn)
            for o in 0..<outputs {
                let norm = (0..<fanIn).reduce(0.0) { $0 + Double(j[o, $1] * j[o, $1]) }.squareRoot()
                for u in 0..<fanIn { j[o, u] = Scalar(Double(j[o, u]) / max(norm, .leastNormalMagnitude)) }
            }
        case .balancedBinary:
            j = Matrix(rows: outputs, columns: fanIn)
            for u in 0..<fanIn {
                let pattern = u % (1 << min(outputs, 30))
                for o in 0..<outputs { j[o, u] = Scalar((pattern >> o) & 1 == 1 ? -hScale : hScale) }
            }
        }
        let b2: [Scalar] = switch spec.readoutBiasInit {
        case .gaussian: (0..<outputs).map { _ in Scalar(hScale * rng.gaussian()) }
        case .zero: Array(repeating: 0, count: outputs)
        }
        self.init(hidden: layers,
                  readout: DenseLayer(weights: j, bias: b2, trainWeights: spec.trainReadout, trainBias: spec.trainReadout),
                  activation: spec.activation)
    }
}
