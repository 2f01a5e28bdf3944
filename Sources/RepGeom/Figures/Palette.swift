import Foundation

/// Colours keyed by name, so the same nonlinearity has the same colour in every figure.
///
/// Built on the Okabe–Ito colour-blind-safe set, extended with Paul Tol's muted colours:
/// - fixed colours: `tanh` vermillion, `relu` blue (never used for anything else), and one each for
///   sigmoid, linear, softplus, leaky_relu, elu, gelu, abs, hardtanh;
/// - parameterised families get a ramp of one hue ordered by the parameter, so a reader sees the
///   order: `bounded_relu:ub` (dark teal → teal → green, ub 0.5…3), `shifted_relu:s` (purple → pink →
///   orange, s −1.5…1.5), `bias_shift:s0` / names ending in `+s0:…` (dark → light olive, s0 −1…1);
/// - any other name (clip:lo,hi, smooth_clip, series such as "intra"/"inter") gets a colour from
///   the extended set chosen by a stable hash of the name (FNV-1a, identical across runs and
///   machines).
/// `Palette.colors(for:)` resolves a figure's names together: fixed and ramp colours stay, and a
/// hashed name whose colour is already taken in that figure moves to the next free colour.
public enum Palette {
    public static let tanh = "#D55E00"
    public static let relu = "#0072B2"

    /// Colours of named nonlinearities (canonical names of `Activation`).
    public static let fixed: [String: String] = [
        "tanh": tanh,
        "relu": relu,
        "sigmoid": "#E69F00",
        "linear": "#555555",
        "softplus": "#56B4E9",
        "leaky_relu": "#009E73",
        "elu": "#CC79A7",
        "gelu": "#999933",
        "abs": "#882255",
        "hardtanh": "#AA4499",
    ]

    /// Colours for names without a fixed colour, in hash order. Excludes the tanh and relu colours.
    public static let extended: [String] = [
        "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#882255", "#44AA99",
        "#999933", "#332288", "#AA4499", "#117733", "#B8860B", "#6A3D9A",
    ]

    /// Colours by position, for series that are not named things (panels, generic groups).
    public static let categorical: [String] = [relu, tanh, "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#882255", "#999933"]

    /// The colour of `name` on its own (see the type's documentation for the rules).
    public static func color(for name: String) -> String {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        if let c = fixed[key] { return c }
        if let c = rampColor(key) { return c }
        return extended[Int(fnv1a(key) % UInt64(extended.count))]
    }

    /// Colours for the names shown together in one figure: as `color(for:)`, except that hashed
    /// names never share a colour with another name of the figure while free colours remain.
    public static func colors(for names: [String]) -> [String] {
        var result = [String?](repeating: nil, count: names.count)
        var used = Set<String>()
        var firstIndex: [String: Int] = [:]
        // Fixed and ramp colours first: they never move.
        for (i, name) in names.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if let j = firstIndex[key] { result[i] = result[j]; continue }
            if let c = fixed[key] ?? rampColor(key) { result[i] = c; used.insert(c); firstIndex[key] = i }
        }
        for (i, name) in names.enumerated() where result[i] == nil {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if let j = firstIndex[key], let c = result[j] { result[i] = c; continue }
            let start = Int(fnv1a(key) % UInt64(extended.count))
            var chosen = extended[start]
            for k in 0..<extended.count where !used.contains(extended[(start + k) % extended.count]) {
                chosen = extended[(start + k) % extended.count]
                break
            }
            result[i] = chosen
            used.insert(chosen)
            firstIndex[key] = i
        }
        return result.map { $0! }
    }

    /// The default line dash of `name`: dashed for `shifted_relu:…` and `smooth_clip:…`, dotted
    /// for `bias_shift:…`, solid otherwise — so families stay apart in grey and for colour-blind
    /// readers, not by hue alone.
    public static func dash(for name: String) -> LineDash {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        if key.hasPrefix("shifted_relu:") || key.hasPrefix("smooth_clip:") { return .dashed }
        if key.hasPrefix("bias_shift:") { return .dotted }
        return .solid
    }

    // MARK: - Families

    private struct Ramp { var prefix: String; var range: ClosedRange<Double>; var stops: [String] }
    private static let ramps: [Ramp] = [
        Ramp(prefix: "bounded_relu:", range: 0.5...3, stops: ["#00443A", "#00897B", "#6DBE45"]),
        Ramp(prefix: "shifted_relu:", range: -1.5...1.5, stops: ["#5E2B7E", "#C2508A", "#E08A1E"]),
        Ramp(prefix: "bias_shift:", range: -1...1, stops: ["#4D4D00", "#8C8C1A", "#C2C25A"]),
    ]

    private static func rampColor(_ key: String) -> String? {
        for ramp in ramps where key.hasPrefix(ramp.prefix) {
            guard let p = Double(key.dropFirst(ramp.prefix.count)), p.isFinite else { return nil }
            let t = (p - ramp.range.lowerBound) / (ramp.range.upperBound - ramp.range.lowerBound)
            return ColorMap(stops: ramp.stops).color(at: t)
        }
        return nil
    }

    /// 64-bit FNV-1a of the UTF-8 bytes (stable, unlike `Hasher`).
    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }
}

/// A continuous colour scale: piecewise-linear interpolation between evenly spaced stops (sRGB).
public struct ColorMap: Sendable, Equatable {
    public var stops: [String]

    /// Colour stops as "#rrggbb".
    public init(stops: [String]) {
        precondition(stops.count >= 2, "a colour map needs at least two stops")
        self.stops = stops
    }

    /// Viridis (perceptually uniform, colour-blind safe, dark = low).
    public static let viridis = ColorMap(stops: ["#440154", "#482878", "#3E4A89", "#31688E", "#26828E",
                                                 "#1F9E89", "#35B779", "#6DCD59", "#B4DE2C", "#FDE725"])
    /// Purple–white–orange (PuOr), for signed values centred at zero.
    public static let diverging = ColorMap(stops: ["#542788", "#8073AC", "#B2ABD2", "#D8DAEB", "#F7F7F7",
                                                   "#FEE0B6", "#FDB863", "#E08214", "#B35806"])
    /// Light grey to near black, for magnitudes drawn under coloured data.
    public static let greys = ColorMap(stops: ["#D9D9D9", "#969696", "#525252", "#1A1A1A"])

    /// The colour at `t` ∈ [0, 1] (clamped; NaN gives the middle).
    public func color(at t: Double) -> String {
        let u = t.isNaN ? 0.5 : min(max(t, 0), 1)
        let scaled = u * Double(stops.count - 1)
        let i = min(Int(scaled), stops.count - 2)
        let f = scaled - Double(i)
        let a = Self.rgb(stops[i]), b = Self.rgb(stops[i + 1])
        return Self.hex(a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }

    static func rgb(_ hex: String) -> (Double, Double, Double) {
        let h = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        let v = UInt32(h, radix: 16) ?? 0
        return (Double((v >> 16) & 0xFF), Double((v >> 8) & 0xFF), Double(v & 0xFF))
    }

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        func c(_ x: Double) -> Int { Int(min(max(x.rounded(), 0), 255)) }
        return String(format: "#%02X%02X%02X", c(r), c(g), c(b))
    }
}

/// A colour map with a data range: what a colour bar shows.
public struct ColorScale: Sendable {
    public var map: ColorMap
    /// The value range mapped to the ends of the map; nil takes the data's range.
    public var range: ClosedRange<Double>?
    /// The colour bar's title, e.g. "target alignment".
    public var label: String

    public init(_ label: String, map: ColorMap = .viridis, range: ClosedRange<Double>? = nil) {
        self.label = label
        self.map = map
        self.range = range
    }
}
