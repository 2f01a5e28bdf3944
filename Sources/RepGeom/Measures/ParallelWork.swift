import Foundation

// Minimal shared-memory helpers for spreading independent measure computations (one per
// dichotomy, split or null draw) over cores. Each work item writes only its own slot, so the
// results never depend on scheduling.

/// Runs body(i) for i in 0..<count on up to `threads` threads (0: all active cores), each thread
/// with its own decoder workspace; returns results in index order.
func parallelMap<T: Sendable>(_ count: Int, threads: Int, _ body: @Sendable (Int, inout DecoderWorkspace) -> T) -> [T] {
    let workers = max(1, min(count, threads > 0 ? threads : max(1, ProcessInfo.processInfo.activeProcessorCount)))
    let box = ResultBox<T>(count: count)
    if workers == 1 {
        var ws = DecoderWorkspace()
        for i in 0..<count { box.set(i, body(i, &ws)) }
    } else {
        let counter = AtomicCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var ws = DecoderWorkspace()
            while true {
                let i = counter.next()
                if i >= count { break }
                box.set(i, body(i, &ws))
            }
        }
    }
    return box.values()
}

/// Hands out 0, 1, 2, … to whichever thread asks next.
final class AtomicCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock(); defer { lock.unlock() }
        let v = value
        value += 1
        return v
    }
}

/// One slot per work item, written once each.
final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: T) { lock.lock(); slots[i] = v; lock.unlock() }
    func values() -> [T] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
}
