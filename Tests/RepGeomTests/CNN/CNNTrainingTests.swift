import XCTest
@testable import RepGeom

/// A tiny CNN learns the generated shapes; training is deterministic; frozen groups stay put.
final class CNNTrainingTests: XCTestCase {
    func dataset(_ images: ImageDataset) -> Dataset<Float> {
        let y = Matrix<Float>(rows: images.count, columns: images.classCount) { i, j in images.labels[i] == j ? 1 : 0 }
        return Dataset(inputs: images.inputs(layout: .hwc), targets: y, conditions: images.labels)
    }

    func options(epochs: Int) -> TrainingOptions {
        var o = TrainingOptions()
        o.loss = .softmax
        o.optimizer = .adamDefault
        o.learningRate = 0.01
        o.epochs = epochs
        o.batchSize = 32
        o.checkpointEvery = epochs
        return o
    }

    func spec(_ f: Activation) -> ConvNetSpec {
        var s = ConvNetSpec()
        s.convChannels = [4, 8]
        s.kernelSize = 3
        s.hiddenWidths = [32]
        s.activation = f
        return s
    }

    func testTinyCNNLearnsGeneratedShapes() throws {
        let train = dataset(GeneratedImages.make(perClass: 30, seed: 1))
        let test = dataset(GeneratedImages.make(perClass: 20, seed: 2))
        for f in [Activation.tanh, .relu] {
            let net = ConvNetwork<Float>(spec: spec(f), input: ImageShape(channels: 1, height: 12, width: 12), outputs: 10, seed: 3)
            let result = try ConvTrainer<Float>(options: options(epochs: 25)).train(net, on: train, test: test, seed: 3)
            let first = result.checkpoints.first!, last = result.checkpoints.last!
            XCTAssertLessThan(first.test!.accuracy, 0.4, "\(f): an untrained network is near chance (0.1)")
            XCTAssertGreaterThan(last.test!.accuracy, 0.9, "\(f): test accuracy \(last.test!.accuracy)")
            XCTAssertLessThan(last.train.loss, first.train.loss)
            // The frozen readout (the parameters after the trainable prefix) did not move.
            let t = net.layout.trainableCount
            XCTAssertEqual(Array(result.network.parameters[t...]), Array(net.parameters[t...]))
            XCTAssertNotEqual(Array(result.network.parameters[..<t]), Array(net.parameters[..<t]))
        }
    }

    func testTrainingIsDeterministic() throws {
        let train = dataset(GeneratedImages.make(perClass: 6, seed: 1))
        let net = ConvNetwork<Float>(spec: spec(.relu), input: ImageShape(channels: 1, height: 12, width: 12), outputs: 10, seed: 4)
        let a = try ConvTrainer<Float>(options: options(epochs: 2)).train(net, on: train, seed: 9)
        let b = try ConvTrainer<Float>(options: options(epochs: 2)).train(net, on: train, seed: 9)
        let c = try ConvTrainer<Float>(options: options(epochs: 2)).train(net, on: train, seed: 10)
        XCTAssertEqual(a.network, b.network)
        XCTAssertEqual(a.checkpoints, b.checkpoints)
        XCTAssertNotEqual(a.network.parameters, c.network.parameters, "another batch order gives another network")
        XCTAssertEqual(a.steps, 2 * 2) // 60 images, batch 32
    }

    /// One full-batch SGD step with learning rate 1 moves the trainable parameters by exactly
    /// the gradient (the trainer uses the same backward pass the gradient checks verify).
    func testSGDStepMovesByTheGradient() throws {
        let images = GeneratedImages.make(perClass: 1, classes: 4, side: 8, seed: 1)
        let y = Matrix<Double>(rows: images.count, columns: 1) { i, _ in images.labels[i] < 2 ? 1 : 0 }
        let d = Dataset<Double>(inputs: images.inputs(layout: .hwc), targets: y, conditions: images.labels)
        var s = ConvNetSpec()
        s.convChannels = [2]
        s.kernelSize = 3
        s.hiddenWidths = [3]
        let net = ConvNetwork<Double>(spec: s, input: ImageShape(channels: 1, height: 8, width: 8), outputs: 1, seed: 2)
        var o = TrainingOptions()
        o.loss = .bce
        o.learningRate = 1
        o.epochs = 1
        o.batchSize = d.count
        let stepped = try ConvTrainer<Double>(options: o).train(net, on: d, seed: 0).network
        let g = net.lossAndGradient(on: d, loss: .bce).gradient
        for i in 0..<net.layout.trainableCount { XCTAssertEqual(net.parameters[i] - stepped.parameters[i], g[i], accuracy: 1e-12) }
        for i in net.layout.trainableCount..<net.parameters.count { XCTAssertEqual(stepped.parameters[i], net.parameters[i]) }
    }
}
