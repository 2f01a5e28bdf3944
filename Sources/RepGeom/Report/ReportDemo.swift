import Foundation

/// A sample report from synthetic data that uses every plot type, for checking the look of
/// figures and page (`ReportDemo.reports()`, written by `ReportDemo.write(to:)`). The numbers
/// are made up (smooth curves plus seeded noise) and say nothing about the science.
public enum ReportDemo {
    /// Writes the sample report into `directory`/report (with a sample CSV for the file links).
    @discardableResult
    public static func write(to directory: URL, pngScale: Double? = 2) throws -> URL {
        try AtomicFile.write("c,nonlinearity,target_alignment\n0,tanh,0.91\n0,relu,0.62\n", to: directory.appendingPathComponent("D4/summary.csv"))
        let writer = ReportWriter(outputDirectory: directory, scale: "demo", date: Date(timeIntervalSince1970: 1_735_732_800),
                                  pngScale: pngScale, title: "repgeom sample report")
        return try writer.write(reports())
    }

    /// Synthetic experiment reports covering line plots (linear and log x, bands, reference
    /// lines), small multiples, the orthogonalised plane, a heatmap with missing cells, a vector
    /// field with trajectories, bars and violins — and passing and failing claims.
    public static func reports() -> [ExperimentReport] {
        var rng = RandomSource(seed: 20240117)
        return [overTraining(&rng), dynamics(&rng), alignmentSweep(&rng), dissection(&rng)]
    }

    static func noisy(_ v: Double, _ sd: Double, _ rng: inout RandomSource) -> Double { v + sd * rng.gaussian() }

    static func overTraining(_ rng: inout RandomSource) -> ExperimentReport {
        let epochs = [1.0, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        func curve(_ start: Double, _ end: Double, _ rate: Double, _ sd: Double) -> [[Double]] {
            epochs.map { e in (0..<20).map { _ in noisy(end + (start - end) * exp(-e / rate), sd, &rng) } }
        }
        let measures: [(String, String, (tanh: [[Double]], relu: [[Double]]))] = [
            ("Target alignment", "target alignment", (curve(0.35, 0.93, 60, 0.03), curve(0.35, 0.62, 80, 0.05))),
            ("Input alignment", "input alignment", (curve(0.8, 0.42, 60, 0.03), curve(0.8, 0.71, 80, 0.04))),
            ("Parallelism score", "PS (trained dichotomy)", (curve(0.1, 0.88, 50, 0.05), curve(0.1, 0.45, 90, 0.08))),
            ("CCGP", "CCGP (trained dichotomy)", (curve(0.5, 0.97, 40, 0.02), curve(0.5, 0.74, 70, 0.05))),
        ]
        let panels: [any Plot] = measures.map { title, label, data in
            LinePlot(title: title, x: Axis("epoch", scale: .log), y: Axis(label),
                     series: [LineSeries.summarising(name: "tanh", x: epochs, samples: data.tanh),
                              LineSeries.summarising(name: "relu", x: epochs, samples: data.relu)],
                     referenceLines: title == "CCGP" ? [ReferenceLine(.horizontal, at: 0.5, label: "chance")] : [])
        }
        let grid = SmallMultiples(title: "Geometry over training (random patterns, P = 4)", panels: panels, columns: 2)
        var single = LinePlot(title: "Target alignment over training", x: Axis("epoch"), y: Axis("target alignment", range: 0...1),
                              series: [LineSeries.summarising(name: "tanh", x: epochs, samples: measures[0].2.tanh, spread: .standardError),
                                       LineSeries.summarising(name: "relu", x: epochs, samples: measures[0].2.relu, spread: .standardError)])
        single.legend = .bottomRight
        return ExperimentReport(
            id: "D1", title: "Geometry over training (sample data)",
            summary: "Twenty synthetic networks per nonlinearity. Lines are means over networks; bands are ± one standard deviation.\n\nThis section exercises log-x line plots, bands, reference lines and small multiples with a shared legend.",
            settings: [ReportSetting("task", "random patterns, P = 4, N = 200, σ = 0.5"), ReportSetting("networks per setting", "20"),
                       ReportSetting("epochs", "1000 (log spacing of checkpoints)")],
            figures: [grid.figure(name: "geometry_vs_epoch", caption: "Target and input alignment, parallelism score and CCGP of the trained dichotomy over training. Means ± s.d. over 20 networks."),
                      single.figure(name: "target_alignment_linear", caption: "The same target alignment on a linear epoch axis, bands ± s.e.m.")],
            claims: [ClaimCheck(claim: "tanh becomes more target-aligned than relu", measured: "tanh 0.93 ± 0.03 vs relu 0.62 ± 0.05 at the last epoch",
                                criterion: "tanh mean − relu mean > 0.1 at the last epoch", passed: true),
                     ClaimCheck(claim: "relu retains more input alignment than tanh", measured: "relu 0.71 vs tanh 0.42",
                                criterion: "relu mean > tanh mean at the last epoch", passed: true)])
    }

    static func dynamics(_ rng: inout RandomSource) -> ExperimentReport {
        let xs = stride(from: -2.0, through: 2.0, by: 0.25).map { $0 }, ys = xs
        // One magnitude range for both panels, so equal shades mean equal magnitudes.
        func panel(_ name: String, relu: Bool) -> VectorFieldPlot {
            let field = FieldArrow.grid(x: xs, y: ys) { x, y in
                relu ? (0.3 * (1 - x * 0.2), 0.9 * y / (1 + abs(y)) * (1 + 0.5 * tanh(x))) : (1.2 / (1 + x * x), -0.4 * y)
            }
            var trajectories: [Trajectory] = []
            for _ in 0..<14 {
                var p = PlotPoint(rng.uniform(-1.2, 1.2), rng.uniform(-1.2, 1.2))
                var pts = [p]
                for _ in 0..<40 {
                    let (dx, dy) = relu ? (0.3 * (1 - p.x * 0.2), 0.9 * p.y / (1 + abs(p.y)) * (1 + 0.5 * tanh(p.x)))
                                        : (1.2 / (1 + p.x * p.x), -0.4 * p.y)
                    p = PlotPoint(p.x + 0.04 * dx, p.y + 0.04 * dy)
                    pts.append(p)
                }
                trajectories.append(Trajectory(series: name, points: pts))
            }
            return VectorFieldPlot(title: name, x: Axis("inter-class axis"), y: Axis("intra-class axis"),
                                   arrows: field, trajectories: trajectories,
                                   magnitudeScale: ColorScale("expected gradient norm", map: .greys, range: 0...1.4))
        }
        let grid = SmallMultiples(title: "Expected-gradient field and unit trajectories", panels: [panel("tanh", relu: false), panel("relu", relu: true)],
                                  columns: 2, panelSize: PlotSize(width: 470, height: 400))
        let shares = CategoryPlot(title: "Where hidden units move", xLabel: "nonlinearity", categories: ["tanh", "relu"],
                                  y: Axis("share of weight displacement", range: 0...1),
                                  series: [CategorySeries(name: "inter-class axis", values: [(0..<20).map { _ in noisy(0.8, 0.06, &rng) }, (0..<20).map { _ in noisy(0.35, 0.1, &rng) }]),
                                           CategorySeries(name: "intra-class axis", values: [(0..<20).map { _ in noisy(0.15, 0.05, &rng) }, (0..<20).map { _ in noisy(0.58, 0.1, &rng) }])])
        var violins = shares
        violins.style = .violins
        violins.title = "Where hidden units move (distribution over networks)"
        return ExperimentReport(
            id: "D2", title: "Weight-space dynamics (sample data)",
            summary: "A synthetic phase portrait: normalised arrows show the direction of the expected gradient, their shade its magnitude; lines are units' weight trajectories starting at the open circles.",
            settings: [ReportSetting("grid", "17 × 17 on [−2, 2]²"), ReportSetting("units shown", "14 per nonlinearity")],
            figures: [grid.figure(name: "field", caption: "Expected-gradient field in the plane of the inter- and intra-class axes, with unit trajectories."),
                      shares.figure(name: "displacement_bars", caption: "Share of each unit's weight displacement along each axis: bars are means ± s.d. over 20 networks, dots are networks.", height: 420),
                      violins.figure(name: "displacement_violins", caption: "The same shares as violins (kernel density); the bar is the median, the open dot the mean.", height: 420)],
            claims: [ClaimCheck(claim: "relu units move along the intra-class axis", measured: "intra share relu 0.58 ± 0.10 vs tanh 0.15 ± 0.05",
                                criterion: "relu intra share > 0.5", passed: true),
                     ClaimCheck(claim: "tanh units move along the inter-class axis", measured: "inter share tanh 0.80 vs relu 0.35",
                                criterion: "tanh inter share > relu inter share + 0.3", passed: true)])
    }

    static func alignmentSweep(_ rng: inout RandomSource) -> ExperimentReport {
        let cs = (0..<12).map { Double($0) / 11 * 0.378 }
        func series(_ name: String, targetBase: Double, inputBase: Double) -> (ScatterSeries, [[Double]], [[Double]]) {
            var points: [ScatterPoint] = [], target: [[Double]] = [], input: [[Double]] = []
            for c in cs {
                let t = (0..<10).map { _ in noisy(targetBase + 0.35 * c, 0.03, &rng) }
                let i = (0..<10).map { _ in noisy(inputBase + 0.8 * c, 0.03, &rng) }
                target.append(t); input.append(i)
                let mt = t.reduce(0, +) / 10, mi = i.reduce(0, +) / 10
                points.append(ScatterPoint(mi, mt, xError: 0.03, yError: 0.03, value: c))
            }
            return (ScatterSeries(name: name, points: points, connected: true), target, input)
        }
        let (tanhPlane, tanhTarget, tanhInput) = series("tanh", targetBase: 0.68, inputBase: 0.2)
        let (reluPlane, reluTarget, reluInput) = series("relu", targetBase: 0.36, inputBase: 0.55)
        let plane = PlanePlot(title: "Orthogonalised alignment plane (d = 3, k = 1)", series: [tanhPlane, reluPlane],
                              colorScale: ColorScale("input–target alignment c", map: .viridis))
        let lines = LinePlot(title: "Alignment vs input–target alignment", x: Axis("input–target alignment c"), y: Axis("alignment", range: 0...1),
                             series: [LineSeries.summarising(name: "tanh", x: cs, samples: tanhTarget),
                                      LineSeries.summarising(name: "relu", x: cs, samples: reluTarget),
                                      LineSeries.summarising(name: "tanh · input", x: cs, samples: tanhInput, color: Palette.tanh, dash: .dashed),
                                      LineSeries.summarising(name: "relu · input", x: cs, samples: reluInput, color: Palette.relu, dash: .dashed)])
        var withGap = lines
        withGap.title = "Missing values are skipped"
        withGap.series[0].y[4] = .nan
        withGap.series[1].y[7] = .infinity
        return ExperimentReport(
            id: "D4", title: "Input–target alignment sweep (sample data)",
            summary: "Ten synthetic networks per value of c. In the orthogonalised plane, a representation in the span of the input and target kernels lies on the unit circle; points are coloured by c and outlined in their nonlinearity's colour.",
            settings: [ReportSetting("task", "aligned cube, d = 3, k = 1, N = 100, σ = 1"), ReportSetting("c", "12 values in [0, 0.378]"),
                       ReportSetting("networks per setting", "10")],
            figures: [plane.figure(name: "plane", caption: "Mean orthogonalised (input, target) alignment per c; crosses are ± s.d. over networks.", width: 700, height: 560),
                      lines.figure(name: "alignment_vs_c", caption: "Target alignment (solid) and input alignment (dashed) against c, means ± s.d."),
                      withGap.figure(name: "gaps", caption: "A NaN and an infinite mean leave gaps instead of breaking the figure.")],
            claims: [ClaimCheck(claim: "tanh is more target-aligned than relu at every c", measured: "tanh > relu at 12 of 12 values of c",
                                criterion: "tanh mean > relu mean at ≥ 10 of 12 values", passed: true),
                     ClaimCheck(claim: "relu is more input-aligned than tanh at every c", measured: "relu > tanh at 9 of 12 values of c",
                                criterion: "relu mean > tanh mean at ≥ 10 of 12 values", passed: false)],
            files: ["D4/summary.csv", "D4/records.csv"])
    }

    static func dissection(_ rng: inout RandomSource) -> ExperimentReport {
        let lo: [Double] = [-.infinity, -2, -1, -0.5, 0, 0.5], hi: [Double] = [0.5, 1, 2, 4, .infinity]
        let values = hi.map { h in lo.map { l -> Double in
            guard l < h else { return .nan }
            let lower = l.isFinite ? exp(-abs(l)) : 0, upper = h.isFinite ? exp(-abs(h) / 2) : 0
            return min(max(noisy(0.45 + 0.35 * lower * upper / 0.8 + 0.2 * upper, 0.02, &rng), 0), 1)
        } }
        let heat = Heatmap(title: "clip(lo, hi): target alignment", xLabel: "lower bound lo", yLabel: "upper bound hi",
                           x: lo, y: hi, values: values, colorScale: ColorScale("target alignment", map: .viridis))
        let cs = (0..<12).map { Double($0) / 11 * 0.378 }
        let names = ["tanh", "relu", "bounded_relu:1", "bounded_relu:1.5", "bounded_relu:2", "shifted_relu:-0.5", "shifted_relu:0.5", "clip:-1,1"]
        let bases = [0.8, 0.45, 0.72, 0.64, 0.58, 0.5, 0.4, 0.76]
        let variants = LinePlot(title: "Target alignment of relu variants", x: Axis("input–target alignment c"), y: Axis("target alignment"),
                                series: zip(names, bases).map { n, b in LineSeries.summarising(name: n, x: cs, samples: cs.map { c in (0..<10).map { _ in noisy(b + 0.4 * c, 0.03, &rng) } }, spread: .none) })
        let byNoise = SmallMultiples(title: "Target alignment per noise level", panels: [0.0, 0.1, 0.2, 0.3].map { sigma in
            LinePlot(title: "σ = \(sigma)", x: Axis("separability δ"), y: Axis("target alignment", range: 0...1),
                     series: ["tanh", "relu"].map { n in
                         LineSeries.summarising(name: n, x: (0...20).map { Double($0) / 20 }, samples: (0...20).map { k in
                             (0..<20).map { _ in noisy((n == "tanh" ? 0.85 : 0.55) - 0.3 * sigma + 0.1 * Double(k) / 20, 0.04, &rng) } })
                     })
        }, columns: 4, panelSize: PlotSize(width: 300, height: 260))
        return ExperimentReport(
            id: "D8", title: "Dissection of the nonlinearity (sample data) — <escaping> & \"quotes\"",
            summary: "Synthetic phase diagram of the clip family and curves for relu variants; hatched cells are impossible (lo ≥ hi). The title checks that markup characters are escaped: <b>not bold</b> & co.",
            settings: [ReportSetting("lo", "−∞, −2, −1, −0.5, 0, 0.5"), ReportSetting("hi", "0.5, 1, 2, 4, ∞")],
            figures: [heat.figure(name: "clip_phase", caption: "Target alignment (mean over networks and c) for clip(u, lo, hi). Hatched: no data.", width: 640, height: 460),
                      variants.figure(name: "variants", caption: "Each variant's colour is fixed by its name; bounded relus (ub 1, 1.5, 2) share a hue ramp ordered by ub."),
                      byNoise.figure(name: "noise_levels", caption: "Small multiples: one panel per input noise σ, shared legend.")],
            claims: [ClaimCheck(claim: "two-sided saturation drives target alignment", measured: "clip(−1, 1) 0.76 vs clip(0, ∞) 0.45",
                                criterion: "two-sided > one-sided by > 0.1", passed: true),
                     ClaimCheck(claim: "shifting the kink below the origin lowers target alignment", measured: "shifted_relu:0.5 0.40 vs shifted_relu:−0.5 0.50",
                                criterion: "s = 0.5 lower than s = −0.5", passed: false)])
    }
}
