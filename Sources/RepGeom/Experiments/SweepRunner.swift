import Foundation

/// How far a sweep has come, reported after every finished network.
public struct SweepProgress: Sendable {
    /// Networks finished by this run so far.
    public var finished: Int
    /// Networks this run set out to compute (the plan or shard minus what the store held).
    public var pending: Int
    /// Networks the store already held when the run started (skipped).
    public var alreadyStored: Int
    /// Seconds since the run started.
    public var elapsed: Double
    /// The network just finished.
    public var job: SweepJob

    /// Finished networks over everything in scope, counting those already stored.
    public var done: Int { alreadyStored + finished }
    public var total: Int { alreadyStored + pending }

    /// Estimated seconds left: the mean wall time per finished network so far (which already
    /// reflects the parallelism) times the networks left. nil before the first one.
    public var eta: Double? {
        finished > 0 ? elapsed / Double(finished) * Double(pending - finished) : nil
    }

    /// "smoke 12/16 networks · 3.2 s · ETA 1.1 s".
    public var line: String {
        let eta = self.eta.map { " · ETA \(SweepProgress.duration($0))" } ?? ""
        return "\(job.experiment) \(done)/\(total) networks · \(SweepProgress.duration(elapsed))\(eta)"
    }

    /// "0.4 s", "12 s", "3 min 05 s", "2 h 10 min".
    public static func duration(_ s: Double) -> String {
        if s < 10 { return String(format: "%.1f s", s) }
        if s < 60 { return String(format: "%.0f s", s) }
        let t = Int(s.rounded())
        if t < 3600 { return String(format: "%d min %02d s", t / 60, t % 60) }
        return String(format: "%d h %02d min", t / 3600, (t % 3600) / 60)
    }
}

/// A job of an experiment failed; names the job, keeps the cause.
public struct SweepJobError: Error, CustomStringConvertible {
    public let job: SweepJob
    public let underlying: Error
    public var description: String { "\(job.experiment) job \(job.key) failed: \(underlying)" }
}

/// Runs sweeps: every pending job of a plan, one network per worker thread (BLAS pinned to one
/// thread, SPEC §7), each saved to the store in its own transaction as soon as it finishes.
///
/// On the first failure no further job is started; jobs already running finish and are saved,
/// then the error is thrown (`SweepJobError`, or the store's `InputError`, e.g. a full disk).
/// A rerun continues from what the store holds.
public enum SweepRunner {
    public struct Outcome: Sendable, Equatable {
        /// Networks computed by this run.
        public var ran: Int
        /// Networks skipped because the store already held them.
        public var skipped: Int
        public var seconds: Double
    }

    /// The default worker count: one per core.
    public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Which of the plan's jobs (all, or those of `shard`) the store does not yet hold.
    public static func pending(_ plan: SweepPlan, in store: ResultStore, shard: Shard? = nil) throws
        -> (pending: [SweepPlan.Position], stored: Int) {
        var finished: [Int: Set<String>] = [:]
        for (e, entry) in plan.entries.enumerated() { finished[e] = try store.finishedKeys(experiment: entry.id) }
        var pending: [SweepPlan.Position] = []
        var stored = 0
        for p in plan.positions(in: shard) {
            if finished[p.entry]!.contains(plan.entries[p.entry].keys[p.job]) { stored += 1 } else { pending.append(p) }
        }
        return (pending, stored)
    }

    /// Runs the jobs of `plan` (or of `shard`) that `store` does not hold yet, on `workers` threads.
    public static func run(_ plan: SweepPlan, into store: ResultStore, shard: Shard? = nil, workers: Int,
                           progress: @escaping @Sendable (SweepProgress) -> Void = { _ in }) throws -> Outcome {
        precondition(workers >= 1, "workers must be ≥ 1")
        let (pending, stored) = try SweepRunner.pending(plan, in: store, shard: shard)
        let start = DispatchTime.now().uptimeNanoseconds
        let elapsed: @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let counter = Counter()
        try parallel(count: pending.count, workers: workers) { i in
            let position = pending[i]
            let entry = plan.entries[position.entry]
            let job = entry.jobs[position.job]
            let t0 = DispatchTime.now().uptimeNanoseconds
            let result = try runChecked(entry.experiment, job)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            try store.save(result, index: position.job, seconds: seconds)
            counter.increment { finished in
                progress(SweepProgress(finished: finished, pending: pending.count, alreadyStored: stored, elapsed: elapsed(), job: job))
            }
        }
        return Outcome(ran: pending.count, skipped: stored, seconds: elapsed())
    }

    /// Runs every job of `experiment` at `scale` in memory, without a store, and returns the
    /// results in job order — for experiment authors' tests and small interactive runs.
    public static func results(of experiment: any Experiment, scale: ExperimentScale,
                               workers: Int = SweepRunner.defaultWorkers) throws -> [NetworkResult] {
        let plan = try SweepPlan([experiment], scale: scale)
        let jobs = plan.entries[0].jobs
        let slots = ResultSlots(count: jobs.count)
        try parallel(count: jobs.count, workers: workers) { i in
            slots.set(i, try runChecked(experiment, jobs[i]))
        }
        return slots.values
    }

    /// Runs one job and checks what the experiment returned: the same job, and no record twice
    /// (same epoch, layer, measure, variant and subject) — exports and summaries rely on both.
    static func runChecked(_ experiment: any Experiment, _ job: SweepJob) throws -> NetworkResult {
        let result: NetworkResult
        do { result = try experiment.run(job) } catch { throw SweepJobError(job: job, underlying: error) }
        guard result.job == job else {
            throw SweepJobError(job: job, underlying: InputError("experiment \(job.experiment)", "run returned the result of another job (\(result.job.key))"))
        }
        var seen = Set<RecordKey>()
        for r in result.records {
            guard seen.insert(RecordKey(r)).inserted else {
                throw SweepJobError(job: job, underlying: InputError("experiment \(job.experiment)",
                    "duplicate record epoch \(r.epoch) layer \(r.layer) \(r.measure)/\(r.variant)\(r.subject.map { " subject \($0)" } ?? "")"))
            }
            guard r.epoch >= 0, r.layer >= 0, !r.measure.isEmpty else {
                throw SweepJobError(job: job, underlying: InputError("experiment \(job.experiment)", "invalid record \(r) (epoch and layer must be ≥ 0, measure non-empty)"))
            }
        }
        return result
    }

    /// `body(0..<count)` on `workers` threads of their own (BLAS on one thread each), each
    /// claiming the next index when free — exactly `workers` at once, whatever the core count.
    /// Stops claiming after the first error, waits for the running ones, throws it.
    static func parallel(count: Int, workers: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
        guard count > 0 else { return }
        BLASThreads.set(1)
        let queue = WorkQueue(count: count)
        let done = DispatchGroup()
        for _ in 0..<min(workers, count) {
            done.enter()
            let thread = Thread {
                while let i = queue.claim() {
                    do { try body(i) } catch { queue.fail(error) }
                }
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
        if let error = queue.error { throw error }
    }

    /// The identity of a record within one network.
    struct RecordKey: Hashable {
        let epoch: Int, layer: Int, measure: String, variant: String, subject: String?
        init(_ r: MeasureRecord) {
            epoch = r.epoch; layer = r.layer; measure = r.measure; variant = r.variant; subject = r.subject
        }
    }

    final class WorkQueue: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private let count: Int
        private var firstError: Error?
        init(count: Int) { self.count = count }
        func claim() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard firstError == nil, next < count else { return nil }
            next += 1
            return next - 1
        }
        func fail(_ error: Error) {
            lock.lock(); defer { lock.unlock() }
            if firstError == nil { firstError = error }
        }
        var error: Error? { lock.lock(); defer { lock.unlock() }; return firstError }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        /// Increments and calls `report` with the new value, serialised (progress lines stay in order).
        func increment(_ report: (Int) -> Void) {
            lock.lock(); defer { lock.unlock() }
            value += 1
            report(value)
        }
    }

    final class ResultSlots: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [NetworkResult?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ r: NetworkResult) { lock.lock(); slots[i] = r; lock.unlock() }
        var values: [NetworkResult] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
    }
}
