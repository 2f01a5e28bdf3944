import Foundation

/// A built-in pipeline check (`repgeom reproduce smoke`): tiny shallow networks learning four
/// random Gaussian patterns split {0,1} vs {2,3} (T1 with P = 4), tanh vs relu at two noise
/// levels. It exercises the whole machinery — sweep, store, sharding, merge, exports, report —
/// in seconds, and its report checks two things any working trainer must show.
///
/// Records per checkpoint (every 5 epochs and at the end): `train_loss`, `test_loss` (variant
/// `bce`, mean per sample) and `train_accuracy`, `test_accuracy` (variant `logit_sign`), at
/// layer 2 — the readout of the one-hidden-layer network (network-level measures sit one layer
/// above the last hidden layer).
public struct SmokeExperiment: Experiment {
    public init() {}

    public var id: String { "smoke" }
    public var title: String { "Pipeline check: tiny networks on four random patterns" }
    public var claims: [String] {
        ["Training reduces the training loss.", "Trained networks classify held-out samples well above chance."]
    }

    public static let nonlinearities = ["tanh", "relu"]
    public static let noiseLevels = [0.5, 1.0]

    /// Everything that determines one network besides its setting and seed.
    struct Settings: Codable, Equatable {
        var conditions = 4
        var inputs = 40
        var trainSamples = 400
        var testSamples = 200
        var network = NetworkSpec()
        var training = TrainingOptions()

        init() {
            network.hiddenWidths = [32]
            training.batchSize = 20
            training.learningRate = 0.1
            training.checkpointEvery = 5
        }
    }

    public func replicates(_ scale: ExperimentScale) -> Int { scale == .quick ? 4 : 10 }
    public func epochs(_ scale: ExperimentScale) -> Int { scale == .quick ? 20 : 60 }

    public func jobs(scale: ExperimentScale) throws -> [SweepJob] {
        var jobs: [SweepJob] = []
        for nonlinearity in SmokeExperiment.nonlinearities {
            for noise in SmokeExperiment.noiseLevels {
                for seed in 0..<replicates(scale) {
                    jobs.append(SweepJob(experiment: id, setting: ["nonlinearity": .string(nonlinearity), "noise": .double(noise),
                                                                       "epochs": .int(epochs(scale))],
                                         seed: UInt64(seed)))
                }
            }
        }
        return jobs
    }

    /// Trains and measures one network. Everything that depends on the scale is in the job's
    /// setting (`run` is not told the scale): the epoch count is the `epochs` parameter.
    public func run(_ job: SweepJob) throws -> NetworkResult {
        guard case .string(let name)? = job.setting["nonlinearity"], let noise = job.setting["noise"]?.number,
              case .int(let epochs)? = job.setting["epochs"] else {
            throw InputError("smoke job \(job.key)", "needs nonlinearity (string), noise (number) and epochs (integer)")
        }
        var settings = Settings()
        settings.network.activation = try Activation(parsing: name)
        settings.training.epochs = epochs

        // Task: P random Gaussian means (task stream), labels {0,1} vs {2,3}.
        var taskRandom = RandomSource(seed: job.seed, stream: .task)
        let means: Matrix<Double> = taskRandom.gaussianMatrix(rows: settings.conditions, columns: settings.inputs)
        let task = ConditionTask(family: "random_patterns",
                                 parameters: ["P": "\(settings.conditions)", "N": "\(settings.inputs)", "sigma": "\(noise)"],
                                 latentBits: nil, means: means,
                                 targets: Matrix(rows: settings.conditions, columns: 1) { c, _ in c >= settings.conditions / 2 ? 1 : 0 },
                                 noise: noise)
        var noiseRandom = RandomSource(seed: job.seed, stream: .noise)
        let train: Dataset<Float> = task.sample(count: settings.trainSamples, using: &noiseRandom)
        let test: Dataset<Float> = task.sample(count: settings.testSamples, using: &noiseRandom)

        let network = Network<Float>(spec: settings.network, inputs: settings.inputs, outputs: 1, seed: job.seed)
        let readout = settings.network.hiddenWidths.count + 1
        var records: [MeasureRecord] = []
        _ = try Trainer<Float>(options: settings.training).train(network, on: train, test: test, seed: job.seed, onCheckpoint: { checkpoint in
            records += CheckpointMeasurer.trainingRecords(checkpoint.metrics, readoutLayer: readout, loss: settings.training.loss)
        })
        return NetworkResult(job: job, configuration: try configuration(settings, job: job, noise: noise), records: records)
    }

    func configuration(_ settings: Settings, job: SweepJob, noise: Double) throws -> String {
        struct Resolved: Encodable {
            var experiment: String
            var seed: UInt64
            var task: [String: String]
            var settings: Settings
        }
        let resolved = Resolved(experiment: id, seed: job.seed,
                                task: ["family": "random_patterns", "labels": "{0,1} vs {2,3}", "sigma": "\(noise)",
                                       "means": "N(0, I) from the task stream of the seed"],
                                settings: settings)
        return try CanonicalJSON.encode(resolved)
    }

    public func report(_ results: [NetworkResult], scale: ExperimentScale) throws -> ExperimentReport {
        let settings = Settings()
        func value(_ r: NetworkResult, _ measure: String, final: Bool) -> Double? {
            let matching = r.records.filter { $0.measure == measure }
            return (final ? matching.max { $0.epoch < $1.epoch } : matching.min { $0.epoch < $1.epoch })?.value
        }
        // Claim 1: every network's final training loss is below its initial one.
        let pairs = results.compactMap { r in value(r, "train_loss", final: false).flatMap { a in value(r, "train_loss", final: true).map { (a, $0) } } }
        let decreased = pairs.filter { $0.1 < $0.0 }.count
        let initial = ResultSummary.meanAndStd(pairs.map(\.0)), final = ResultSummary.meanAndStd(pairs.map(\.1))
        let lossClaim = ClaimCheck(
            claim: claims[0],
            measured: String(format: "training loss %.3f ± %.3f before, %.3f ± %.3f after (mean ± sd over %d networks); lower in %d of %d",
                             initial.mean, initial.std, final.mean, final.std, pairs.count, decreased, pairs.count),
            criterion: "final loss < initial loss for every network",
            passed: !pairs.isEmpty && decreased == pairs.count)

        // Claim 2: mean final test accuracy above 0.8 in every setting (chance is 0.5).
        let accuracy = ResultSummary.rows(results).filter { $0.measure == "test_accuracy" }
        let worst = accuracy.min { $0.mean < $1.mean }
        let accuracyClaim = ClaimCheck(
            claim: claims[1],
            measured: accuracy.map { row in
                "\(row.setting["nonlinearity"]?.description ?? "?") σ=\(row.setting["noise"]?.description ?? "?"): " + String(format: "%.3f", row.mean)
            }.joined(separator: "; "),
            criterion: "mean final test accuracy > 0.8 in every setting (chance 0.5)",
            passed: !accuracy.isEmpty && (worst?.mean ?? 0) > 0.8)

        // Figure: training loss over epochs, mean ± s.d. over networks, per nonlinearity.
        let checkpoints = Array(Set(results.flatMap { $0.records.filter { $0.measure == "train_loss" }.map(\.epoch) })).sorted()
        let series = SmokeExperiment.nonlinearities.map { f -> LineSeries in
            let mine = results.filter { $0.job.setting["nonlinearity"] == .string(f) }
            let samples = checkpoints.map { e in mine.compactMap { r in r.records.first { $0.measure == "train_loss" && $0.epoch == e }?.value } }
            return LineSeries.summarising(name: f, x: checkpoints.map(Double.init), samples: samples)
        }
        let lossFigure = LinePlot(title: "Training loss during training", x: Axis("epoch"), y: Axis("training loss (BCE per sample)"),
                                  series: series)
            .figure(name: "train_loss", caption: "Mean ± s.d. over the \(results.count / 2) networks of each nonlinearity (both noise levels).")

        return ExperimentReport(
            id: id, title: title,
            summary: "Four random Gaussian patterns in R^\(settings.inputs), labelled {0,1} vs {2,3}; one hidden layer of \(settings.network.hiddenWidths[0]) units, frozen readout, SGD for \(epochs(scale)) epochs. A check that training, the sweep, the store and the report work end to end; not a scientific result.",
            settings: [ReportSetting("networks", "\(results.count)"),
                       ReportSetting("networks per setting", "\(replicates(scale))"),
                       ReportSetting("nonlinearities", SmokeExperiment.nonlinearities.joined(separator: ", ")),
                       ReportSetting("noise σ", SmokeExperiment.noiseLevels.map { "\($0)" }.joined(separator: ", ")),
                       ReportSetting("epochs", "\(epochs(scale))"),
                       ReportSetting("training / test samples", "\(settings.trainSamples) / \(settings.testSamples)")],
            figures: [lossFigure],
            claims: [lossClaim, accuracyClaim])
    }
}
