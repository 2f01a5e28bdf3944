import Foundation

/// E8 (SPEC §6): dissection of the nonlinearity on T3 AlignedCube (d = 3, k = 1). Which
/// property of tanh makes its representations target-aligned: saturation on both sides, or
/// where the origin sits relative to the kink / flat region?
///
/// Variants (`family` setting), each trained at every c of the grid:
/// - `reference`: tanh and relu;
/// - `bounded_relu`: min(max(u, 0), ub), ub ∈ {1, 1.5, 2} (relu saturating on both sides);
/// - `shifted_relu`: max(u + s, 0), s ∈ {±0.5, ±1} (the kink moved off the origin; s = 0 is relu);
/// - `bias_shift`: relu and tanh with every hidden bias shifted at initialisation, b ← b + s0,
///   s0 ∈ {±0.5, ±1}. For relu this is the same function class and the same gradients as
///   shifted_relu:s0 (max(u + b + s0, 0) with b trained), so the two families must agree — a
///   built-in cross-check; for tanh it moves the operating point off the centre of symmetry;
/// - `clip`: min(max(u, lo), hi) over lo ∈ {−∞, −2, −1, −0.5, 0} × hi ∈ {0.5, 1, 2, ∞} — the
///   phase diagram. `sides` = number of finite bounds ("none" = linear, "one", "two").
///
/// Measured: target and input alignment of hidden layer 1 (condition means, linear Gretton CKA)
/// at epoch 0 and the end, training accuracy at the readout.
public struct E8NonlinearityDissection: Experiment {
    public init() {}

    public var id: String { "E8" }
    public var title: String { "Dissection of the nonlinearity: saturation and the position of the kink (T3)" }
    public var claims: [String] {
        ["Saturation on both sides drives target alignment: two-sided clips (finite lo and hi) are more target-aligned than one-sided clips (one infinite bound) at matched c.",
         "Bounded ReLU (saturating on both sides) is more target-aligned than ReLU at matched c, for every upper bound ub.",
         "Where the origin sits relative to the kink modulates target alignment: shifted ReLU with s = −1 and s = +1 differ measurably.",
         "A bias shift at initialisation modulates target alignment: relu with s0 = −1 vs +1, and tanh with s0 = 0 vs |s0| = 1, differ measurably."]
    }

    /// The grid of one scale.
    public struct Grid: Sendable, Equatable {
        public var cs: [Double]
        public var boundedUpper: [Double]
        public var shifts: [Double]
        public var biasShifts: [Double]
        public var clipLo: [Double]
        public var clipHi: [Double]
        public var replicates: Int
        public var epochs: Int
        public var trainSamples: Int
    }

    public static let d = 3, k = 1
    public static var cMax: Double { (Double(k) / Double((1 << d) - 1)).squareRoot() }

    /// Paper: SPEC §2/§3/§6 (c ∈ linspace(0, c_max, 12), 10 networks, 1000 epochs, 5000 samples).
    /// Quick: three c, fewer shifts and clip cells, 3 networks, fewer epochs and samples.
    public static func grid(_ scale: ExperimentScale) -> Grid {
        switch scale {
        case .paper:
            return Grid(cs: linspace(0, cMax, 12), boundedUpper: [1, 1.5, 2], shifts: [-1, -0.5, 0.5, 1],
                        biasShifts: [-1, -0.5, 0.5, 1], clipLo: [-.infinity, -2, -1, -0.5, 0], clipHi: [0.5, 1, 2, .infinity],
                        replicates: 10, epochs: 1000, trainSamples: ConditionTask.referenceTrainCount)
        case .quick:
            return Grid(cs: linspace(0, cMax, 3), boundedUpper: [1, 1.5, 2], shifts: [-1, 1],
                        biasShifts: [-1, 1], clipLo: [-.infinity, -1, 0], clipHi: [1, .infinity],
                        replicates: 3, epochs: 200, trainSamples: 2000)
        }
    }

    static func linspace(_ a: Double, _ b: Double, _ n: Int) -> [Double] {
        n == 1 ? [a] : (0..<n).map { a + (b - a) * Double($0) / Double(n - 1) }
    }

    public static let hiddenUnits = 128
    public static let batchSize = 64
    public static let inputDimension = 100
    public static let testSamples = 1000

    /// One variant: its family, nonlinearity and bias shift (and for clips the number of finite bounds).
    public struct Variant: Sendable, Equatable {
        public var family: String
        public var activation: Activation
        public var biasShift: Double
        public var sides: String?
    }

    public static func variants(_ g: Grid) -> [Variant] {
        var v: [Variant] = [Variant(family: "reference", activation: .tanh, biasShift: 0),
                            Variant(family: "reference", activation: .relu, biasShift: 0)]
        v += g.boundedUpper.map { Variant(family: "bounded_relu", activation: .boundedReLU(upper: $0), biasShift: 0) }
        v += g.shifts.map { Variant(family: "shifted_relu", activation: .shiftedReLU(shift: $0), biasShift: 0) }
        for base in [Activation.relu, .tanh] {
            v += g.biasShifts.map { Variant(family: "bias_shift", activation: base, biasShift: $0) }
        }
        for hi in g.clipHi {
            for lo in g.clipLo {
                let finite = (lo.isFinite ? 1 : 0) + (hi.isFinite ? 1 : 0)
                v.append(Variant(family: "clip", activation: .clip(lo: lo, hi: hi), biasShift: 0,
                                 sides: ["none", "one", "two"][finite]))
            }
        }
        return v
    }

    public func jobs(scale: ExperimentScale) throws -> [SweepJob] {
        let g = Self.grid(scale)
        var jobs: [SweepJob] = []
        for variant in Self.variants(g) {
            for c in g.cs {
                var setting: [String: ParameterValue] = [
                    "nonlinearity": .string(variant.activation.name), "family": .string(variant.family),
                    "bias_shift": .double(variant.biasShift), "c": .double(c),
                    "epochs": .int(g.epochs), "train_samples": .int(g.trainSamples)]
                if let sides = variant.sides { setting["sides"] = .string(sides) }
                for seed in 0..<g.replicates {
                    jobs.append(SweepJob(experiment: id, setting: setting, seed: UInt64(seed)))
                }
            }
        }
        return jobs
    }

    /// The run configuration of a job (everything but the seed).
    public static func configuration(_ job: SweepJob) throws -> RunConfiguration {
        let c = try job.number("c")
        let task = try TaskSpec(parsing: "aligned_cube:d=\(d),k=\(k),c=\(ParameterText.format(c)),scale=0,N=\(inputDimension),sigma=1")
        var network = NetworkSpec()
        network.hiddenWidths = [hiddenUnits]
        network.activation = try Activation(parsing: try job.string("nonlinearity"), location: "E8 nonlinearity")
        network.biasShift = try job.number("bias_shift")
        var training = TrainingOptions()
        training.epochs = try job.integer("epochs")
        training.batchSize = batchSize
        training.checkpointEvery = max(1, training.epochs / 10)
        return RunConfiguration(task: task, network: network, training: training,
                                trainSamples: try job.integer("train_samples"), testSamples: testSamples,
                                taskGeometry: .perNetwork)
    }

    /// Alignment from the condition means only (no noisy samples needed).
    public static let plan = CheckpointMeasurePlan(samplesPerCondition: 0, sampleNoise: 0.5, stride: 1_000_000, measures: [.alignment])

    public func run(_ job: SweepJob) throws -> NetworkResult {
        try ConditionRun(configuration: try Self.configuration(job), plan: Self.plan).run(job)
    }

    // MARK: - Report

    static let target = RecordSelector("target_alignment")
    static let input = RecordSelector("input_alignment")
    static let accuracy = RecordSelector("train_accuracy", layer: 2)
    /// Pre-declared: comparisons must hold in ≥ 90 % of matched settings; "measurably" means a
    /// difference of more than 2 standard errors.
    public static let requiredFraction = 0.9
    public static let standardErrors = 2.0

    public func report(_ results: [NetworkResult], scale: ExperimentScale) throws -> ExperimentReport {
        let g = Self.grid(scale)
        func family(_ name: String) -> [NetworkResult] { ResultGroups.filter(results, ["family": .string(name)]) }
        let reference = family("reference")
        let relu = ResultGroups.filter(reference, ["nonlinearity": .string("relu")])
        let tanh = ResultGroups.filter(reference, ["nonlinearity": .string("tanh")])
        var figures: [ReportFigure] = []
        let caption = "Final value (epoch \(g.epochs)), mean ± s.d. over networks (\(g.replicates) per point), hidden layer; T3 d = \(Self.d), k = \(Self.k), c_max = \(String(format: "%.3f", Self.cMax))."

        func pair(_ title: String, _ name: String, _ rs: [NetworkResult], groupBy: String = "nonlinearity",
                  label: @escaping (ParameterValue) -> String = { $0.description }) -> ReportFigure {
            let panels: [any Plot] = [(Self.target, "target alignment A(Kz, Ky)"), (Self.input, "input alignment A(Kz, Kx)")].map { sel, y in
                LinePlot(title: y, x: Axis("input–target alignment c"), y: Axis(y, range: 0...1),
                         series: ResultCurves.versus("c", rs, sel, groupBy: groupBy, label: label))
            }
            return SmallMultiples(title: title, panels: panels, columns: 2).figure(name: name, caption: caption)
        }
        figures.append(pair("Bounded ReLU min(max(u, 0), ub) vs ReLU and tanh", "bounded_relu", reference + family("bounded_relu")))
        figures.append(pair("Shifted ReLU max(u + s, 0): the kink moved off the origin", "shifted_relu", relu + tanh + family("shifted_relu")))

        // Bias shift: one panel per base nonlinearity and measure; series named bias_shift:s0 (s0 = 0 is the reference).
        var biasPanels: [any Plot] = []
        for (sel, y) in [(Self.target, "target alignment"), (Self.input, "input alignment")] {
            for base in ["relu", "tanh"] {
                let rs = ResultGroups.filter(reference + family("bias_shift"), ["nonlinearity": .string(base)])
                biasPanels.append(LinePlot(title: "\(base): \(y)", x: Axis("input–target alignment c"), y: Axis(y, range: 0...1),
                                           series: ResultCurves.versus("c", rs, sel, groupBy: "bias_shift",
                                                                       label: { "bias_shift:" + ParameterText.format($0.number ?? .nan) })))
            }
        }
        figures.append(SmallMultiples(title: "Bias shift at initialisation b ← b + s0, relu and tanh", panels: biasPanels, columns: 2)
            .figure(name: "bias_shift", caption: caption + " bias_shift:0 is the unshifted network."))

        // Clip phase diagram.
        let clips = family("clip")
        if !clips.isEmpty {
            let lo = g.clipLo, hi = g.clipHi
            func cell(_ rs: [NetworkResult], _ sel: RecordSelector, _ l: Double, _ h: Double, c: Double?) -> Double {
                let name = Activation.clip(lo: l, hi: h).name
                var mine = ResultGroups.filter(rs, ["nonlinearity": .string(name)])
                if let c { mine = ResultGroups.filter(mine, ["c": .double(c)]) }
                // Mean over c of the network means at each c (each c weighs the same).
                let perC = ResultGroups.split(mine, by: "c").compactMap { ResultGroups.meanAndSpread($0.results, sel)?.mean }
                return perC.isEmpty ? .nan : perC.reduce(0, +) / Double(perC.count)
            }
            func heatmap(_ sel: RecordSelector, _ what: String, c: Double?) -> Heatmap {
                Heatmap(title: c.map { "c = " + String(format: "%.3f", $0) } ?? "\(what), mean over c",
                        xLabel: "lower bound lo", yLabel: "upper bound hi", x: lo, y: hi,
                        values: hi.map { h in lo.map { l in cell(clips, sel, l, h, c: c) } },
                        colorScale: ColorScale(what, range: 0...1))
            }
            figures.append(SmallMultiples(title: "Phase diagram of clip(u, lo, hi) = min(max(u, lo), hi), mean over c",
                                          panels: [heatmap(Self.target, "target alignment", c: nil), heatmap(Self.input, "input alignment", c: nil)],
                                          columns: 2, panelSize: PlotSize(width: 460, height: 340))
                .figure(name: "clip_phase", caption: "Mean over the \(g.cs.count) values of c of the network-mean final alignment. lo = −∞ or hi = ∞: one-sided (clip(0, ∞) = relu, clip(−∞, ∞) = linear); finite lo and hi: saturating on both sides (clip(−1, 1) = hardtanh)."))
            let cs = ResultGroups.values(of: "c", in: clips).compactMap(\.number)
            figures.append(SmallMultiples(title: "Target alignment of clip(u, lo, hi) at each c", panels: cs.map { heatmap(Self.target, "target alignment", c: $0) },
                                          columns: min(4, cs.count), panelSize: PlotSize(width: 400, height: 300))
                .figure(name: "clip_phase_per_c", caption: "Network-mean final target alignment per cell at each input–target alignment c."))
        }

        return ExperimentReport(
            id: id, title: title,
            summary: "T3 AlignedCube (d = \(Self.d), k = \(Self.k), N = \(Self.inputDimension), σ = 1, scale 0) at input–target alignments c; one hidden layer of \(Self.hiddenUnits) units, frozen Gaussian readout, SGD (lr 0.1, batch \(Self.batchSize)), BCE. The nonlinearity is varied between relu and tanh: bounded relu adds an upper saturation to relu, shifted relu and a bias shift move the origin relative to the kink, and the clip(lo, hi) grid varies one- vs two-sided saturation continuously. Look at whether saturating on both sides (finite lo and hi, bounded relu) raises target alignment towards tanh's.",
            settings: [ReportSetting("networks", "\(results.count)"),
                       ReportSetting("networks per setting", "\(g.replicates)"),
                       ReportSetting("c", g.cs.map { String(format: "%.3f", $0) }.joined(separator: ", ")),
                       ReportSetting("bounded relu ub", g.boundedUpper.map { ParameterText.format($0) }.joined(separator: ", ")),
                       ReportSetting("shifted relu s", g.shifts.map { ParameterText.format($0) }.joined(separator: ", ")),
                       ReportSetting("bias shift s0 (relu, tanh)", g.biasShifts.map { ParameterText.format($0) }.joined(separator: ", ")),
                       ReportSetting("clip lo × hi", g.clipLo.map { ParameterText.format($0) }.joined(separator: ", ") + " × " + g.clipHi.map { ParameterText.format($0) }.joined(separator: ", ")),
                       ReportSetting("N_h, batch, epochs", "\(Self.hiddenUnits), \(Self.batchSize), \(g.epochs)"),
                       ReportSetting("training / test samples", "\(g.trainSamples) / \(Self.testSamples)")],
            figures: figures,
            claims: [twoSidedCheck(clips), boundedCheck(reference + family("bounded_relu"), g),
                     shiftedCheck(relu + family("shifted_relu"), g), biasShiftCheck(reference + family("bias_shift"), g)])
    }

    func twoSidedCheck(_ clips: [NetworkResult]) -> ClaimCheck {
        ClaimComparison(clips, Self.target, key: "sides", a: "two", b: "one", ignoring: ["nonlinearity", "family"])
            .check(claims[0], requiredFraction: Self.requiredFraction)
    }

    func boundedCheck(_ results: [NetworkResult], _ g: Grid) -> ClaimCheck {
        let comparisons = g.boundedUpper.map { ub in
            ClaimComparison(results, Self.target, a: Activation.boundedReLU(upper: ub).name, b: "relu", ignoring: ["family"])
        }
        return Self.merged(comparisons, claim: claims[1], requiredFraction: Self.requiredFraction)
    }

    /// One check over several comparisons' rows (each row a matched setting of one pair).
    static func merged(_ comparisons: [ClaimComparison], claim: String, requiredFraction: Double) -> ClaimCheck {
        let rows = comparisons.flatMap { c in c.rows.map { (c.a, c.b, $0) } }
        let held = rows.filter { $0.2.a > $0.2.b }.count
        let needed = Int((requiredFraction * Double(rows.count)).rounded(.up))
        var listed = rows.prefix(12).map { String(format: "%@: %@ %.3f vs %@ %.3f", $0.2.setting, $0.0, $0.2.a, $0.1, $0.2.b) }
        if rows.count > 12 { listed.append("… (\(rows.count - 12) more)") }
        return ClaimCheck(claim: claim,
                          measured: "\(target), network means: " + listed.joined(separator: "; ") + " — holds in \(held) of \(rows.count)",
                          criterion: String(format: "first − second > 0 in ≥ %.0f %% of matched (variant, c) settings", 100 * requiredFraction),
                          passed: !rows.isEmpty && held >= needed)
    }

    /// Per-network-group summary over c: the mean over c of the network means, with its standard
    /// error sqrt(Σ_c se_c²)/n_c (the networks at different c are independent).
    public static func meanOverC(_ results: [NetworkResult], _ sel: RecordSelector) -> (mean: Double, se: Double, n: Int)? {
        let perC = ResultGroups.split(results, by: "c").compactMap { ResultGroups.meanAndSpread($0.results, sel) }
        guard !perC.isEmpty else { return nil }
        let mean = perC.map(\.mean).reduce(0, +) / Double(perC.count)
        let variance = perC.map { $0.n > 1 && $0.std.isFinite ? $0.std * $0.std / Double($0.n) : .nan }.reduce(0, +)
        return (mean, variance.squareRoot() / Double(perC.count), perC.map(\.n).reduce(0, +))
    }

    /// "a and b differ by more than `standardErrors` standard errors of the difference" as text and verdict.
    static func differs(_ a: (mean: Double, se: Double, n: Int), _ b: (mean: Double, se: Double, n: Int),
                        _ aName: String, _ bName: String) -> (text: String, passed: Bool) {
        let diff = a.mean - b.mean, se = (a.se * a.se + b.se * b.se).squareRoot()
        let passed = se.isFinite && abs(diff) > standardErrors * se
        return (String(format: "%@ %.3f ± %.3f vs %@ %.3f ± %.3f (mean over c ± s.e.; difference %.3f = %.1f s.e.)",
                       aName, a.mean, a.se, bName, b.mean, b.se, diff, se > 0 ? abs(diff) / se : .infinity), passed)
    }

    /// Whether the means over c are monotone along the sorted key values, as text.
    static func ordering(_ points: [(x: Double, mean: Double)], name: String) -> String {
        let sorted = points.sorted { $0.x < $1.x }
        let steps = zip(sorted, sorted.dropFirst()).map { $1.mean - $0.mean }
        let monotone = steps.allSatisfy { $0 > 0 } ? "increasing" : steps.allSatisfy { $0 < 0 } ? "decreasing" : "not monotone"
        return "\(name) → target alignment (mean over c): "
            + sorted.map { String(format: "%@ %.3f", ParameterText.format($0.x), $0.mean) }.joined(separator: ", ") + " (\(monotone))"
    }

    func shiftedCheck(_ results: [NetworkResult], _ g: Grid) -> ClaimCheck {
        // s = 0 is relu itself (reference family).
        func group(_ s: Double) -> [NetworkResult] {
            s == 0 ? ResultGroups.filter(results, ["nonlinearity": .string("relu")])
                   : ResultGroups.filter(results, ["nonlinearity": .string(Activation.shiftedReLU(shift: s).name)])
        }
        let points = ([0] + g.shifts).compactMap { s in Self.meanOverC(group(s), Self.target).map { (x: s, mean: $0.mean) } }
        let criterion = "|target alignment(s = −1) − target alignment(s = +1)| > \(ParameterText.format(Self.standardErrors)) s.e. of the difference (means over c)"
        guard let lo = Self.meanOverC(group(-1), Self.target), let hi = Self.meanOverC(group(1), Self.target) else {
            return ClaimCheck(claim: claims[2], measured: "no results for s = ±1", criterion: criterion, passed: false)
        }
        let d = Self.differs(hi, lo, "s = +1", "s = −1")
        return ClaimCheck(claim: claims[2], measured: d.text + "; " + Self.ordering(points, name: "s"), criterion: criterion, passed: d.passed)
    }

    func biasShiftCheck(_ results: [NetworkResult], _ g: Grid) -> ClaimCheck {
        func group(_ base: String, _ s0: [Double]) -> [NetworkResult] {
            results.filter { r in r.job.setting["nonlinearity"] == .string(base) && s0.contains(r.job.setting["bias_shift"]?.number ?? .nan) }
        }
        let criterion = "relu: |TA(s0 = −1) − TA(s0 = +1)| and tanh: |TA(s0 = 0) − TA(s0 = ±1)| both > \(ParameterText.format(Self.standardErrors)) s.e. of the difference (TA = target alignment, mean over c)"
        guard let rm = Self.meanOverC(group("relu", [-1]), Self.target), let rp = Self.meanOverC(group("relu", [1]), Self.target),
              let t0 = Self.meanOverC(group("tanh", [0]), Self.target), let t1 = Self.meanOverC(group("tanh", [-1, 1]), Self.target) else {
            return ClaimCheck(claim: claims[3], measured: "no results for s0 = 0, ±1", criterion: criterion, passed: false)
        }
        let r = Self.differs(rp, rm, "relu s0 = +1", "relu s0 = −1")
        let t = Self.differs(t0, t1, "tanh s0 = 0", "tanh |s0| = 1")
        let values = [0] + g.biasShifts
        let reluOrder = Self.ordering(values.compactMap { s in Self.meanOverC(group("relu", [s]), Self.target).map { (x: s, mean: $0.mean) } }, name: "relu s0")
        let tanhOrder = Self.ordering(values.compactMap { s in Self.meanOverC(group("tanh", [s]), Self.target).map { (x: s, mean: $0.mean) } }, name: "tanh s0")
        return ClaimCheck(claim: claims[3], measured: [r.text, t.text, reluOrder, tanhOrder].joined(separator: "; "),
                          criterion: criterion, passed: r.passed && t.passed)
    }
}
