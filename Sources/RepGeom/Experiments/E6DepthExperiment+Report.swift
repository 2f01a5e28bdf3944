import Foundation

/// E6's report: per-layer curves (one panel per task × depth), last-hidden-layer summaries
/// against depth, and the claim checks.
///
/// Claim criteria (fixed before any result was seen): at each matched setting (task, c, depth —
/// everything but the nonlinearity) compare the network means of tanh and relu, (a) at the last
/// hidden layer and (b) averaged over the hidden layers 1…L; a claim passes at a layer summary
/// when the predicted sign holds (difference > 0) in ≥ 80 % of the matched settings. Why 80 %:
/// the paper's claim is a tendency across tasks, not an inequality at every point — at c = c_max
/// the task is unstructured and single-bit tasks with d = 3 are easy for both nonlinearities, so
/// a few near-ties are expected (and with 3 networks per setting at quick scale a tie can fall
/// either way); a fraction this high still fails when the effect is absent (≈ 50 %) or reversed.
extension E6DepthExperiment {
    /// The fraction of matched settings at which a claim's sign must hold.
    public static let requiredFraction = 0.8

    /// A per-network quantity read at one hidden layer: a measure narrowed to the variant and
    /// subjects that make sense for the network's task.
    struct Quantity: Sendable {
        var key: String
        var label: String
        var measure: String
        /// Variant for a network (nil: any).
        var variant: @Sendable (NetworkResult) -> String? = { _ in nil }
        /// Subjects to average over for a network (nil: any); an empty list means "not defined
        /// for this task" (no value).
        var subjects: @Sendable (NetworkResult) -> [String]? = { _ in nil }

        func selector(_ r: NetworkResult, layer: Int) -> RecordSelector? {
            let s = subjects(r)
            if let s, s.isEmpty { return nil }
            var sel = RecordSelector(measure, layer: layer, variant: variant(r))
            sel.subjects = s
            return sel
        }

        func value(_ r: NetworkResult, layer: Int) -> Double? {
            selector(r, layer: layer).flatMap { r.value($0) }
        }
    }

    static func depth(_ r: NetworkResult) -> Int? { r.job.setting["depth"]?.number.map { Int($0) } }
    static func conditions(_ r: NetworkResult) -> Int? {
        guard let k = r.job.setting["task"]?.description else { return nil }
        if k == "T3" { return r.job.setting["d"]?.number.map { 1 << Int($0) } }
        return r.job.setting["P"]?.number.map { Int($0) }
    }
    static func trainedNames(_ r: NetworkResult) -> [String] {
        guard let k = r.job.setting["k"]?.number.map({ Int($0) }) else { return [] }
        return (1...max(1, k)).map { "y\($0)" }
    }
    /// The latent bits that are not targets (T3 with k < d: bits k+1…d); none for T4.
    static func untrainedLatentNames(_ r: NetworkResult) -> [String] {
        guard r.job.setting["task"]?.description == "T3", let d = r.job.setting["d"]?.number.map({ Int($0) }),
              let k = r.job.setting["k"]?.number.map({ Int($0) }), k < d else { return [] }
        return (k + 1...d).map { "b\($0)" }
    }
    /// PS "max" enumerates pairings up to 8 conditions per side; larger tasks (d = 5) use "distsum".
    static func psVariant(_ r: NetworkResult) -> String { (conditions(r) ?? 0) / 2 <= ParallelismScore.maxEnumeratedSide ? "max" : "distsum" }

    static let targetAlignment = Quantity(key: "target_alignment", label: "target alignment A(Kz, Ky)", measure: "target_alignment")
    static let inputAlignment = Quantity(key: "input_alignment", label: "input alignment A(Kz, Kx)", measure: "input_alignment")
    static let psTrained = Quantity(key: "ps_trained", label: "PS of the trained dichotomies", measure: "ps",
                                    variant: { psVariant($0) }, subjects: { trainedNames($0) })
    static let ccgpTrained = Quantity(key: "ccgp_trained", label: "CCGP of the trained dichotomies", measure: "ccgp",
                                      subjects: { trainedNames($0) })
    static let decodingUntrained = Quantity(key: "decoding_untrained", label: "decoding of untrained latent bits", measure: "decoding",
                                            subjects: { untrainedLatentNames($0) })

    /// Per network: the quantity at its last hidden layer, and its mean over hidden layers 1…L
    /// (nil when a layer lacks it). As results with one record each (layer 0), so the kit's
    /// `ClaimComparison` and curves read them like any record.
    static func summaries(_ results: [NetworkResult], _ q: Quantity) -> (last: [NetworkResult], mean: [NetworkResult]) {
        var last: [NetworkResult] = [], mean: [NetworkResult] = []
        for r in results {
            guard let depth = depth(r), depth >= 1 else { continue }
            let values = (1...depth).map { q.value(r, layer: $0) }
            if let v = values.last!, v.isFinite {
                last.append(NetworkResult(job: r.job, configuration: r.configuration, version: r.version,
                                          records: [MeasureRecord(epoch: 0, layer: 0, measure: q.key, variant: "last_hidden_layer", value: v)]))
            }
            if values.allSatisfy({ $0 != nil }) {
                let m = values.map { $0! }.reduce(0, +) / Double(depth)
                mean.append(NetworkResult(job: r.job, configuration: r.configuration, version: r.version,
                                          records: [MeasureRecord(epoch: 0, layer: 0, measure: q.key, variant: "mean_over_hidden_layers", value: m)]))
            }
        }
        return (last, mean)
    }

    /// Setting keys that are constant within a scale and only clutter the claim text.
    static let constantKeys: Set<String> = ["optimizer", "lr", "epochs", "train_samples", "test_samples", "samples_per_condition"]

    /// One claim check per layer summary: `a` − `b` > 0 in ≥ 80 % of matched settings, with the
    /// count per depth appended so a reader sees where it holds.
    static func claimChecks(_ claim: String, _ results: [NetworkResult], _ q: Quantity, a: String, b: String) -> [ClaimCheck] {
        let (last, mean) = summaries(results, q)
        return [(last, "last hidden layer"), (mean, "mean over hidden layers")].map { derived, where_ in
            let comparison = ClaimComparison(derived, RecordSelector(q.key, layer: nil), a: a, b: b, ignoring: constantKeys)
            var check = comparison.check("\(claim) [\(where_)]", requiredFraction: requiredFraction)
            let byDepth = ResultGroups.values(of: "depth", in: derived).map { d -> String in
                let rows = comparison.rows.filter { matchesDepth($0.setting, d) }
                return "L=\(d): \(rows.filter { $0.a > $0.b }.count)/\(rows.count)"
            }
            check.measured += " (by depth: " + byDepth.joined(separator: ", ") + ")"
            return check
        }
    }

    /// Whether a setting text names depth `d` exactly (so "depth=1" does not match "depth=10").
    static func matchesDepth(_ setting: String, _ d: ParameterValue) -> Bool {
        setting.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains("depth=\(d)")
    }

    static func taskLabel(_ r: NetworkResult) -> String {
        let s = r.job.setting
        let family = s["task"]?.description ?? "?"
        let size = family == "T3" ? "d=\(s["d"]?.description ?? "?")" : "P=\(s["P"]?.description ?? "?")"
        return "\(family) \(size) k=\(s["k"]?.description ?? "?")"
    }

    /// Results split by task (in grid order of first appearance).
    static func byTask(_ results: [NetworkResult]) -> [(label: String, results: [NetworkResult])] {
        var order: [String] = [], groups: [String: [NetworkResult]] = [:]
        for r in results {
            let l = taskLabel(r)
            if groups[l] == nil { order.append(l) }
            groups[l, default: []].append(r)
        }
        return order.map { ($0, groups[$0]!) }
    }

    static let dashes: [LineDash] = [.solid, .dashed, .dotted]

    /// Series per nonlinearity × c: colour by nonlinearity, dash by c.
    static func styled(_ results: [NetworkResult], cPercents: [ParameterValue],
                       _ make: ([NetworkResult]) -> LineSeries?) -> [LineSeries] {
        var out: [LineSeries] = []
        for f in nonlinearities {
            for (i, c) in cPercents.enumerated() {
                let mine = results.filter { $0.job.setting["nonlinearity"]?.description == f && $0.job.setting["c_percent"]?.number == c.number }
                guard !mine.isEmpty, var s = make(mine) else { continue }
                s.name = cPercents.count > 1 ? "\(f), c = \(c)% c_max" : f
                s.color = f == "tanh" ? Palette.tanh : Palette.relu
                s.dash = dashes[i % dashes.count]
                out.append(s)
            }
        }
        return out
    }

    /// Per-layer figure: rows = tasks, columns = depths.
    static func perLayerFigure(_ results: [NetworkResult], _ q: Quantity, name: String, yRange: ClosedRange<Double>?,
                               reference: Double? = nil, caption: String) -> ReportFigure? {
        let depths = ResultGroups.values(of: "depth", in: results).compactMap { $0.number.map { Int($0) } }
        let cPercents = ResultGroups.values(of: "c_percent", in: results)
        var panels: [any Plot] = []
        for (label, taskResults) in byTask(results) {
            guard taskResults.contains(where: { r in (1...max(1, depth(r) ?? 1)).contains { q.value(r, layer: $0) != nil } }) else { continue }
            for d in depths {
                let mine = taskResults.filter { depth($0) == d }
                let layers = Array(1...d)
                let series = styled(mine, cPercents: cPercents) { group in
                    LineSeries.summarising(name: "", x: layers.map(Double.init),
                                           samples: layers.map { l in group.compactMap { q.value($0, layer: l) } })
                }
                panels.append(LinePlot(title: "\(label) · depth \(d)",
                                       x: Axis("hidden layer", range: 0.5...(Double(d) + 0.5), ticks: d <= 5 ? layers.map(Double.init) : [1, 2, 4, 6, 8, 10].filter { $0 <= Double(d) }),
                                       y: Axis(q.label, range: yRange), series: series,
                                       referenceLines: reference.map { [ReferenceLine(.horizontal, at: $0, label: "chance")] } ?? []))
            }
        }
        guard !panels.isEmpty else { return nil }
        return SmallMultiples(title: "\(q.label) per hidden layer, tanh vs relu", panels: panels, columns: max(1, depths.count),
                              panelSize: PlotSize(width: 340, height: 260))
            .figure(name: name, caption: caption)
    }

    /// Last-hidden-layer summary against depth, one panel per task.
    static func versusDepthFigure(_ results: [NetworkResult], _ q: Quantity, name: String, yRange: ClosedRange<Double>?,
                                  caption: String) -> ReportFigure? {
        let depths = ResultGroups.values(of: "depth", in: results).compactMap(\.number)
        let cPercents = ResultGroups.values(of: "c_percent", in: results)
        var panels: [any Plot] = []
        for (label, taskResults) in byTask(results) {
            let (last, _) = summaries(taskResults, q)
            guard !last.isEmpty else { continue }
            let series = styled(last, cPercents: cPercents) { group in
                LineSeries.summarising(name: "", x: depths, samples: depths.map { d in
                    group.filter { $0.job.setting["depth"]?.number == d }.compactMap { $0.value(RecordSelector(q.key, layer: nil)) }
                })
            }
            panels.append(LinePlot(title: label, x: Axis("depth L", range: 0...(depths.max()! + 1), ticks: depths), y: Axis(q.label, range: yRange),
                                   series: series))
        }
        guard !panels.isEmpty else { return nil }
        return SmallMultiples(title: "\(q.label) at the last hidden layer vs depth", panels: panels, columns: 3,
                              panelSize: PlotSize(width: 340, height: 260))
            .figure(name: name, caption: caption)
    }

    /// Final test accuracy against depth (did every network learn its task?).
    static func accuracyFigure(_ results: [NetworkResult]) -> ReportFigure? {
        let q = Quantity(key: "test_accuracy", label: "final test accuracy", measure: "test_accuracy")
        let depths = ResultGroups.values(of: "depth", in: results).compactMap(\.number)
        let cPercents = ResultGroups.values(of: "c_percent", in: results)
        var panels: [any Plot] = []
        for (label, taskResults) in byTask(results) {
            let series = styled(taskResults, cPercents: cPercents) { group in
                LineSeries.summarising(name: "", x: depths, samples: depths.map { d in
                    group.filter { $0.job.setting["depth"]?.number == d }.compactMap { r in depth(r).flatMap { q.value(r, layer: $0 + 1) } }
                })
            }
            panels.append(LinePlot(title: label, x: Axis("depth L", range: 0...((depths.max() ?? 1) + 1), ticks: depths),
                                   y: Axis("final test accuracy", range: 0.4...1.0), series: series,
                                   referenceLines: [ReferenceLine(.horizontal, at: 0.5, label: "chance")]))
        }
        guard !panels.isEmpty else { return nil }
        return SmallMultiples(title: "Final test accuracy vs depth", panels: panels, columns: 3, panelSize: PlotSize(width: 340, height: 260))
            .figure(name: "test_accuracy_vs_depth",
                    caption: "Mean ± s.d. over networks of the final test accuracy (fraction of correct output signs, averaged over the k outputs; chance 0.5): the geometry compares networks that learned their task.")
    }

    public func report(_ results: [NetworkResult], scale: ExperimentScale) throws -> ExperimentReport {
        let g = grid(scale)
        let spread = "Mean ± s.d. over the networks of each setting; colour = nonlinearity"
            + (ResultGroups.values(of: "c_percent", in: results).count > 1 ? ", line style = c (solid 0, dashed ½, dotted 1 × c_max)." : ".")
        var figures: [ReportFigure] = []
        figures += [Self.versusDepthFigure(results, Self.targetAlignment, name: "target_alignment_vs_depth", yRange: 0...1,
                                           caption: "Target alignment of the last hidden layer after training against depth. " + spread),
                    Self.versusDepthFigure(results, Self.inputAlignment, name: "input_alignment_vs_depth", yRange: 0...1,
                                           caption: "Input alignment of the last hidden layer after training against depth. " + spread),
                    Self.perLayerFigure(results, Self.targetAlignment, name: "target_alignment_per_layer", yRange: 0...1,
                                        caption: "Target alignment A(Kz, Ky) of each hidden layer's condition representations after training (rows: tasks; columns: depth). " + spread),
                    Self.perLayerFigure(results, Self.inputAlignment, name: "input_alignment_per_layer", yRange: 0...1,
                                        caption: "Input alignment A(Kz, Kx) of each hidden layer after training. " + spread),
                    Self.perLayerFigure(results, Self.psTrained, name: "ps_per_layer", yRange: nil,
                                        caption: "Parallelism score of the trained dichotomies (mean over outputs y1…yk) per hidden layer; variant max (exact over pairings) for P = 8, distsum for P = 32. " + spread),
                    Self.perLayerFigure(results, Self.ccgpTrained, name: "ccgp_per_layer", yRange: 0.4...1, reference: 0.5,
                                        caption: "CCGP (leave one condition per side out, linear SVM, test noise σ = 0.5) of the trained dichotomies per hidden layer. " + spread),
                    Self.perLayerFigure(results, Self.decodingUntrained, name: "untrained_decoding_per_layer", yRange: 0.4...1, reference: 0.5,
                                        caption: "Cross-validated decoding accuracy of the latent bits that are not targets (T3 with k = 1: bits 2…d), per hidden layer. " + spread),
                    Self.accuracyFigure(results)].compactMap { $0 }

        var claimChecks: [ClaimCheck] = []
        claimChecks += Self.claimChecks(claims[0], results, Self.targetAlignment, a: "tanh", b: "relu")
        claimChecks += Self.claimChecks(claims[1], results, Self.inputAlignment, a: "relu", b: "tanh")
        claimChecks += Self.claimChecks(claims[2], results, Self.psTrained, a: "tanh", b: "relu")
        claimChecks += Self.claimChecks(claims[3], results.filter { !Self.untrainedLatentNames($0).isEmpty }, Self.decodingUntrained,
                                        a: "relu", b: "tanh")

        let optimizers = ResultGroups.values(of: "optimizer", in: results).map(\.description)
        let lrs = ResultGroups.values(of: "lr", in: results).map(\.description)
        return ExperimentReport(
            id: id, title: title,
            summary: "Deep MLPs (every hidden layer \(Self.width) units, the same nonlinearity in each, frozen readout) on T3 aligned cubes "
                + "(d = 3 and 5, k ∈ {1, d}, scale 0) and T4 random kernels (P = 8, k ∈ {1, 3}, scale \(Self.t4Scale)), tanh vs relu, at depths "
                + g.depths.map(String.init).joined(separator: ", ") + ". Every geometry measure is computed at every hidden layer of the trained network "
                + "(condition representations = activity for the noise-free means; CCGP and decoding from fresh samples at σ = 0.5). "
                + "Claims compare tanh and relu at matched (task, c, depth), at the last hidden layer and averaged over the hidden layers.",
            settings: [ReportSetting("networks", "\(results.count)"),
                       ReportSetting("networks per setting", "\(g.replicates)"),
                       ReportSetting("depths L", g.depths.map(String.init).joined(separator: ", ")),
                       ReportSetting("width", "\(Self.width) per hidden layer"),
                       ReportSetting("tasks", Self.tasks.map(\.label).joined(separator: "; ")),
                       ReportSetting("c", g.cPercents.map { "\($0) %" }.joined(separator: ", ") + " of each task's c_max"),
                       ReportSetting("optimiser", (optimizers.isEmpty ? [optimizer] : optimizers).joined(separator: ", ")
                                        + " (lr " + (lrs.isEmpty ? ["\(Self.learningRate(optimizer))"] : lrs).joined(separator: ", ") + "), batch 64, BCE loss"),
                       ReportSetting("epochs", "\(g.epochs)"),
                       ReportSetting("training / test samples", "\(g.trainSamples) / \(g.testSamples) (σ = 1)"),
                       ReportSetting("measure samples", "\(g.samplesPerCondition) per condition at σ = 0.5"),
                       ReportSetting("claim criterion", "predicted sign of tanh − relu in ≥ \(Int(Self.requiredFraction * 100)) % of matched (task, c, depth)")],
            figures: figures,
            claims: claimChecks)
    }
}
