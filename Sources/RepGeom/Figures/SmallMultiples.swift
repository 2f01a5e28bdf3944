/// A grid of panels (e.g. one per noise level σ, or per (d, k)) under one title and one shared
/// legend, which lists each distinct entry of the panels once (so a series keeps one colour
/// across panels, as the palette guarantees for named series).
public struct SmallMultiples: Plot {
    public var title: String
    public var panels: [any Plot]
    /// Panels per row (the last row may be partly empty).
    public var columns: Int
    /// One legend for all panels, below the title; false: each panel draws its own.
    public var sharedLegend: Bool

    public init(title: String, panels: [any Plot], columns: Int, sharedLegend: Bool = true,
                panelSize: PlotSize = PlotSize(width: 380, height: 300)) {
        precondition(columns >= 1, "SmallMultiples \(title): columns must be ≥ 1")
        self.panelSize = panelSize
        self.title = title
        self.panels = panels
        self.columns = columns
        self.sharedLegend = sharedLegend
    }

    public var legendEntries: [LegendEntry] {
        var seen = Set<String>(), out: [LegendEntry] = []
        for p in panels { for e in p.legendEntries where seen.insert(e.name).inserted { out.append(e) } }
        return out.filter { !$0.isAnnotation } + out.filter(\.isAnnotation)
    }

    public var rows: Int { (panels.count + columns - 1) / columns }

    /// The size of one panel; the document size follows from it (`preferredSize`).
    public var panelSize: PlotSize

    public var preferredSize: PlotSize {
        let legendHeight = sharedLegend && !legendEntries.isEmpty ? 30.0 : 0
        let titleHeight = title.isEmpty ? 0.0 : 32
        return PlotSize(width: Double(min(columns, max(panels.count, 1))) * panelSize.width + 16,
                        height: Double(max(rows, 1)) * panelSize.height + 12 + titleHeight + legendHeight)
    }

    public func draw(in frame: PlotRect, on canvas: inout SVGCanvas, showLegend: Bool) {
        var top = frame.minY
        if !title.isEmpty {
            canvas.text(title, x: frame.midX, y: top + 20, size: PlotStyle.titleSize + 1, anchor: .middle, bold: true)
            top += 32
        }
        let entries = legendEntries
        if sharedLegend && showLegend && !entries.isEmpty {
            Self.horizontalLegend(entries, centerX: frame.midX, y: top + 4, on: &canvas)
            top += 30
        }
        let cols = min(columns, max(panels.count, 1))
        let pw = frame.width / Double(cols), ph = (frame.maxY - top) / Double(max(rows, 1))
        for (i, panel) in panels.enumerated() {
            let r = i / columns, c = i % columns
            let cell = PlotRect(x: frame.minX + Double(c) * pw, y: top + Double(r) * ph, width: pw, height: ph)
            panel.draw(in: cell.inset(top: 2, left: 2, bottom: 4, right: 6), on: &canvas, showLegend: !sharedLegend)
        }
    }

    /// One row of legend entries centred at `centerX`, wrapping if wider than 1000 px.
    static func horizontalLegend(_ entries: [LegendEntry], centerX: Double, y: Double, on canvas: inout SVGCanvas) {
        let widths = entries.map { 34 + PlotStyle.textWidth($0.name, size: PlotStyle.legendSize) + 14 }
        let total = widths.reduce(0, +)
        var x = centerX - total / 2
        for (e, w) in zip(entries, widths) {
            PlotDrawing.legend([e], x: x, y: y - 3, boxed: false, on: &canvas)
            x += w
        }
    }
}
