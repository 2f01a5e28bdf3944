import Foundation

/// E5 (SPEC §6): disentanglement with low-dimensional targets. Shallow networks (SPEC §3
/// reference) on T3 AlignedCube(d, k = d, c, scale 0, N = 100, σ = 1): every latent bit is a
/// trained output, and c moves the input spectrum from the higher-order parities only (c = 0: no
/// input direction is a latent) to all parities equally (c_max = √(d/(2^d − 1))). Measured per
/// latent (subjects `y1`…`yd`): the parallelism score and CCGP of the hidden representation —
/// how disentangled (abstract, factorised) each latent is.
///
/// PS variant: "max" (exact, all pairings) for d = 3; for d = 5 (16 conditions per side, beyond
/// exact enumeration) "distsum" (the pairing minimising the summed squared distances). CCGP:
/// leave one condition per side out (all (P/2)² splits, at most 100 sampled), linear SVM on
/// `measure_samples` noisy samples per condition with input noise σ 0.5.
///
/// Paper scale: d ∈ {3, 5}, 12 values of c, 10 networks per setting, 1000 epochs. Quick scale:
/// d = 3 only, the same 12 values of c, 3 networks per setting, 200 epochs on 2000 samples. Separate jobs from E4's
/// k = d networks (E5 runs on its own; its measures need samples, E4's do not).
///
/// Not covered: the T2 multi-output variant (NudgedXOR with targets b1, b2) named in SPEC §6.
public struct E5Disentanglement: Experiment {
    public init() {}

    public var id: String { "E5" }
    public var title: String { "Disentanglement with low-dimensional targets (T3, k = d)" }
    public var claims: [String] {
        ["With k = d targets, tanh representations code each latent more in parallel (higher PS) than ReLU representations.",
         "With k = d targets, tanh representations generalise each latent across conditions better (higher CCGP) than ReLU representations."]
    }

    public static let nonlinearities = ["tanh", "relu"]
    public static let requiredFraction = 0.8

    public func dimensions(_ scale: ExperimentScale) -> [Int] { scale == .quick ? [3] : [3, 5] }
    public func cCount(_ scale: ExperimentScale) -> Int { 12 }
    public func replicates(_ scale: ExperimentScale) -> Int { scale == .quick ? 3 : 10 }

    public func schedule(_ scale: ExperimentScale) -> ShallowSchedule {
        // Geometry at epoch 0 and the end only (stride ≥ number of checkpoints): CCGP is the cost.
        switch scale {
        case .quick: ShallowSchedule(epochs: 200, trainSamples: 2000, testSamples: 200, checkpointEvery: 10, measureStride: 20, samplesPerCondition: 20)
        case .paper: ShallowSchedule(epochs: 1000, trainSamples: 5000, testSamples: 1000, checkpointEvery: 10, measureStride: 100, samplesPerCondition: 50)
        }
    }

    public func jobs(scale: ExperimentScale) throws -> [SweepJob] {
        var settings: [[String: ParameterValue]] = []
        for d in dimensions(scale) {
            for c in E4AlignmentSweep.cValues(d: d, k: d, count: cCount(scale)) {
                settings.append(["d": .int(d), "k": .int(d), "c": .double(c)])
            }
        }
        return ShallowReference.jobs(experiment: id, settings: settings, nonlinearities: E5Disentanglement.nonlinearities,
                                     seeds: replicates(scale), schedule: schedule(scale))
    }

    public func run(_ job: SweepJob) throws -> NetworkResult {
        let configuration = try ShallowReference.configuration(task: try E4AlignmentSweep.task(job), job: job)
        let plan = try ShallowReference.plan(job: job, measures: [.alignment, .parallelism, .ccgp])
        return try ConditionRun(configuration: configuration, plan: plan).run(job)
    }

    /// The PS variant used for d latents (exact "max" up to 8 conditions per side).
    public static func psVariant(d: Int) -> String { (1 << d) / 2 <= ParallelismScore.maxEnumeratedSide ? "max" : "distsum" }

    static func ps(latent j: Int, d: Int) -> RecordSelector { RecordSelector("ps", variant: psVariant(d: d), subject: "y\(j + 1)") }
    static func ccgp(latent j: Int) -> RecordSelector { RecordSelector("ccgp", subject: "y\(j + 1)") }

    public func report(_ results: [NetworkResult], scale: ExperimentScale) throws -> ExperimentReport {
        let ignoring = Set(ShallowSchedule.keys)
        let networks = replicates(scale)
        var figures: [ReportFigure] = []
        var psParts: [(label: String, comparison: ClaimComparison)] = []
        var ccgpParts: [(label: String, comparison: ClaimComparison)] = []
        let present = ResultGroups.values(of: "d", in: results).compactMap(\.number).map { Int($0) }
        for d in present {
            let mine = ResultGroups.filter(results, ["d": .int(d)])
            let variant = E5Disentanglement.psVariant(d: d)
            var panels: [any Plot] = []
            for j in 0..<d {
                panels.append(LinePlot(title: "latent \(j + 1): PS", x: Axis("input–target alignment c"),
                                       y: Axis("parallelism score (\(variant))", range: -0.3...1),
                                       series: ResultCurves.versus("c", mine, E5Disentanglement.ps(latent: j, d: d))))
                psParts.append(("d=\(d) latent \(j + 1):", ClaimComparison(mine, E5Disentanglement.ps(latent: j, d: d), ignoring: ignoring)))
            }
            for j in 0..<d {
                panels.append(LinePlot(title: "latent \(j + 1): CCGP", x: Axis("input–target alignment c"),
                                       y: Axis("CCGP (accuracy)", range: 0...1),
                                       series: ResultCurves.versus("c", mine, E5Disentanglement.ccgp(latent: j)),
                                       referenceLines: [ReferenceLine(.horizontal, at: 0.5, label: "chance")]))
                ccgpParts.append(("d=\(d) latent \(j + 1):", ClaimComparison(mine, E5Disentanglement.ccgp(latent: j), ignoring: ignoring)))
            }
            figures.append(SmallMultiples(title: "Disentanglement of each latent vs c (d = k = \(d))", panels: panels, columns: d,
                                          panelSize: PlotSize(width: 330, height: 280))
                .figure(name: "ps_ccgp_vs_c_d\(d)",
                        caption: "Final parallelism score (top row, variant \(variant)) and CCGP (bottom row, leave one condition per side out, linear SVM on noisy samples) of each latent variable — each one a trained output — against the task's input–target alignment c. Mean ± s.d. over \(networks) networks per point."))
        }
        // Selectors naming what the combined rows compare (each row used its own latent's selector).
        let psSelector = RecordSelector("ps", variant: present.map { "\(E5Disentanglement.psVariant(d: $0)) for d = \($0)" }.joined(separator: ", "),
                                        subjects: ["each latent y1…yd"])
        let ccgpSelector = RecordSelector("ccgp", subjects: ["each latent y1…yd"])
        let psClaim = ClaimComparison.combined(psParts, selector: psSelector).tidied()
            .checkNamingExceptions(claims[0], requiredFraction: E5Disentanglement.requiredFraction)
        let ccgpClaim = ClaimComparison.combined(ccgpParts, selector: ccgpSelector).tidied()
            .checkNamingExceptions(claims[1], requiredFraction: E5Disentanglement.requiredFraction)

        let schedule = self.schedule(scale)
        return ExperimentReport(
            id: id, title: title,
            summary: "Shallow networks trained on the aligned cube T3 with k = d: every latent bit is a target. The paper's finding: with such low-dimensional targets, tanh representations are more disentangled than ReLU ones — each latent is coded along parallel directions (PS) and a decoder trained on some conditions generalises to the others (CCGP). Claims compare the final network means per (d, c, latent). Not included: the T2 multi-output variant of SPEC §6.",
            settings: [ReportSetting("networks", "\(results.count)"),
                       ReportSetting("networks per setting", "\(networks)"),
                       ReportSetting("nonlinearities", E5Disentanglement.nonlinearities.joined(separator: ", ")),
                       ReportSetting("d = k", dimensions(scale).map(String.init).joined(separator: ", ")),
                       ReportSetting("c", "\(cCount(scale)) values, linspace(0, c_max, \(cCount(scale))), c_max = √(d/(2^d − 1))"),
                       ReportSetting("task", "aligned_cube scale 0, N = 100, σ = 1; embedding drawn per network from its seed"),
                       ReportSetting("PS variant", dimensions(scale).map { "d = \($0): \(E5Disentanglement.psVariant(d: $0))" }.joined(separator: "; ")),
                       ReportSetting("CCGP", "leave one condition per side out (≤ 100 splits), linear SVM (C = 1)")]
                + ShallowReference.settingsRows(schedule),
            figures: figures,
            claims: [psClaim, ccgpClaim])
    }
}
