/// Which records a figure or a claim reads: a measure, optionally narrowed to a layer, variant
/// and subject. With `subject == nil` every subject matches and their values are averaged (e.g.
/// PS "of the trained outputs" = mean over `y1`…`yk` when `subjects` lists them).
public struct RecordSelector: Sendable, Hashable, CustomStringConvertible {
    public var measure: String
    public var layer: Int?
    public var variant: String?
    /// Subjects to average over; nil: records without a subject, or any subject when none lacks one.
    public var subjects: [String]?

    public init(_ measure: String, layer: Int? = 1, variant: String? = nil, subject: String? = nil) {
        self.measure = measure
        self.layer = layer
        self.variant = variant
        self.subjects = subject.map { [$0] }
    }

    public init(_ measure: String, layer: Int? = 1, variant: String? = nil, subjects: [String]) {
        self.measure = measure
        self.layer = layer
        self.variant = variant
        self.subjects = subjects
    }

    public func matches(_ r: MeasureRecord) -> Bool {
        r.measure == measure && (layer == nil || r.layer == layer) && (variant == nil || r.variant == variant)
            && (subjects == nil || subjects!.contains(r.subject ?? ""))
    }

    public var description: String {
        var s = measure
        if let variant { s += " [\(variant)]" }
        if let subjects { s += " of " + subjects.joined(separator: ",") }
        if let layer { s += " (layer \(layer))" }
        return s
    }
}

extension NetworkResult {
    /// The mean of the matching records at `epoch`; nil `epoch` = the last epoch with a match.
    /// nil when nothing matches.
    public func value(_ selector: RecordSelector, epoch: Int? = nil) -> Double? {
        let matching = records.filter(selector.matches)
        guard let e = epoch ?? matching.map(\.epoch).max() else { return nil }
        let at = matching.filter { $0.epoch == e }.map(\.value)
        return at.isEmpty ? nil : at.reduce(0, +) / Double(at.count)
    }

    /// (epoch, mean of matching records) for every epoch with a match, in epoch order.
    public func series(_ selector: RecordSelector) -> [(epoch: Int, value: Double)] {
        let matching = records.filter(selector.matches)
        return Set(matching.map(\.epoch)).sorted().map { e in
            let v = matching.filter { $0.epoch == e }.map(\.value)
            return (e, v.reduce(0, +) / Double(v.count))
        }
    }

    /// The job's setting value for `key`.
    public func parameter(_ key: String) -> ParameterValue? { job.setting[key] }
}

/// Grouping of results by their settings.
public enum ResultGroups {
    /// The results whose setting has every (key, value) of `filter`.
    public static func filter(_ results: [NetworkResult], _ filter: [String: ParameterValue]) -> [NetworkResult] {
        results.filter { r in filter.allSatisfy { r.job.setting[$0.key] == $0.value } }
    }

    /// The distinct values of `key`, numbers ascending, others in order of first appearance.
    public static func values(of key: String, in results: [NetworkResult]) -> [ParameterValue] {
        var seen: [ParameterValue] = []
        for r in results { if let v = r.job.setting[key], !seen.contains(v) { seen.append(v) } }
        if seen.allSatisfy({ $0.number != nil }) { return seen.sorted { $0.number! < $1.number! } }
        return seen
    }

    /// Results split by the value of `key` (in `values(of:)` order).
    public static func split(_ results: [NetworkResult], by key: String) -> [(value: ParameterValue, results: [NetworkResult])] {
        values(of: key, in: results).map { v in (v, results.filter { $0.job.setting[key] == v }) }
    }

    /// Mean and sample s.d. over the networks' values (nil values skipped; NaN s.d. for one value).
    public static func meanAndSpread(_ results: [NetworkResult], _ selector: RecordSelector, epoch: Int? = nil) -> (mean: Double, std: Double, n: Int)? {
        let v = results.compactMap { $0.value(selector, epoch: epoch) }
        guard !v.isEmpty else { return nil }
        let s = ResultSummary.meanAndStd(v)
        return (s.mean, s.std, v.count)
    }
}
