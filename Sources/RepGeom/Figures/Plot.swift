/// A plot that can draw itself into a rectangle of a canvas: a standalone figure
/// (`svg(width:height:)`) or one panel of `SmallMultiples`.
public protocol Plot: Sendable {
    /// Shown above the plot (may be empty).
    var title: String { get }
    /// What the legend lists (series names with their colours and marks).
    var legendEntries: [LegendEntry] { get }
    /// Draws the plot inside `frame`, with its own legend when `showLegend`.
    func draw(in frame: PlotRect, on canvas: inout SVGCanvas, showLegend: Bool)
    /// The document size `svg()` uses when none is given (760 × 480 unless the plot says otherwise).
    var preferredSize: PlotSize { get }
}

/// A figure size in pixels.
public struct PlotSize: Sendable, Hashable {
    public var width: Double
    public var height: Double
    public init(width: Double, height: Double) { self.width = width; self.height = height }
}

extension Plot {
    public var preferredSize: PlotSize { PlotSize(width: 760, height: 480) }

    /// The plot as a complete SVG document of the given size in pixels (default `preferredSize`).
    public func svg(width: Double? = nil, height: Double? = nil) -> String {
        let w = width ?? preferredSize.width, h = height ?? preferredSize.height
        var canvas = SVGCanvas(width: w, height: h)
        draw(in: PlotRect(x: 0, y: 0, width: w, height: h).inset(top: 6, left: 6, bottom: 6, right: 10),
             on: &canvas, showLegend: true)
        return canvas.document(title: title)
    }

    /// The plot as a report figure (`title` defaults to the plot's title).
    public func figure(name: String, title: String? = nil, caption: String, width: Double? = nil, height: Double? = nil) -> ReportFigure {
        ReportFigure(name: name, title: title ?? self.title, caption: caption, svg: svg(width: width, height: height))
    }
}

/// Shapes for point markers.
public enum MarkerShape: String, Sendable, CaseIterable {
    case circle, square, triangle, diamond, invertedTriangle

    /// The default shape of the `index`-th series, so that series stay distinguishable in grey.
    public static func forSeries(_ index: Int) -> MarkerShape { allCases[index % allCases.count] }
}

/// Line dash patterns.
public enum LineDash: Sendable, Equatable {
    case solid, dashed, dotted
    var pattern: [Double] {
        switch self {
        case .solid: []
        case .dashed: [7, 4]
        case .dotted: [1.5, 3]
        }
    }
}

/// One legend row.
public struct LegendEntry: Sendable, Equatable {
    public enum Mark: Sendable, Equatable {
        /// A line segment (with an optional marker on it).
        case line(dash: LineDash, marker: MarkerShape?)
        /// A marker alone.
        case marker(MarkerShape)
        /// An unfilled marker (outline in the entry's colour).
        case hollowMarker(MarkerShape)
        /// A filled square swatch.
        case swatch
    }
    public var name: String
    public var color: String
    public var mark: Mark
    /// A guide rather than data ("unit circle", "start", "no data"): listed after the series in
    /// shared legends.
    public var isAnnotation: Bool
    public init(name: String, color: String, mark: Mark, isAnnotation: Bool = false) {
        self.name = name
        self.color = color
        self.mark = mark
        self.isAnnotation = isAnnotation
    }
}

/// Where a plot's legend goes.
public enum LegendPlacement: Sendable, Equatable {
    /// A column to the right of the plot area (never covers data).
    case right
    /// Inside the plot area, in a corner.
    case topLeft, topRight, bottomLeft, bottomRight
    case none
}

/// Sizes and colours shared by every plot, so figures look alike.
public enum PlotStyle {
    public static let titleSize = 15.0
    public static let labelSize = 13.0
    public static let tickSize = 11.0
    public static let legendSize = 12.0
    public static let text = "#222222"
    public static let secondaryText = "#555555"
    public static let axis = "#444444"
    public static let grid = "#E6E6E6"
    public static let reference = "#888888"

    /// Estimated rendered width of `text` at `size` (DejaVu Sans averages ≈ 0.6 em per glyph);
    /// used only for layout (legend width, margins).
    public static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }
}

// MARK: - Shared drawing

/// Drawing helpers shared by the plot types.
enum PlotDrawing {
    static func marker(_ shape: MarkerShape, at p: PlotPoint, size: Double, fill: String?, stroke: SVGCanvas.Stroke?,
                       on canvas: inout SVGCanvas) {
        guard p.x.isFinite, p.y.isFinite else { return }
        let r = size / 2
        switch shape {
        case .circle:
            canvas.circle(cx: p.x, cy: p.y, r: r, fill: fill, stroke: stroke)
        case .square:
            canvas.rect(x: p.x - r * 0.9, y: p.y - r * 0.9, width: 1.8 * r, height: 1.8 * r, fill: fill, stroke: stroke)
        case .triangle:
            canvas.polygon([PlotPoint(p.x, p.y - 1.15 * r), PlotPoint(p.x + r, p.y + 0.75 * r), PlotPoint(p.x - r, p.y + 0.75 * r)],
                           fill: fill, stroke: stroke)
        case .invertedTriangle:
            canvas.polygon([PlotPoint(p.x, p.y + 1.15 * r), PlotPoint(p.x + r, p.y - 0.75 * r), PlotPoint(p.x - r, p.y - 0.75 * r)],
                           fill: fill, stroke: stroke)
        case .diamond:
            canvas.polygon([PlotPoint(p.x, p.y - 1.2 * r), PlotPoint(p.x + r, p.y), PlotPoint(p.x, p.y + 1.2 * r), PlotPoint(p.x - r, p.y)],
                           fill: fill, stroke: stroke)
        }
    }

    /// Width the legend column needs.
    static func legendWidth(_ entries: [LegendEntry]) -> Double {
        guard !entries.isEmpty else { return 0 }
        let longest = entries.map { PlotStyle.textWidth($0.name, size: PlotStyle.legendSize) }.max() ?? 0
        return 34 + longest + 8
    }

    static let legendRow = 19.0

    /// A vertical legend with its top-left corner at (x, y); `boxed` draws a white box behind it.
    static func legend(_ entries: [LegendEntry], x: Double, y: Double, boxed: Bool, on canvas: inout SVGCanvas) {
        guard !entries.isEmpty else { return }
        let width = legendWidth(entries), height = Double(entries.count) * legendRow + 6
        if boxed {
            canvas.rect(x: x, y: y, width: width, height: height, fill: "#FFFFFF", fillOpacity: 0.88,
                        stroke: SVGCanvas.Stroke("#CCCCCC", width: 0.8), cornerRadius: 3)
        }
        for (i, e) in entries.enumerated() {
            let cy = y + 3 + legendRow * (Double(i) + 0.5)
            let x0 = x + 6, x1 = x + 28
            switch e.mark {
            case .line(let dash, let marker):
                canvas.line(x0, cy, x1, cy, stroke: SVGCanvas.Stroke(e.color, width: 2.2, dash: dash.pattern))
                if let marker {
                    PlotDrawing.marker(marker, at: PlotPoint((x0 + x1) / 2, cy), size: 7, fill: e.color,
                                stroke: SVGCanvas.Stroke("#FFFFFF", width: 0.8), on: &canvas)
                }
            case .marker(let shape):
                PlotDrawing.marker(shape, at: PlotPoint((x0 + x1) / 2, cy), size: 8, fill: e.color,
                            stroke: SVGCanvas.Stroke("#FFFFFF", width: 0.8), on: &canvas)
            case .hollowMarker(let shape):
                PlotDrawing.marker(shape, at: PlotPoint((x0 + x1) / 2, cy), size: 7, fill: "#FFFFFF",
                            stroke: SVGCanvas.Stroke(e.color, width: 1.4), on: &canvas)
            case .swatch:
                canvas.rect(x: x0 + 4, y: cy - 6, width: 14, height: 12, fill: e.color, fillOpacity: 0.85,
                            stroke: SVGCanvas.Stroke(e.color, width: 1))
            }
            canvas.text(e.name, x: x + 34, y: cy, size: PlotStyle.legendSize, color: PlotStyle.text, centeredVertically: true)
        }
    }

    /// Places a legend according to `placement` relative to the plot `area` (for `.right` the
    /// caller has reserved the column right of `area`).
    static func placeLegend(_ entries: [LegendEntry], placement: LegendPlacement, area: PlotRect, rightOffset: Double = 0,
                            on canvas: inout SVGCanvas) {
        guard !entries.isEmpty else { return }
        let w = legendWidth(entries), h = Double(entries.count) * legendRow + 6
        switch placement {
        case .none: return
        case .right: legend(entries, x: area.maxX + 14 + rightOffset, y: area.minY, boxed: false, on: &canvas)
        case .topLeft: legend(entries, x: area.minX + 8, y: area.minY + 8, boxed: true, on: &canvas)
        case .topRight: legend(entries, x: area.maxX - w - 8, y: area.minY + 8, boxed: true, on: &canvas)
        case .bottomLeft: legend(entries, x: area.minX + 8, y: area.maxY - h - 8, boxed: true, on: &canvas)
        case .bottomRight: legend(entries, x: area.maxX - w - 8, y: area.maxY - h - 8, boxed: true, on: &canvas)
        }
    }

    /// The plot area inside `frame` for a chart with x/y axes: room for the title, tick labels,
    /// axis titles, and (when `rightColumn` > 0) a column on the right (legend or colour bar).
    static func chartArea(frame: PlotRect, title: String, xLabel: String, yLabel: String,
                          yTickLabels: [String], rightColumn: Double) -> PlotRect {
        let top = title.isEmpty ? 10.0 : 32.0
        let tickWidth = yTickLabels.map { PlotStyle.textWidth($0, size: PlotStyle.tickSize) }.max() ?? 0
        let left: Double = 8 + (yLabel.isEmpty ? 0 : 22) + tickWidth + 8
        let bottom: Double = 8 + 18 + (xLabel.isEmpty ? 0 : 22)
        let right: Double = rightColumn > 0 ? rightColumn + 18 : 8
        return frame.inset(top: top, left: left, bottom: bottom, right: right)
    }

    /// Shrinks `area` so one data unit has the same pixel length on both axes, centring it
    /// horizontally in the width it gave up.
    static func equalAspect(_ area: PlotRect, x: ResolvedAxis, y: ResolvedAxis) -> PlotRect {
        var a = area
        let sx = x.range.upperBound - x.range.lowerBound, sy = y.range.upperBound - y.range.lowerBound
        let ux = a.width / sx, uy = a.height / sy
        if ux > uy {
            a.width = uy * sx
            a.x += (area.width - a.width) / 2
        } else {
            a.height = ux * sy
        }
        return a
    }

    /// Title centred over the plot area.
    static func title(_ title: String, frame: PlotRect, area: PlotRect, on canvas: inout SVGCanvas) {
        canvas.text(title, x: area.midX, y: frame.minY + 18, size: PlotStyle.titleSize, anchor: .middle,
                    color: PlotStyle.text, bold: true)
    }

    /// Grid lines, the axis frame, ticks, tick labels and axis titles.
    static func axes(_ m: PlotMapping, xLabel: String, yLabel: String, grid: Bool = true, verticalGrid: Bool = true,
                     xTickLabelsAt: [(Double, String)]? = nil, yTickLabelsAt: [(Double, String)]? = nil,
                     xTickLabelSize: Double = PlotStyle.tickSize, xTickLabelColor: String = PlotStyle.secondaryText,
                     on canvas: inout SVGCanvas) {
        let a = m.area
        let xt = xTickLabelsAt ?? m.x.ticks.map { ($0.value, $0.label) }
        let yt = yTickLabelsAt ?? m.y.ticks.map { ($0.value, $0.label) }
        if grid && verticalGrid {
            for (v, _) in xt { let x = m.px(v); if x > a.minX + 0.5 && x < a.maxX - 0.5 { canvas.line(x, a.minY, x, a.maxY, stroke: .init(PlotStyle.grid, width: 1)) } }
        }
        if grid {
            for (v, _) in yt { let y = m.py(v); if y > a.minY + 0.5 && y < a.maxY - 0.5 { canvas.line(a.minX, y, a.maxX, y, stroke: .init(PlotStyle.grid, width: 1)) } }
        }
        canvas.rect(x: a.x, y: a.y, width: a.width, height: a.height, fill: nil, stroke: .init(PlotStyle.axis, width: 1))
        for (v, label) in xt {
            let x = m.px(v)
            guard x.isFinite, x >= a.minX - 0.5, x <= a.maxX + 0.5 else { continue }
            canvas.line(x, a.maxY, x, a.maxY + 5, stroke: .init(PlotStyle.axis, width: 1))
            canvas.text(label, x: x, y: a.maxY + 18, size: xTickLabelSize, anchor: .middle, color: xTickLabelColor)
        }
        for (v, label) in yt {
            let y = m.py(v)
            guard y.isFinite, y >= a.minY - 0.5, y <= a.maxY + 0.5 else { continue }
            canvas.line(a.minX - 5, y, a.minX, y, stroke: .init(PlotStyle.axis, width: 1))
            canvas.text(label, x: a.minX - 8, y: y, size: PlotStyle.tickSize, anchor: .end, color: PlotStyle.secondaryText,
                        centeredVertically: true)
        }
        canvas.text(xLabel, x: a.midX, y: a.maxY + 40, size: PlotStyle.labelSize, anchor: .middle, color: PlotStyle.text)
        let tickWidth = yt.map { PlotStyle.textWidth($0.1, size: PlotStyle.tickSize) }.max() ?? 0
        canvas.text(yLabel, x: a.minX - 16 - tickWidth, y: a.midY, size: PlotStyle.labelSize, anchor: .middle,
                    color: PlotStyle.text, rotation: -90)
    }

    static let colorBarWidth = 16.0
    static let colorBarTickTarget = 5

    /// The tick labels a colour bar over `range` shows (for sizing its column).
    static func colorBarTickLabels(_ range: ClosedRange<Double>) -> [String] {
        Axis("", range: range, tickTarget: colorBarTickTarget).resolve(data: []).ticks.map(\.label)
    }

    /// Width a vertical colour bar column needs (bar, tick labels, rotated title).
    static func colorBarColumn(tickLabels: [String]) -> Double {
        let w = tickLabels.map { PlotStyle.textWidth($0, size: PlotStyle.tickSize) }.max() ?? 20
        return colorBarWidth + 8 + w + 26
    }

    /// A vertical colour bar at x, spanning y0…y1, for `range`, with ticks and a rotated title.
    static func colorBar(_ scale: ColorScale, range: ClosedRange<Double>, x: Double, y0: Double, y1: Double,
                         on canvas: inout SVGCanvas) {
        let steps = 48
        let h = (y1 - y0) / Double(steps)
        for i in 0..<steps {
            let t = (Double(i) + 0.5) / Double(steps)
            canvas.rect(x: x, y: y1 - Double(i + 1) * h, width: colorBarWidth, height: h + 0.6, fill: scale.map.color(at: t))
        }
        canvas.rect(x: x, y: y0, width: colorBarWidth, height: y1 - y0, fill: nil, stroke: .init(PlotStyle.axis, width: 0.8))
        let resolved = Axis("", range: range, tickTarget: colorBarTickTarget).resolve(data: [])
        var widest = 0.0
        for (v, label) in resolved.ticks {
            guard let f = resolved.fraction(v), f >= -1e-9, f <= 1 + 1e-9 else { continue }
            let y = y1 - f * (y1 - y0)
            canvas.line(x + colorBarWidth, y, x + colorBarWidth + 4, y, stroke: .init(PlotStyle.axis, width: 0.8))
            canvas.text(label, x: x + colorBarWidth + 7, y: y, size: PlotStyle.tickSize, color: PlotStyle.secondaryText,
                        centeredVertically: true)
            widest = max(widest, PlotStyle.textWidth(label, size: PlotStyle.tickSize))
        }
        canvas.text(scale.label, x: x + colorBarWidth + 14 + widest + 6, y: (y0 + y1) / 2, size: PlotStyle.labelSize - 1,
                    anchor: .middle, color: PlotStyle.text, rotation: -90)
    }

    /// A data range for colour scales: the fixed one, else the finite data's min…max (widened
    /// when degenerate; [0, 1] when there is no data).
    static func valueRange(_ fixed: ClosedRange<Double>?, _ values: [Double]) -> ClosedRange<Double> {
        if let fixed, fixed.lowerBound < fixed.upperBound { return fixed }
        let v = values.filter(\.isFinite)
        guard let lo = v.min(), let hi = v.max() else { return 0...1 }
        if lo == hi { let pad = lo == 0 ? 1 : abs(lo) * 0.1; return (lo - pad)...(hi + pad) }
        return lo...hi
    }

    static func fraction(_ v: Double, in r: ClosedRange<Double>) -> Double {
        (v - r.lowerBound) / (r.upperBound - r.lowerBound)
    }
}
