import Foundation

/// The shared form of the paper's claims "A is larger than B": compare the network-mean of a
/// selected record between two values of a key (tanh vs relu) at every matched setting (all
/// other parameters equal), and pass when A exceeds B by more than `margin` in at least
/// `requiredFraction` of the settings. The measured text lists every setting's two means, so a
/// reader sees where the claim holds and where it does not.
public struct ClaimComparison: Sendable {
    public struct Row: Sendable {
        /// The matched setting without the compared key, as text ("c=0.2, d=3").
        public var setting: String
        public var a: Double
        public var b: Double
        public var networks: (a: Int, b: Int)
    }

    public var rows: [Row]
    public var a: String
    public var b: String
    public var selector: RecordSelector

    /// Compares `selector`'s final values between `key == a` and `key == b` over `results`.
    public init(_ results: [NetworkResult], _ selector: RecordSelector, key: String = "nonlinearity",
                a: String = "tanh", b: String = "relu", epoch: Int? = nil, ignoring: Set<String> = []) {
        self.a = a
        self.b = b
        self.selector = selector
        func settingText(_ r: NetworkResult) -> String {
            r.job.setting.filter { $0.key != key && !ignoring.contains($0.key) }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        }
        var order: [String] = []
        var groups: [String: (a: [Double], b: [Double])] = [:]
        for r in results {
            guard let v = r.job.setting[key]?.description, v == a || v == b, let x = r.value(selector, epoch: epoch) else { continue }
            let s = settingText(r)
            if groups[s] == nil { order.append(s); groups[s] = ([], []) }
            if v == a { groups[s]!.a.append(x) } else { groups[s]!.b.append(x) }
        }
        rows = order.compactMap { s in
            let g = groups[s]!
            guard !g.a.isEmpty, !g.b.isEmpty else { return nil }
            return Row(setting: s, a: g.a.reduce(0, +) / Double(g.a.count), b: g.b.reduce(0, +) / Double(g.b.count),
                       networks: (g.a.count, g.b.count))
        }
    }

    /// Settings where a − b > margin.
    public func holding(margin: Double = 0) -> Int { rows.filter { $0.a - $0.b > margin }.count }

    /// The claim check: passes when a − b > `margin` in at least `requiredFraction` of the
    /// matched settings (and there is at least one).
    public func check(_ claim: String, margin: Double = 0, requiredFraction: Double = 1, maxListed: Int = 12) -> ClaimCheck {
        let held = holding(margin: margin)
        let needed = Int((requiredFraction * Double(rows.count)).rounded(.up))
        var listed = rows.prefix(maxListed).map { r in
            (r.setting.isEmpty ? "" : r.setting + ": ") + String(format: "%@ %.3f vs %@ %.3f", a, r.a, b, r.b)
        }
        if rows.count > maxListed { listed.append("… (\(rows.count - maxListed) more settings)") }
        let fractionText = requiredFraction >= 1 ? "every matched setting" : String(format: "≥ %.0f %% of matched settings", 100 * requiredFraction)
        return ClaimCheck(
            claim: claim,
            measured: "\(selector), network means: " + listed.joined(separator: "; ") + " — holds in \(held) of \(rows.count)",
            criterion: "\(a) − \(b) > \(margin) in \(fractionText)",
            passed: !rows.isEmpty && held >= needed)
    }
}
