import XCTest
@testable import RepGeom

/// max |a − b| over all parameters of two networks of one architecture, and max |a| — the scale
/// the equivalence tests' tolerances are relative to.
func parameterDifference<S: BLASScalar>(_ a: Network<S>, _ b: Network<S>) -> (diff: Double, scale: Double) {
    var diff = 0.0, scale = 0.0
    for (ga, gb) in zip(a.parameterGroups, b.parameterGroups) {
        for (x, y) in zip(ga.values, gb.values) {
            diff = max(diff, Double(Swift.abs(x - y)))
            scale = max(scale, Double(Swift.abs(x)))
        }
    }
    return (diff, scale)
}

/// Two Float training runs of the same networks agree to float rounding: the same step count,
/// parameters within 2·10⁻⁶·max|θ|, training losses within 2·10⁻⁶ relative at every checkpoint,
/// and accuracies within one sample of 640 (a sample on the decision boundary may flip).
func assertTrainingClose(_ a: TrainingResult<Float>, _ b: TrainingResult<Float>, _ what: String,
                         file: StaticString = #filePath, line: UInt = #line) {
    let tolerance = 2e-6
    XCTAssertEqual(a.steps, b.steps, file: file, line: line)
    let (diff, scale) = parameterDifference(a.network, b.network)
    XCTAssertLessThanOrEqual(diff, tolerance * scale, "\(what): parameters differ by \(diff) (scale \(scale))", file: file, line: line)
    XCTAssertEqual(a.checkpoints.count, b.checkpoints.count, file: file, line: line)
    for (x, y) in zip(a.checkpoints, b.checkpoints) {
        XCTAssertEqual(x.train.loss, y.train.loss, accuracy: tolerance * max(1, Swift.abs(y.train.loss)), what, file: file, line: line)
        XCTAssertEqual(x.train.accuracy, y.train.accuracy, accuracy: 1.5 / 640, what, file: file, line: line)
    }
}

/// The step-equivalence suites' run: the reference shallow network on 640 samples (10 steps of
/// 64 per epoch), 6 epochs, a checkpoint every 2, seed 7 — small enough to train many times.
func equivalenceWorkload(_ activation: Activation) -> TrainingBenchmark.Workload {
    var w = TrainingBenchmark.Workload()
    w.activation = activation
    w.samples = 640
    w.epochs = 6
    return w
}

/// Trains `w` (learning rate × `lrFactor`, `outputs` outputs) under the given kernel path, sgemm
/// backend and activation backend.
func trainEquivalenceRun(_ w: TrainingBenchmark.Workload, path: KernelPath, gemm: GEMMBackend,
                         activation backend: ActivationBackend = ActivationBackend.current,
                         lrFactor: Double = 1, outputs: Int = 1) throws -> TrainingResult<Float> {
    var w = w
    w.outputs = outputs
    w.learningRate *= lrFactor
    let data = TrainingBenchmark.dataset(w)
    var o = TrainingBenchmark.options(w)
    o.checkpointEvery = 2
    return try ActivationBackend.$current.withValue(backend) {
        try KernelPath.$current.withValue(path) {
            try GEMMBackend.$current.withValue(gemm) {
                try Trainer<Float>(options: o).train(TrainingBenchmark.network(w, seed: 7), on: data, seed: 7)
            }
        }
    }
}
