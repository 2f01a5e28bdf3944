/// A hidden unit's two weight-space axes (SPEC §5; docs/dynamics.md §1).
///
/// For unit i with frozen readout column J_i ∈ R^k (its weights onto the k outputs) and centred
/// labels Δ_c = y_c − ȳ (ȳ the mean over conditions), the *label coefficient* of condition c is
/// a_c = J_iᵀΔ_c and its sign s_c = sign(a_c) ∈ {−1, 0, +1}: early in training the unit's input
/// weights are pulled towards x̄_c when s_c = +1 (its *preferred class*) and pushed away when
/// s_c = −1; s_c = 0 conditions are neutral to the unit.
///
/// - Inter-class axis: e_inter = v/‖v‖, v = Σ_c s_c x̄_c.
/// - Intra-class axis: the leading principal direction of the spread of the preferred class's
///   means *after projecting out e_inter* (for two conditions a < b this is the normalised
///   Gram–Schmidt residual of x̄_a − x̄_b). When the preferred class has fewer than two
///   conditions (possible with several outputs), the pooled within-group spread of every sign
///   group {+1}, {−1}, {0} with at least two members is used instead (`IntraAxisRule.pooledGroups`).
///   Sign: the lowest-index condition of the spread has a positive coordinate relative to its
///   group mean (x̄_a − x̄_b, not x̄_b − x̄_a).
///
/// The two are orthonormal (Gram–Schmidt applied twice). They depend only on the means, the
/// targets and the readout, so they are fixed over training when the readout is frozen.
public struct UnitAxes: Sendable, Equatable, Codable {
    /// Which conditions define the intra-class axis.
    public enum IntraAxisRule: String, Sendable, Codable {
        /// The preferred class (s_c = +1) has ≥ 2 conditions: its spread.
        case preferredClass = "preferred_class"
        /// Fallback: the pooled within-group spread of the sign groups with ≥ 2 conditions.
        case pooledGroups = "pooled_groups"
    }

    /// The hidden unit's index.
    public var unit: Int
    /// a_c = J_iᵀΔ_c, one per condition.
    public var labelCoefficients: [Double]
    /// s_c = sign(a_c) ∈ {−1, 0, 1} (exact zeros stay 0).
    public var signs: [Int]
    /// e_inter (unit norm, length N).
    public var inter: [Double]
    /// e_intra (unit norm, orthogonal to `inter`).
    public var intra: [Double]
    public var intraRule: IntraAxisRule
    /// The conditions whose spread defines `intra`, grouped as used.
    public var intraGroups: [[Int]]

    /// The preferred class {c : s_c = +1}.
    public var preferredClass: [Int] { signs.indices.filter { signs[$0] == 1 } }
    /// The other class {c : s_c = −1}.
    public var otherClass: [Int] { signs.indices.filter { signs[$0] == -1 } }

    /// Builds the axes of one unit from the condition means (P×N), the centred labels (P×k) and
    /// the unit's readout column (k).
    ///
    /// - Throws: `InputError` naming the unit when the axes are undefined: every a_c is zero (the
    ///   unit's readout is orthogonal to every centred label), Σ s_c x̄_c = 0, or no condition
    ///   pair can define an intra-class direction off the inter-class axis.
    public init(unit: Int, means: Matrix<Double>, centredLabels: Matrix<Double>, readout: [Double]) throws {
        let p = means.rows, n = means.columns
        precondition(centredLabels.rows == p && centredLabels.columns == readout.count, "axes: label/readout shapes")
        let location = "unit \(unit)"
        var a = [Double](repeating: 0, count: p)
        for c in 0..<p { for o in 0..<readout.count { a[c] += readout[o] * centredLabels[c, o] } }
        let s = a.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        guard s.contains(where: { $0 != 0 }) else {
            throw InputError(location, "its readout weights are orthogonal to every centred label, so it has no preferred class and no inter-class axis")
        }
        var v = [Double](repeating: 0, count: n)
        for c in 0..<p where s[c] != 0 { for j in 0..<n { v[j] += Double(s[c]) * means[c, j] } }
        guard DynamicsMath.normalise(&v) else {
            throw InputError(location, "the signed sum of its condition means Σ s_c x̄_c is zero, so the inter-class axis is undefined")
        }

        // Groups whose spread defines the intra-class direction.
        let preferred = (0..<p).filter { s[$0] == 1 }
        var rule = IntraAxisRule.preferredClass
        var groups: [[Int]] = [preferred]
        if preferred.count < 2 {
            rule = .pooledGroups
            groups = [1, -1, 0].map { g in (0..<p).filter { s[$0] == g } }.filter { $0.count >= 2 }
        }
        // Centred, inter-projected deviations d_c (one row per condition used).
        var rows: [[Double]] = []
        for g in groups {
            var centre = [Double](repeating: 0, count: n)
            for c in g { for j in 0..<n { centre[j] += means[c, j] / Double(g.count) } }
            for c in g {
                var d = (0..<n).map { means[c, $0] - centre[$0] }
                DynamicsMath.removeComponent(&d, along: v)
                rows.append(d)
            }
        }
        guard !rows.isEmpty else {
            throw InputError(location, "no two conditions share a sign of J_iᵀΔ_c, so the intra-class axis is undefined")
        }
        // Leading eigenvector of the scatter DᵀD via the small Gram matrix DDᵀ.
        let d = Matrix(rows.map { $0 })
        let (values, vectors) = try LinearAlgebra.symmetricEigen(d.gram)
        let top = values.count - 1
        var e = [Double](repeating: 0, count: n)
        for r in 0..<rows.count { for j in 0..<n { e[j] += vectors[r, top] * rows[r][j] } }
        let scale = rows.reduce(0.0) { $0 + DynamicsMath.dot($1, $1) }
        DynamicsMath.removeComponent(&e, along: v)   // second Gram–Schmidt pass: exact orthogonality
        guard values[top] > 1e-24 * max(scale, .leastNormalMagnitude), DynamicsMath.normalise(&e) else {
            throw InputError(location, "the conditions that should define the intra-class axis lie on the inter-class axis")
        }
        // Sign: the first condition of the spread points the positive way.
        if let first = rows.first(where: { Swift.abs(DynamicsMath.dot($0, e)) > 0 }), DynamicsMath.dot(first, e) < 0 {
            for j in 0..<n { e[j] = -e[j] }
        }

        self.unit = unit
        self.labelCoefficients = a
        self.signs = s
        self.inter = v
        self.intra = e
        self.intraRule = rule
        self.intraGroups = groups
    }

    /// The coordinates of a weight vector on the two axes, and the norm of what is left.
    public func coordinates(of w: [Double]) -> PlanePoint {
        precondition(w.count == inter.count, "coordinates: weight length \(w.count), axes length \(inter.count)")
        let p = DynamicsMath.dot(w, inter), q = DynamicsMath.dot(w, intra)
        let residual2 = DynamicsMath.dot(w, w) - p * p - q * q
        return PlanePoint(inter: p, intra: q, residual: max(residual2, 0).squareRoot())
    }

    /// The weight vector p·e_inter + q·e_intra.
    public func weight(inter p: Double, intra q: Double) -> [Double] {
        (0..<inter.count).map { p * inter[$0] + q * intra[$0] }
    }
}

/// A weight vector seen in a unit's (inter, intra) plane.
public struct PlanePoint: Sendable, Equatable, Codable {
    /// w·e_inter.
    public var inter: Double
    /// w·e_intra.
    public var intra: Double
    /// ‖w − inter·e_inter − intra·e_intra‖, the part of w outside the plane.
    public var residual: Double

    public init(inter: Double, intra: Double, residual: Double = 0) {
        self.inter = inter
        self.intra = intra
        self.residual = residual
    }
}

/// Small dense-vector helpers in Double (not hot paths).
enum DynamicsMath {
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    /// Scales v to unit norm; false (v unchanged) when its norm is zero or not finite.
    static func normalise(_ v: inout [Double]) -> Bool {
        let norm = dot(v, v).squareRoot()
        guard norm > 0, norm.isFinite else { return false }
        for i in v.indices { v[i] /= norm }
        return true
    }

    /// v ← v − (v·u)u for a unit vector u.
    static func removeComponent(_ v: inout [Double], along u: [Double]) {
        let d = dot(v, u)
        for i in v.indices { v[i] -= d * u[i] }
    }
}
