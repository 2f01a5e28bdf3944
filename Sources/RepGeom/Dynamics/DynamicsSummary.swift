/// Count, mean and spread of a set of numbers (nil where undefined, so records stay valid JSON).
public struct SpreadStatistics: Sendable, Equatable, Codable {
    public var count: Int
    public var mean: Double?
    /// Sample standard deviation (n − 1 denominator); nil for fewer than 2 values.
    public var standardDeviation: Double?
    public var minimum: Double?
    public var median: Double?
    public var maximum: Double?

    public init(_ values: [Double]) {
        count = values.count
        guard !values.isEmpty else { return }
        let m = values.reduce(0, +) / Double(values.count)
        mean = m
        if values.count > 1 {
            standardDeviation = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
        }
        let sorted = values.sorted()
        minimum = sorted.first
        maximum = sorted.last
        let h = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[h] : 0.5 * (sorted[h - 1] + sorted[h])
    }
}

/// The summary numbers of one network (docs/dynamics.md §4): displacement shares over its
/// analysed units that moved, and the selectivity census of its final weights.
public struct NetworkDynamicsSummary: Sendable, Equatable, Codable {
    /// Hidden units in the network.
    public var unitCount: Int
    /// Units with defined axes.
    public var analysedUnits: Int
    /// `UnitDisplacement.intraShare` over the analysed units that moved.
    public var intraShare: SpreadStatistics
    public var squaredIntraShare: SpreadStatistics
    public var planeFraction: SpreadStatistics
    /// Analysed units of each `SelectivityKind` (raw value → count; every kind present).
    public var selectivityCounts: [String: Int]
    /// Single-condition units / tuned analysed units (nil when none is tuned).
    public var singleConditionFraction: Double?
    /// (Preferred-class + other-class units) / tuned analysed units.
    public var classFraction: Double?
    public var criterion: SelectivityCriterion

    public init(unitCount: Int, displacements: [UnitDisplacement], selectivity: [UnitSelectivity], criterion: SelectivityCriterion) {
        self.unitCount = unitCount
        self.analysedUnits = displacements.count
        intraShare = SpreadStatistics(displacements.compactMap(\.intraShare))
        squaredIntraShare = SpreadStatistics(displacements.compactMap(\.squaredIntraShare))
        planeFraction = SpreadStatistics(displacements.compactMap(\.planeFraction))
        var counts = Dictionary(uniqueKeysWithValues: SelectivityKind.allCases.map { ($0.rawValue, 0) })
        for u in selectivity { counts[u.kind.rawValue, default: 0] += 1 }
        selectivityCounts = counts
        let tuned = selectivity.count - counts[SelectivityKind.untuned.rawValue]!
        singleConditionFraction = tuned > 0 ? Double(counts[SelectivityKind.singleCondition.rawValue]!) / Double(tuned) : nil
        classFraction = tuned > 0
            ? Double(counts[SelectivityKind.preferredClass.rawValue]! + counts[SelectivityKind.otherClass.rawValue]!) / Double(tuned)
            : nil
        self.criterion = criterion
    }
}

/// Summary numbers over networks (replicates of one setting): the spread of the per-network
/// means across networks, and the units pooled over every network.
public struct DynamicsSummary: Sendable, Equatable, Codable {
    public var networks: Int
    /// Per-network mean intra share, across networks.
    public var intraShare: SpreadStatistics
    public var squaredIntraShare: SpreadStatistics
    public var planeFraction: SpreadStatistics
    public var singleConditionFraction: SpreadStatistics
    /// Intra share of all moved units of all networks pooled: count, mean and sample standard
    /// deviation (exact, from the per-network counts, means and deviations).
    public var pooledIntraShare: SpreadStatistics

    public init(_ summaries: [NetworkDynamicsSummary]) {
        networks = summaries.count
        intraShare = SpreadStatistics(summaries.compactMap(\.intraShare.mean))
        squaredIntraShare = SpreadStatistics(summaries.compactMap(\.squaredIntraShare.mean))
        planeFraction = SpreadStatistics(summaries.compactMap(\.planeFraction.mean))
        singleConditionFraction = SpreadStatistics(summaries.compactMap(\.singleConditionFraction))
        pooledIntraShare = DynamicsSummary.pool(summaries.map(\.intraShare))
    }

    /// Count, mean and standard deviation of the union of groups given by their own statistics.
    static func pool(_ groups: [SpreadStatistics]) -> SpreadStatistics {
        var pooled = SpreadStatistics([])
        let n = groups.reduce(0) { $0 + $1.count }
        guard n > 0 else { return pooled }
        let mean = groups.reduce(0.0) { $0 + Double($1.count) * ($1.mean ?? 0) } / Double(n)
        // Σ (x − mean)² = Σ_g [(n_g − 1)·sd_g² + n_g·(mean_g − mean)²].
        let ss = groups.reduce(0.0) { acc, g in
            guard let m = g.mean else { return acc }
            let sd = g.standardDeviation ?? 0
            return acc + Double(g.count - 1) * sd * sd + Double(g.count) * (m - mean) * (m - mean)
        }
        pooled.count = n
        pooled.mean = mean
        pooled.standardDeviation = n > 1 ? (ss / Double(n - 1)).squareRoot() : nil
        pooled.minimum = groups.compactMap(\.minimum).min()
        pooled.maximum = groups.compactMap(\.maximum).max()
        return pooled  // the pooled median is not recoverable from group statistics: nil
    }
}
