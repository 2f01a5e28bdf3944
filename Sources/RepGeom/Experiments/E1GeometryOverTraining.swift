import Foundation

/// E1 (SPEC §6): geometry over training on an unstructured binary task. Shallow networks (SPEC §3
/// reference) on T1 RandomPatterns(P = 4, N = 200, σ = 0.5): four random Gaussian means, labelled
/// {0,1} vs {2,3} (trained dichotomy `y1`); the other latent split {0,2} vs {1,3} is the untrained
/// dichotomy `b2`. Each network draws its own patterns from its seed. Tanh vs relu. Measured
/// along training: target alignment A(Kz, Ky), input alignment A(Kz, Kx), PS ("max") and CCGP
/// (leave one condition per side out, linear SVM on noisy samples, σ 0.5) of `y1` and `b2`.
///
/// Paper scale: 20 networks per nonlinearity, 1000 epochs, 5000/1000 samples, geometry every 20
/// epochs. Quick scale: 10 networks per nonlinearity, 150 epochs on 2000 samples, geometry every 10 epochs.
public struct E1GeometryOverTraining: Experiment {
    public init() {}

    public var id: String { "E1" }
    public var title: String { "Geometry over training on an unstructured binary task (T1, P = 4)" }
    public var claims: [String] {
        ["Tanh networks become more target-aligned than ReLU networks.",
         "Tanh networks code the trained dichotomy more in parallel (higher PS) than ReLU networks.",
         "Tanh networks generalise the trained dichotomy across conditions better (higher CCGP) than ReLU networks.",
         "ReLU networks keep more input alignment than tanh networks."]
    }

    public static let nonlinearities = ["tanh", "relu"]
    /// The task: four random patterns in R^200, σ 0.5, targets {0,1} vs {2,3}.
    public static let inputs = 200
    public static let noise = 0.5

    public func replicates(_ scale: ExperimentScale) -> Int { scale == .quick ? 10 : 20 }

    public func schedule(_ scale: ExperimentScale) -> ShallowSchedule {
        switch scale {
        case .quick: ShallowSchedule(epochs: 150, trainSamples: 2000, testSamples: 200, checkpointEvery: 5, measureStride: 2, samplesPerCondition: 20)
        case .paper: ShallowSchedule(epochs: 1000, trainSamples: 5000, testSamples: 1000, checkpointEvery: 10, measureStride: 2, samplesPerCondition: 50)
        }
    }

    public func jobs(scale: ExperimentScale) throws -> [SweepJob] {
        ShallowReference.jobs(experiment: id, settings: [[:]], nonlinearities: E1GeometryOverTraining.nonlinearities,
                              seeds: replicates(scale), schedule: schedule(scale))
    }

    public static func task(seed: UInt64) -> TaskSpec {
        TaskSpec(RandomPatterns(conditionCount: 4, inputDimension: inputs, noise: noise, centered: false, seed: seed))
    }

    public func run(_ job: SweepJob) throws -> NetworkResult {
        let configuration = try ShallowReference.configuration(task: E1GeometryOverTraining.task(seed: job.seed), job: job)
        let plan = try ShallowReference.plan(job: job, measures: [.alignment, .parallelism, .ccgp])
        return try ConditionRun(configuration: configuration, plan: plan).run(job)
    }

    static let target = RecordSelector("target_alignment")
    static let input = RecordSelector("input_alignment")
    static func ps(_ subject: String) -> RecordSelector { RecordSelector("ps", variant: "max", subject: subject) }
    static func ccgp(_ subject: String) -> RecordSelector { RecordSelector("ccgp", subject: subject) }

    public func report(_ results: [NetworkResult], scale: ExperimentScale) throws -> ExperimentReport {
        let networks = replicates(scale)
        let schedule = self.schedule(scale)
        let ignoring = Set(ShallowSchedule.keys)
        let epoch = Axis("epoch")
        func curves(_ title: String, _ y: Axis, _ selector: RecordSelector, chance: Bool = false) -> LinePlot {
            LinePlot(title: title, x: epoch, y: y, series: ResultCurves.overEpochs(results, selector),
                     referenceLines: chance ? [ReferenceLine(.horizontal, at: 0.5, label: "chance")] : [])
        }
        let trained = SmallMultiples(
            title: "Geometry of the hidden layer during training (T1, P = 4, target {0,1} vs {2,3})",
            panels: [curves("Target alignment", Axis("A(Kz, Ky)", range: 0...1), E1GeometryOverTraining.target),
                     curves("Input alignment", Axis("A(Kz, Kx)", range: 0...1), E1GeometryOverTraining.input),
                     curves("PS of the trained dichotomy", Axis("parallelism score (max)", range: -0.2...1), E1GeometryOverTraining.ps("y1")),
                     curves("CCGP of the trained dichotomy", Axis("CCGP (accuracy)", range: 0...1), E1GeometryOverTraining.ccgp("y1"), chance: true)],
            columns: 2)
            .figure(name: "geometry_vs_epoch",
                    caption: "Target and input alignment (CKA of the condition kernels), parallelism score and CCGP of the trained dichotomy {0,1} vs {2,3} against the training epoch. Mean ± s.d. over \(networks) networks per nonlinearity, each on its own random patterns.")
        let untrained = SmallMultiples(
            title: "The untrained dichotomy {0,2} vs {1,3} during training",
            panels: [curves("PS of the untrained dichotomy", Axis("parallelism score (max)", range: -1...1), E1GeometryOverTraining.ps("b2")),
                     curves("CCGP of the untrained dichotomy", Axis("CCGP (accuracy)", range: 0...1), E1GeometryOverTraining.ccgp("b2"), chance: true)],
            columns: 2)
            .figure(name: "untrained_vs_epoch",
                    caption: "Parallelism score and CCGP of the untrained split {0,2} vs {1,3} (random patterns: nothing in the input makes it special). Mean ± s.d. over \(networks) networks per nonlinearity.")

        func check(_ i: Int, _ selector: RecordSelector, a: String = "tanh", b: String = "relu") -> ClaimCheck {
            ClaimComparison(results, selector, a: a, b: b, ignoring: ignoring).tidied().check(claims[i])
        }
        let claimChecks = [check(0, E1GeometryOverTraining.target), check(1, E1GeometryOverTraining.ps("y1")),
                           check(2, E1GeometryOverTraining.ccgp("y1")), check(3, E1GeometryOverTraining.input, a: "relu", b: "tanh")]

        return ExperimentReport(
            id: id, title: title,
            summary: "Shallow networks trained to split four random Gaussian patterns into {0,1} vs {2,3} (T1: no input structure favours the target). The paper's finding: over training, tanh representations come to reflect the target (target alignment, PS and CCGP of the trained dichotomy rise), while relu representations keep more of the input geometry. Claims compare the network means at the final epoch.",
            settings: [ReportSetting("networks", "\(results.count)"),
                       ReportSetting("networks per nonlinearity", "\(networks)"),
                       ReportSetting("nonlinearities", E1GeometryOverTraining.nonlinearities.joined(separator: ", ")),
                       ReportSetting("task", "random_patterns P = 4, N = \(E1GeometryOverTraining.inputs), σ = \(E1GeometryOverTraining.noise), targets 0011; patterns drawn per network from its seed")]
                + ShallowReference.settingsRows(schedule),
            figures: [trained, untrained],
            claims: claimChecks)
    }
}
