/// The shape of one image as a network input: channels × height × width.
public struct ImageShape: Sendable, Hashable, Codable {
    public var channels: Int
    public var height: Int
    public var width: Int
    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }
    public var count: Int { channels * height * width }
}

/// How a convolutional network is built (SPEC §3): blocks of [conv k×k (stride 1) → f → 2×2
/// max-pool], then fully connected hidden layers with f, then a linear readout (frozen by
/// default). The defaults are the reference architecture — two conv blocks of 5×5 kernels with 6
/// and 16 channels, FC layers of 120 and 84 units — which on 28×28×1 Fashion-MNIST images gives
/// feature maps 24×24×6 → 12×12×6 → 8×8×16 → 4×4×16 (valid padding), and on 32×32×3 CIFAR-10
/// images 28×28×6 → 14×14×6 → 10×10×16 → 5×5×16.
///
/// Initialisation follows the MLP's reference (SPEC §3): every weight and bias ~ N(0, 1/fan_in),
/// fan_in = k·k·c_in for a conv layer; readout J, b₂ ~ N(0, 1/N_h).
public struct ConvNetSpec: Sendable, Equatable, Codable {
    public enum Padding: String, Sendable, Codable, CaseIterable {
        /// No padding: a k×k kernel shrinks each side by k − 1.
        case valid
        /// Zero padding of (k − 1)/2 on every side (k odd): the map keeps its size.
        case same
    }

    /// Output channels of each conv block, input side first (may be empty: an MLP on pixels).
    public var convChannels: [Int] = [6, 16]
    /// Kernel side k of every conv layer.
    public var kernelSize: Int = 5
    public var padding: Padding = .valid
    /// Whether each conv block ends with 2×2 max-pooling (stride 2; an odd last row/column is dropped).
    public var pool: Bool = true
    /// Widths of the fully connected hidden layers after the conv blocks.
    public var hiddenWidths: [Int] = [120, 84]
    public var activation: Activation = .tanh
    /// The readout (J and b₂) is frozen by default.
    public var trainReadout = false

    public init() {}

    enum CodingKeys: String, CodingKey {
        case convChannels = "conv_channels", kernelSize = "kernel_size", padding, pool
        case hiddenWidths = "hidden_widths", activation, trainReadout = "train_readout"
    }

    /// Number of hidden layers whose representations are measured: one per conv block, one per
    /// FC layer.
    public var hiddenLayerCount: Int { convChannels.count + hiddenWidths.count }

    /// Checks the spec against an input shape; throws a one-line error naming the field.
    public func validate(input: ImageShape) throws {
        guard input.channels >= 1, input.height >= 1, input.width >= 1 else {
            throw InputError("input", "image shape \(input.channels)×\(input.height)×\(input.width) must be positive")
        }
        if convChannels.isEmpty && hiddenWidths.isEmpty { throw InputError("network", "needs at least one conv block or FC layer") }
        if let c = convChannels.first(where: { $0 < 1 || $0 > 4096 }) { throw InputError("network.conv_channels", "channel count \(c) outside 1…4096") }
        if let w = hiddenWidths.first(where: { $0 < 1 || $0 > 1_000_000 }) { throw InputError("network.hidden_widths", "width \(w) outside 1…1000000") }
        guard kernelSize >= 1 else { throw InputError("network.kernel_size", "must be ≥ 1, got \(kernelSize)") }
        if padding == .same && kernelSize % 2 == 0 {
            throw InputError("network.padding", "'same' padding needs an odd kernel size, got \(kernelSize)")
        }
        var h = input.height, w = input.width
        for (l, _) in convChannels.enumerated() {
            if padding == .valid { h -= kernelSize - 1; w -= kernelSize - 1 }
            guard h >= 1, w >= 1 else {
                throw InputError("network.conv_channels", "conv block \(l + 1): a \(kernelSize)×\(kernelSize) kernel does not fit the \(input.height)×\(input.width) input after \(l) blocks")
            }
            if pool {
                h /= 2; w /= 2
                guard h >= 1, w >= 1 else { throw InputError("network.pool", "conv block \(l + 1): the map is too small to pool") }
            }
        }
    }
}
