import Foundation
import GRDB

/// Combines result stores (typically the shards of one sweep) into one.
///
/// Every source must have the target's identity (scale and software version; the first source's
/// when the target is new) and, for every experiment two stores share, the same job list —
/// otherwise nothing is written. Networks already in the target (same job key) are skipped, so
/// merging is idempotent and shards may overlap. Each source is copied in one transaction: an
/// interrupted merge leaves whole sources merged or not at all, and rerunning it completes it.
public enum StoreMerge {
    public struct Outcome: Sendable, Equatable {
        /// Networks copied into the target.
        public var added: Int
        /// Networks skipped because the target already held them.
        public var duplicates: Int
        /// Of those, networks whose stored configuration differed from the target's copy (kept
        /// the target's; a sign that shards were not run by the same build or machine).
        public var conflicting: Int
        /// Per experiment (target's order): finished networks and the job list's length.
        public var completeness: [(id: String, finished: Int, jobs: Int)]

        public static func == (a: Outcome, b: Outcome) -> Bool {
            a.added == b.added && a.duplicates == b.duplicates && a.conflicting == b.conflicting
                && a.completeness.map { "\($0.id) \($0.finished) \($0.jobs)" } == b.completeness.map { "\($0.id) \($0.finished) \($0.jobs)" }
        }
    }

    /// Merges the stores in `sources` (folders holding `results.sqlite`, or the files) into the
    /// store in `target` (created when absent).
    public static func merge(_ sources: [URL], into target: URL) throws -> Outcome {
        guard !sources.isEmpty else { throw InputError("merge", "name at least one source store") }
        let targetFile = target.appendingPathComponent(ResultStore.fileName).standardizedFileURL.resolvingSymlinksInPath()
        // Check every source before writing anything.
        var opened: [ResultStore] = []
        var seenFiles = Set<String>()
        for source in sources {
            let store = try ResultStore.openExisting(source)
            let file = store.url.standardizedFileURL.resolvingSymlinksInPath().path
            guard file != targetFile.path else { throw InputError(source.path, "is the merge target itself") }
            guard seenFiles.insert(file).inserted else { throw InputError(source.path, "named twice") }
            opened.append(store)
        }
        let identity = opened[0].identity
        for store in opened.dropFirst() where store.identity != identity {
            throw InputError(store.url.path, "holds \(store.identity), but \(opened[0].url.path) holds \(identity); stores of different scales or versions are not merged")
        }
        if FileManager.default.fileExists(atPath: targetFile.path) {
            let existing = try ResultStore.readIdentity(targetFile)
            guard existing == identity else {
                throw InputError(targetFile.path, "holds \(existing), but the sources hold \(identity); stores of different scales or versions are not merged")
            }
        }
        // Job lists must agree wherever an experiment appears twice (target included).
        var targetExperiments: [ResultStore.StoredExperiment] = []
        var stores: [(experiments: [ResultStore.StoredExperiment], name: String)] = []
        if FileManager.default.fileExists(atPath: targetFile.path) {
            let existing = try ResultStore.openExisting(targetFile)
            targetExperiments = try existing.experiments()
            try existing.close()
            stores.append((targetExperiments, targetFile.path))
        }
        for store in opened { stores.append((try store.experiments(), store.url.path)) }
        var jobLists: [String: (keys: [String], from: String)] = [:]
        var experimentOrder: [ResultStore.StoredExperiment] = []
        for (experiments, name) in stores {
            for e in experiments {
                if let seen = jobLists[e.id] {
                    if let problem = ResultStore.difference(stored: seen.keys, planned: e.jobKeys) {
                        throw InputError(name, "\(e.id)'s job list differs from the one in \(seen.from) (\(problem)); stores of different job definitions are not merged")
                    }
                } else {
                    jobLists[e.id] = (e.jobKeys, name)
                    experimentOrder.append(e)
                }
            }
        }
        for store in opened { try store.close() }
        let targetStore = try ResultStore.open(target, for: identity)

        var outcome = Outcome(added: 0, duplicates: 0, conflicting: 0, completeness: [])
        try targetStore.guarded {
            try targetStore.pool.writeWithoutTransaction { db in
                for e in experimentOrder where !targetExperiments.contains(where: { $0.id == e.id }) {
                    try db.execute(sql: "INSERT INTO experiments (id, title, job_count, job_keys) VALUES (?, ?, ?, ?)",
                                   arguments: [e.id, e.title, e.jobKeys.count, e.jobKeys.joined(separator: "\n")])
                }
                for store in opened {
                    try db.execute(sql: "ATTACH DATABASE ? AS source", arguments: [store.url.path])
                    defer { try? db.execute(sql: "DETACH DATABASE source") }
                    try db.inTransaction {
                        try db.execute(sql: "CREATE TEMP TABLE new_jobs AS SELECT key FROM source.jobs WHERE key NOT IN (SELECT key FROM main.jobs)")
                        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM source.jobs") ?? 0
                        let added = try Int.fetchOne(db, sql: "SELECT count(*) FROM temp.new_jobs") ?? 0
                        outcome.conflicting += try Int.fetchOne(db, sql: """
                            SELECT count(*) FROM source.jobs s JOIN main.jobs m ON m.key = s.key WHERE s.configuration != m.configuration
                            """) ?? 0
                        try db.execute(sql: """
                            INSERT INTO main.jobs (key, experiment, job_index, setting, seed, configuration, version, seconds, finished_at)
                            SELECT key, experiment, job_index, setting, seed, configuration, version, seconds, finished_at
                            FROM source.jobs WHERE key IN (SELECT key FROM temp.new_jobs) ORDER BY id
                            """)
                        try db.execute(sql: """
                            INSERT INTO main.records (job_id, epoch, layer, measure, variant, subject, value)
                            SELECT m.id, r.epoch, r.layer, r.measure, r.variant, r.subject, r.value
                            FROM source.records r JOIN source.jobs s ON r.job_id = s.id JOIN main.jobs m ON m.key = s.key
                            WHERE s.key IN (SELECT key FROM temp.new_jobs) ORDER BY r.rowid
                            """)
                        try db.execute(sql: "DROP TABLE temp.new_jobs")
                        outcome.added += added
                        outcome.duplicates += total - added
                        return .commit
                    }
                }
            }
        }
        let counts = try targetStore.finishedCounts()
        outcome.completeness = try targetStore.experiments().map { ($0.id, counts[$0.id] ?? 0, $0.jobKeys.count) }
        try targetStore.close()
        return outcome
    }
}
