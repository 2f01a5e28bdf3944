import XCTest
@testable import RepGeom

/// The whole CNN's back-propagation (conv blocks, pooling, FC layers, readout) against central
/// finite differences of the batch-mean loss, in Double, for tanh and relu, valid and same
/// padding, BCE and softmax; plus the architecture's shapes.
final class CNNNetworkGradientTests: XCTestCase {
    func data(shape: ImageShape, outputs: Int, count: Int, loss: Loss, seed: UInt64) -> Dataset<Double> {
        var rng = RandomSource(seed: seed)
        let x: Matrix<Double> = rng.uniformMatrix(rows: count, columns: shape.count, lo: 0, hi: 1)
        var y = Matrix<Double>(rows: count, columns: outputs)
        for i in 0..<count {
            if loss == .softmax { y[i, rng.int(below: outputs)] = 1 } else { for j in 0..<outputs { y[i, j] = Double(rng.int(below: 2)) } }
        }
        return Dataset(inputs: x, targets: y, conditions: Array(repeating: 0, count: count))
    }

    func check(activation: Activation, padding: ConvNetSpec.Padding, loss: Loss, outputs: Int, convChannels: [Int] = [3, 4],
               file: StaticString = #filePath, line: UInt = #line) throws {
        var spec = ConvNetSpec()
        spec.convChannels = convChannels
        spec.kernelSize = 3
        spec.padding = padding
        spec.hiddenWidths = [5]
        spec.activation = activation
        let shape = ImageShape(channels: 2, height: 12, width: 11)
        try spec.validate(input: shape)
        let net = ConvNetwork<Double>(spec: spec, input: shape, outputs: outputs, seed: 7)
        let d = data(shape: shape, outputs: outputs, count: 4, loss: loss, seed: 3)
        let (value, gradient) = net.lossAndGradient(on: d, loss: loss)
        XCTAssertEqual(value, evaluate(net, on: d, loss: loss).loss, accuracy: 1e-12, file: file, line: line)
        let h = 1e-6
        var worst = 0.0
        for i in net.parameters.indices {
            var p = net, m = net
            p.parameters[i] += h
            m.parameters[i] -= h
            let numeric = (evaluate(p, on: d, loss: loss).loss - evaluate(m, on: d, loss: loss).loss) / (2 * h)
            let error = Swift.abs(gradient[i] - numeric) / max(1e-3, Swift.abs(numeric))
            worst = max(worst, error)
            XCTAssertEqual(gradient[i], numeric, accuracy: 1e-6 * max(1e-2, Swift.abs(numeric)),
                           "\(activation) \(padding) \(loss) parameter \(i)", file: file, line: line)
        }
        XCTAssertLessThan(worst, 1e-4, file: file, line: line)
        XCTAssertTrue(gradient.contains { $0 != 0 }, file: file, line: line)
    }

    func testTanhValidBCE() throws { try check(activation: .tanh, padding: .valid, loss: .bce, outputs: 1) }
    func testTanhSameSoftmax() throws { try check(activation: .tanh, padding: .same, loss: .softmax, outputs: 3) }
    func testReLUValidSoftmax() throws { try check(activation: .relu, padding: .valid, loss: .softmax, outputs: 3) }
    func testReLUSameBCE() throws { try check(activation: .relu, padding: .same, loss: .bce, outputs: 2) }
    /// No conv blocks: the FC layers alone (an MLP on pixels).
    func testFullyConnectedOnly() throws { try check(activation: .tanh, padding: .valid, loss: .bce, outputs: 1, convChannels: []) }

    func testReferenceArchitectureShapes() throws {
        let spec = ConvNetSpec()
        let fashion = ConvLayout(spec: spec, input: ImageShape(channels: 1, height: 28, width: 28), outputs: 10)
        XCTAssertEqual(fashion.hiddenWidths, [12 * 12 * 6, 4 * 4 * 16, 120, 84])
        XCTAssertEqual(fashion.parameterCount, (6 * 25 + 6) + (16 * 150 + 16) + (120 * 256 + 120) + (84 * 120 + 84) + (10 * 84 + 10))
        XCTAssertEqual(fashion.trainableCount, fashion.parameterCount - (10 * 84 + 10), "readout frozen by default")
        let cifar = ConvLayout(spec: spec, input: ImageShape(channels: 3, height: 32, width: 32), outputs: 10)
        XCTAssertEqual(cifar.hiddenWidths, [14 * 14 * 6, 5 * 5 * 16, 120, 84])
        var same = spec
        same.padding = .same
        XCTAssertEqual(ConvLayout(spec: same, input: ImageShape(channels: 1, height: 28, width: 28), outputs: 1).hiddenWidths,
                       [14 * 14 * 6, 7 * 7 * 16, 120, 84])
        var even = spec
        even.kernelSize = 4
        even.padding = .same
        XCTAssertThrowsError(try even.validate(input: ImageShape(channels: 1, height: 28, width: 28)))
        XCTAssertThrowsError(try spec.validate(input: ImageShape(channels: 1, height: 8, width: 8)), "5×5 kernels do not fit twice")
    }

    /// The batched representations equal a row-by-row evaluation, and the last FC layer's values
    /// give the logits through the readout.
    func testRepresentationsAreConsistentAcrossChunks() throws {
        var spec = ConvNetSpec()
        spec.convChannels = [2]
        spec.kernelSize = 3
        spec.hiddenWidths = [4]
        let shape = ImageShape(channels: 1, height: 6, width: 6)
        let net = ConvNetwork<Double>(spec: spec, input: shape, outputs: 2, seed: 1)
        let d = data(shape: shape, outputs: 2, count: 5, loss: .bce, seed: 2)
        let whole = net.hiddenRepresentations(d.inputs, chunk: 5)
        let pieces = net.hiddenRepresentations(d.inputs, chunk: 2)
        XCTAssertEqual(whole, pieces)
        XCTAssertEqual(whole.map(\.columns), [2 * 2 * 2, 4])
        let logits = net.logits(d.inputs)
        let g = net.layout.dense.last!
        for i in 0..<5 { for o in 0..<2 {
            var s = net.parameters[g.biasOffset + o]
            for j in 0..<4 { s += net.parameters[g.weightOffset + o * 4 + j] * whole[1][i, j] }
            XCTAssertEqual(logits[i, o], s, accuracy: 1e-12)
        } }
    }
}
