extension RandomSource {
    /// The generator for one purpose of measure resampling: sub-stream `purpose` of stream
    /// `.measures` of `seed` (fresh each call, so a purpose never depends on another's draws).
    static func measures(seed: UInt64, purpose: UInt64) -> RandomSource {
        var base = RandomSource(seed: seed, stream: .measures)
        return base.fork(purpose)
    }
}
