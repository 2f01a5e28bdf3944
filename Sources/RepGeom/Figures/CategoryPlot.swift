import Foundation

/// Replicate values of one series in each category (e.g. "intra-class share" for tanh, relu).
public struct CategorySeries: Sendable {
    public var name: String
    /// `values[i]`: the replicate values in category i (non-finite values are ignored).
    public var values: [[Double]]
    public var color: String?
    public init(name: String, values: [[Double]], color: String? = nil) {
        self.name = name
        self.values = values
        self.color = color
    }
}

/// Values per category and series: bars (mean with error bars), violins (kernel density, median
/// line, mean dot) or strips (the values alone), each optionally with the individual values as
/// dots. Categories run along x; within a category the series sit side by side.
public struct CategoryPlot: Plot {
    public enum Style: Sendable { case bars, violins, strips }
    public enum ErrorBar: Sendable {
        /// ± one standard deviation (n − 1).
        case standardDeviation
        /// ± the standard error of the mean.
        case standardError
        case none
    }

    public var title: String
    public var xLabel: String
    public var categories: [String]
    public var y: Axis
    public var series: [CategorySeries]
    public var style: Style
    public var errorBars: ErrorBar
    /// Draws every value as a dot (deterministically jittered).
    public var showsPoints: Bool
    public var referenceLines: [ReferenceLine]
    public var legend: LegendPlacement

    public init(title: String, xLabel: String = "", categories: [String], y: Axis, series: [CategorySeries],
                style: Style = .bars, errorBars: ErrorBar = .standardDeviation, showsPoints: Bool = true,
                referenceLines: [ReferenceLine] = [], legend: LegendPlacement = .right) {
        precondition(series.allSatisfy { $0.values.count == categories.count },
                     "CategoryPlot \(title): every series needs one value list per category")
        self.title = title
        self.xLabel = xLabel
        self.categories = categories
        self.y = y
        self.series = series
        self.style = style
        self.errorBars = errorBars
        self.showsPoints = showsPoints
        self.referenceLines = referenceLines
        self.legend = legend
    }

    private var colors: [String] {
        let auto = Palette.colors(for: series.map(\.name))
        return series.indices.map { series[$0].color ?? auto[$0] }
    }

    public var legendEntries: [LegendEntry] {
        let c = colors
        return series.indices.map { LegendEntry(name: series[$0].name, color: c[$0], mark: style == .strips ? .marker(.circle) : .swatch) }
    }

    struct Summary { var mean: Double; var sd: Double; var n: Int; var median: Double; var min: Double; var max: Double }

    static func summary(_ values: [Double]) -> Summary? {
        let v = values.filter(\.isFinite).sorted()
        guard !v.isEmpty else { return nil }
        let mean = v.reduce(0, +) / Double(v.count)
        let sd = v.count > 1 ? (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)).squareRoot() : 0
        let median = v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
        return Summary(mean: mean, sd: sd, n: v.count, median: median, min: v.first!, max: v.last!)
    }

    private func errorHalfWidth(_ s: Summary) -> Double {
        switch errorBars {
        case .standardDeviation: s.sd
        case .standardError: s.n > 0 ? s.sd / Double(s.n).squareRoot() : 0
        case .none: 0
        }
    }

    public func draw(in frame: PlotRect, on canvas: inout SVGCanvas, showLegend: Bool) {
        var ys: [Double] = referenceLines.filter { $0.orientation == .horizontal }.map(\.value)
        for s in series {
            for values in s.values {
                guard let sum = Self.summary(values) else { continue }
                ys += [sum.min, sum.max]
                if style == .bars { ys += [0, sum.mean + errorHalfWidth(sum), sum.mean - errorHalfWidth(sum)] }
            }
        }
        let ry = y.resolve(data: ys)
        let entries = legendEntries
        let legendColumn = (showLegend && legend == .right) ? PlotDrawing.legendWidth(entries) : 0
        let area = PlotDrawing.chartArea(frame: frame, title: title, xLabel: xLabel, yLabel: y.label,
                                  yTickLabels: ry.ticks.map(\.label), rightColumn: legendColumn)
        // x: category i occupies [i, i+1]; only the y mapping is used from PlotMapping.
        let rx = Axis("", range: 0...Double(max(categories.count, 1))).resolve(data: [])
        let m = PlotMapping(area: area, x: rx, y: ry)
        PlotDrawing.title(title, frame: frame, area: area, on: &canvas)
        let categoryTicks = categories.indices.map { (Double($0) + 0.5, categories[$0]) }
        PlotDrawing.axes(m, xLabel: xLabel, yLabel: y.label, grid: true, verticalGrid: false, xTickLabelsAt: categoryTicks,
                  xTickLabelSize: PlotStyle.labelSize - 0.5, xTickLabelColor: PlotStyle.text, on: &canvas)

        let c = colors
        let groupWidth = 0.78, slot = groupWidth / Double(max(series.count, 1))
        let slotPixels = slot * area.width / Double(max(categories.count, 1))
        canvas.beginGroup(clip: area)
        for r in referenceLines where r.orientation == .horizontal {
            let yy = m.py(r.value)
            canvas.line(area.minX, yy, area.maxX, yy, stroke: SVGCanvas.Stroke(PlotStyle.reference, width: 1.2, dash: [5, 4]))
            canvas.text(r.label, x: area.maxX - 4, y: yy - 4, size: PlotStyle.tickSize, anchor: .end, color: PlotStyle.secondaryText)
        }
        for (k, s) in series.enumerated() {
            for (i, values) in s.values.enumerated() {
                guard let sum = Self.summary(values) else { continue }
                let center = Double(i) + 0.5 - groupWidth / 2 + (Double(k) + 0.5) * slot
                let cx = m.px(center)
                let half = slotPixels * 0.4
                switch style {
                case .bars:
                    let y0 = m.py(max(min(0, ry.range.upperBound), ry.range.lowerBound)), y1 = m.py(sum.mean)
                    canvas.rect(x: cx - half, y: min(y0, y1), width: 2 * half, height: abs(y1 - y0), fill: c[k], fillOpacity: 0.78,
                                stroke: SVGCanvas.Stroke(c[k], width: 1))
                case .violins:
                    violin(values.filter(\.isFinite), summary: sum, cx: cx, halfWidth: half, color: c[k], mapping: m, on: &canvas)
                case .strips:
                    break
                }
                if showsPoints || style == .strips {
                    let v = values.filter(\.isFinite)
                    for (j, value) in v.enumerated() {
                        // Golden-ratio jitter: deterministic, evenly spread.
                        let u = (Double(j) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1) - 0.5
                        let jitter = v.count > 1 ? u * half * (style == .violins ? 0.5 : 1.1) : 0
                        canvas.circle(cx: cx + jitter, cy: m.py(value), r: style == .strips ? 3 : 2.2,
                                      fill: style == .bars ? "#FFFFFF" : c[k], fillOpacity: style == .bars ? 0.9 : 0.75,
                                      stroke: SVGCanvas.Stroke(style == .bars ? "#333333" : "#FFFFFF", width: 0.6))
                    }
                }
                let e = errorHalfWidth(sum)
                if e > 0 && style != .violins {
                    let stroke = SVGCanvas.Stroke("#222222", width: 1.4)
                    canvas.line(cx, m.py(sum.mean - e), cx, m.py(sum.mean + e), stroke: stroke)
                    canvas.line(cx - half * 0.35, m.py(sum.mean - e), cx + half * 0.35, m.py(sum.mean - e), stroke: stroke)
                    canvas.line(cx - half * 0.35, m.py(sum.mean + e), cx + half * 0.35, m.py(sum.mean + e), stroke: stroke)
                }
                if style == .strips {
                    canvas.line(cx - half * 0.6, m.py(sum.mean), cx + half * 0.6, m.py(sum.mean), stroke: SVGCanvas.Stroke("#222222", width: 2))
                }
            }
        }
        canvas.endGroup()
        if showLegend { PlotDrawing.placeLegend(entries, placement: legend, area: area, on: &canvas) }
    }

    /// A violin: Gaussian kernel density (Silverman's bandwidth) mirrored about cx, scaled so the
    /// widest point is `halfWidth`; a median line and a mean dot. Fewer than two distinct values
    /// draw just the line.
    private func violin(_ v: [Double], summary s: Summary, cx: Double, halfWidth: Double, color: String,
                        mapping m: PlotMapping, on canvas: inout SVGCanvas) {
        let distinct = Set(v).count
        if distinct >= 2 {
            let iqr = Self.quantile(v, 0.75) - Self.quantile(v, 0.25)
            let spread = min(s.sd, iqr > 0 ? iqr / 1.34 : s.sd)
            let h = max(0.9 * spread * pow(Double(v.count), -0.2), (s.max - s.min) * 1e-3)
            // Tails reach two bandwidths past the data (where the density has fallen to ~e⁻²).
            let lo = s.min - 2 * h, hi = s.max + 2 * h
            let grid = (0...48).map { lo + (hi - lo) * Double($0) / 48 }
            let density = grid.map { t in v.reduce(0.0) { $0 + exp(-0.5 * pow((t - $1) / h, 2)) } }
            let peak = density.max() ?? 1
            let right = zip(grid, density).map { PlotPoint(cx + halfWidth * $1 / peak, m.py($0)) }
            let left = zip(grid, density).reversed().map { PlotPoint(cx - halfWidth * $1 / peak, m.py($0)) }
            canvas.polygon(right + left, fill: color, fillOpacity: 0.35, stroke: SVGCanvas.Stroke(color, width: 1.2))
        }
        canvas.line(cx - halfWidth * 0.5, m.py(s.median), cx + halfWidth * 0.5, m.py(s.median), stroke: SVGCanvas.Stroke("#222222", width: 1.8))
        canvas.circle(cx: cx, cy: m.py(s.mean), r: 3, fill: "#FFFFFF", stroke: SVGCanvas.Stroke("#222222", width: 1.2))
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let v = sorted.sorted()
        guard !v.isEmpty else { return .nan }
        let pos = q * Double(v.count - 1)
        let i = Int(pos), f = pos - Double(i)
        return i + 1 < v.count ? v[i] * (1 - f) + v[i + 1] * f : v[i]
    }
}
