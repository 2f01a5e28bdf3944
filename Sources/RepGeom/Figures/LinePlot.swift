import Foundation

/// One curve: y against x, optionally with a shaded band (mean ± spread, or explicit lower and
/// upper bounds). Points with a non-finite x or y are skipped (the line breaks there).
public struct LineSeries: Sendable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    /// Band bounds, same length as `x` (nil: no band). Non-finite entries leave a gap.
    public var lower: [Double]?
    public var upper: [Double]?
    /// "#rrggbb"; nil takes `Palette.colors(for:)` of the series name.
    public var color: String?
    /// nil takes `Palette.dash(for:)` of the name (solid except for some variant families).
    public var dash: LineDash?
    /// Marker drawn at each point; nil draws no markers (the plot's `markers` option decides the
    /// default shape when `LinePlot.markers` is `.automatic`).
    public var marker: MarkerShape?

    /// A curve with a symmetric band y ± spread (nil: no band).
    public init(name: String, x: [Double], y: [Double], spread: [Double]? = nil, color: String? = nil,
                dash: LineDash? = nil, marker: MarkerShape? = nil) {
        precondition(x.count == y.count, "LineSeries \(name): x and y differ in length")
        precondition(spread == nil || spread!.count == x.count, "LineSeries \(name): spread has the wrong length")
        self.name = name
        self.x = x
        self.y = y
        if let spread {
            lower = zip(y, spread).map { $0 - $1 }
            upper = zip(y, spread).map { $0 + $1 }
        }
        self.color = color
        self.dash = dash
        self.marker = marker
    }

    /// A curve with an explicit band from `lower` to `upper` (e.g. quantiles).
    public init(name: String, x: [Double], y: [Double], lower: [Double], upper: [Double], color: String? = nil,
                dash: LineDash? = nil, marker: MarkerShape? = nil) {
        precondition(x.count == y.count && lower.count == x.count && upper.count == x.count,
                     "LineSeries \(name): x, y, lower, upper differ in length")
        self.name = name
        self.x = x
        self.y = y
        self.lower = lower
        self.upper = upper
        self.color = color
        self.dash = dash
        self.marker = marker
    }

    /// What a band shows around the mean of replicate values.
    public enum Spread: Sendable {
        /// ± one standard deviation across replicates (n − 1 denominator).
        case standardDeviation
        /// ± the standard error of the mean.
        case standardError
        /// No band.
        case none
    }

    /// The mean over replicates at each x, with a band of `spread`: `samples[i]` holds the
    /// replicate values at `x[i]` (non-finite values are ignored; an x with no finite value is
    /// skipped; a single value gets no band).
    public static func summarising(name: String, x: [Double], samples: [[Double]], spread: Spread = .standardDeviation,
                                   color: String? = nil, dash: LineDash? = nil, marker: MarkerShape? = nil) -> LineSeries {
        precondition(x.count == samples.count, "LineSeries \(name): x and samples differ in length")
        var mean: [Double] = [], lo: [Double] = [], hi: [Double] = []
        for values in samples {
            let v = values.filter(\.isFinite)
            guard !v.isEmpty else { mean.append(.nan); lo.append(.nan); hi.append(.nan); continue }
            let m = v.reduce(0, +) / Double(v.count)
            var s = 0.0
            if v.count > 1 {
                let sd = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
                switch spread {
                case .standardDeviation: s = sd
                case .standardError: s = sd / Double(v.count).squareRoot()
                case .none: s = 0
                }
            }
            mean.append(m); lo.append(m - s); hi.append(m + s)
        }
        if spread == .none {
            return LineSeries(name: name, x: x, y: mean, color: color, dash: dash, marker: marker)
        }
        return LineSeries(name: name, x: x, y: mean, lower: lo, upper: hi, color: color, dash: dash, marker: marker)
    }
}

/// A dashed horizontal or vertical line at a data value, e.g. chance level 0.5.
public struct ReferenceLine: Sendable {
    public enum Orientation: Sendable { case horizontal, vertical }
    public var orientation: Orientation
    public var value: Double
    /// A short label drawn at the line's end (may be empty).
    public var label: String
    public init(_ orientation: Orientation, at value: Double, label: String = "") {
        self.orientation = orientation
        self.value = value
        self.label = label
    }
}

/// Curves with mean ± spread bands against a numeric x (epoch, c, δ, σ…), on linear or log axes.
public struct LinePlot: Plot {
    public var title: String
    public var x: Axis
    public var y: Axis
    public var series: [LineSeries]
    public var referenceLines: [ReferenceLine]
    public var legend: LegendPlacement
    /// Markers at the data points.
    public var markers: Markers

    public enum Markers: Sendable, Equatable {
        /// Each series' own `marker`, or a distinct shape per series when it has at most 30 points.
        case automatic
        /// Only series that set `marker`.
        case explicit
        /// None.
        case none
    }

    public init(title: String, x: Axis, y: Axis, series: [LineSeries], referenceLines: [ReferenceLine] = [],
                legend: LegendPlacement = .right, markers: Markers = .automatic) {
        self.title = title
        self.x = x
        self.y = y
        self.series = series
        self.referenceLines = referenceLines
        self.legend = legend
        self.markers = markers
    }

    private var colors: [String] {
        let auto = Palette.colors(for: series.map(\.name))
        return series.indices.map { series[$0].color ?? auto[$0] }
    }

    private func dash(_ i: Int) -> LineDash { series[i].dash ?? Palette.dash(for: series[i].name) }

    private func marker(_ i: Int) -> MarkerShape? {
        switch markers {
        case .none: return nil
        case .explicit: return series[i].marker
        case .automatic:
            if let m = series[i].marker { return m }
            let n = zip(series[i].x, series[i].y).filter { $0.isFinite && $1.isFinite }.count
            return n <= 30 ? MarkerShape.forSeries(i) : nil
        }
    }

    public var legendEntries: [LegendEntry] {
        let c = colors
        return series.indices.map { LegendEntry(name: series[$0].name, color: c[$0], mark: .line(dash: dash($0), marker: marker($0))) }
    }

    public func draw(in frame: PlotRect, on canvas: inout SVGCanvas, showLegend: Bool) {
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            for i in s.x.indices where s.x[i].isFinite && (x.scale == .linear || s.x[i] > 0) {
                xs.append(s.x[i])
                ys.append(s.y[i])
                if let l = s.lower { ys.append(l[i]) }
                if let u = s.upper { ys.append(u[i]) }
            }
        }
        for r in referenceLines {
            if r.orientation == .horizontal { ys.append(r.value) } else { xs.append(r.value) }
        }
        // x: data range as is on a linear axis (curves start at the first x), ticks inside it.
        // x: the data's range plus 2 % each side (markers clear the frame); ticks inside it.
        var xAxis = x
        let finiteX = xs.filter { $0.isFinite && (x.scale == .linear || $0 > 0) }
        if xAxis.range == nil, let lo = finiteX.min(), let hi = finiteX.max(), lo < hi {
            switch x.scale {
            case .linear: xAxis.range = (lo - 0.02 * (hi - lo))...(hi + 0.02 * (hi - lo))
            case .log: let f = pow(hi / lo, 0.02); xAxis.range = (lo / f)...(hi * f)
            }
        }
        let rx = xAxis.resolve(data: xs), ry = y.resolve(data: ys)
        let entries = legendEntries
        let legendColumn = (showLegend && legend == .right) ? PlotDrawing.legendWidth(entries) : 0
        let area = PlotDrawing.chartArea(frame: frame, title: title, xLabel: x.label, yLabel: y.label,
                                  yTickLabels: ry.ticks.map(\.label), rightColumn: legendColumn)
        let m = PlotMapping(area: area, x: rx, y: ry)
        PlotDrawing.title(title, frame: frame, area: area, on: &canvas)
        PlotDrawing.axes(m, xLabel: x.label, yLabel: y.label, on: &canvas)

        canvas.beginGroup(clip: area.inset(top: -4, left: -4, bottom: -4, right: -4))
        for r in referenceLines {
            let stroke = SVGCanvas.Stroke(PlotStyle.reference, width: 1.2, dash: [5, 4])
            switch r.orientation {
            case .horizontal:
                let yy = m.py(r.value)
                canvas.line(area.minX, yy, area.maxX, yy, stroke: stroke)
                canvas.text(r.label, x: area.maxX - 4, y: yy - 4, size: PlotStyle.tickSize, anchor: .end, color: PlotStyle.secondaryText)
            case .vertical:
                let xx = m.px(r.value)
                canvas.line(xx, area.minY, xx, area.maxY, stroke: stroke)
                canvas.text(r.label, x: xx + 4, y: area.minY + 14, size: PlotStyle.tickSize, color: PlotStyle.secondaryText)
            }
        }
        let c = colors
        // Bands under all lines.
        for (k, s) in series.enumerated() {
            guard let lo = s.lower, let hi = s.upper else { continue }
            var run: [Int] = []
            func flush() {
                if run.count >= 2 {
                    let top = run.map { m.point(s.x[$0], hi[$0]) }, bottom = run.reversed().map { m.point(s.x[$0], lo[$0]) }
                    canvas.polygon(top + bottom, fill: c[k], fillOpacity: 0.17)
                }
                run = []
            }
            for i in s.x.indices {
                if m.px(s.x[i]).isFinite && m.py(lo[i]).isFinite && m.py(hi[i]).isFinite { run.append(i) } else { flush() }
            }
            flush()
        }
        for (k, s) in series.enumerated() {
            let pts = s.x.indices.map { m.point(s.x[$0], s.y[$0]) }
            canvas.polyline(pts, stroke: SVGCanvas.Stroke(c[k], width: 2.2, dash: dash(k).pattern))
        }
        for (k, _) in series.enumerated() {
            guard let shape = marker(k) else { continue }
            let s = series[k]
            for i in s.x.indices {
                PlotDrawing.marker(shape, at: m.point(s.x[i], s.y[i]), size: 7, fill: c[k],
                            stroke: SVGCanvas.Stroke("#FFFFFF", width: 0.9), on: &canvas)
            }
        }
        canvas.endGroup()
        if showLegend { PlotDrawing.placeLegend(entries, placement: legend, area: area, on: &canvas) }
    }
}
