/// Mean and spread over networks of every measured quantity, per setting (SPEC §3: results
/// report mean and spread over networks) — the rows of `summary.csv`, also handy in reports.
///
/// A *setting* is a job's setting without its seed, so the networks of one setting are its
/// replicates. Within a setting, rows are distinguished by layer, measure, variant and subject,
/// and — for `Checkpoints.all` — by epoch.
public struct SummaryRow: Sendable, Equatable {
    /// The swept parameters (nonlinearity included), without the seed.
    public var setting: [String: ParameterValue]
    public var layer: Int
    /// The checkpoint. For `Checkpoints.final`: the networks' common final epoch, or nil when
    /// their final checkpoints differ (e.g. early stopping).
    public var epoch: Int?
    public var measure: String
    public var variant: String
    public var subject: String?
    /// Mean over networks (NaN if any value is NaN — never silently dropped).
    public var mean: Double
    /// Sample standard deviation over networks (n − 1 in the denominator); NaN when n = 1.
    public var std: Double
    /// Number of networks averaged.
    public var networks: Int
}

public enum ResultSummary {
    /// Which checkpoint of each network a summary uses.
    public enum Checkpoints: String, Sendable, CaseIterable {
        /// Each network's last checkpoint at which the quantity was recorded (the default).
        case final
        /// Every checkpoint: one row per epoch.
        case all
    }

    /// Summary rows, in order of first appearance (settings in job order, then records in the
    /// order the experiment produced them).
    public static func rows(_ results: [NetworkResult], checkpoints: Checkpoints = .final) -> [SummaryRow] {
        struct Quantity: Hashable { let layer: Int, measure: String, variant: String, subject: String?, epoch: Int? }
        struct Group: Hashable { let setting: String, quantity: Quantity }
        var order: [Group] = []
        var settings: [String: [String: ParameterValue]] = [:]
        var values: [Group: [(epoch: Int, value: Double)]] = [:]
        for result in results {
            let settingKey = CanonicalJSON.object(result.job.setting)
            settings[settingKey] = result.job.setting
            // This network's value of each quantity (its last checkpoint for `.final`).
            var mine: [Quantity: (epoch: Int, value: Double)] = [:]
            var mineOrder: [Quantity] = []
            for r in result.records {
                let q = Quantity(layer: r.layer, measure: r.measure, variant: r.variant, subject: r.subject,
                                 epoch: checkpoints == .all ? r.epoch : nil)
                if let old = mine[q] {
                    if r.epoch > old.epoch { mine[q] = (r.epoch, r.value) }
                } else {
                    mine[q] = (r.epoch, r.value)
                    mineOrder.append(q)
                }
            }
            for q in mineOrder {
                let g = Group(setting: settingKey, quantity: q)
                if values[g] == nil { order.append(g) }
                values[g, default: []].append(mine[q]!)
            }
        }
        return order.map { g in
            let v = values[g]!
            let epochs = Set(v.map(\.epoch))
            let (mean, std) = meanAndStd(v.map(\.value))
            return SummaryRow(setting: settings[g.setting]!, layer: g.quantity.layer, epoch: epochs.count == 1 ? epochs.first : nil,
                              measure: g.quantity.measure, variant: g.quantity.variant, subject: g.quantity.subject,
                              mean: mean, std: std, networks: v.count)
        }
    }

    /// Mean and sample standard deviation (two-pass); std is NaN for fewer than two values.
    public static func meanAndStd(_ x: [Double]) -> (mean: Double, std: Double) {
        guard !x.isEmpty else { return (.nan, .nan) }
        let mean = x.reduce(0, +) / Double(x.count)
        guard x.count > 1 else { return (mean, .nan) }
        let ss = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, (ss / Double(x.count - 1)).squareRoot())
    }
}
