/// Cross-validated linear decoding accuracy of a dichotomy from samples (SPEC §4 "Decoding").
///
/// **Name** "decoding". **Variant** "<decoder variant>/stratified_<k>_fold".
///
/// Folds are stratified by condition: each condition's samples are put in a seeded random order
/// and dealt round-robin into k folds, so every fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ samples of every
/// condition c. The fold assignment depends only on the sample conditions, k and the seed —
/// never on the dichotomy — so all dichotomies share it (and the per-fold prepared designs).
/// Fold accuracy = fraction of that fold's samples whose side is predicted correctly; the
/// result is the mean over folds. Needs at least k samples in every condition.
///
/// **Invariances**: those of the decoder (translation; orthogonal maps and unit permutations up
/// to rounding); complementing the dichotomy gives the same accuracy.
public struct DecodingResult: Sendable, Codable, Equatable {
    public var name = "decoding"
    public var variant: String
    /// Mean of `folds`.
    public var mean: Double
    /// Accuracy per fold.
    public var folds: [Double]
}

/// Samples, folds and prepared per-fold designs shared by every dichotomy decoded from them.
public struct DecodingEngine: Sendable {
    public let decoder: LinearDecoder
    public let foldCount: Int
    let samples: Matrix<Double>
    let conditions: [Int]
    /// Test rows of each fold.
    let testRows: [[Int]]
    /// Training rows of each fold (all other rows), in increasing order.
    let trainRows: [[Int]]
    let designs: [DecoderDesign]

    /// Prepares `folds`-fold stratified cross-validation of `samples` (n×p) whose rows belong to
    /// `conditions` (each in 0..<conditionCount).
    ///
    /// - Throws: `InputError` when a condition has fewer than `folds` samples or folds < 2.
    public init(samples: Matrix<Double>, conditions: [Int], conditionCount: Int, folds: Int, decoder: LinearDecoder,
                seed: UInt64) throws {
        precondition(conditions.count == samples.rows)
        guard folds >= 2 else { throw InputError("folds", "cross-validation needs at least 2 folds, got \(folds)") }
        try decoder.validate()
        var byCondition = [[Int]](repeating: [], count: conditionCount)
        for (r, c) in conditions.enumerated() { byCondition[c].append(r) }
        for (c, rows) in byCondition.enumerated() where rows.count < folds {
            throw InputError("sample_conditions", "condition \(c) has \(rows.count) sample(s); \(folds)-fold decoding needs at least \(folds) per condition")
        }
        var rng = RandomSource.measures(seed: seed, purpose: 0x464F4C44) // "FOLD"
        var fold = [Int](repeating: 0, count: samples.rows)
        for rows in byCondition {
            var order = rows
            rng.shuffle(&order)
            for (k, r) in order.enumerated() { fold[r] = k % folds }
        }
        var test = [[Int]](repeating: [], count: folds), train = [[Int]](repeating: [], count: folds)
        for r in 0..<samples.rows {
            for f in 0..<folds { if fold[r] == f { test[f].append(r) } else { train[f].append(r) } }
        }
        self.decoder = decoder
        self.foldCount = folds
        self.samples = samples
        self.conditions = conditions
        self.testRows = test
        self.trainRows = train
        let gram = decoder.kind == .svm ? SampleGram.ifAffordable(samples) : nil
        self.designs = train.map { DecoderDesign(samples, rows: $0, gram: gram) }
    }

    /// The variant string of results from this engine.
    public var variant: String { "\(decoder.variant)/stratified_\(foldCount)_fold" }

    /// Cross-validated accuracy of the dichotomy `labels` (0/1 per condition).
    public func decode(_ labels: [Int]) -> DecodingResult {
        var ws = DecoderWorkspace()
        return decode(labels, workspace: &ws)
    }

    /// Each fold after the first starts the SVM from the previous fold's dual variables on the
    /// training rows they share (rows new to the training set start at 0): the folds of one
    /// dichotomy have nearly the same solution, and any start in the box is valid.
    func decode(_ labels: [Int], workspace ws: inout DecoderWorkspace) -> DecodingResult {
        var accuracies = [Double](repeating: 0, count: foldCount)
        let warm = decoder.kind == .svm && designs.first?.gram != nil
        if warm { ws.carried = [Double](repeating: 0, count: samples.rows) }
        for f in 0..<foldCount {
            let y = trainRows[f].map { labels[conditions[$0]] != 0 ? 1.0 : -1.0 }
            let start: [Double]? = warm && f > 0 ? trainRows[f].map { ws.carried[$0] } : nil
            let solution = decoder.solve(designs[f], labels: y, workspace: &ws, warmStart: start)
            if warm {
                for k in 0..<ws.carried.count { ws.carried[k] = 0 }
                for (k, r) in trainRows[f].enumerated() { ws.carried[r] = solution.dual[k] }
            }
            let values = designs[f].decisions(solution, on: samples, rows: testRows[f])
            var correct = 0
            for (k, r) in testRows[f].enumerated() where (values[k] > 0) == (labels[conditions[r]] != 0) { correct += 1 }
            accuracies[f] = Double(correct) / Double(testRows[f].count)
        }
        return DecodingResult(variant: variant, mean: accuracies.reduce(0, +) / Double(foldCount), folds: accuracies)
    }

    /// Decodes many dichotomies, spread over `threads` threads (0: all cores). Results are in
    /// input order and do not depend on the thread count.
    public func decode(all labels: [[Int]], threads: Int = 0) -> [DecodingResult] {
        parallelMap(labels.count, threads: threads) { i, ws in decode(labels[i], workspace: &ws) }
    }
}
