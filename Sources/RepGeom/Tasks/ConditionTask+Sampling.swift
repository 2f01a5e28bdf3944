/// The train and test sets of one network (SPEC §7): both come from the `.noise` stream of the
/// network's seed, the training set from its fork 0 and the test set from its fork 1, so that
/// the test set does not depend on the training-set size and neither depends on the task,
/// initialisation or batch-order streams.
extension ConditionTask {
    /// Reference sizes (SPEC §3).
    public static let referenceTrainCount = 5000
    public static let referenceTestCount = 1000

    /// `train` and `test` noisy samples (conditions uniform, noise σ of the task).
    public func trainAndTestSets<S: BLASScalar>(seed: UInt64, train: Int = ConditionTask.referenceTrainCount,
                                                test: Int = ConditionTask.referenceTestCount,
                                                as: S.Type = S.self) -> (train: Dataset<S>, test: Dataset<S>) {
        var root = RandomSource(seed: seed, stream: .noise)
        var trainStream = root.fork(0)
        var testStream = root.fork(1)
        return (sample(count: train, using: &trainStream), sample(count: test, using: &testStream))
    }
}
