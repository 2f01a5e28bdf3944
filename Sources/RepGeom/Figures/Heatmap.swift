import Foundation

/// A grid of coloured cells with a colour bar: e.g. the clip(lo, hi) phase diagram (x = lo,
/// y = hi, colour = target alignment). Columns and rows are categories with text labels (so
/// values such as −∞ can be shown); rows run bottom to top, like a y axis.
/// Missing cells (NaN or infinite values) are drawn hatched grey and listed as "no data".
public struct Heatmap: Plot {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Column labels, left to right.
    public var columns: [String]
    /// Row labels, bottom to top.
    public var rows: [String]
    /// `values[row][column]`; non-finite = missing.
    public var values: [[Double]]
    public var colorScale: ColorScale
    /// Writes each cell's value in it (format: `valueFormat` decimals).
    public var annotate: Bool
    public var valueDecimals: Int

    public init(title: String, xLabel: String, yLabel: String, columns: [String], rows: [String],
                values: [[Double]], colorScale: ColorScale, annotate: Bool = true, valueDecimals: Int = 2) {
        precondition(values.count == rows.count && values.allSatisfy { $0.count == columns.count },
                     "Heatmap \(title): values must be rows × columns")
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.columns = columns
        self.rows = rows
        self.values = values
        self.colorScale = colorScale
        self.annotate = annotate
        self.valueDecimals = valueDecimals
    }

    /// Numeric row and column coordinates, labelled with just enough decimals (±∞ as "−∞"/"∞").
    public init(title: String, xLabel: String, yLabel: String, x: [Double], y: [Double], values: [[Double]],
                colorScale: ColorScale, annotate: Bool = true, valueDecimals: Int = 2) {
        self.init(title: title, xLabel: xLabel, yLabel: yLabel, columns: Heatmap.labels(x), rows: Heatmap.labels(y),
                  values: values, colorScale: colorScale, annotate: annotate, valueDecimals: valueDecimals)
    }

    static func labels(_ v: [Double]) -> [String] {
        let finite = v.filter(\.isFinite).sorted()
        let gaps = zip(finite, finite.dropFirst()).map { $1 - $0 }.filter { $0 > 0 }
        let step = gaps.min() ?? 1
        return v.map { value in
            if value == .infinity { return "∞" }
            if value == -.infinity { return "−∞" }
            if value.isNaN { return "?" }
            var s = NiceTicks.label(value, step: step)
            if s.contains(".") { while s.hasSuffix("0") { s.removeLast() }; if s.hasSuffix(".") { s.removeLast() } }
            return s
        }
    }

    private var hasMissing: Bool { values.contains { $0.contains { !$0.isFinite } } }

    public var legendEntries: [LegendEntry] {
        hasMissing ? [LegendEntry(name: "no data", color: "#BBBBBB", mark: .swatch, isAnnotation: true)] : []
    }

    public func draw(in frame: PlotRect, on canvas: inout SVGCanvas, showLegend: Bool) {
        let range = PlotDrawing.valueRange(colorScale.range, values.flatMap { $0 })
        let barTicks = PlotDrawing.colorBarTickLabels(range)
        let barColumn = PlotDrawing.colorBarColumn(tickLabels: barTicks)
        let area = PlotDrawing.chartArea(frame: frame, title: title, xLabel: xLabel, yLabel: yLabel,
                                  yTickLabels: rows, rightColumn: barColumn)
        PlotDrawing.title(title, frame: frame, area: area, on: &canvas)
        let nc = max(columns.count, 1), nr = max(rows.count, 1)
        let cw = area.width / Double(nc), ch = area.height / Double(nr)
        let patternID = canvas.uniqueIdentifier("missing")
        canvas.define("<pattern id=\"\(patternID)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#EEEEEE\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#BBBBBB\" stroke-width=\"2\"/></pattern>")
        for (r, row) in values.enumerated() {
            for (col, v) in row.enumerated() {
                let x = area.minX + Double(col) * cw, y = area.maxY - Double(r + 1) * ch
                if v.isFinite {
                    let t = PlotDrawing.fraction(v, in: range)
                    canvas.rect(x: x, y: y, width: cw + 0.4, height: ch + 0.4, fill: colorScale.map.color(at: t))
                    if annotate && cw >= 26 && ch >= 14 {
                        let light = Heatmap.isDark(colorScale.map.color(at: t))
                        canvas.text(String(format: "%.\(valueDecimals)f", v).replacingOccurrences(of: "-", with: "−"),
                                    x: x + cw / 2, y: y + ch / 2, size: min(11, ch * 0.5), anchor: .middle,
                                    color: light ? "#FFFFFF" : "#222222", centeredVertically: true)
                    }
                } else {
                    canvas.rect(x: x, y: y, width: cw + 0.4, height: ch + 0.4, fill: "url(#\(patternID))")
                }
            }
        }
        canvas.rect(x: area.x, y: area.y, width: area.width, height: area.height, fill: nil, stroke: .init(PlotStyle.axis, width: 1))
        let every = max(1, Int((Double(nc) * 30 / area.width).rounded(.up)))
        for (i, label) in columns.enumerated() where i % every == 0 {
            let x = area.minX + (Double(i) + 0.5) * cw
            canvas.line(x, area.maxY, x, area.maxY + 4, stroke: .init(PlotStyle.axis, width: 1))
            canvas.text(label, x: x, y: area.maxY + 17, size: PlotStyle.tickSize, anchor: .middle, color: PlotStyle.secondaryText)
        }
        let everyRow = max(1, Int((Double(nr) * 14 / area.height).rounded(.up)))
        for (i, label) in rows.enumerated() where i % everyRow == 0 {
            let y = area.maxY - (Double(i) + 0.5) * ch
            canvas.line(area.minX - 4, y, area.minX, y, stroke: .init(PlotStyle.axis, width: 1))
            canvas.text(label, x: area.minX - 7, y: y, size: PlotStyle.tickSize, anchor: .end, color: PlotStyle.secondaryText,
                        centeredVertically: true)
        }
        canvas.text(xLabel, x: area.midX, y: area.maxY + 40, size: PlotStyle.labelSize, anchor: .middle)
        let tickWidth = rows.map { PlotStyle.textWidth($0, size: PlotStyle.tickSize) }.max() ?? 0
        canvas.text(yLabel, x: area.minX - 16 - tickWidth, y: area.midY, size: PlotStyle.labelSize, anchor: .middle, rotation: -90)
        let barBottom = hasMissing ? area.maxY - 30 : area.maxY
        PlotDrawing.colorBar(colorScale, range: range, x: area.maxX + 18, y0: area.minY, y1: barBottom, on: &canvas)
        if hasMissing {
            canvas.rect(x: area.maxX + 18, y: area.maxY - 14, width: PlotDrawing.colorBarWidth, height: 14, fill: "url(#\(patternID))",
                        stroke: .init(PlotStyle.axis, width: 0.8))
            canvas.text("no data", x: area.maxX + 18 + PlotDrawing.colorBarWidth + 6, y: area.maxY - 7, size: PlotStyle.tickSize,
                        color: PlotStyle.secondaryText, centeredVertically: true)
        }
    }

    /// Whether white text reads better than dark text on `color` (relative luminance < 0.4).
    static func isDark(_ color: String) -> Bool {
        let (r, g, b) = ColorMap.rgb(color)
        func lin(_ c: Double) -> Double { let s = c / 255; return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4) }
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) < 0.4
    }
}
