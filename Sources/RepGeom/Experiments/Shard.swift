import Foundation

/// A deterministic, disjoint part of a sweep for running it on several machines: shard `i/n`
/// (0 ≤ i < n) holds the jobs whose position in the sweep's job list is ≡ i (mod n).
///
/// Dealing the jobs round-robin (rather than hashing them) balances the shards to within one job
/// and spreads every experiment and setting over all shards. The job list is the plan's fixed
/// order (experiments in catalogue order, each experiment's `jobs(scale:)` in order), so every
/// shard of the same command sees the same list; the n shards together hold every job exactly once.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// 0-based shard index.
    public let index: Int
    /// Number of shards.
    public let count: Int

    /// Largest shard count accepted (far above any cluster's array limit; a guard against typos).
    public static let maximumCount = 100_000

    public init(index: Int, count: Int) throws {
        guard count >= 1, count <= Shard.maximumCount else {
            throw InputError("--shard", "the shard count must be in 1…\(Shard.maximumCount), got \(count)")
        }
        guard index >= 0, index < count else {
            throw InputError("--shard", "index \(index) is outside 0…\(count - 1) (shards are numbered from 0)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `i/n`, e.g. `3/8`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw InputError("--shard", "expected i/n with 0 ≤ i < n (e.g. 0/4), got '\(text)'")
        }
        try self.init(index: i, count: n)
    }

    /// Whether the job at `position` of the sweep's job list belongs to this shard.
    public func contains(_ position: Int) -> Bool { position % count == index }

    public var description: String { "\(index)/\(count)" }
}
