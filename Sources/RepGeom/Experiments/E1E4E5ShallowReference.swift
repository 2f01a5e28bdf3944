import Foundation

/// The shallow-network reference of SPEC §3 as E1, E4 and E5 use it, and the scale-dependent
/// schedule they carry in every job's setting (an experiment's `run` is not told the scale).
///
/// Network: one hidden layer of 128 units, W ~ N(0, 1/N_in), b1 ~ N(0, 1/N_in), readout J, b2 ~
/// N(0, 1/N_h) frozen; BCE with logits; plain SGD, lr 0.1, batch 64, reshuffled every epoch;
/// Float training, Double measures. Each network draws its own task geometry from its seed
/// (`task_geometry: per_network`): T1's random patterns, T3's random embedding (T3's kernel at
/// scale 0 does not depend on the seed, only the embedding's rotation does).
public struct ShallowSchedule: Sendable, Equatable {
    /// Training epochs.
    public var epochs: Int
    /// Noisy training samples (reference 5000).
    public var trainSamples: Int
    /// Noisy test samples (reference 1000).
    public var testSamples: Int
    /// Training metrics every this many epochs (reference 10).
    public var checkpointEvery: Int
    /// Geometry every this many checkpoints (plus epoch 0 and the final epoch).
    public var measureStride: Int
    /// Noisy samples per condition for CCGP (0: condition-mean measures only).
    public var samplesPerCondition: Int

    public init(epochs: Int, trainSamples: Int, testSamples: Int, checkpointEvery: Int, measureStride: Int, samplesPerCondition: Int) {
        self.epochs = epochs
        self.trainSamples = trainSamples
        self.testSamples = testSamples
        self.checkpointEvery = checkpointEvery
        self.measureStride = measureStride
        self.samplesPerCondition = samplesPerCondition
    }

    /// The setting keys of the schedule (columns of summary.csv).
    public static let keys = ["epochs", "train_samples", "test_samples", "checkpoint_every", "measure_stride", "measure_samples"]

    /// The schedule as job-setting entries.
    public var setting: [String: ParameterValue] {
        ["epochs": .int(epochs), "train_samples": .int(trainSamples), "test_samples": .int(testSamples),
         "checkpoint_every": .int(checkpointEvery), "measure_stride": .int(measureStride),
         "measure_samples": .int(samplesPerCondition)]
    }

    /// The schedule of `job`; throws naming the missing key.
    public init(job: SweepJob) throws {
        self.init(epochs: try job.integer("epochs"), trainSamples: try job.integer("train_samples"),
                  testSamples: try job.integer("test_samples"), checkpointEvery: try job.integer("checkpoint_every"),
                  measureStride: try job.integer("measure_stride"), samplesPerCondition: try job.integer("measure_samples"))
    }
}

enum ShallowReference {
    /// Hidden units (SPEC §3 reference).
    static let hiddenUnits = 128
    /// Noise σ of the samples CCGP is measured on (SPEC §4 reference test noise).
    static let measureNoise = 0.5

    /// The run configuration of `job` on `task` with the job's nonlinearity and schedule.
    static func configuration(task: TaskSpec, job: SweepJob) throws -> RunConfiguration {
        let schedule = try ShallowSchedule(job: job)
        var network = NetworkSpec()
        network.hiddenWidths = [hiddenUnits]
        network.activation = try Activation(parsing: try job.string("nonlinearity"))
        var training = TrainingOptions()
        training.epochs = schedule.epochs
        training.checkpointEvery = schedule.checkpointEvery
        return RunConfiguration(task: task, network: network, training: training,
                                trainSamples: schedule.trainSamples, testSamples: schedule.testSamples,
                                seeds: [job.seed], taskGeometry: .perNetwork)
    }

    /// What is measured at the checkpoints of `job`: `measures` on `measure_samples` noisy samples
    /// per condition (σ 0.5) every `measure_stride`-th checkpoint.
    static func plan(job: SweepJob, measures: [MeasureKind]) throws -> CheckpointMeasurePlan {
        let schedule = try ShallowSchedule(job: job)
        return CheckpointMeasurePlan(samplesPerCondition: schedule.samplesPerCondition, sampleNoise: measureNoise,
                                     stride: schedule.measureStride, measures: measures)
    }

    /// `count` evenly spaced values from 0 to `maximum`, both included (the last is `maximum` exactly).
    static func linspace(_ maximum: Double, count: Int) -> [Double] {
        guard count > 1 else { return [0] }
        return (0..<count).map { $0 == count - 1 ? maximum : maximum * Double($0) / Double(count - 1) }
    }

    /// Report settings rows for a schedule.
    static func settingsRows(_ s: ShallowSchedule) -> [ReportSetting] {
        [ReportSetting("network", "one hidden layer, \(hiddenUnits) units; readout frozen (SPEC §3)"),
         ReportSetting("training", "SGD lr 0.1, batch 64, BCE, \(s.epochs) epochs, Float"),
         ReportSetting("training / test samples", "\(s.trainSamples) / \(s.testSamples)"),
         ReportSetting("geometry measured", "epoch 0, every \(s.checkpointEvery * s.measureStride) epochs and at the end"),
         ReportSetting("samples per condition (CCGP, σ = \(measureNoise))", s.samplesPerCondition == 0 ? "none (condition-mean measures only)" : "\(s.samplesPerCondition)")]
    }

    /// Jobs over `settings` × nonlinearities × seeds, in that nesting order.
    static func jobs(experiment: String, settings: [[String: ParameterValue]], nonlinearities: [String], seeds: Int,
                     schedule: ShallowSchedule) -> [SweepJob] {
        var jobs: [SweepJob] = []
        for s in settings {
            for f in nonlinearities {
                for seed in 0..<seeds {
                    var setting = s.merging(schedule.setting) { a, _ in a }
                    setting["nonlinearity"] = .string(f)
                    jobs.append(SweepJob(experiment: experiment, setting: setting, seed: UInt64(seed)))
                }
            }
        }
        return jobs
    }
}

extension ClaimComparison {
    /// The rows of several comparisons as one (e.g. one per latent variable, or PS "max" where
    /// it exists and "distsum" elsewhere); each row's setting is prefixed with its part's label.
    static func combined(_ parts: [(label: String, comparison: ClaimComparison)], selector: RecordSelector) -> ClaimComparison {
        var c = ClaimComparison([], selector)
        if let first = parts.first { c.a = first.comparison.a; c.b = first.comparison.b }
        c.rows = parts.flatMap { part in
            part.comparison.rows.map { r in
                var r = r
                r.setting = part.label.isEmpty ? r.setting : (r.setting.isEmpty ? part.label : part.label + " " + r.setting)
                return r
            }
        }
        return c
    }
}

extension ClaimComparison {
    /// The same comparison with long decimals in the setting texts shortened to 3 significant
    /// digits ("c=0.2519763153394848" → "c=0.252"), for a readable claim text.
    func tidied() -> ClaimComparison {
        var c = self
        c.rows = rows.map { r in
            var r = r
            r.setting = ShallowReference.shortenNumbers(r.setting)
            return r
        }
        return c
    }
}

extension ShallowReference {
    /// `text` with every decimal number of more than 4 fraction digits printed with 3 significant digits.
    static func shortenNumbers(_ text: String) -> String {
        var out = "", number = ""
        func flush() {
            if let dot = number.firstIndex(of: "."), number.distance(from: dot, to: number.endIndex) > 5, let v = Double(number) {
                out += String(format: "%.3g", v)
            } else {
                out += number
            }
            number = ""
        }
        for ch in text {
            if ch.isNumber || (ch == "." && !number.isEmpty) { number.append(ch) } else { flush(); out.append(ch) }
        }
        flush()
        return out
    }
}

extension ClaimComparison {
    /// `check`, with the settings where the claim does not hold named at the end of the measured
    /// text (the check's own listing stops after 12 settings, so exceptions could go unseen).
    func checkNamingExceptions(_ claim: String, margin: Double = 0, requiredFraction: Double = 1, maxNamed: Int = 12) -> ClaimCheck {
        var result = check(claim, margin: margin, requiredFraction: requiredFraction)
        let failing = rows.filter { !($0.a - $0.b > margin) }
        if !failing.isEmpty {
            var named = failing.prefix(maxNamed).map { r in
                (r.setting.isEmpty ? "" : r.setting + ": ") + String(format: "%@ %.3f vs %@ %.3f", a, r.a, b, r.b)
            }
            if failing.count > maxNamed { named.append("… (\(failing.count - maxNamed) more)") }
            result.measured += "; does not hold at: " + named.joined(separator: "; ")
        }
        return result
    }
}
