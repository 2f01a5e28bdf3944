import Foundation

/// One arrow of a vector field: the vector (dx, dy) at (x, y), in data units.
public struct FieldArrow: Sendable {
    public var x: Double
    public var y: Double
    public var dx: Double
    public var dy: Double
    public init(x: Double, y: Double, dx: Double, dy: Double) {
        self.x = x; self.y = y; self.dx = dx; self.dy = dy
    }

    /// The field sampled on the grid xs × ys.
    public static func grid(x xs: [Double], y ys: [Double], _ field: (Double, Double) -> (Double, Double)) -> [FieldArrow] {
        var out: [FieldArrow] = []
        out.reserveCapacity(xs.count * ys.count)
        for y in ys { for x in xs { let (dx, dy) = field(x, y); out.append(FieldArrow(x: x, y: y, dx: dx, dy: dy)) } }
        return out
    }
}

/// A path through the plane (e.g. one hidden unit's weights projected on two axes over
/// training), drawn as a polyline with an open circle at its start and a dot at its end.
public struct Trajectory: Sendable {
    /// Trajectories with the same series share a colour and one legend entry.
    public var series: String
    public var points: [PlotPoint]
    public var color: String?
    public init(series: String, points: [PlotPoint], color: String? = nil) {
        self.series = series
        self.points = points
        self.color = color
    }
}

/// A phase portrait: a field of arrows on a grid overlaid with trajectories.
///
/// Arrow lengths are normalised (every arrow has the same length, a fraction of the grid
/// spacing, so directions are readable everywhere) and the magnitude is shown by colour with a
/// colour bar — or, with `.scaledLength`, lengths are proportional to magnitude (the longest
/// arrow spans one grid cell) in a single colour. Zero or non-finite vectors draw a small dot.
public struct VectorFieldPlot: Plot {
    public enum ArrowStyle: Sendable { case normalisedColoredByMagnitude, scaledLength }

    public var title: String
    public var x: Axis
    public var y: Axis
    public var arrows: [FieldArrow]
    public var trajectories: [Trajectory]
    public var arrowStyle: ArrowStyle
    /// For the magnitude colours (its `range` nil: the arrows' range).
    public var magnitudeScale: ColorScale
    public var equalAspect: Bool
    public var legend: LegendPlacement

    public init(title: String, x: Axis, y: Axis, arrows: [FieldArrow], trajectories: [Trajectory] = [],
                arrowStyle: ArrowStyle = .normalisedColoredByMagnitude,
                magnitudeScale: ColorScale = ColorScale("field magnitude", map: .greys),
                equalAspect: Bool = true, legend: LegendPlacement = .right) {
        self.title = title
        self.x = x
        self.y = y
        self.arrows = arrows
        self.trajectories = trajectories
        self.arrowStyle = arrowStyle
        self.magnitudeScale = magnitudeScale
        self.equalAspect = equalAspect
        self.legend = legend
    }

    private var seriesNames: [String] {
        var seen = Set<String>(), names: [String] = []
        for t in trajectories where seen.insert(t.series).inserted { names.append(t.series) }
        return names
    }

    private var seriesColors: [String: String] {
        let names = seriesNames
        let auto = Palette.colors(for: names)
        var out: [String: String] = [:]
        for (i, n) in names.enumerated() { out[n] = trajectories.first { $0.series == n && $0.color != nil }?.color ?? auto[i] }
        return out
    }

    public var legendEntries: [LegendEntry] {
        let c = seriesColors
        var entries = seriesNames.map { LegendEntry(name: $0, color: c[$0]!, mark: .line(dash: .solid, marker: nil)) }
        if !trajectories.isEmpty {
            entries.append(LegendEntry(name: "start", color: "#555555", mark: .hollowMarker(.circle), isAnnotation: true))
            entries.append(LegendEntry(name: "end", color: "#555555", mark: .marker(.circle), isAnnotation: true))
        }
        return entries
    }

    private static func magnitude(_ a: FieldArrow) -> Double { (a.dx * a.dx + a.dy * a.dy).squareRoot() }

    public func draw(in frame: PlotRect, on canvas: inout SVGCanvas, showLegend: Bool) {
        var xs = arrows.map(\.x), ys = arrows.map(\.y)
        for t in trajectories { xs += t.points.map(\.x); ys += t.points.map(\.y) }
        // The data's extent plus half a grid cell (so edge arrows are whole), ticks inside.
        let xAxis = Self.view(x, xs, margin: 0.5 * (Self.smallestGap(arrows.map(\.x)) ?? 0))
        let yAxis = Self.view(y, ys, margin: 0.5 * (Self.smallestGap(arrows.map(\.y)) ?? 0))
        let rx = xAxis.resolve(data: xs), ry = yAxis.resolve(data: ys)
        let magnitudes = arrows.map(Self.magnitude).filter { $0.isFinite }
        let range = PlotDrawing.valueRange(magnitudeScale.range, magnitudes)
        let colored = arrowStyle == .normalisedColoredByMagnitude && !magnitudes.isEmpty
        let barTicks = colored ? PlotDrawing.colorBarTickLabels(range) : []
        let entries = legendEntries
        let legendColumn = (showLegend && legend == .right) ? PlotDrawing.legendWidth(entries) : 0
        let barColumn = colored ? PlotDrawing.colorBarColumn(tickLabels: barTicks) : 0
        var area = PlotDrawing.chartArea(frame: frame, title: title, xLabel: x.label, yLabel: y.label,
                                  yTickLabels: ry.ticks.map(\.label), rightColumn: legendColumn + barColumn)
        if equalAspect, x.scale == .linear, y.scale == .linear { area = PlotDrawing.equalAspect(area, x: rx, y: ry) }
        let m = PlotMapping(area: area, x: rx, y: ry)
        PlotDrawing.title(title, frame: frame, area: area, on: &canvas)
        PlotDrawing.axes(m, xLabel: x.label, yLabel: y.label, grid: false, on: &canvas)

        // Grid spacing in pixels: the smallest distance between distinct arrow positions.
        let spacing = Self.gridSpacing(arrows.map { m.point($0.x, $0.y) })
        let maxMagnitude = magnitudes.max() ?? 0
        canvas.beginGroup(clip: area)
        for a in arrows {
            let p = m.point(a.x, a.y)
            guard p.x.isFinite, p.y.isFinite else { continue }
            let mag = Self.magnitude(a)
            // Direction in pixels (the y axis points down on screen).
            let ex = m.px(a.x + a.dx * 1e-6) - p.x, ey = m.py(a.y + a.dy * 1e-6) - p.y
            let norm = (ex * ex + ey * ey).squareRoot()
            let color = colored ? magnitudeScale.map.color(at: 0.15 + 0.85 * PlotDrawing.fraction(mag, in: range)) : "#555555"
            guard mag.isFinite, mag > 0, norm > 0, norm.isFinite else {
                canvas.circle(cx: p.x, cy: p.y, r: 1.2, fill: "#999999")
                continue
            }
            let length: Double
            switch arrowStyle {
            case .normalisedColoredByMagnitude: length = 0.7 * spacing
            case .scaledLength: length = 0.9 * spacing * mag / maxMagnitude
            }
            Self.arrow(from: p, direction: PlotPoint(ex / norm, ey / norm), length: length, color: color, on: &canvas)
        }
        let c = seriesColors
        for t in trajectories {
            let color = t.color ?? c[t.series] ?? "#333333"
            let pts = t.points.map { m.point($0.x, $0.y) }
            canvas.polyline(pts, stroke: SVGCanvas.Stroke(color, width: 1.6, opacity: 0.85))
            if let first = pts.first(where: { $0.x.isFinite && $0.y.isFinite }) {
                canvas.circle(cx: first.x, cy: first.y, r: 3.2, fill: "#FFFFFF", stroke: SVGCanvas.Stroke(color, width: 1.4))
            }
            if pts.count > 1, let last = pts.last(where: { $0.x.isFinite && $0.y.isFinite }) {
                canvas.circle(cx: last.x, cy: last.y, r: 2.4, fill: color)
            }
        }
        canvas.endGroup()
        // Right of the plot: the colour bar, then the legend.
        if colored {
            var scale = magnitudeScale
            // The bar shows the part of the map the arrows use (the lightest 15 % is too faint).
            scale.map = ColorMap(stops: (0...8).map { magnitudeScale.map.color(at: 0.15 + 0.85 * Double($0) / 8) })
            PlotDrawing.colorBar(scale, range: range, x: area.maxX + 18, y0: area.minY, y1: area.maxY, on: &canvas)
        }
        if showLegend { PlotDrawing.placeLegend(entries, placement: legend, area: area, rightOffset: barColumn, on: &canvas) }
    }

    /// `axis` with its range set to the data's extent plus `margin` when it has none.
    static func view(_ axis: Axis, _ data: [Double], margin: Double) -> Axis {
        let v = data.filter(\.isFinite)
        guard axis.range == nil, axis.scale == .linear, let lo = v.min(), let hi = v.max(), lo < hi else { return axis }
        var a = axis
        a.range = (lo - margin)...(hi + margin)
        return a
    }

    /// The smallest positive gap between distinct finite values (nil with fewer than two).
    static func smallestGap(_ values: [Double]) -> Double? {
        let s = Array(Set(values.filter(\.isFinite))).sorted()
        return zip(s, s.dropFirst()).map { $1 - $0 }.filter { $0 > 1e-12 * max(1, abs(s.last ?? 1)) }.min()
    }

    /// A small arrow: shaft and a filled head, centred on `p`.
    static func arrow(from p: PlotPoint, direction d: PlotPoint, length: Double, color: String, on canvas: inout SVGCanvas) {
        guard length > 0.5 else { canvas.circle(cx: p.x, cy: p.y, r: 1, fill: color); return }
        let tail = PlotPoint(p.x - d.x * length / 2, p.y - d.y * length / 2)
        let tip = PlotPoint(p.x + d.x * length / 2, p.y + d.y * length / 2)
        let head = min(5.5, length * 0.45), half = head * 0.5
        let base = PlotPoint(tip.x - d.x * head, tip.y - d.y * head)
        canvas.line(tail.x, tail.y, base.x, base.y, stroke: SVGCanvas.Stroke(color, width: 1.2))
        canvas.polygon([tip, PlotPoint(base.x - d.y * half, base.y + d.x * half), PlotPoint(base.x + d.y * half, base.y - d.x * half)],
                       fill: color)
    }

    /// The smallest positive distance between two arrow positions along x or y (pixels); 24 when
    /// there are fewer than two distinct positions.
    static func gridSpacing(_ points: [PlotPoint]) -> Double {
        func minGap(_ v: [Double]) -> Double? {
            let s = Array(Set(v.filter(\.isFinite).map { ($0 * 100).rounded() / 100 })).sorted()
            return zip(s, s.dropFirst()).map { $1 - $0 }.filter { $0 > 0.5 }.min()
        }
        let gaps = [minGap(points.map(\.x)), minGap(points.map(\.y))].compactMap { $0 }
        return gaps.min() ?? 24
    }
}
