import Foundation

/// The full job list of a sweep over one or more experiments at one scale, checked once.
///
/// Order is fixed: experiments in the order given (the catalogue's order when resolved from ids),
/// each experiment's jobs in `jobs(scale:)` order. Positions in that concatenated list define the
/// shards (`Shard`). Checks made here, before anything is run or written:
/// - experiment ids are unique and usable as folder names;
/// - every job names its own experiment, and no job is listed twice (same setting and seed);
/// - setting keys are identifiers (`[A-Za-z][A-Za-z0-9_]*`) that do not clash with the fixed
///   CSV columns (`ResultExport.reservedColumns`), and numeric values are finite.
public struct SweepPlan: Sendable {
    /// One experiment's part of the plan.
    public struct Entry: Sendable {
        public let experiment: any Experiment
        public let jobs: [SweepJob]
        /// `jobs[i].key`, the store's identity of each job.
        public let keys: [String]
        /// Swept parameter names in CSV column order: `nonlinearity` first (when present), then
        /// the others in ascending order. The union over all jobs.
        public let parameters: [String]

        public var id: String { experiment.id }
    }

    /// A job's place in the plan: `entries[entry].jobs[job]`.
    public struct Position: Sendable, Hashable {
        public let entry: Int
        public let job: Int
    }

    public let scale: ExperimentScale
    public let entries: [Entry]

    /// Folder names under the output folder that experiments may not use.
    public static let reservedIDs: Set<String> = ["report", "shards", "slurm"]

    public init(_ experiments: [any Experiment], scale: ExperimentScale) throws {
        self.scale = scale
        var seen = Set<String>()
        var entries: [Entry] = []
        for experiment in experiments {
            let id = experiment.id
            guard SweepPlan.isIdentifier(id, allowing: "_.-"), !SweepPlan.reservedIDs.contains(id.lowercased()) else {
                throw InputError("experiment '\(id)'", "the id must be letters, digits, '_', '.', '-' and not one of \(SweepPlan.reservedIDs.sorted())")
            }
            guard seen.insert(id.lowercased()).inserted else {
                throw InputError("experiment \(id)", "listed twice")
            }
            let jobs = try experiment.jobs(scale: scale)
            var keys: [String] = []
            keys.reserveCapacity(jobs.count)
            var keySet = Set<String>()
            var names = Set<String>()
            for job in jobs {
                guard job.experiment == id else {
                    throw InputError("experiment \(id)", "job \(job.key) names experiment '\(job.experiment)'")
                }
                for (name, value) in job.setting {
                    guard SweepPlan.isIdentifier(name, allowing: "_"), name.first!.isLetter else {
                        throw InputError("experiment \(id)", "setting key '\(name)' is not an identifier ([A-Za-z][A-Za-z0-9_]*)")
                    }
                    guard !ResultExport.reservedColumns.contains(name) else {
                        throw InputError("experiment \(id)", "setting key '\(name)' clashes with a fixed CSV column (\(ResultExport.reservedColumns.sorted().joined(separator: ", ")))")
                    }
                    if case .double(let d) = value, !d.isFinite {
                        throw InputError("experiment \(id)", "setting \(name) = \(d) is not finite")
                    }
                    names.insert(name)
                }
                let key = job.key
                guard keySet.insert(key).inserted else {
                    throw InputError("experiment \(id)", "job \(key) is listed twice")
                }
                keys.append(key)
            }
            let others = names.subtracting(["nonlinearity"]).sorted(by: CanonicalJSON.codePointOrder)
            let parameters = (names.contains("nonlinearity") ? ["nonlinearity"] : []) + others
            entries.append(Entry(experiment: experiment, jobs: jobs, keys: keys, parameters: parameters))
        }
        self.entries = entries
    }

    /// Number of jobs over all experiments.
    public var jobCount: Int { entries.reduce(0) { $0 + $1.jobs.count } }

    /// Every job of the plan in its fixed order, or only those of `shard`.
    public func positions(in shard: Shard? = nil) -> [Position] {
        var out: [Position] = []
        var global = 0
        for (e, entry) in entries.enumerated() {
            for j in entry.jobs.indices {
                if shard?.contains(global) ?? true { out.append(Position(entry: e, job: j)) }
                global += 1
            }
        }
        return out
    }

    public func job(at p: Position) -> SweepJob { entries[p.entry].jobs[p.job] }

    static func isIdentifier(_ s: String, allowing extra: String) -> Bool {
        guard let first = s.unicodeScalars.first, s.unicodeScalars.count <= 64 else { return false }
        func plain(_ u: Unicode.Scalar) -> Bool {
            (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9")
        }
        return plain(first) && s.unicodeScalars.allSatisfy { plain($0) || extra.unicodeScalars.contains($0) }
    }
}
