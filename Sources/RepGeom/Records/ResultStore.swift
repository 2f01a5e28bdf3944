import Foundation
import GRDB

/// The result store: one SQLite database (`results.sqlite`, WAL mode) per output folder holding
/// every finished network of a sweep with its records. Schema in `ResultStore.schema` and
/// docs/sweeps.md.
///
/// Guarantees:
/// - **Crash safety.** Each finished network is saved in one transaction (its job row and all its
///   records), so killing the process at any moment — SIGKILL included — loses at most the
///   networks still being computed and never leaves a half-saved network or a damaged file.
/// - **Resumption.** A network is identified by its job key (`SweepJob.key`); a rerun skips keys
///   already present.
/// - **No mixing.** A store holds one scale and one software version, and per experiment the exact
///   job list it was started with; opening it for anything else is refused before anything is
///   written (`open(_:for:)`, `register(_:)`).
/// - **One writer.** A lock file (`.repgeom.lock`, flock) keeps two processes from writing to the
///   same folder at once; the lock dies with its process.
public final class ResultStore: Sendable {
    public static let fileName = "results.sqlite"
    public static let lockFileName = ".repgeom.lock"
    /// Bumped when the schema changes; stores of another schema are refused.
    public static let schemaVersion = 1

    /// What a store holds results of: one scale and one software version.
    public struct Identity: Sendable, Equatable, CustomStringConvertible {
        public var scale: ExperimentScale
        public var version: String
        public init(scale: ExperimentScale, version: String = RepGeomVersion.string) {
            self.scale = scale
            self.version = version
        }
        public var description: String { "scale \(scale.rawValue), repgeom \(version)" }
    }

    /// A finished network as stored (without its records).
    public struct StoredJob: Sendable, Equatable {
        public var key: String
        public var experiment: String
        public var index: Int
        public var seed: UInt64
        public var setting: String
        public var configuration: String
        public var version: String
        public var seconds: Double
    }

    /// An experiment registered in the store: its job list as first started.
    public struct StoredExperiment: Sendable, Equatable {
        public var id: String
        public var title: String
        public var jobKeys: [String]
    }

    public let directory: URL
    public let identity: Identity
    let pool: DatabasePool
    private let lock: DirectoryLock?
    /// Opened by `openExisting`: reads only.
    public let readOnly: Bool

    public var url: URL { directory.appendingPathComponent(ResultStore.fileName) }
    var path: String { url.path }

    /// Opens (creating when absent) the store in `directory` for writing results of `identity`.
    /// Throws, touching nothing, when the folder holds a store of another identity or schema, or
    /// something that is not a store, or is in use by another process.
    public static func open(_ directory: URL, for identity: Identity) throws -> ResultStore {
        let lock = try DirectoryLock(directory)
        let file = directory.appendingPathComponent(fileName)
        if FileManager.default.fileExists(atPath: file.path) {
            let existing = try readIdentity(file)
            guard existing == identity else { throw mismatch(file.path, stored: existing, wanted: identity) }
            return try ResultStore(directory: directory, identity: existing, lock: lock, create: false)
        }
        return try ResultStore(directory: directory, identity: identity, lock: lock, create: true)
    }

    /// Opens an existing store read-only (merge sources, inspection); takes no lock and writes
    /// nothing, so it works on a full disk or a read-only file system too.
    public static func openExisting(_ location: URL) throws -> ResultStore {
        let file = location.lastPathComponent == fileName ? location : location.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw InputError(location.path, "no result store here (expected \(fileName))")
        }
        let identity = try readIdentity(file)
        return try ResultStore(directory: file.deletingLastPathComponent(), identity: identity, lock: nil, create: false, readOnly: true)
    }

    /// The identity of the store file at `file`, read without modifying it.
    static func readIdentity(_ file: URL) throws -> Identity {
        do {
            var config = Configuration()
            config.readonly = true
            let queue = try DatabaseQueue(path: file.path, configuration: config)
            defer { try? queue.close() }
            return try queue.read { db -> Identity in
                guard try db.tableExists("store_info") else {
                    throw InputError(file.path, "not a repgeom result store (no store_info table)")
                }
                let info = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT key, value FROM store_info")
                    .map { (row: Row) -> (String, String) in (row["key"], row["value"]) })
                guard info["schema"] == "\(schemaVersion)" else {
                    throw InputError(file.path, "result store schema \(info["schema"] ?? "?") is not the schema \(schemaVersion) of this build")
                }
                guard let scaleText = info["scale"], let scale = ExperimentScale(rawValue: scaleText), let version = info["version"] else {
                    throw InputError(file.path, "result store has no valid scale/version in store_info")
                }
                return Identity(scale: scale, version: version)
            }
        } catch {
            throw storeError(error, file.path)
        }
    }

    static func mismatch(_ path: String, stored: Identity, wanted: Identity) -> InputError {
        if stored.scale != wanted.scale {
            return InputError(path, "holds \(stored.scale.rawValue)-scale results, not \(wanted.scale.rawValue); use another --out (or delete this folder to start over)")
        }
        return InputError(path, "was written by repgeom \(stored.version), this is \(wanted.version); results of different versions are not mixed — use another --out (or delete this folder to start over)")
    }

    private init(directory: URL, identity: Identity, lock: DirectoryLock?, create: Bool, readOnly: Bool = false) throws {
        self.directory = directory
        self.identity = identity
        self.lock = lock
        self.readOnly = readOnly
        let file = directory.appendingPathComponent(ResultStore.fileName).path
        do {
            var config = Configuration()
            config.busyMode = .timeout(60)
            config.readonly = readOnly
            pool = try DatabasePool(path: file, configuration: config)
            if !readOnly {
                // FULL (set after GRDB's WAL set-up, which chooses NORMAL): a committed network
                // survives a power cut too, not only a killed process.
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            }
            if create {
                try pool.write { db in
                    try db.execute(sql: ResultStore.schema)
                    let info = ["schema": "\(ResultStore.schemaVersion)", "scale": identity.scale.rawValue,
                                "version": identity.version, "created": ISO8601DateFormatter().string(from: Date())]
                    for (k, v) in info.sorted(by: { $0.key < $1.key }) {
                        try db.execute(sql: "INSERT INTO store_info (key, value) VALUES (?, ?)", arguments: [k, v])
                    }
                }
            }
        } catch {
            throw ResultStore.storeError(error, file)
        }
    }

    /// Closes the database after moving the write-ahead log into the main file, so that
    /// `results.sqlite` alone holds everything (it can be copied by itself). Further use throws.
    public func close() throws {
        do {
            if !readOnly {
                try pool.writeWithoutTransaction { db in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            }
            try pool.close()
            lock?.release()
        } catch {
            throw ResultStore.storeError(error, path)
        }
    }

    // MARK: Schema

    /// The schema (documented in docs/sweeps.md). `jobs` holds one row per finished network,
    /// `records` one row per measured number; the views `checkpoints` (one row per network per
    /// checkpoint, with its configuration, seed and version) and `measurements` (every record with
    /// its network's setting, seed and version) are for reading the store with plain SQL.
    public static let schema = """
        CREATE TABLE store_info (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        );
        CREATE TABLE experiments (
            id TEXT PRIMARY KEY NOT NULL,
            title TEXT NOT NULL,
            job_count INTEGER NOT NULL,
            job_keys TEXT NOT NULL
        );
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            experiment TEXT NOT NULL REFERENCES experiments(id),
            job_index INTEGER NOT NULL,
            setting TEXT NOT NULL,
            seed INTEGER NOT NULL,
            configuration TEXT NOT NULL,
            version TEXT NOT NULL,
            seconds REAL NOT NULL,
            finished_at TEXT NOT NULL,
            UNIQUE (experiment, job_index)
        );
        CREATE TABLE records (
            job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            epoch INTEGER NOT NULL,
            layer INTEGER NOT NULL,
            measure TEXT NOT NULL,
            variant TEXT NOT NULL,
            subject TEXT,
            value REAL
        );
        CREATE INDEX records_by_job ON records(job_id);
        CREATE VIEW checkpoints AS
            SELECT j.experiment, j.job_index, j.setting, j.seed, r.epoch, count(*) AS measures,
                   j.configuration, j.version, j.key AS job
            FROM jobs j JOIN records r ON r.job_id = j.id
            GROUP BY j.id, r.epoch;
        CREATE VIEW measurements AS
            SELECT j.experiment, j.job_index, j.setting, j.seed, r.epoch, r.layer, r.measure, r.variant,
                   r.subject, r.value, j.version, j.key AS job
            FROM records r JOIN jobs j ON r.job_id = j.id;
        """

    // MARK: Experiments

    /// Registers the plan's experiments (their job lists), refusing — before writing anything —
    /// an experiment whose stored job list differs from the plan's (the job definitions changed).
    public func register(_ plan: SweepPlan) throws {
        guard plan.scale == identity.scale else { throw ResultStore.mismatch(path, stored: identity, wanted: Identity(scale: plan.scale)) }
        try guarded {
            try pool.write { db in
                for entry in plan.entries {
                    if let stored = try ResultStore.experiment(entry.id, in: db) {
                        if let problem = ResultStore.difference(stored: stored.jobKeys, planned: entry.keys) {
                            throw InputError(path, "\(entry.id)'s job definitions changed since this store was written (\(problem)); use another --out (or delete this folder to start over)")
                        }
                    } else {
                        try db.execute(sql: "INSERT INTO experiments (id, title, job_count, job_keys) VALUES (?, ?, ?, ?)",
                                       arguments: [entry.id, entry.experiment.title, entry.keys.count, entry.keys.joined(separator: "\n")])
                    }
                }
            }
        }
    }

    /// Checks, without writing anything, that `directory` could take `plan`'s results: it is
    /// absent, empty of a store, or holds a store of the same identity and job lists.
    public static func verify(_ directory: URL, plan: SweepPlan) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw InputError(directory.path, "exists and is not a folder") }
        let file = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        let wanted = Identity(scale: plan.scale)
        let stored = try readIdentity(file)
        guard stored == wanted else { throw mismatch(file.path, stored: stored, wanted: wanted) }
        do {
            var config = Configuration()
            config.readonly = true
            let queue = try DatabaseQueue(path: file.path, configuration: config)
            defer { try? queue.close() }
            try queue.read { db in
                for entry in plan.entries {
                    if let e = try experiment(entry.id, in: db), let problem = difference(stored: e.jobKeys, planned: entry.keys) {
                        throw InputError(file.path, "\(entry.id)'s job definitions changed since this store was written (\(problem)); use another --out (or delete this folder to start over)")
                    }
                }
            }
        } catch {
            throw storeError(error, file.path)
        }
    }

    /// Every registered experiment.
    public func experiments() throws -> [StoredExperiment] {
        try guarded {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT id, title, job_keys FROM experiments ORDER BY rowid").map(ResultStore.storedExperiment)
            }
        }
    }

    static func experiment(_ id: String, in db: Database) throws -> StoredExperiment? {
        try Row.fetchOne(db, sql: "SELECT id, title, job_keys FROM experiments WHERE id = ?", arguments: [id]).map(storedExperiment)
    }

    static func storedExperiment(_ row: Row) -> StoredExperiment {
        let keys: String = row["job_keys"]
        return StoredExperiment(id: row["id"], title: row["title"], jobKeys: keys.isEmpty ? [] : keys.components(separatedBy: "\n"))
    }

    /// A one-line description of how two job lists differ, or nil when they are equal.
    static func difference(stored: [String], planned: [String]) -> String? {
        if stored == planned { return nil }
        let shown = { (k: String) in k.count > 100 ? String(k.prefix(100)) + "…" : k }
        if let i = (0..<min(stored.count, planned.count)).first(where: { stored[$0] != planned[$0] }) {
            return "stored \(stored.count) jobs, now \(planned.count); job \(i) was \(shown(stored[i])), now \(shown(planned[i]))"
        }
        return "stored \(stored.count) jobs, now \(planned.count)"
    }

    // MARK: Networks

    /// Keys of the finished networks of `experiment`.
    public func finishedKeys(experiment: String) throws -> Set<String> {
        try guarded {
            try pool.read { db in
                Set(try String.fetchAll(db, sql: "SELECT key FROM jobs WHERE experiment = ?", arguments: [experiment]))
            }
        }
    }

    /// Number of finished networks per experiment.
    public func finishedCounts() throws -> [String: Int] {
        try guarded {
            try pool.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT experiment, count(*) AS n FROM jobs GROUP BY experiment")
                    .map { (row: Row) -> (String, Int) in (row["experiment"], row["n"]) })
            }
        }
    }

    /// Saves one finished network — its job row and all its records — in one transaction.
    /// `index` is the job's position in its experiment's job list.
    public func save(_ result: NetworkResult, index: Int, seconds: Double) throws {
        let key = result.job.key
        try guarded {
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO jobs (key, experiment, job_index, setting, seed, configuration, version, seconds, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [key, result.job.experiment, index, CanonicalJSON.object(result.job.setting),
                                     Int64(bitPattern: result.job.seed), result.configuration, result.version, seconds,
                                     ISO8601DateFormatter().string(from: Date())])
                let id = db.lastInsertedRowID
                let insert = try db.cachedStatement(sql: "INSERT INTO records (job_id, epoch, layer, measure, variant, subject, value) VALUES (?, ?, ?, ?, ?, ?, ?)")
                for r in result.records {
                    // SQLite stores NaN as NULL; NULL reads back as NaN.
                    try insert.execute(arguments: [id, r.epoch, r.layer, r.measure, r.variant, r.subject, r.value.isNaN ? nil : r.value])
                }
            }
        }
    }

    /// The stored results of `entry`'s jobs, in job order; nil where a network is not finished.
    /// Each result carries the plan's own `SweepJob` (exact parameter types) and the stored
    /// configuration, version and records (in the order the experiment produced them).
    public func results(for entry: SweepPlan.Entry) throws -> [NetworkResult?] {
        try guarded {
            try pool.read { db in
                var byKey: [String: (id: Int64, configuration: String, version: String)] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, key, configuration, version FROM jobs WHERE experiment = ?", arguments: [entry.id]) {
                    byKey[row["key"]] = (row["id"], row["configuration"], row["version"])
                }
                var records: [Int64: [MeasureRecord]] = [:]
                let cursor = try Row.fetchCursor(db, sql: """
                    SELECT r.job_id, r.epoch, r.layer, r.measure, r.variant, r.subject, r.value
                    FROM records r JOIN jobs j ON r.job_id = j.id WHERE j.experiment = ? ORDER BY r.rowid
                    """, arguments: [entry.id])
                while let row = try cursor.next() {
                    let value: Double? = row["value"]
                    records[row["job_id"], default: []].append(MeasureRecord(
                        epoch: row["epoch"], layer: row["layer"], measure: row["measure"], variant: row["variant"],
                        subject: row["subject"], value: value ?? .nan))
                }
                return zip(entry.jobs, entry.keys).map { job, key in
                    byKey[key].map { NetworkResult(job: job, configuration: $0.configuration, version: $0.version, records: records[$0.id] ?? []) }
                }
            }
        }
    }

    /// Every finished network (without records), in experiment and job order.
    public func storedJobs() throws -> [StoredJob] {
        try guarded {
            try pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT j.key, j.experiment, j.job_index, j.seed, j.setting, j.configuration, j.version, j.seconds
                    FROM jobs j JOIN experiments e ON e.id = j.experiment ORDER BY e.rowid, j.job_index
                    """).map { row in
                    StoredJob(key: row["key"], experiment: row["experiment"], index: row["job_index"],
                              seed: UInt64(bitPattern: row["seed"]), setting: row["setting"],
                              configuration: row["configuration"], version: row["version"], seconds: row["seconds"])
                }
            }
        }
    }

    /// SQLite's `PRAGMA integrity_check` plus the foreign-key check: "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try guarded {
            try pool.read { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
                let orphans = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
                return orphans == 0 ? integrity : "\(integrity); \(orphans) foreign-key violations"
            }
        }
    }

    // MARK: Errors

    func guarded<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw ResultStore.storeError(error, path) }
    }

    /// SQLite failures as one-line input errors naming the store file.
    static func storeError(_ error: Error, _ path: String) -> Error {
        if error is InputError { return error }
        guard let e = error as? DatabaseError else { return InputError(path, "\(error)") }
        let detail = e.message ?? "\(e.resultCode)"
        switch e.resultCode {
        case .SQLITE_FULL:
            return InputError(path, "disk full (\(detail)); finished networks are kept — free space and rerun to continue")
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN, .SQLITE_AUTH:
            return InputError(path, "cannot write the result store here (\(detail))")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return InputError(path, "not a repgeom result store, or damaged (\(detail))")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return InputError(path, "the result store is busy (another process holds it: \(detail))")
        case .SQLITE_IOERR:
            return InputError(path, "I/O error (\(detail)); finished networks are kept")
        default:
            return InputError(path, detail)
        }
    }
}
