import Foundation

/// The CSV exports of one experiment's results (columns documented in docs/sweeps.md), each
/// written atomically:
///
/// - `records.csv` — long form, one row per network × checkpoint × measure:
///   `experiment, network, <parameters…>, seed, epoch, layer, measure, variant, subject, value, version`
/// - `summary.csv` — one row per setting × layer × measure × variant × subject (final checkpoint
///   by default): `experiment, <parameters…>, layer, epoch, measure, variant, subject, mean, std, n_networks`
/// - `networks.csv` — one row per network with its full resolved configuration (JSON):
///   `experiment, network, <parameters…>, seed, version, configuration`
///
/// `<parameters…>` are the experiment's swept parameters (`SweepPlan.Entry.parameters`:
/// nonlinearity first, then the rest alphabetically). `network` is the job's position in the
/// experiment's job list and links the three files.
public enum ResultExport {
    public static let recordsFile = "records.csv"
    public static let summaryFile = "summary.csv"
    public static let networksFile = "networks.csv"

    /// Column names the fixed columns use; setting keys may not take them.
    public static let reservedColumns: Set<String> = [
        "experiment", "network", "seed", "epoch", "layer", "measure", "variant", "subject", "value",
        "version", "configuration", "mean", "std", "n_networks",
    ]

    /// Writes the three files for `results` (any subset of `entry`'s jobs, in any order; rows
    /// follow job order) into `folder`, returning their URLs.
    @discardableResult
    public static func write(_ results: [NetworkResult], of entry: SweepPlan.Entry, to folder: URL,
                             summary checkpoints: ResultSummary.Checkpoints = .final) throws -> [URL] {
        let position = Dictionary(uniqueKeysWithValues: entry.keys.enumerated().map { ($1, $0) })
        let ordered = try results.map { r -> (Int, NetworkResult) in
            guard let i = position[r.job.key] else {
                throw InputError("experiment \(entry.id)", "result of a job not in its job list: \(r.job.key)")
            }
            return (i, r)
        }.sorted { $0.0 < $1.0 }
        let parameters = entry.parameters
        let cells = { (s: [String: ParameterValue]) in parameters.map { s[$0]?.description ?? "" } }

        let records = folder.appendingPathComponent(recordsFile)
        try AtomicFile.stream(to: records) { out in
            try out.write(CSVFormat.row(["experiment", "network"] + parameters
                + ["seed", "epoch", "layer", "measure", "variant", "subject", "value", "version"]))
            for (i, r) in ordered {
                // The network's own columns, escaped once.
                let prefix = ([entry.id, "\(i)"] + cells(r.job.setting) + ["\(r.job.seed)"]).map(CSVFormat.field).joined(separator: ",")
                let version = CSVFormat.field(r.version)
                for m in r.records {
                    let fields = ["\(m.epoch)", "\(m.layer)", m.measure, m.variant, m.subject ?? "", CSVFormat.number(m.value)]
                    try out.write(prefix + "," + fields.map(CSVFormat.field).joined(separator: ",") + "," + version + "\n")
                }
            }
        }

        let summary = folder.appendingPathComponent(summaryFile)
        try AtomicFile.stream(to: summary) { out in
            try out.write(CSVFormat.row(["experiment"] + parameters
                + ["layer", "epoch", "measure", "variant", "subject", "mean", "std", "n_networks"]))
            for row in ResultSummary.rows(ordered.map(\.1), checkpoints: checkpoints) {
                try out.write(CSVFormat.row([entry.id] + cells(row.setting)
                    + ["\(row.layer)", row.epoch.map { "\($0)" } ?? "", row.measure, row.variant, row.subject ?? "",
                       CSVFormat.number(row.mean), CSVFormat.number(row.std), "\(row.networks)"]))
            }
        }

        let networks = folder.appendingPathComponent(networksFile)
        try AtomicFile.stream(to: networks) { out in
            try out.write(CSVFormat.row(["experiment", "network"] + parameters + ["seed", "version", "configuration"]))
            for (i, r) in ordered {
                try out.write(CSVFormat.row([entry.id, "\(i)"] + cells(r.job.setting) + ["\(r.job.seed)", r.version, r.configuration]))
            }
        }
        return [records, summary, networks]
    }
}
