import XCTest
@testable import RepGeom

/// Each plot type: a valid document, the expected elements, and data drawn where the axis
/// mapping (recomputed here from the frame rectangle and the axis range) puts it.
final class PlotTests: XCTestCase {
    /// The plot area: the unfilled rectangle stroked in the axis colour.
    private func frames(_ doc: SVGInspection) -> [PlotRect] {
        doc.all("rect").filter { $0.attributes["fill"] == "none" && $0.attributes["stroke"] == PlotStyle.axis }.map {
            PlotRect(x: $0.number("x")!, y: $0.number("y")!, width: $0.number("width")!, height: $0.number("height")!)
        }
    }

    private func points(_ e: SVGInspection.Element) -> [PlotPoint] {
        (e.attributes["points"] ?? "").split(separator: " ").map {
            let xy = $0.split(separator: ",").map { Double($0)! }
            return PlotPoint(xy[0], xy[1])
        }
    }

    func testLinePlotMapsDataAndDrawsEverySeries() throws {
        let x = [0.0, 0.25, 0.5, 0.75, 1.0]
        let plot = LinePlot(title: "Two <series> & bands", x: Axis("c", range: 0...1), y: Axis("alignment", range: 0...2),
                            series: [LineSeries(name: "tanh", x: x, y: [0.2, 0.4, 0.8, 1.2, 1.6], spread: [0.1, 0.1, 0.1, 0.1, 0.1]),
                                     LineSeries(name: "relu", x: x, y: [1, 1, 1, 1, 1])],
                            referenceLines: [ReferenceLine(.horizontal, at: 0.5, label: "chance")])
        let doc = try XCTUnwrap(assertValidSVG(plot.svg(width: 600, height: 400), width: 600, height: 400))
        let area = try XCTUnwrap(frames(doc).first)
        let tanh = doc.all("polyline", where: "stroke", is: Palette.tanh)
        let relu = doc.all("polyline", where: "stroke", is: Palette.relu)
        XCTAssertEqual(tanh.count, 1); XCTAssertEqual(relu.count, 1)
        // Pixel = area origin + fraction of the range × size (y flipped).
        let p = points(tanh[0])
        XCTAssertEqual(p.count, 5)
        for (i, pt) in p.enumerated() {
            XCTAssertEqual(pt.x, area.x + x[i] * area.width, accuracy: 0.01)
            XCTAssertEqual(pt.y, area.maxY - [0.2, 0.4, 0.8, 1.2, 1.6][i] / 2 * area.height, accuracy: 0.01)
        }
        // One band (only tanh has a spread): 5 upper then 5 lower points.
        let bands = doc.all("polygon", where: "fill", is: Palette.tanh).filter { $0.attributes["fill-opacity"] != nil }
        XCTAssertEqual(bands.count, 1)
        let band = points(bands[0])
        XCTAssertEqual(band.count, 10)
        XCTAssertEqual(band[0].y, area.maxY - 0.3 / 2 * area.height, accuracy: 0.01)
        XCTAssertEqual(band[9].y, area.maxY - 0.1 / 2 * area.height, accuracy: 0.01)
        // Markers: circles for series 0 (5 + 1 in the legend), squares for series 1.
        XCTAssertEqual(doc.all("circle", where: "fill", is: Palette.tanh).count, 6)
        XCTAssertEqual(doc.all("rect", where: "fill", is: Palette.relu).count, 6)
        // Reference line at y = 0.5, dashed, across the area.
        let ref = try XCTUnwrap(doc.all("line").first { $0.attributes["stroke-dasharray"] != nil })
        XCTAssertEqual(ref.number("y1")!, area.maxY - 0.25 * area.height, accuracy: 0.01)
        // Ticks 0, 0.2, …, 1 on x at their mapped positions; title escaped and intact.
        let texts = doc.texts()
        XCTAssertTrue(texts.contains("Two <series> & bands"))
        XCTAssertTrue(texts.contains("tanh") && texts.contains("relu") && texts.contains("chance"))
        let tick = try XCTUnwrap(doc.all("text").first { $0.text == "0.6" && $0.attributes["text-anchor"] == "middle" })
        XCTAssertEqual(tick.number("x")!, area.x + 0.6 * area.width, accuracy: 0.01)
        XCTAssertTrue(texts.contains("c") && texts.contains("alignment"))
    }

    func testLinePlotLogAxisAndMissingData() throws {
        let epochs = [0.0, 1, 10, 100, 1000]
        let plot = LinePlot(title: "log", x: Axis("epoch", scale: .log), y: Axis("v", range: 0...1),
                            series: [LineSeries(name: "a", x: epochs, y: [0.5, 0.1, .nan, 0.6, 0.9]),
                                     LineSeries(name: "empty", x: [], y: []),
                                     LineSeries(name: "all nan", x: [1, 2], y: [.nan, .nan], spread: [.nan, .nan])])
        let doc = try XCTUnwrap(assertValidSVG(plot.svg(), width: 760, height: 480))
        let area = try XCTUnwrap(frames(doc).first)
        let color = Palette.colors(for: ["a", "empty", "all nan"])[0]
        // Epoch 0 cannot be placed on a log axis, the NaN breaks the line: pieces [1] (dropped) and [100, 1000].
        let lines = doc.all("polyline", where: "stroke", is: color)
        XCTAssertEqual(lines.count, 1)
        let p = points(lines[0])
        XCTAssertEqual(p.count, 2)
        // The view is 1…1000 widened by 2 % of its 3 decades on each side: log10 spans −0.06…3.06.
        XCTAssertEqual(p[0].x, area.x + (2 + 0.06) / 3.12 * area.width, accuracy: 0.01)
        XCTAssertEqual(p[1].x, area.x + (3 + 0.06) / 3.12 * area.width, accuracy: 0.01)
        XCTAssertTrue(doc.texts().contains("1000"))
    }

    func testSummarisingComputesMeanAndStandardDeviation() {
        let s = LineSeries.summarising(name: "s", x: [1, 2, 3], samples: [[1, 2, 3], [5, .nan], []])
        XCTAssertEqual(s.y[0], 2); XCTAssertEqual(s.upper![0], 3); XCTAssertEqual(s.lower![0], 1) // sd of 1,2,3 = 1
        XCTAssertEqual(s.y[1], 5); XCTAssertEqual(s.upper![1], 5)                                 // one value: no spread
        XCTAssertTrue(s.y[2].isNaN)
        let se = LineSeries.summarising(name: "s", x: [1], samples: [[1, 2, 3, 4]], spread: .standardError)
        // sd = sqrt(5/3); se = sd / 2
        XCTAssertEqual(se.upper![0] - se.y[0], (5.0 / 3).squareRoot() / 2, accuracy: 1e-12)
    }

    func testPlanePlotQuarterCircleEqualAspectAndErrorCrosses() throws {
        let plot = PlanePlot(title: "plane",
                             series: [ScatterSeries(name: "tanh", points: [ScatterPoint(0.3, 0.9, xError: 0.05, yError: 0.1), ScatterPoint(.nan, 0.5)]),
                                      ScatterSeries(name: "relu", points: [ScatterPoint(0.7, 0.5, value: 0.2), ScatterPoint(0.6, 0.6, value: 0.3)], connected: true)],
                             colorScale: ColorScale("c", range: 0...0.4))
        let doc = try XCTUnwrap(assertValidSVG(plot.svg(width: 700, height: 560), width: 700, height: 560))
        let area = try XCTUnwrap(frames(doc).first)
        // Default view: the unit square with a 4 % margin, −0.04…1.04 both ways; equal aspect → square.
        XCTAssertEqual(area.width, area.height, accuracy: 0.02)
        func px(_ u: Double) -> Double { area.x + (u + 0.04) / 1.08 * area.width }
        func py(_ v: Double) -> Double { area.maxY - (v + 0.04) / 1.08 * area.height }
        let arc = try XCTUnwrap(doc.all("polyline").first { points($0).count == 91 })
        let a = points(arc)
        XCTAssertEqual(a.first!.x, px(1), accuracy: 0.01)   // (1, 0)
        XCTAssertEqual(a.first!.y, py(0), accuracy: 0.01)
        XCTAssertEqual(a.last!.x, px(0), accuracy: 0.01)    // (0, 1)
        XCTAssertEqual(a.last!.y, py(1), accuracy: 0.01)
        // Every arc point is at unit distance from the origin in data units.
        for p in a {
            let u = (p.x - area.minX) / area.width * 1.08 - 0.04, v = (area.maxY - p.y) / area.height * 1.08 - 0.04
            XCTAssertEqual(u * u + v * v, 1, accuracy: 0.002)
        }
        XCTAssertTrue(doc.texts().contains("0.2") && doc.texts().contains("1.0"))
        // Error cross of the first tanh point: horizontal from 0.25 to 0.35.
        let cross = try XCTUnwrap(doc.all("line", where: "stroke", is: Palette.tanh).first { $0.number("y1") == $0.number("y2") })
        XCTAssertEqual(cross.number("x1")!, px(0.25), accuracy: 0.01)
        XCTAssertEqual(cross.number("x2")!, px(0.35), accuracy: 0.01)
        // The NaN point is skipped; tanh: 1 circle (+1 legend); relu: 2 value-coloured squares (+1 legend).
        XCTAssertEqual(doc.all("circle", where: "fill", is: Palette.tanh).count, 2)
        XCTAssertEqual(doc.all("rect", where: "stroke", is: Palette.relu).count, 2)
        // c = 0.2 is the middle of the 0…0.4 colour range.
        XCTAssertTrue(doc.all("rect").contains { $0.attributes["fill"] == ColorMap.viridis.color(at: 0.5) })
        XCTAssertTrue(doc.texts().contains("input alignment (orthogonalised)"))
    }

    func testHeatmapCellsColoursAndMissingValues() throws {
        let values: [[Double]] = [[0, 0.5, .nan], [1, .infinity, 0.25]]
        let plot = Heatmap(title: "phase", xLabel: "lo", yLabel: "hi", x: [-.infinity, -1, 0], y: [1, 2], values: values,
                           colorScale: ColorScale("target alignment", map: .viridis, range: 0...1))
        let doc = try XCTUnwrap(assertValidSVG(plot.svg(width: 640, height: 460), width: 640, height: 460))
        let area = try XCTUnwrap(frames(doc).first)
        let cells = doc.all("rect").filter { r in
            guard let x = r.number("x"), let y = r.number("y") else { return false }
            return x >= area.minX - 0.01 && x < area.maxX && y >= area.minY - 0.01 && y < area.maxY && r.attributes["stroke"] == nil
        }
        XCTAssertEqual(cells.count, 6)
        let missing = cells.filter { $0.attributes["fill"]?.hasPrefix("url(#") ?? false }
        XCTAssertEqual(missing.count, 2)
        // Row 0 is the bottom row; cell (row 0, col 0) = 0 → first viridis stop, at the bottom-left.
        let first = try XCTUnwrap(cells.first { $0.attributes["fill"] == "#440154" })
        XCTAssertEqual(first.number("x")!, area.minX, accuracy: 0.01)
        XCTAssertEqual(first.number("y")! + first.number("height")!, area.maxY + 0.4, accuracy: 0.02)
        XCTAssertEqual(cells.filter { $0.attributes["fill"] == "#FDE725" }.count, 1) // value 1
        let texts = doc.texts()
        XCTAssertTrue(texts.contains("−∞") && texts.contains("−1") && texts.contains("no data"))
        XCTAssertTrue(texts.contains("0.25") && texts.contains("0.50"))
        XCTAssertEqual(doc.all("pattern").count, 1)
    }

    func testVectorFieldArrowsPointTheRightWayAndTrajectoriesStartWithCircles() throws {
        let arrows = [FieldArrow(x: 0, y: 0, dx: 1, dy: 0), FieldArrow(x: 1, y: 0, dx: 0, dy: 2),
                      FieldArrow(x: 0, y: 1, dx: 0, dy: 0), FieldArrow(x: 1, y: 1, dx: .nan, dy: 1)]
        let plot = VectorFieldPlot(title: "field", x: Axis("inter-class axis"), y: Axis("intra-class axis"), arrows: arrows,
                                   trajectories: [Trajectory(series: "tanh", points: [PlotPoint(0.1, 0.1), PlotPoint(0.5, 0.2), PlotPoint(0.9, 0.3)]),
                                                  Trajectory(series: "relu", points: [PlotPoint(0.2, 0.8), PlotPoint(0.3, 0.4)])])
        let doc = try XCTUnwrap(assertValidSVG(plot.svg(), width: 760, height: 480))
        let area = try XCTUnwrap(frames(doc).first)
        XCTAssertEqual(area.width, area.height, accuracy: 0.02)
        // Two drawable arrows (the zero and the NaN vector become dots): two heads.
        let heads = doc.all("polygon").filter { points($0).count == 3 }
        XCTAssertEqual(heads.count, 2)
        // The view is the grid 0…1 plus half a cell: −0.5…1.5 both ways.
        func px(_ u: Double) -> Double { area.x + (u + 0.5) / 2 * area.width }
        func py(_ v: Double) -> Double { area.maxY - (v + 0.5) / 2 * area.height }
        // The (1, 0) arrow at the origin points right; the (0, 2) arrow at (1, 0) points up (smaller y).
        let origin = PlotPoint(px(0), py(0)), right = PlotPoint(px(1), py(0))
        func tip(near p: PlotPoint) -> PlotPoint? {
            heads.map { points($0)[0] }.min { hypot($0.x - p.x, $0.y - p.y) < hypot($1.x - p.x, $1.y - p.y) }
        }
        let t0 = try XCTUnwrap(tip(near: origin)), t1 = try XCTUnwrap(tip(near: right))
        XCTAssertGreaterThan(t0.x, origin.x); XCTAssertEqual(t0.y, origin.y, accuracy: 0.01)
        XCTAssertLessThan(t1.y, right.y); XCTAssertEqual(t1.x, right.x, accuracy: 0.01)
        // Normalised length: both arrows span the same pixel distance.
        let shafts = doc.all("line").filter { $0.attributes["stroke-width"] == "1.2" }
        XCTAssertEqual(shafts.count, 2)
        let lengths = shafts.map { hypot($0.number("x2")! - $0.number("x1")!, $0.number("y2")! - $0.number("y1")!) }
        XCTAssertEqual(lengths[0], lengths[1], accuracy: 0.02)
        // Trajectories: one polyline per unit, an open start circle at the first point.
        XCTAssertEqual(doc.all("polyline", where: "stroke", is: Palette.tanh).count, 1)
        XCTAssertEqual(doc.all("polyline", where: "stroke", is: Palette.relu).count, 1)
        let start = try XCTUnwrap(doc.all("circle", where: "stroke", is: Palette.tanh).first)
        XCTAssertEqual(start.attributes["fill"], "#FFFFFF")
        XCTAssertEqual(start.number("cx")!, px(0.1), accuracy: 0.01)
        XCTAssertEqual(start.number("cy")!, py(0.1), accuracy: 0.01)
    }

    func testCategoryBarsHeightsAndErrorBars() throws {
        let plot = CategoryPlot(title: "shares", xLabel: "nonlinearity", categories: ["tanh", "relu"], y: Axis("share", range: 0...1),
                                series: [CategorySeries(name: "intra", values: [[0.2, 0.4], [0.6, 0.8]], color: "#009E73"),
                                         CategorySeries(name: "inter", values: [[0.5], [.nan]], color: "#E69F00")])
        let doc = try XCTUnwrap(assertValidSVG(plot.svg(), width: 760, height: 480))
        let area = try XCTUnwrap(frames(doc).first)
        let bars = doc.all("rect", where: "fill", is: "#009E73").filter { $0.attributes["fill-opacity"] == "0.78" }
        XCTAssertEqual(bars.count, 2)
        // Bar top at the mean (0.3), bottom at 0.
        let b0 = try XCTUnwrap(bars.min { $0.number("x")! < $1.number("x")! })
        XCTAssertEqual(b0.number("y")!, area.maxY - 0.3 * area.height, accuracy: 0.02)
        XCTAssertEqual(b0.number("y")! + b0.number("height")!, area.maxY, accuracy: 0.02)
        // The "inter" series has one drawable bar (its relu values are all NaN).
        XCTAssertEqual(doc.all("rect", where: "fill", is: "#E69F00").filter { $0.attributes["fill-opacity"] == "0.78" }.count, 1)
        // Error bar of intra/tanh: ± sd = ± 0.1414 around 0.3.
        let sd = (0.02).squareRoot()
        let vertical = doc.all("line", where: "stroke", is: "#222222").filter { $0.number("x1") == $0.number("x2") }
        let e0 = try XCTUnwrap(vertical.min { abs($0.number("x1")! - b0.number("x")!) < abs($1.number("x1")! - b0.number("x")!) })
        XCTAssertEqual(abs(e0.number("y1")! - e0.number("y2")!), 2 * sd * area.height, accuracy: 0.05)
        // Points: 2 + 2 + 1 dots; category labels at the category centres.
        XCTAssertEqual(doc.all("circle", where: "fill", is: "#FFFFFF").count, 5)
        let label = try XCTUnwrap(doc.all("text").first { $0.text == "relu" })
        XCTAssertEqual(label.number("x")!, area.x + 0.75 * area.width, accuracy: 0.01)
    }

    func testViolinsAndStrips() throws {
        let values: [[Double]] = [[0.1, 0.2, 0.25, 0.3, 0.5], [0.7, 0.7]]
        var plot = CategoryPlot(title: "v", categories: ["a", "b"], y: Axis("y"), series: [CategorySeries(name: "s", values: values, color: "#CC79A7")],
                                style: .violins)
        var doc = try XCTUnwrap(assertValidSVG(plot.svg(), width: 760, height: 480))
        // One density outline (the second category has one distinct value: no violin, just the median line).
        XCTAssertEqual(doc.all("polygon", where: "fill", is: "#CC79A7").count, 1)
        XCTAssertEqual(doc.all("circle", where: "fill", is: "#CC79A7").count, 7)
        plot.style = .strips
        doc = try XCTUnwrap(assertValidSVG(plot.svg(), width: 760, height: 480))
        XCTAssertEqual(doc.all("circle", where: "fill", is: "#CC79A7").count, 7 + 1) // + the legend's dot
        XCTAssertEqual(doc.all("polygon", where: "fill", is: "#CC79A7").count, 0)
    }

    func testSmallMultiplesShareOneLegend() throws {
        let panels: [any Plot] = [0.0, 0.1, 0.2].map { s in
            LinePlot(title: "σ = \(s)", x: Axis("δ"), y: Axis("target alignment"),
                     series: [LineSeries(name: "tanh", x: [0, 1], y: [0.5, 0.9]), LineSeries(name: "relu", x: [0, 1], y: [0.4, 0.6])])
        }
        let grid = SmallMultiples(title: "per noise", panels: panels, columns: 2)
        let size = grid.preferredSize
        let doc = try XCTUnwrap(assertValidSVG(grid.svg(), width: size.width, height: size.height))
        XCTAssertEqual(frames(doc).count, 3)
        XCTAssertEqual(doc.all("polyline", where: "stroke", is: Palette.tanh).count, 3)
        let texts = doc.texts()
        XCTAssertEqual(texts.filter { $0 == "tanh" }.count, 1)
        XCTAssertEqual(texts.filter { $0 == "relu" }.count, 1)
        XCTAssertTrue(texts.contains("σ = 0.1") && texts.contains("per noise"))
        // Two rows: the third panel sits below the first.
        let f = frames(doc).sorted { ($0.y, $0.x) < ($1.y, $1.x) }
        XCTAssertEqual(f[2].x, f[0].x, accuracy: 0.01)
        XCTAssertGreaterThan(f[2].y, f[0].maxY)
    }

    func testEmptyPlotsStillMakeValidDocuments() throws {
        let plots: [any Plot] = [
            LinePlot(title: "", x: Axis("x"), y: Axis("y"), series: []),
            PlanePlot(title: "", series: []),
            Heatmap(title: "", xLabel: "", yLabel: "", columns: [], rows: [], values: [], colorScale: ColorScale("v")),
            VectorFieldPlot(title: "", x: Axis("x"), y: Axis("y"), arrows: []),
            CategoryPlot(title: "", categories: [], y: Axis("y"), series: []),
            SmallMultiples(title: "", panels: [], columns: 3),
        ]
        for p in plots { _ = try XCTUnwrap(assertValidSVG(p.svg(width: 300, height: 200), width: 300, height: 200)) }
    }
}
