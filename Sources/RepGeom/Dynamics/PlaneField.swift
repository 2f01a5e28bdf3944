/// A rectangular grid on a unit's (inter, intra) plane.
public struct PlaneGrid: Sendable, Equatable, Codable {
    /// Range of w·e_inter (the horizontal axis of the figures).
    public var inter: ClosedRange<Double>
    /// Range of w·e_intra (the vertical axis).
    public var intra: ClosedRange<Double>
    /// Points along each axis (≥ 2 each), ends included.
    public var interCount: Int
    public var intraCount: Int

    public init(inter: ClosedRange<Double>, intra: ClosedRange<Double>, interCount: Int = 21, intraCount: Int = 21) {
        precondition(interCount >= 2 && intraCount >= 2, "a plane grid needs at least 2 points per axis")
        precondition(inter.lowerBound.isFinite && inter.upperBound.isFinite && intra.lowerBound.isFinite && intra.upperBound.isFinite,
                     "plane grid ranges must be finite")
        self.inter = inter
        self.intra = intra
        self.interCount = interCount
        self.intraCount = intraCount
    }

    /// The smallest grid containing every point with a relative `margin` on each side, made
    /// square-aspect by widening the shorter side (so a figure shows directions undistorted).
    public static func covering(_ points: [PlanePoint], margin: Double = 0.1, count: Int = 21) -> PlaneGrid {
        precondition(!points.isEmpty, "covering: no points")
        let xs = points.map(\.inter), ys = points.map(\.intra)
        var x0 = xs.min()!, x1 = xs.max()!, y0 = ys.min()!, y1 = ys.max()!
        let half = max(x1 - x0, y1 - y0, 1e-12) * (0.5 + margin)
        let cx = (x0 + x1) / 2, cy = (y0 + y1) / 2
        x0 = cx - half; x1 = cx + half; y0 = cy - half; y1 = cy + half
        return PlaneGrid(inter: x0...x1, intra: y0...y1, interCount: count, intraCount: count)
    }

    public var interValues: [Double] { PlaneGrid.linspace(inter, interCount) }
    public var intraValues: [Double] { PlaneGrid.linspace(intra, intraCount) }

    static func linspace(_ r: ClosedRange<Double>, _ n: Int) -> [Double] {
        (0..<n).map { i in i == n - 1 ? r.upperBound : r.lowerBound + (r.upperBound - r.lowerBound) * Double(i) / Double(n - 1) }
    }
}

/// The expected-gradient field sampled on a `PlaneGrid`: components are row-major with the
/// intra-class coordinate as the row (index = row·interCount + column), i.e. the layout of an
/// image whose x axis is inter and y axis is intra.
public struct PlaneField: Sendable, Equatable, Codable {
    public var grid: PlaneGrid
    /// The off-plane weight norm r the field was evaluated with.
    public var orthogonalNorm: Double
    /// G·e_inter at each grid point.
    public var interComponent: [Double]
    /// G·e_intra at each grid point.
    public var intraComponent: [Double]

    /// (G·e_inter, G·e_intra) at grid point (column i along inter, row j along intra).
    public subscript(inter i: Int, intra j: Int) -> (inter: Double, intra: Double) {
        let k = j * grid.interCount + i
        return (interComponent[k], intraComponent[k])
    }
}
