import Foundation

/// The suite result as long-form ("tidy") rows, one number per row — what `repgeom measure
/// --csv` writes, ready for pandas/R (`df.pivot(...)`).
///
/// Columns: `section` (suite, alignment, shattering_dimensionality, participation_ratio,
/// sparsity, trained_summary, untrained_summary, dichotomy), `dichotomy` (index, dichotomy rows
/// only), `trained`, `labels` (the 0/1 labels as a string, condition 0 first), `measure`,
/// `variant`, `value`, `note` (why a value is missing). Null statistics are rows like
/// `measure = ps_max.null.shuffled_labels.p_value`. Per-split and per-fold accuracies, pairings
/// and RDMs are left to the JSON output.
extension MeasureReport {
    public static let longFormHeader = ["section", "dichotomy", "trained", "labels", "measure", "variant", "value", "note"]

    /// The rows (cells rendered for `CSV.render`).
    public func longFormRows() throws -> [[String]] {
        var rows: [[String]] = []
        func add(_ section: String, _ measure: String, _ value: JSONValue?, variant: String = "", dichotomy: String = "",
                 trained: String = "", labels: String = "", note: String = "") {
            let cell: String
            switch value {
            case .integer(let i)?: cell = "\(i)"
            case .unsigned(let u)?: cell = "\(u)"
            case .double(let d)?: cell = CSV.cell(d)
            case .bool(let b)?: cell = b ? "1" : "0"
            default: cell = ""
            }
            rows.append([section, dichotomy, trained, labels, measure, variant, cell, note].map { CSV.cell($0) })
        }
        guard case .object(let top) = try JSONValue(encoding: self) else { return [] }
        let unavailableTop = unavailable

        add("suite", "condition_count", top["condition_count"])
        add("suite", "unit_count", top["unit_count"])
        add("suite", "sample_count", top["sample_count"])
        add("suite", "seed", .unsigned(options.seed))
        add("suite", "null_count", .integer(Int64(options.nullCount)))

        // Top-level measures: their numeric fields, under the measure's own variant.
        for key in ["alignment", "shattering_dimensionality", "participation_ratio", "sparsity",
                    "trained_summary", "untrained_summary"] {
            let value = top[key] ?? .null
            switch value {
            case .object(let fields):
                let variant = fields["variant"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""
                for (path, leaf) in Self.numericLeaves(value) { add(key, path, leaf, variant: variant) }
                if case .object(let missing)? = fields["unavailable"] {
                    for (k, reason) in missing.sorted(by: { $0.key < $1.key }) { add(key, k, nil, variant: variant, note: reason.text) }
                }
            case .null:
                if let reason = unavailableTop[key] { add(key, key, nil, note: reason) }
            default:
                add(key, key, value, variant: key == "participation_ratio" ? (participationRatioDetail?.variant ?? "") : "")
            }
        }

        for d in dichotomies {
            let index = "\(d.index)", trained = d.trained ? "1" : "0"
            let labels = d.labels.map(String.init).joined()
            func row(_ measure: String, _ value: Double?, variant: String?) {
                add("dichotomy", measure, value.map { .double($0) }, variant: variant ?? "", dichotomy: index,
                    trained: trained, labels: labels, note: value == nil ? (d.unavailable[measure] ?? "") : "")
            }
            let measured: [(String, Double?, String?)] = [
                ("ps_max", d.psMax, d.psMaxDetail?.variant), ("ps_distsum", d.psDistsum, d.psDistsumDetail?.variant),
                ("ps_fixed", d.psFixed, d.psFixedDetail?.variant), ("ccgp", d.ccgp, d.ccgpDetail?.variant),
                ("decoding", d.decoding, d.decodingDetail?.variant),
            ]
            for (measure, value, variant) in measured where value != nil || d.unavailable[measure] != nil {
                // A PS-fixed without a pairing was never asked for: not worth a row.
                if measure == "ps_fixed" && value == nil && d.psFixedDetail == nil && d.unavailable[measure] == "no fixed pairing given" { continue }
                row(measure, value, variant: variant)
            }
            for null in d.nulls ?? [] {
                for (stat, value) in [("mean", null.mean), ("std", null.std), ("percentile", null.percentile), ("p_value", null.pValue)] {
                    add("dichotomy", "\(null.measure).null.\(null.variant).\(stat)", .double(value), variant: "count=\(null.count)",
                        dichotomy: index, trained: trained, labels: labels)
                }
            }
        }
        return rows
    }

    /// Numeric (and boolean) leaves of an object, as dotted paths in sorted key order; arrays are skipped.
    static func numericLeaves(_ value: JSONValue, prefix: String = "") -> [(String, JSONValue)] {
        switch value {
        case .object(let fields):
            return fields.keys.sorted().filter { $0 != "unavailable" }.flatMap { key in
                numericLeaves(fields[key]!, prefix: prefix.isEmpty ? key : prefix + "." + key)
            }
        case .integer, .unsigned, .double, .bool:
            return [(prefix, value)]
        default:
            return []
        }
    }
}
