import Foundation

/// One point of a plane plot, with optional error bars (± half-widths) and an optional value
/// that colours it through the plot's `colorScale`.
public struct ScatterPoint: Sendable {
    public var x: Double
    public var y: Double
    public var xError: Double?
    public var yError: Double?
    /// Colours the point through `PlanePlot.colorScale` (e.g. the task's c); overrides the series colour.
    public var value: Double?
    /// Overrides the series colour for this point ("#rrggbb").
    public var color: String?
    /// A short text drawn next to the point (e.g. "c=0.3").
    public var label: String?

    public init(_ x: Double, _ y: Double, xError: Double? = nil, yError: Double? = nil, value: Double? = nil,
                color: String? = nil, label: String? = nil) {
        self.x = x
        self.y = y
        self.xError = xError
        self.yError = yError
        self.value = value
        self.color = color
        self.label = label
    }
}

/// A set of plane points drawn alike (e.g. one nonlinearity across c).
public struct ScatterSeries: Sendable {
    public var name: String
    public var points: [ScatterPoint]
    /// nil takes the palette colour of `name`.
    public var color: String?
    public var marker: MarkerShape?
    /// Joins the points in order with a thin line (e.g. along increasing c).
    public var connected: Bool

    public init(name: String, points: [ScatterPoint], color: String? = nil, marker: MarkerShape? = nil, connected: Bool = false) {
        self.name = name
        self.points = points
        self.color = color
        self.marker = marker
        self.connected = connected
    }
}

/// The orthogonalised (input alignment, target alignment) plane (SPEC §4): a scatter of points
/// with optional error crosses and the unit quarter circle, on which any representation in
/// span{Kx, Ky} lies. Axes have equal scale by default so the circle is round.
public struct PlanePlot: Plot {
    public var title: String
    public var x: Axis
    public var y: Axis
    public var series: [ScatterSeries]
    /// Draws the unit quarter circle x² + y² = 1, x, y ≥ 0.
    public var showsQuarterCircle: Bool
    /// Colours points that carry a `value` (with a colour bar); nil: values are ignored.
    public var colorScale: ColorScale?
    /// Same pixel length for a unit on both axes.
    public var equalAspect: Bool
    public var legend: LegendPlacement

    public init(title: String,
                x: Axis = Axis("input alignment (orthogonalised)"),
                y: Axis = Axis("target alignment (orthogonalised)"),
                series: [ScatterSeries], showsQuarterCircle: Bool = true, colorScale: ColorScale? = nil,
                equalAspect: Bool = true, legend: LegendPlacement = .right) {
        self.title = title
        self.x = x
        self.y = y
        self.series = series
        self.showsQuarterCircle = showsQuarterCircle
        self.colorScale = colorScale
        self.equalAspect = equalAspect
        self.legend = legend
    }

    private var colors: [String] {
        let auto = Palette.colors(for: series.map(\.name))
        return series.indices.map { series[$0].color ?? auto[$0] }
    }

    private func shape(_ i: Int) -> MarkerShape { series[i].marker ?? MarkerShape.forSeries(i) }

    public var legendEntries: [LegendEntry] {
        let c = colors
        var entries = series.indices.map { LegendEntry(name: series[$0].name, color: c[$0], mark: .marker(shape($0))) }
        if showsQuarterCircle {
            entries.append(LegendEntry(name: "unit circle", color: PlotStyle.reference, mark: .line(dash: .dashed, marker: nil), isAnnotation: true))
        }
        return entries
    }

    private var values: [Double] { series.flatMap { $0.points.compactMap(\.value) }.filter(\.isFinite) }

    public func draw(in frame: PlotRect, on canvas: inout SVGCanvas, showLegend: Bool) {
        var xs: [Double] = showsQuarterCircle ? [0, 1] : [], ys: [Double] = showsQuarterCircle ? [0, 1] : []
        for s in series {
            for p in s.points where p.x.isFinite && p.y.isFinite {
                xs += [p.x - (p.xError ?? 0), p.x + (p.xError ?? 0)]
                ys += [p.y - (p.yError ?? 0), p.y + (p.yError ?? 0)]
            }
        }
        let xAxis = Self.unitView(x, xs), yAxis = Self.unitView(y, ys)
        let rx = xAxis.resolve(data: xs), ry = yAxis.resolve(data: ys)
        let entries = legendEntries
        let scaleRange = PlotDrawing.valueRange(colorScale?.range, values)
        let hasBar = colorScale != nil && !values.isEmpty
        let barTicks = hasBar ? PlotDrawing.colorBarTickLabels(scaleRange) : []
        let legendColumn = (showLegend && legend == .right) ? PlotDrawing.legendWidth(entries) : 0
        let barColumn = hasBar ? PlotDrawing.colorBarColumn(tickLabels: barTicks) : 0
        var area = PlotDrawing.chartArea(frame: frame, title: title, xLabel: x.label, yLabel: y.label,
                                  yTickLabels: ry.ticks.map(\.label), rightColumn: legendColumn + barColumn)
        if equalAspect, x.scale == .linear, y.scale == .linear { area = PlotDrawing.equalAspect(area, x: rx, y: ry) }
        let m = PlotMapping(area: area, x: rx, y: ry)
        PlotDrawing.title(title, frame: frame, area: area, on: &canvas)
        PlotDrawing.axes(m, xLabel: x.label, yLabel: y.label, on: &canvas)

        canvas.beginGroup(clip: area.inset(top: -6, left: -6, bottom: -6, right: -6))
        if showsQuarterCircle {
            let arc = (0...90).map { k -> PlotPoint in
                let t = Double(k) / 90 * Double.pi / 2
                return m.point(cos(t), sin(t))
            }
            canvas.polyline(arc, stroke: SVGCanvas.Stroke(PlotStyle.reference, width: 1.3, dash: [6, 4]))
        }
        let c = colors
        for (k, s) in series.enumerated() where s.connected {
            canvas.polyline(s.points.map { m.point($0.x, $0.y) }, stroke: SVGCanvas.Stroke(c[k], width: 1.3, opacity: 0.6))
        }
        for (k, s) in series.enumerated() {
            for p in s.points {
                let color = pointColor(p, seriesColor: c[k], range: scaleRange)
                let stroke = SVGCanvas.Stroke(color, width: 1.2, opacity: 0.8)
                if let e = p.xError, e.isFinite, e > 0 { canvas.line(m.px(p.x - e), m.py(p.y), m.px(p.x + e), m.py(p.y), stroke: stroke) }
                if let e = p.yError, e.isFinite, e > 0 { canvas.line(m.px(p.x), m.py(p.y - e), m.px(p.x), m.py(p.y + e), stroke: stroke) }
            }
        }
        for (k, s) in series.enumerated() {
            for p in s.points {
                let color = pointColor(p, seriesColor: c[k], range: scaleRange)
                let at = m.point(p.x, p.y)
                // Value-coloured points keep the series' shape and get a series-coloured outline.
                let outline = (colorScale != nil && p.value != nil) ? SVGCanvas.Stroke(c[k], width: 1.4) : SVGCanvas.Stroke("#FFFFFF", width: 0.9)
                PlotDrawing.marker(shape(k), at: at, size: 8.5, fill: color, stroke: outline, on: &canvas)
                if let label = p.label { canvas.text(label, x: at.x + 7, y: at.y - 6, size: 10, color: PlotStyle.secondaryText) }
            }
        }
        canvas.endGroup()
        // Right of the plot: the colour bar, then the legend.
        if hasBar, let scale = colorScale {
            PlotDrawing.colorBar(scale, range: scaleRange, x: area.maxX + 18, y0: area.minY, y1: area.maxY, on: &canvas)
        }
        if showLegend { PlotDrawing.placeLegend(entries, placement: legend, area: area, rightOffset: barColumn, on: &canvas) }
    }

    /// The default view of an axis without a fixed range: 0…1 (widened to any data beyond it)
    /// with a 4 % margin, ticks every 0.2.
    static func unitView(_ axis: Axis, _ data: [Double]) -> Axis {
        guard axis.range == nil, axis.scale == .linear else { return axis }
        let v = data.filter(\.isFinite)
        let lo = min(0, v.min() ?? 0), hi = max(1, v.max() ?? 1), pad = 0.04 * (hi - lo)
        var a = axis
        a.range = (lo - pad)...(hi + pad)
        a.tickTarget = max(a.tickTarget, Int(((hi - lo + 2 * pad) / 0.2).rounded(.up)))
        return a
    }

    private func pointColor(_ p: ScatterPoint, seriesColor: String, range: ClosedRange<Double>) -> String {
        if let c = p.color { return c }
        if let scale = colorScale, let v = p.value, v.isFinite { return scale.map.color(at: PlotDrawing.fraction(v, in: range)) }
        return seriesColor
    }
}
