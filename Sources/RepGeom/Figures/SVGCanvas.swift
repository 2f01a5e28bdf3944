/// A minimal SVG document builder: the drawing primitives every plot uses.
///
/// Guarantees, so that every figure is a valid, self-contained document:
/// - every text and attribute value is XML-escaped (`SVGCanvas.escape`), and characters that XML
///   1.0 forbids (control characters) are dropped;
/// - an element with a non-finite coordinate or size is skipped, never written, so "NaN" or "inf"
///   never appear in an attribute; polylines and polygons split at non-finite points;
/// - numbers are written with at most two decimals (a hundredth of a pixel).
///
/// Coordinates are SVG pixels: origin top-left, y pointing down.
public struct SVGCanvas: Sendable {
    public let width: Double
    public let height: Double
    private var body: [String] = []
    private var definitions: [String] = []
    private var nextIdentifier = 0

    /// The font stack written on the root element: DejaVu Sans (what rsvg-convert finds on
    /// Debian), then the usual sans-serif fallbacks of browsers.
    public static let fontFamily = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"

    public init(width: Double, height: Double) {
        precondition(width > 0 && height > 0 && width.isFinite && height.isFinite, "canvas size must be positive")
        self.width = width
        self.height = height
    }

    // MARK: - Text and numbers

    /// XML-escapes `text` for element content and attribute values, dropping characters XML 1.0
    /// does not allow (controls other than tab, newline, carriage return).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || (0xFFFE...0xFFFF).contains(v) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A coordinate as written in an attribute: at most two decimals, no trailing zeros, no "-0".
    /// Drawing calls skip non-finite geometry before it gets here; as a last line of defence a
    /// non-finite value (e.g. a NaN stroke width) is written as 0, never as "nan".
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == 0 { return "0" }
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
        var s = String(format: "%.2f", rounded)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    private static func finite(_ values: Double...) -> Bool { values.allSatisfy(\.isFinite) }

    // MARK: - Styles

    /// Stroke attributes: colour, width, optional dash pattern and opacity.
    public struct Stroke: Sendable, Equatable {
        public var color: String
        public var width: Double
        public var dash: [Double]
        public var opacity: Double
        public init(_ color: String, width: Double = 1, dash: [Double] = [], opacity: Double = 1) {
            self.color = color
            self.width = width
            self.dash = dash
            self.opacity = opacity
        }

        var attributes: String {
            var a = " stroke=\"\(SVGCanvas.escape(color))\" stroke-width=\"\(SVGCanvas.number(width))\""
            if !dash.isEmpty { a += " stroke-dasharray=\"\(dash.map(SVGCanvas.number).joined(separator: " "))\"" }
            if opacity < 1 { a += " stroke-opacity=\"\(SVGCanvas.number(opacity))\"" }
            return a
        }
    }

    private static func fillAttributes(_ fill: String?, opacity: Double) -> String {
        guard let fill else { return " fill=\"none\"" }
        var a = " fill=\"\(escape(fill))\""
        if opacity < 1 { a += " fill-opacity=\"\(number(opacity))\"" }
        return a
    }

    // MARK: - Primitives

    /// Appends raw, already valid SVG markup (for callers that build their own elements).
    public mutating func raw(_ markup: String) { body.append(markup) }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: Stroke) {
        guard Self.finite(x1, y1, x2, y2) else { return }
        body.append("<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\"\(stroke.attributes)/>")
    }

    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String?,
                              fillOpacity: Double = 1, stroke: Stroke? = nil, cornerRadius: Double = 0) {
        guard Self.finite(x, y, width, height, cornerRadius), width >= 0, height >= 0 else { return }
        var e = "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\""
        if cornerRadius > 0 { e += " rx=\"\(Self.number(cornerRadius))\"" }
        e += Self.fillAttributes(fill, opacity: fillOpacity)
        if let stroke { e += stroke.attributes }
        body.append(e + "/>")
    }

    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String?, fillOpacity: Double = 1,
                                stroke: Stroke? = nil) {
        guard Self.finite(cx, cy, r), r >= 0 else { return }
        var e = "<circle cx=\"\(Self.number(cx))\" cy=\"\(Self.number(cy))\" r=\"\(Self.number(r))\""
        e += Self.fillAttributes(fill, opacity: fillOpacity)
        if let stroke { e += stroke.attributes }
        body.append(e + "/>")
    }

    /// A polyline through `points`; non-finite points break it into separate pieces (a piece of
    /// one point is dropped).
    public mutating func polyline(_ points: [PlotPoint], stroke: Stroke) {
        for piece in Self.finiteRuns(points) where piece.count >= 2 {
            body.append("<polyline points=\"\(Self.pointList(piece))\" fill=\"none\"\(stroke.attributes) stroke-linejoin=\"round\" stroke-linecap=\"round\"/>")
        }
    }

    /// A closed polygon; skipped when any point is non-finite or there are fewer than three.
    public mutating func polygon(_ points: [PlotPoint], fill: String?, fillOpacity: Double = 1, stroke: Stroke? = nil) {
        guard points.count >= 3, points.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return }
        var e = "<polygon points=\"\(Self.pointList(points))\"" + Self.fillAttributes(fill, opacity: fillOpacity)
        if let stroke { e += stroke.attributes + " stroke-linejoin=\"round\"" }
        body.append(e + "/>")
    }

    /// Horizontal text alignment relative to the anchor point.
    public enum Anchor: String, Sendable { case start, middle, end }

    /// Text at (x, y); `y` is the baseline unless `centeredVertically` (then it is the middle of
    /// the x-height, which is what axis tick labels want). `rotation` in degrees about (x, y).
    public mutating func text(_ string: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
                              color: String = "#222222", bold: Bool = false, italic: Bool = false,
                              rotation: Double = 0, centeredVertically: Bool = false) {
        guard Self.finite(x, y, size, rotation), !string.isEmpty else { return }
        let yy = centeredVertically ? y + 0.35 * size : y
        var e = "<text x=\"\(Self.number(x))\" y=\"\(Self.number(yy))\" font-size=\"\(Self.number(size))\""
        if anchor != .start { e += " text-anchor=\"\(anchor.rawValue)\"" }
        if color != "#222222" { e += " fill=\"\(Self.escape(color))\"" }
        if bold { e += " font-weight=\"bold\"" }
        if italic { e += " font-style=\"italic\"" }
        if rotation != 0 { e += " transform=\"rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))\"" }
        body.append(e + ">\(Self.escape(string))</text>")
    }

    /// A path from already formatted path data (`PathBuilder`).
    public mutating func path(_ data: String, fill: String?, fillOpacity: Double = 1, stroke: Stroke? = nil) {
        guard !data.isEmpty else { return }
        var e = "<path d=\"\(Self.escape(data))\"" + Self.fillAttributes(fill, opacity: fillOpacity)
        if let stroke { e += stroke.attributes + " stroke-linejoin=\"round\" stroke-linecap=\"round\"" }
        body.append(e + "/>")
    }

    // MARK: - Groups, clipping, definitions

    /// A fresh identifier, unique within this document (for clip paths and patterns).
    public mutating func uniqueIdentifier(_ prefix: String) -> String {
        nextIdentifier += 1
        return "\(prefix)\(nextIdentifier)"
    }

    /// Adds a `<defs>` entry (raw markup).
    public mutating func define(_ markup: String) { definitions.append(markup) }

    /// Starts a group whose content is clipped to `clip` (when given); close with `endGroup()`.
    public mutating func beginGroup(clip: PlotRect? = nil, opacity: Double = 1) {
        var e = "<g"
        if let clip, Self.finite(clip.x, clip.y, clip.width, clip.height) {
            let id = uniqueIdentifier("clip")
            definitions.append("<clipPath id=\"\(id)\"><rect x=\"\(Self.number(clip.x))\" y=\"\(Self.number(clip.y))\" width=\"\(Self.number(clip.width))\" height=\"\(Self.number(clip.height))\"/></clipPath>")
            e += " clip-path=\"url(#\(id))\""
        }
        if opacity < 1 { e += " opacity=\"\(Self.number(opacity))\"" }
        body.append(e + ">")
    }

    public mutating func endGroup() { body.append("</g>") }

    // MARK: - The document

    /// The complete SVG document: XML declaration, fixed size with matching viewBox, font stack,
    /// a `<title>` for accessibility, a white background, then the content.
    public func document(title: String) -> String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" font-family=\"\(Self.fontFamily)\">\n"
        s += "<title>\(Self.escape(title))</title>\n"
        s += "<style>text { font-family: \(Self.fontFamily); }</style>\n"
        if !definitions.isEmpty { s += "<defs>\n" + definitions.joined(separator: "\n") + "\n</defs>\n" }
        s += "<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"#ffffff\"/>\n"
        s += body.joined(separator: "\n")
        s += "\n</svg>\n"
        return s
    }

    // MARK: - Helpers

    static func pointList(_ points: [PlotPoint]) -> String {
        points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
    }

    /// The maximal runs of consecutive finite points.
    static func finiteRuns(_ points: [PlotPoint]) -> [[PlotPoint]] {
        var runs: [[PlotPoint]] = [], current: [PlotPoint] = []
        for p in points {
            if p.x.isFinite && p.y.isFinite { current.append(p) }
            else if !current.isEmpty { runs.append(current); current = [] }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}

/// A point (data or pixel coordinates, depending on context).
public struct PlotPoint: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// An axis-aligned rectangle in pixels.
public struct PlotRect: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var minX: Double { x }
    public var maxX: Double { x + width }
    public var minY: Double { y }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }

    /// The rectangle shrunk by the given margins.
    public func inset(top: Double = 0, left: Double = 0, bottom: Double = 0, right: Double = 0) -> PlotRect {
        PlotRect(x: x + left, y: y + top, width: max(width - left - right, 1), height: max(height - top - bottom, 1))
    }
}

/// Builds SVG path data, skipping commands with non-finite coordinates (a skipped point makes
/// the next one start a new subpath).
public struct PathBuilder: Sendable {
    public private(set) var data = ""
    private var broken = true
    public init() {}

    public mutating func move(_ x: Double, _ y: Double) {
        guard x.isFinite && y.isFinite else { broken = true; return }
        data += "M\(SVGCanvas.number(x)) \(SVGCanvas.number(y))"
        broken = false
    }

    public mutating func line(_ x: Double, _ y: Double) {
        guard x.isFinite && y.isFinite else { broken = true; return }
        if broken { move(x, y); return }
        data += "L\(SVGCanvas.number(x)) \(SVGCanvas.number(y))"
    }

    public mutating func close() {
        if !broken { data += "Z" }
        broken = true
    }
}
