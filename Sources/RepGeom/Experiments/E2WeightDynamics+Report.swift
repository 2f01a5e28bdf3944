import Foundation

/// E2's report: phase portraits (expected-gradient field + unit trajectories) per task and
/// nonlinearity, the displacement shares and selectivity over networks, and the claim checks.
extension E2WeightDynamicsExperiment {
    /// Results of one task variant and nonlinearity.
    struct Group {
        var task: TaskVariant
        var nonlinearity: String
        var results: [NetworkResult]
    }

    static func groups(_ results: [NetworkResult]) -> [Group] {
        var out: [Group] = []
        for task in tasks {
            for f in nonlinearities {
                let mine = results.filter { r in
                    guard let p = try? parse(r.job) else { return false }
                    return p.task == task && r.job.setting["nonlinearity"] == .string(f)
                }.sorted { $0.job.seed < $1.job.seed }
                out.append(Group(task: task, nonlinearity: f, results: mine))
            }
        }
        return out
    }

    /// The network-level record `measure`/`variant` at its last epoch (nil when absent).
    static func final(_ r: NetworkResult, _ measure: String, _ variant: String, layer: Int = 1) -> Double? {
        r.records.filter { $0.measure == measure && $0.variant == variant && $0.layer == layer && $0.subject == nil }
            .max { $0.epoch < $1.epoch }?.value
    }

    static func unitShares(_ r: NetworkResult) -> [Double] {
        r.records.filter { $0.measure == "unit_intra_share" }.map(\.value)
    }

    public func report(_ results: [NetworkResult], scale: ExperimentScale) throws -> ExperimentReport {
        let groups = Self.groups(results)
        func group(_ t: TaskVariant, _ f: String) -> Group { groups.first { $0.task == t && $0.nonlinearity == f }! }
        func perNetwork(_ g: Group, _ measure: String, _ variant: String, layer: Int = 1) -> [Double] {
            g.results.compactMap { Self.final($0, measure, variant, layer: layer) }
        }
        func fmt(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : "n/a" }
        func meanSD(_ x: [Double]) -> String {
            guard !x.isEmpty else { return "n/a" }
            let m = ResultSummary.meanAndStd(x)
            return "\(fmt(m.mean)) ± \(fmt(m.std))"
        }

        // MARK: Claims
        var checks: [ClaimCheck] = []
        for task in Self.tasks where task.hasInterClassAxis {
            let relu = perNetwork(group(task, "relu"), "intra_share", "mean")
            let tanh = perNetwork(group(task, "tanh"), "intra_share", "mean")
            let r = ResultSummary.meanAndStd(relu), t = ResultSummary.meanAndStd(tanh)
            let se = (relu.count > 1 && tanh.count > 1)
                ? (r.std * r.std / Double(relu.count) + t.std * t.std / Double(tanh.count)).squareRoot() : 0
            let diff = r.mean - t.mean
            checks.append(ClaimCheck(
                claim: "\(claims[0]) — \(task.label)",
                measured: "mean intra-class share per network: relu \(meanSD(relu)) vs tanh \(meanSD(tanh)) (mean ± sd over \(relu.count) and \(tanh.count) networks); difference \(fmt(diff)), 2 standard errors \(fmt(2 * se))",
                criterion: "relu mean − tanh mean > 0 and > 2 standard errors of the difference (Welch, over networks)",
                passed: !relu.isEmpty && !tanh.isEmpty && diff > 0 && diff > 2 * se))
        }
        for task in Self.tasks where task.hasInterClassAxis {
            let g = group(task, "tanh")
            let means = perNetwork(g, "intra_share", "mean")
            let units = g.results.flatMap(Self.unitShares)
            let below = units.filter { $0 < 0.5 }.count
            let fraction = units.isEmpty ? Double.nan : Double(below) / Double(units.count)
            let worst = means.max() ?? .nan
            checks.append(ClaimCheck(
                claim: "\(claims[1]) — \(task.label)",
                measured: "tanh mean intra-class share per network \(meanSD(means)) (largest \(fmt(worst)), \(means.count) networks); \(below) of \(units.count) units (\(fmt(fraction))) have intra share < 0.5",
                criterion: "every tanh network's mean intra share < 0.5 (|Δ·e_inter| exceeds |Δ·e_intra| on average) and ≥ 75 % of tanh units have intra share < 0.5",
                passed: !means.isEmpty && worst < 0.5 && fraction >= 0.75))
        }

        // MARK: Figures
        var figures: [ReportFigure] = []
        for task in Self.tasks {
            let panels = try Self.nonlinearities.compactMap { try Self.phasePortrait(task, group(task, $0)) }
            guard !panels.isEmpty else { continue }
            let plot = SmallMultiples(title: "\(task.label): expected-gradient field and unit trajectories",
                                      panels: panels.map(\.plot), columns: panels.count,
                                      panelSize: PlotSize(width: 470, height: 440))
            let notes = panels.map(\.note).joined(separator: " ")
            figures.append(plot.figure(
                name: "phase_\(task.name.lowercased())" + (task.delta.map { "_delta\(ParameterText.format($0))".replacingOccurrences(of: ".", with: "p") } ?? ""),
                caption: "Seed-\(Self.settings.trajectorySeed) network of each nonlinearity. Lines: the input weights of the hidden units that share one readout sign pattern (hence the same axes), projected on their inter-class axis e_inter (x) and intra-class axis e_intra (y) at the snapshot epochs (0, 1, 2, 3, 4, 5, 8, 11, …, last); open circle = initial weights, dot = final. Arrows: the expected negative gradient of the loss (SPEC §5, centred-label output error, derivative averaged over the input noise σ, including the radial noise term) on that plane, arrow length normalised, shade = magnitude; the weights' component off the plane is set to the group's median initial off-plane norm r. The field is the early-training field: it keeps pointing where the trajectories stop once the outputs approach the labels. \(task.hasInterClassAxis ? "" : "At δ = 0 the XOR puts x̄ and −x̄ in the same class, and a tanh network with b₁ = b₂ = 0 is an odd function of its input: it cannot learn the task (training accuracy stays near chance), and its centred-label field vanishes identically (f′ even: the pulls of x̄ and −x̄ cancel), so tanh units only drift with the sampling noise. ")\(notes)"))
        }

        let labels = Self.tasks.map(\.label)
        func series(_ values: (Group) -> [Double]) -> [CategorySeries] {
            Self.nonlinearities.map { f in
                CategorySeries(name: f, values: Self.tasks.map { values(group($0, f)) }, color: Palette.color(for: f))
            }
        }
        let shareAxis = Axis("intra-class share of displacement", range: 0...1)
        let unitViolins = CategoryPlot(title: "Per unit (all networks pooled)", categories: labels, y: shareAxis,
                                       series: series { $0.results.flatMap(Self.unitShares) }, style: .violins,
                                       showsPoints: false, referenceLines: [ReferenceLine(.horizontal, at: 0.5)])
        let networkBars = CategoryPlot(title: "Per network (mean over units)", categories: labels, y: shareAxis,
                                       series: series { perNetwork($0, "intra_share", "mean") }, style: .bars,
                                       referenceLines: [ReferenceLine(.horizontal, at: 0.5)])
        let single = CategoryPlot(title: "Single-condition selective units", categories: labels,
                                  y: Axis("fraction of tuned units", range: 0...1),
                                  series: series { perNetwork($0, "single_condition_fraction", "threshold_0.5") }, style: .bars)
        figures.append(SmallMultiples(title: "Where the weights moved: intra- vs inter-class displacement, tanh vs relu",
                                      panels: [unitViolins, networkBars, single], columns: 3,
                                      panelSize: PlotSize(width: 500, height: 360))
            .figure(name: "displacement_shares",
                    caption: "Intra-class share of each unit's total weight displacement Δ = w_final − w_initial, |Δ·e_intra| / (|Δ·e_inter| + |Δ·e_intra|) (0: moved purely along the inter-class axis, 1: purely along the intra-class axis; the inter-class share is 1 − this). Left: violins over every unit of every network (line = median, circle = mean). Middle: per-network means, bars = mean ± sd over networks, dots = networks. Right: fraction of tuned units whose final response to the noise-free means singles out one condition (normalised response > ½ for exactly one condition). T2 δ = 0 has no inter-class direction in the means (its axes are the δ → 0⁺ limit, e_inter = û₃, along which the means have no component), so only the sampling noise moves weights along e_inter and its shares are near 1; it is excluded from the claim checks; in the two-output T1 every readout sign pattern prefers a single condition, so single-condition selectivity is expected there for both nonlinearities."))

        // MARK: Settings
        let s = Self.settings
        var rows: [ReportSetting] = [
            ReportSetting("networks", "\(results.count)"),
            ReportSetting("networks per setting", "\(replicates(scale))"),
            ReportSetting("tasks", "T1: 4 random Gaussian patterns, N = \(s.t1Inputs), {0,1} vs {2,3}; T1 two outputs: {0,1}|{2,3} and {0,2}|{1,3}; T2: nudged XOR, N = \(s.t2Inputs), δ ∈ {0, 0.5, 1}; σ = \(ParameterText.format(s.noise)) everywhere"),
            ReportSetting("network", "\(s.network.hiddenWidths[0]) hidden units; frozen balanced-binary readout (±1/√120), b₂ = 0; W ~ Uniform(−1, 1)/√N; b₁ = 0, frozen"),
            ReportSetting("training", "SGD lr \(ParameterText.format(s.training.learningRate)), batch \(s.training.batchSize), \(s.trainSamples) training / \(s.testSamples) test samples; epochs: T1 \(epochs(Self.tasks[0], scale)), T2 \(epochs(Self.tasks[2], scale))"),
        ]
        for g in groups {
            let share = perNetwork(g, "intra_share", "mean"), sc = perNetwork(g, "single_condition_fraction", "threshold_0.5")
            let train = perNetwork(g, "train_accuracy", "logit_sign", layer: 2), test = perNetwork(g, "test_accuracy", "logit_sign", layer: 2)
            rows.append(ReportSetting("\(g.task.label), \(g.nonlinearity)",
                                      "intra share \(meanSD(share)); single-condition units \(meanSD(sc)); train accuracy \(meanSD(train)), test \(meanSD(test)) (\(g.results.count) networks)"))
        }
        return ExperimentReport(
            id: id, title: title,
            summary: "Shallow networks with the dynamics settings of SPEC §3 learn four-condition tasks; each hidden unit's input weights are followed on two axes of weight space (SPEC §5): the inter-class axis Σ_c s_c x̄_c (towards the unit's preferred class, away from the other) and the intra-class axis (separating conditions within the preferred class). The phase portraits show the expected-gradient field on that plane with the units' actual trajectories; the displacement figure gives the share of each unit's movement along the intra-class axis. The mechanism of SPEC §0: relu units specialise (move along the intra-class axis and end up responding to one condition), tanh units move along the inter-class axis and inherit the label structure. The claims are checked separately for each task that has an inter-class axis; T2 at δ = 0 (pure XOR: the class centroids coincide) is shown but not checked.",
            settings: rows, figures: figures, claims: checks)
    }

    // MARK: Phase portraits

    /// The phase-portrait panel of one group's trajectory network (nil when the group has no
    /// network of the trajectory seed or no stored trajectories), and a caption note.
    static func phasePortrait(_ task: TaskVariant, _ g: Group) throws -> (plot: VectorFieldPlot, note: String)? {
        guard let r = g.results.first(where: { $0.job.seed == settings.trajectorySeed }) else { return nil }
        // Stored trajectories: unit → epoch → (inter, intra, residual).
        var paths: [Int: [Int: (Double, Double, Double)]] = [:]
        for rec in r.records where rec.measure.hasPrefix("traj_") {
            guard let subject = rec.subject, subject.hasPrefix("unit"), let u = Int(subject.dropFirst(4)) else { continue }
            var p = paths[u, default: [:]][rec.epoch, default: (.nan, .nan, .nan)]
            switch rec.measure {
            case "traj_inter": p.0 = rec.value
            case "traj_intra": p.1 = rec.value
            case "traj_residual": p.2 = rec.value
            default: break
            }
            paths[u, default: [:]][rec.epoch] = p
        }
        guard !paths.isEmpty else { return nil }
        let activation = try Activation(parsing: g.nonlinearity)
        let condition = try taskSpec(task, seed: r.job.seed).make()
        let initial = initialNetwork(condition, activation: activation, seed: r.job.seed)
        let dynamics = try analysis(condition, variant: task, seed: r.job.seed, network: initial)
        guard let reference = dynamics.axes.first(where: { paths[$0.unit] != nil }) else { return nil }
        let column = dynamics.readout.column(reference.unit)
        let members = paths.keys.sorted().filter { dynamics.readout.column($0) == column && dynamics.axes(unit: $0) != nil }
        let lines: [[PlanePoint]] = members.map { u in
            paths[u]!.keys.sorted().map { e in let p = paths[u]![e]!; return PlanePoint(inter: p.0, intra: p.1, residual: p.2) }
        }
        let residuals = lines.compactMap { $0.first?.residual }.filter(\.isFinite).sorted()
        let r0 = residuals.isEmpty ? 0 : residuals[residuals.count / 2]
        let plane = dynamics.expectedGradient(unit: reference.unit).restricted(to: reference, orthogonalNorm: r0)
        let grid = PlaneGrid.covering(lines.flatMap { $0 }.filter { $0.inter.isFinite && $0.intra.isFinite }, margin: 0.06, count: 15)
        let field = plane.field(on: grid)
        var arrows: [FieldArrow] = []
        for (j, q) in grid.intraValues.enumerated() {
            for (i, p) in grid.interValues.enumerated() {
                let v = field[inter: i, intra: j]
                arrows.append(FieldArrow(x: p, y: q, dx: v.inter, dy: v.intra))
            }
        }
        // A field that vanishes identically (tanh on T2 at δ = 0) is rounding noise of order 1e-17:
        // draw it as zero rather than with a colour scale of noise.
        let vanishes = arrows.allSatisfy { Swift.abs($0.dx) < 1e-12 && Swift.abs($0.dy) < 1e-12 }
        if vanishes { arrows = arrows.map { FieldArrow(x: $0.x, y: $0.y, dx: 0, dy: 0) } }
        let color = Palette.color(for: g.nonlinearity)
        let trajectories = lines.map { Trajectory(series: g.nonlinearity, points: $0.map { PlotPoint($0.inter, $0.intra) }, color: color) }
        let preferred = "{" + reference.preferredClass.map(String.init).joined(separator: ",") + "}"
        let title = "\(g.nonlinearity): \(members.count) units preferring \(preferred)" + (vanishes ? " (field ≡ 0)" : "")
        let plot = VectorFieldPlot(title: title, x: Axis("w · e_inter (inter-class axis)"), y: Axis("w · e_intra (intra-class axis)"),
                                   arrows: arrows, trajectories: trajectories,
                                   arrowStyle: vanishes ? .scaledLength : .normalisedColoredByMagnitude, legend: .none)
        let note = "\(g.nonlinearity): intra axis from conditions \(reference.intraGroups.map { "{" + $0.map(String.init).joined(separator: ",") + "}" }.joined(separator: " ")) (\(reference.intraRule.rawValue)), r = \(String(format: "%.2f", r0))."
        return (plot, note)
    }
}
