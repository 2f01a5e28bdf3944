import Foundation

/// What `repgeom reproduce` is asked to do.
public struct ReproduceRequest: Sendable {
    /// Experiment ids (or `all`).
    public var ids: [String]
    public var scale: ExperimentScale
    /// The output folder: the store, the CSV exports per experiment, the report.
    public var output: URL
    /// Networks trained at once (one per core by default).
    public var workers: Int = SweepRunner.defaultWorkers
    /// Run only this part of the sweep (no exports, no report: merge the shards first).
    public var shard: Shard? = nil
    /// false: train nothing; export and report from the networks already stored (after a merge).
    public var train = true
    /// Which checkpoint summary.csv uses.
    public var summary: ResultSummary.Checkpoints = .final

    public init(ids: [String], scale: ExperimentScale, output: URL) {
        self.ids = ids
        self.scale = scale
        self.output = output
    }
}

/// What a reproduce run did.
public struct ReproduceOutcome: Sendable {
    /// The sweep (nil with `train = false`).
    public var sweep: SweepRunner.Outcome?
    /// The report's index page (nil for a shard run).
    public var report: URL?
    /// Every CSV file written.
    public var exported: [URL]
    /// Per experiment: claims passed and claims checked.
    public var claims: [(id: String, passed: Int, total: Int)]
}

/// `repgeom reproduce`: resolve ids → plan → sweep into the store → CSV exports per experiment →
/// results read back from the store → each experiment's report → the HTML report.
///
/// Everything the user can get wrong (ids, worker count, shard, an output folder holding other
/// results) is checked before anything is written. A shard run stops after the sweep.
public enum Reproduction {
    public static func run(_ request: ReproduceRequest, catalogue: [any Experiment] = Catalogue.known,
                           all: [any Experiment] = Catalogue.experiments,
                           log: @escaping @Sendable (String) -> Void = { _ in }) throws -> ReproduceOutcome {
        guard (1...4096).contains(request.workers) else {
            throw InputError("--jobs", "must be in 1…4096, got \(request.workers)")
        }
        if request.shard != nil && !request.train {
            throw InputError("--shard", "cannot be combined with --no-train (a shard only trains)")
        }
        let experiments = try Catalogue.resolve(request.ids, from: catalogue, all: all)
        let plan = try SweepPlan(experiments, scale: request.scale)
        let output = request.output.standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw InputError(output.path, "exists and is not a folder")
        }
        if !request.train && !FileManager.default.fileExists(atPath: output.appendingPathComponent(ResultStore.fileName).path) {
            throw InputError(output.path, "holds no result store to report from (--no-train)")
        }

        let store = try ResultStore.open(output, for: .init(scale: request.scale))
        try store.register(plan)

        var outcome = ReproduceOutcome(sweep: nil, report: nil, exported: [], claims: [])
        if request.train {
            let (pending, stored) = try SweepRunner.pending(plan, in: store, shard: request.shard)
            let scope = request.shard.map { "shard \($0) — " } ?? ""
            let ids = plan.entries.map(\.id).joined(separator: ", ")
            let action = pending.isEmpty ? "nothing to train" : "training \(pending.count) on \(min(request.workers, pending.count)) worker\(min(request.workers, pending.count) == 1 ? "" : "s")"
            log("\(ids) at \(request.scale.rawValue) scale: \(scope)\(pending.count + stored) networks, \(stored) already in \(output.path); \(action)")
            let printer = ProgressPrinter(log: log)
            outcome.sweep = try SweepRunner.run(plan, into: store, shard: request.shard, workers: request.workers) { printer.report($0) }
            if outcome.sweep!.ran > 0 { log("trained \(outcome.sweep!.ran) networks in \(SweepProgress.duration(outcome.sweep!.seconds))") }
        }
        if let shard = request.shard {
            log("shard \(shard) done: results in \(output.appendingPathComponent(ResultStore.fileName).path); when every shard is done, combine them with `repgeom merge --out DIR SHARD-FOLDER…`")
            try store.close()
            return outcome
        }

        var reports: [ExperimentReport] = []
        for entry in plan.entries {
            let stored = try store.results(for: entry)
            let results = stored.compactMap { $0 }
            guard results.count == stored.count else {
                throw InputError(output.path, "\(entry.id): \(stored.count - results.count) of \(stored.count) networks are missing (run without --no-train, or merge the remaining shards)")
            }
            let folder = output.appendingPathComponent(entry.id)
            let files = try ResultExport.write(results, of: entry, to: folder, summary: request.summary)
            outcome.exported += files
            var report = try entry.experiment.report(results, scale: request.scale)
            for f in files.map({ "\(entry.id)/\($0.lastPathComponent)" }) where !report.files.contains(f) { report.files.append(f) }
            let passed = report.claims.filter(\.passed).count
            outcome.claims.append((entry.id, passed, report.claims.count))
            log("\(entry.id): \(results.count) networks exported to \(folder.path)/; claims: \(passed) of \(report.claims.count) pass")
            reports.append(report)
        }
        try store.close()
        let index = try ReportHandoff.write(reports, output: output, scale: request.scale)
        outcome.report = index
        log("Report: \(index.path)")
        return outcome
    }

    /// Prints progress lines: every network for small sweeps, otherwise at most one line a second
    /// (and always the last), so logs stay readable on a cluster.
    final class ProgressPrinter: @unchecked Sendable {
        private let log: @Sendable (String) -> Void
        private var lastPrinted = -Double.infinity
        init(log: @escaping @Sendable (String) -> Void) { self.log = log }
        /// Called serialised by the sweep runner.
        func report(_ p: SweepProgress) {
            guard p.pending <= 50 || p.finished == p.pending || p.elapsed - lastPrinted >= 1 else { return }
            lastPrinted = p.elapsed
            log(p.line)
        }
    }
}
