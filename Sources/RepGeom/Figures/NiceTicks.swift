import Foundation

/// Axis ticks by the 1-2-5 rule: the step is 1, 2 or 5 times a power of ten, the smallest such
/// step that gives at most `target` intervals over the range; the axis range is then widened to
/// whole steps. Log axes tick at powers of ten (adding 2 and 5 when the range spans few decades).
public enum NiceTicks {
    /// The 1-2-5 step for covering `span` with at most `target` intervals (span > 0, target ≥ 1).
    public static func step(span: Double, target: Int = 5) -> Double {
        precondition(span > 0 && span.isFinite && target >= 1)
        let raw = span / Double(target)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * magnitude >= raw * (1 - 1e-9) {
            return factor * magnitude
        }
        return 10 * magnitude
    }

    /// Ticks for a linear axis over [lo, hi]: the widened range (to whole steps) and the ticks
    /// inside it, from the widened lo to the widened hi. A degenerate range (lo == hi) is widened
    /// around the value first; non-finite input gives [0, 1].
    public static func linear(_ lo: Double, _ hi: Double, target: Int = 5) -> (range: ClosedRange<Double>, ticks: [Double], step: Double) {
        var (a, b) = (min(lo, hi), max(lo, hi))
        if !a.isFinite || !b.isFinite { (a, b) = (0, 1) }
        if a == b {
            let pad = a == 0 ? 1 : abs(a) * 0.1
            (a, b) = (a - pad, b + pad)
        }
        let s = step(span: b - a, target: target)
        let first = (a / s + 1e-9).rounded(.down) * s
        let last = (b / s - 1e-9).rounded(.up) * s
        return (first...last, ticks(from: first, to: last, step: s), s)
    }

    /// The multiples of `step` in [lo, hi] (inclusive, with a little tolerance), without `-0`.
    public static func ticks(from lo: Double, to hi: Double, step s: Double) -> [Double] {
        guard s > 0, lo.isFinite, hi.isFinite, hi >= lo else { return [] }
        let k0 = (lo / s - 1e-9).rounded(.up), k1 = (hi / s + 1e-9).rounded(.down)
        guard k1 - k0 < 10_000 else { return [] }
        var out: [Double] = []
        var k = k0
        while k <= k1 { let t = k * s; out.append(abs(t) < s * 1e-9 ? 0 : t); k += 1 }
        return out
    }

    /// Ticks for a log axis over [lo, hi] (both > 0): the range widened to whole decades, ticks at
    /// the decades, plus 2× and 5× when the range spans at most two decades.
    public static func logarithmic(_ lo: Double, _ hi: Double) -> (range: ClosedRange<Double>, ticks: [Double]) {
        var (a, b) = (min(lo, hi), max(lo, hi))
        if !(a > 0) || !b.isFinite || !(b > 0) { (a, b) = (1, 10) }
        var e0 = log10(a).rounded(.down), e1 = log10(b).rounded(.up)
        if e0 == e1 { e0 -= 0; e1 += 1 }
        let decades = e1 - e0
        var out: [Double] = []
        var e = e0
        while e <= e1 {
            let base = pow(10, e)
            out.append(base)
            if decades <= 2 && e < e1 { out.append(2 * base); out.append(5 * base) }
            e += 1
        }
        return (pow(10, e0)...pow(10, e1), out)
    }

    /// Tick label for `value` on an axis whose ticks are `step` apart: the same number of
    /// decimals for every tick, just enough to tell them apart (0.0, 0.2, …, 1.0), a real minus sign, and powers of ten (10⁻⁵) for very small or large
    /// magnitudes.
    public static func label(_ value: Double, step: Double) -> String {
        guard value.isFinite else { return "" }
        let magnitude = max(abs(value), step)
        if magnitude >= 1e5 || step < 1e-4 { return scientific(value) }
        let decimals = max(0, Int((-log10(step) - 1e-9).rounded(.up)))
        let text = String(format: "%.\(decimals)f", value == 0 ? 0 : value)
        // A value that rounds to zero prints without a sign.
        return text.allSatisfy({ "-0.".contains($0) }) ? String(text.drop { $0 == "-" }) : minus(text)
    }

    /// Label for a log-axis tick: plain decimals between 0.001 and 10 000, else 10ⁿ or m×10ⁿ.
    public static func logLabel(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "" }
        if value >= 1e-3 && value < 1e4 {
            let decimals = max(0, Int((-log10(value) - 1e-9).rounded(.up)))
            return String(format: "%.\(decimals)f", value)
        }
        return scientific(value)
    }

    /// "m×10ⁿ" (or "10ⁿ" when m = 1) with Unicode superscripts.
    public static func scientific(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return value == 0 ? "0" : "" }
        let e = Int(log10(abs(value)).rounded(.down))
        var m = value / pow(10, Double(e))
        m = (m * 100).rounded() / 100
        let power = "10" + superscript(e)
        if abs(abs(m) - 1) < 1e-9 { return (m < 0 ? "−" : "") + power }
        var ms = String(format: "%.2f", m)
        while ms.hasSuffix("0") { ms.removeLast() }
        if ms.hasSuffix(".") { ms.removeLast() }
        return minus(ms) + "×" + power
    }

    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        var s = n < 0 ? "⁻" : ""
        for ch in String(abs(n)) { s.append(digits[Int(String(ch))!]) }
        return s
    }

    static func minus(_ s: String) -> String { s.hasPrefix("-") ? "−" + s.dropFirst() : s }
}

/// How an axis maps data to position.
public enum AxisScale: Sendable, Equatable {
    case linear
    /// Base-10 logarithmic; non-positive values are not drawn.
    case log
}

/// One plot axis: what it shows, its scale, and optionally a fixed range or fixed ticks.
public struct Axis: Sendable {
    /// Axis title, with units where there are any (e.g. "epoch", "input–target alignment c").
    public var label: String
    public var scale: AxisScale
    /// A fixed data range; nil takes the data's range widened to nice ticks.
    public var range: ClosedRange<Double>?
    /// Fixed tick positions (within the range); nil computes 1-2-5 ticks.
    public var ticks: [Double]?
    /// Approximate number of tick intervals when ticks are computed.
    public var tickTarget: Int

    public init(_ label: String, scale: AxisScale = .linear, range: ClosedRange<Double>? = nil,
                ticks: [Double]? = nil, tickTarget: Int = 5) {
        self.label = label
        self.scale = scale
        self.range = range
        self.ticks = ticks
        self.tickTarget = tickTarget
    }

    /// The resolved range and labelled ticks for data values `values` (non-finite ignored; on a
    /// log axis non-positive values are ignored too).
    public func resolve(data values: [Double]) -> ResolvedAxis {
        let usable = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        let lo = usable.min(), hi = usable.max()
        switch scale {
        case .linear:
            let resolvedRange: ClosedRange<Double>
            var ticks: [Double], step: Double
            if let range {
                resolvedRange = range.lowerBound < range.upperBound ? range : (range.lowerBound - 0.5)...(range.lowerBound + 0.5)
                step = NiceTicks.step(span: resolvedRange.upperBound - resolvedRange.lowerBound, target: tickTarget)
                ticks = NiceTicks.ticks(from: resolvedRange.lowerBound, to: resolvedRange.upperBound, step: step)
            } else {
                let nice = NiceTicks.linear(lo ?? 0, hi ?? 1, target: tickTarget)
                (resolvedRange, ticks, step) = (nice.range, nice.ticks, nice.step)
            }
            if let fixed = self.ticks {
                ticks = fixed.filter { $0.isFinite && resolvedRange.contains($0) }
                let gaps = zip(ticks.sorted(), ticks.sorted().dropFirst()).map { $1 - $0 }.filter { $0 > 0 }
                step = gaps.min() ?? step
            }
            return ResolvedAxis(scale: .linear, range: resolvedRange,
                                ticks: ticks.map { ($0, NiceTicks.label($0, step: step)) })
        case .log:
            let base = NiceTicks.logarithmic(lo ?? 1, hi ?? 10)
            var resolvedRange = base.range
            if let range, range.lowerBound > 0, range.upperBound > range.lowerBound { resolvedRange = range }
            var ticks = base.ticks.filter { resolvedRange.contains($0 * (1 + 1e-12)) || resolvedRange.contains($0 * (1 - 1e-12)) }
            if let fixed = self.ticks { ticks = fixed.filter { $0 > 0 && resolvedRange.contains($0) } }
            return ResolvedAxis(scale: .log, range: resolvedRange, ticks: ticks.map { ($0, NiceTicks.logLabel($0)) })
        }
    }
}

/// An axis with its final range and labelled ticks.
public struct ResolvedAxis: Sendable {
    public var scale: AxisScale
    public var range: ClosedRange<Double>
    public var ticks: [(value: Double, label: String)]

    /// The fraction 0…1 of the way along the axis at `value` (outside 0…1 when outside the
    /// range); nil for values that cannot be placed (non-finite, or ≤ 0 on a log axis).
    public func fraction(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear:
            return (value - range.lowerBound) / (range.upperBound - range.lowerBound)
        case .log:
            guard value > 0 else { return nil }
            return (log10(value) - log10(range.lowerBound)) / (log10(range.upperBound) - log10(range.lowerBound))
        }
    }
}

/// The map from data coordinates to pixels in a plot area (x to the right, y upwards).
public struct PlotMapping: Sendable {
    public var area: PlotRect
    public var x: ResolvedAxis
    public var y: ResolvedAxis

    public init(area: PlotRect, x: ResolvedAxis, y: ResolvedAxis) {
        self.area = area
        self.x = x
        self.y = y
    }

    /// Pixel x of data x (non-finite when it cannot be placed, so drawing skips it).
    public func px(_ value: Double) -> Double {
        guard let f = x.fraction(value) else { return .nan }
        return area.x + f * area.width
    }

    /// Pixel y of data y.
    public func py(_ value: Double) -> Double {
        guard let f = y.fraction(value) else { return .nan }
        return area.maxY - f * area.height
    }

    public func point(_ x: Double, _ y: Double) -> PlotPoint { PlotPoint(px(x), py(y)) }
}
