/// A fully connected layer u = W·x + b, with W stored as (outputs × inputs).
public struct DenseLayer<Scalar: BLASScalar>: Sendable, Equatable, Codable {
    /// outputs × inputs.
    public var weights: Matrix<Scalar>
    /// One bias per output.
    public var bias: [Scalar]
    /// Whether training updates `weights` / `bias` (frozen groups keep their initial values).
    public var trainWeights: Bool
    public var trainBias: Bool

    public init(weights: Matrix<Scalar>, bias: [Scalar], trainWeights: Bool = true, trainBias: Bool = true) {
        precondition(bias.count == weights.rows, "bias length must equal the layer's output count")
        self.weights = weights
        self.bias = bias
        self.trainWeights = trainWeights
        self.trainBias = trainBias
    }

    public var inputCount: Int { weights.columns }
    public var outputCount: Int { weights.rows }

    /// u = x·Wᵀ + 1·bᵀ for a batch x (n × inputs), returning n × outputs.
    public func preactivations(_ x: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(x.columns == inputCount, "layer expects \(inputCount) inputs, got \(x.columns)")
        var u = Matrix.product(x, weights, transposeB: true)
        for i in 0..<u.rows { for j in 0..<u.columns { u.elements[i * u.columns + j] += bias[j] } }
        return u
    }
}
