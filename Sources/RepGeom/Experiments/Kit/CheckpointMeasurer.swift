/// What an experiment measures on a condition-task network at its training checkpoints, and the
/// translation of `MeasureSuite` reports into `MeasureRecord`s — one shared mechanism for every
/// experiment, so record names and variants mean the same thing everywhere.
///
/// Record vocabulary (layer l = 1…L hidden layers; layer L + 1 = the readout):
/// - `target_alignment`, `input_alignment` (variant = alignment variant, e.g.
///   `gretton/linear/condition_means`); `orth_input_alignment`, `orth_target_alignment` when the
///   task alignment c is defined (the orthogonalised plane of SPEC §4);
/// - per dichotomy (subject = its name, `y1`… trained, `b1`… untrained latent bits): `ps`
///   (variants `max` and `distsum`), `ccgp` (variant e.g. `leave_one_per_side`), `decoding`;
/// - `shattering_dimensionality` (subjects `all`, `trained`, `untrained`), `participation_ratio`,
///   `sparsity` (active fraction) when asked;
/// - at layer L + 1: `train_loss`, `test_loss` (variant = loss), `train_accuracy`,
///   `test_accuracy` (variant `logit_sign` / `argmax`).
public struct CheckpointMeasurePlan: Sendable, Codable, Equatable {
    /// Noisy samples drawn per condition for CCGP, decoding and SD (0: condition-mean measures only).
    public var samplesPerCondition: Int
    /// σ of those samples (SPEC §4 reference test noise 0.5).
    public var sampleNoise: Double
    /// Measure geometry at every `stride`-th checkpoint (epoch 0 and the final one always);
    /// training metrics are recorded at every checkpoint.
    public var stride: Int
    /// Which measures and variants (`threads` is forced to 1: sweeps run one network per core).
    public var options: MeasureOptions

    public init(samplesPerCondition: Int = 50, sampleNoise: Double = 0.5, stride: Int = 1,
                measures: [MeasureKind] = [.alignment, .parallelism, .ccgp, .decoding]) {
        self.samplesPerCondition = samplesPerCondition
        self.sampleNoise = sampleNoise
        self.stride = stride
        var options = MeasureOptions()
        options.measures = measures
        self.options = options
    }

    /// Whether checkpoint `index` (0-based, in checkpoint order) of a run is measured.
    func measures(checkpointIndex index: Int, isFinal: Bool) -> Bool {
        isFinal || index % max(1, stride) == 0
    }
}

public enum CheckpointMeasurer {
    /// Geometry records of `network` on `task` at `epoch`. Samples come from the `.measures`
    /// stream of `seed`, forked by epoch, so each checkpoint's draw is independent and fixed.
    public static func records<S: BLASScalar>(network: Network<S>, task: ConditionTask, epoch: Int, seed: UInt64,
                                              plan: CheckpointMeasurePlan) throws -> [MeasureRecord] {
        var root = RandomSource(seed: seed, stream: .measures)
        var rng = root.fork(UInt64(epoch))
        let representation = Representation.extract(network: network, task: task,
                                                    samplesPerCondition: plan.samplesPerCondition,
                                                    sampleNoise: plan.sampleNoise, using: &rng)
        let dichotomies = TaskDichotomies.of(task)
        var options = plan.options
        options.threads = 1
        options.seed = seed &+ UInt64(epoch)
        if plan.samplesPerCondition == 0 {
            options.measures = options.measures.filter { ![.ccgp, .decoding, .shattering].contains($0) }
        }
        var records: [MeasureRecord] = []
        for layer in 0..<representation.layerCount {
            let input = MeasureInput(conditionMeans: representation.conditionMeans[layer],
                                     samples: plan.samplesPerCondition > 0 ? representation.samples[layer] : nil,
                                     sampleConditions: plan.samplesPerCondition > 0 ? representation.sampleConditions : nil,
                                     inputMeans: task.means,
                                     sampleInputs: plan.samplesPerCondition > 0 ? representation.sampleInputs : nil,
                                     dichotomies: dichotomies)
            let report = try MeasureSuite.run(input, options: options)
            records += Self.records(from: report, epoch: epoch, layer: layer + 1)
        }
        return records
    }

    /// The records of one suite report (non-finite or unavailable values are left out: a record
    /// is always a number).
    public static func records(from report: MeasureReport, epoch: Int, layer: Int) -> [MeasureRecord] {
        var out: [MeasureRecord] = []
        func add(_ measure: String, _ variant: String, _ subject: String?, _ value: Double?) {
            guard let value, value.isFinite else { return }
            out.append(MeasureRecord(epoch: epoch, layer: layer, measure: measure, variant: variant, subject: subject, value: value))
        }
        if let a = report.alignment {
            add("target_alignment", a.variant, nil, a.target)
            add("input_alignment", a.variant, nil, a.input)
            if let o = a.orthogonalised {
                add("orth_input_alignment", a.variant, nil, o.input)
                add("orth_target_alignment", a.variant, nil, o.target)
            }
        }
        for d in report.dichotomies {
            let subject = d.name ?? "d\(d.index)"
            add("ps", d.psMaxDetail?.variant ?? "max", subject, d.psMax)
            add("ps", d.psDistsumDetail?.variant ?? "distsum", subject, d.psDistsum)
            add("ccgp", d.ccgpDetail?.variant ?? "ccgp", subject, d.ccgp)
            add("decoding", d.decodingDetail?.variant ?? "decoding", subject, d.decoding)
        }
        if let sd = report.shatteringDimensionality {
            add("shattering_dimensionality", sd.variant, "all", sd.all)
            add("shattering_dimensionality", sd.variant, "trained", sd.trained)
            add("shattering_dimensionality", sd.variant, "untrained", sd.untrained)
        }
        add("participation_ratio", "covariance_of_condition_means", nil, report.participationRatio)
        if let s = report.sparsity { add("sparsity", s.variant, nil, s.activeFraction) }
        return out
    }

    /// Loss and accuracy records of a checkpoint, at the readout layer.
    public static func trainingRecords(_ metrics: CheckpointMetrics, readoutLayer: Int, loss: Loss) -> [MeasureRecord] {
        let accuracy = loss == .softmax ? "argmax" : "logit_sign"
        var out = [MeasureRecord(epoch: metrics.epoch, layer: readoutLayer, measure: "train_loss", variant: loss.rawValue, value: metrics.train.loss),
                   MeasureRecord(epoch: metrics.epoch, layer: readoutLayer, measure: "train_accuracy", variant: accuracy, value: metrics.train.accuracy)]
        if let t = metrics.test {
            out.append(MeasureRecord(epoch: metrics.epoch, layer: readoutLayer, measure: "test_loss", variant: loss.rawValue, value: t.loss))
            out.append(MeasureRecord(epoch: metrics.epoch, layer: readoutLayer, measure: "test_accuracy", variant: accuracy, value: t.accuracy))
        }
        return out
    }
}
