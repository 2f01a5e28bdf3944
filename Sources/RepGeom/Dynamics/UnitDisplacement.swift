/// A unit's total weight displacement Δ = w_final − w_initial on its axes (docs/dynamics.md §4).
///
/// - `intraShare` = |Δ·e_intra| / (|Δ·e_inter| + |Δ·e_intra|) ∈ [0, 1] (the headline number:
///   1 = the unit moved purely along the intra-class axis, 0 = purely inter-class);
/// - `squaredIntraShare` = (Δ·e_intra)² / ((Δ·e_inter)² + (Δ·e_intra)²), the share of the
///   in-plane squared displacement (the cos² of the in-plane direction with e_intra);
/// - `planeFraction` = ((Δ·e_inter)² + (Δ·e_intra)²) / ‖Δ‖², how much of the movement the plane
///   captures at all.
/// All three are nil when their denominator is zero (a unit that did not move).
public struct UnitDisplacement: Sendable, Equatable, Codable {
    public var unit: Int
    /// Δ·e_inter.
    public var inter: Double
    /// Δ·e_intra.
    public var intra: Double
    /// ‖Δ‖.
    public var norm: Double
    public var intraShare: Double?
    public var squaredIntraShare: Double?
    public var planeFraction: Double?

    public init(unit: Int, inter: Double, intra: Double, norm: Double) {
        self.unit = unit
        self.inter = inter
        self.intra = intra
        self.norm = norm
        let l1 = Swift.abs(inter) + Swift.abs(intra), l2 = inter * inter + intra * intra
        intraShare = l1 > 0 ? Swift.abs(intra) / l1 : nil
        squaredIntraShare = l2 > 0 ? intra * intra / l2 : nil
        planeFraction = norm > 0 ? min(l2 / (norm * norm), 1) : nil
    }
}

/// What makes a unit selective for a condition (docs/dynamics.md §4).
///
/// From the responses r_c = f(w·x̄_c + b) to the noise-free means, normalised to
/// ρ_c = (r_c − min r)/(max r − min r), the unit's *selective set* is {c : ρ_c > threshold}.
/// A unit whose response range max r − min r is below `minimumRange` is untuned.
public struct SelectivityCriterion: Sendable, Equatable, Codable {
    /// Normalised-response threshold (default ½: closer to the top response than to the bottom).
    public var threshold: Double
    /// Smallest response range of a tuned unit (default 1e-6, absolute).
    public var minimumRange: Double

    public init(threshold: Double = 0.5, minimumRange: Double = 1e-6) {
        precondition(threshold >= 0 && threshold < 1, "selectivity threshold must be in [0, 1)")
        precondition(minimumRange >= 0, "selectivity minimum range must be ≥ 0")
        self.threshold = threshold
        self.minimumRange = minimumRange
    }
}

/// The kind of a unit's selectivity (from its selective set S; classes from the unit's signs s_c).
public enum SelectivityKind: String, Sendable, Codable, CaseIterable {
    /// |S| = 1: the unit responds to one condition (checked first, so a one-condition class
    /// counts here).
    case singleCondition = "single_condition"
    /// S is the unit's preferred class {c : s_c = +1}.
    case preferredClass = "preferred_class"
    /// S is the other class {c : s_c = −1}.
    case otherClass = "other_class"
    /// Any other set.
    case mixed
    /// The response range is below the criterion's minimum (e.g. a dead relu unit).
    case untuned
}

/// One unit's responses to the condition means and its selectivity.
public struct UnitSelectivity: Sendable, Equatable, Codable {
    public var unit: Int
    /// r_c = f(w·x̄_c + b).
    public var responses: [Double]
    /// The selective set S, ascending.
    public var selectiveConditions: [Int]
    public var kind: SelectivityKind

    public init(unit: Int, responses: [Double], signs: [Int], criterion: SelectivityCriterion) {
        precondition(responses.count == signs.count && !responses.isEmpty, "selectivity: one response and sign per condition")
        self.unit = unit
        self.responses = responses
        let lo = responses.min()!, hi = responses.max()!
        guard hi - lo >= criterion.minimumRange, hi > lo else {
            selectiveConditions = []
            kind = .untuned
            return
        }
        let s = responses.indices.filter { (responses[$0] - lo) / (hi - lo) > criterion.threshold }
        selectiveConditions = s
        if s.count == 1 { kind = .singleCondition }
        else if s == signs.indices.filter({ signs[$0] == 1 }) { kind = .preferredClass }
        else if s == signs.indices.filter({ signs[$0] == -1 }) { kind = .otherClass }
        else { kind = .mixed }
    }
}
