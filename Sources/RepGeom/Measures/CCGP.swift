/// How CCGP chooses its train/test splits of the conditions.
public enum CCGPVariant: String, Sendable, Codable, CaseIterable {
    /// Hold out one condition from each side; all m² choices (a seeded subset above the limit).
    case leaveOnePerSide = "leave-one-per-side"
    /// Pair the conditions as in PS-distsum; train on one pair, test on all other conditions.
    case onePair = "one-pair"
    /// Hold out k conditions from each side; all C(m, k)² choices (a seeded subset above the limit).
    case kPerSide = "k-per-side"
}

/// CCGP settings.
public struct CCGPOptions: Sendable, Codable, Equatable {
    public var variant: CCGPVariant = .leaveOnePerSide
    /// k for "k-per-side" (1 ≤ k < side size).
    public var heldOutPerSide: Int = 1
    /// The most splits evaluated; above it a seeded random subset of this size is used.
    public var maxSplits: Int = 100
    public init(variant: CCGPVariant = .leaveOnePerSide, heldOutPerSide: Int = 1, maxSplits: Int = 100) {
        self.variant = variant
        self.heldOutPerSide = heldOutPerSide
        self.maxSplits = maxSplits
    }
    /// "leave-one-per-side", "one-pair", or "k-per-side(k=2)".
    public var variantName: String { variant == .kPerSide ? "k-per-side(k=\(heldOutPerSide))" : variant.rawValue }

    enum CodingKeys: String, CodingKey {
        case variant
        case heldOutPerSide = "held_out_per_side"
        case maxSplits = "max_splits"
    }
}

/// One CCGP split: the decoder was trained on the samples of `trainConditions` and tested on the
/// samples of `testConditions`.
public struct CCGPSplit: Sendable, Codable, Equatable {
    public var trainConditions: [Int]
    public var testConditions: [Int]
    public var accuracy: Double
    enum CodingKeys: String, CodingKey {
        case accuracy
        case trainConditions = "train_conditions"
        case testConditions = "test_conditions"
    }
}

/// The CCGP of one dichotomy.
public struct CCGPResult: Sendable, Codable, Equatable {
    public var name = "ccgp"
    /// "<split variant>/<decoder variant>", e.g. "leave-one-per-side/svm(C=1,tol=0.001,max_iter=1000)".
    public var variant: String
    /// Mean accuracy over splits.
    public var mean: Double
    public var splits: [CCGPSplit]
    /// True when every possible split was evaluated.
    public var exhaustive: Bool
}

/// Cross-condition generalisation performance (Bernardi et al. 2020) of a dichotomy.
///
/// **Name** "ccgp". **Variants** "leave-one-per-side" (default), "one-pair", "k-per-side(k)".
///
/// A linear decoder (`LinearDecoder`) is trained to report the side of samples from a subset of
/// the conditions and tested on samples of the held-out conditions only; accuracy = fraction of
/// test samples on the correct side; CCGP = mean over splits. Splits:
/// - "leave-one-per-side": test on one side-A and one side-B condition, train on the other
///   2(m − 1); all m² choices, or `maxSplits` of them drawn without replacement (seeded).
/// - "k-per-side": the same with k conditions from each side held out (C(m, k)² splits).
/// - "one-pair": pair side A with side B by the distsum assignment on the condition means; for
///   each pair, train on that pair's samples and test on all other conditions' samples (m splits).
///
/// Works for unbalanced dichotomies too (leave-one/k-per-side hold out from each side; one-pair
/// uses the distsum matching of the smaller side). Needs samples, at least one per condition,
/// and at least k + 1 conditions per side. **Invariances**: those of the decoder (translation;
/// orthogonal maps and unit permutations up to rounding); complementing the dichotomy gives the
/// same value.
public enum CCGP {
    /// CCGP of `labels` (0/1 per condition).
    ///
    /// - Parameters:
    ///   - means: condition means (P×p), used only by "one-pair" to build the pairing.
    ///   - samples: n×p activities; `conditions`: each row's condition.
    ///   - seed: seed of the split subset (stream `.measures`).
    public static func score(means: Matrix<Double>, samples: Matrix<Double>, conditions: [Int], labels: [Int],
                             options: CCGPOptions, decoder: LinearDecoder, seed: UInt64, threads: Int = 1) throws -> CCGPResult {
        try score(means: means, samples: samples, conditions: conditions, labels: labels, options: options, decoder: decoder,
                  seed: seed, threads: threads, sharedGram: nil)
    }

    static func score(means: Matrix<Double>, samples: Matrix<Double>, conditions: [Int], labels: [Int],
                      options: CCGPOptions, decoder: LinearDecoder, seed: UInt64, threads: Int, sharedGram: SampleGram?) throws -> CCGPResult {
        try decoder.validate()
        let splits = try self.splits(means: means, labels: labels, options: options, seed: seed)
        let byCondition = rowsByCondition(conditions, count: labels.count)
        for c in 0..<labels.count where byCondition[c].isEmpty {
            throw InputError("sample_conditions", "condition \(c) has no samples; CCGP needs samples of every condition")
        }
        let gram = decoder.kind == .svm ? (sharedGram ?? SampleGram.ifAffordable(samples)) : nil
        // With the shared Gram, every split starts the SVM from the dual solution on all samples
        // (restricted to the split's training rows): a fixed start, so the result does not
        // depend on which thread ran which split before.
        var reference: [Double]?
        if let gram {
            let all = DecoderDesign(samples, rows: Array(0..<samples.rows), gram: gram)
            var ws = DecoderWorkspace()
            let y = conditions.map { labels[$0] != 0 ? 1.0 : -1.0 }
            reference = decoder.solve(all, labels: y, workspace: &ws).dual
        }
        let start = reference
        let results = parallelMap(splits.list.count, threads: threads) { k, ws in
            let (train, test) = splits.list[k]
            return CCGPSplit(trainConditions: train, testConditions: test,
                             accuracy: accuracy(samples: samples, conditions: conditions, byCondition: byCondition, labels: labels,
                                                train: train, test: test, decoder: decoder, gram: gram, reference: start,
                                                workspace: &ws))
        }
        let mean = results.map(\.accuracy).reduce(0, +) / Double(results.count)
        return CCGPResult(variant: "\(options.variantName)/\(decoder.variant)", mean: mean, splits: results, exhaustive: splits.exhaustive)
    }

    /// Train the decoder on the samples of `train` conditions, return its accuracy on `test`'s.
    static func accuracy(samples: Matrix<Double>, conditions: [Int], byCondition: [[Int]], labels: [Int],
                         train: [Int], test: [Int], decoder: LinearDecoder, gram: SampleGram?, reference: [Double]?,
                         workspace ws: inout DecoderWorkspace) -> Double {
        let trainRows = train.flatMap { byCondition[$0] }.sorted()
        let testRows = test.flatMap { byCondition[$0] }.sorted()
        let design = DecoderDesign(samples, rows: trainRows, gram: gram)
        let y = trainRows.map { labels[conditions[$0]] != 0 ? 1.0 : -1.0 }
        let solution = decoder.solve(design, labels: y, workspace: &ws, warmStart: reference.map { ref in trainRows.map { ref[$0] } })
        let values = design.decisions(solution, on: samples, rows: testRows)
        var correct = 0
        for (k, r) in testRows.enumerated() where (values[k] > 0) == (labels[conditions[r]] != 0) { correct += 1 }
        return Double(correct) / Double(testRows.count)
    }

    /// The (train conditions, test conditions) splits of a dichotomy under `options`.
    public static func splits(means: Matrix<Double>, labels: [Int], options: CCGPOptions, seed: UInt64) throws
        -> (list: [(train: [Int], test: [Int])], exhaustive: Bool) {
        let a = labels.indices.filter { labels[$0] == 0 }, b = labels.indices.filter { labels[$0] != 0 }
        guard options.maxSplits >= 1 else { throw InputError("ccgp.max_splits", "must be at least 1") }
        switch options.variant {
        case .onePair:
            guard min(a.count, b.count) >= 2 else { throw MeasureUnavailable("ccgp", "one-pair CCGP needs at least 2 conditions per side") }
            let pairs = ParallelismScore.distsumPairing(means: means, sideA: a, sideB: b)
            let list = pairs.map { pr -> (train: [Int], test: [Int]) in
                let train = [pr.a, pr.b].sorted()
                return (train, labels.indices.filter { $0 != pr.a && $0 != pr.b })
            }
            return (list, true)
        case .leaveOnePerSide, .kPerSide:
            let k = options.variant == .leaveOnePerSide ? 1 : options.heldOutPerSide
            guard k >= 1 else { throw InputError("ccgp.held_out_per_side", "must be at least 1, got \(k)") }
            guard min(a.count, b.count) > k else {
                throw MeasureUnavailable("ccgp", "holding out \(k) per side needs at least \(k + 1) conditions on each side (sides have \(a.count) and \(b.count))")
            }
            let subsetsA = combinations(a, k), subsetsB = combinations(b, k)
            let total = subsetsA.count * subsetsB.count
            var chosen: [Int]
            let exhaustive = total <= options.maxSplits
            if exhaustive {
                chosen = Array(0..<total)
            } else {
                var rng = RandomSource.measures(seed: seed, purpose: 0x43434750) // "CCGP"
                chosen = rng.sample(options.maxSplits, from: total).sorted()
            }
            let list = chosen.map { s -> (train: [Int], test: [Int]) in
                let test = (subsetsA[s / subsetsB.count] + subsetsB[s % subsetsB.count]).sorted()
                let held = Set(test)
                return (labels.indices.filter { !held.contains($0) }, test)
            }
            return (list, exhaustive)
        }
    }

    static func rowsByCondition(_ conditions: [Int], count: Int) -> [[Int]] {
        var rows = [[Int]](repeating: [], count: count)
        for (r, c) in conditions.enumerated() { rows[c].append(r) }
        return rows
    }

    /// All k-subsets of `items` in lexicographic order.
    static func combinations(_ items: [Int], _ k: Int) -> [[Int]] {
        guard k <= items.count else { return [] }
        var result: [[Int]] = []
        var idx = Array(0..<k)
        while true {
            result.append(idx.map { items[$0] })
            var i = k - 1
            while i >= 0 && idx[i] == items.count - k + i { i -= 1 }
            if i < 0 { break }
            idx[i] += 1
            for j in (i + 1)..<k { idx[j] = idx[j - 1] + 1 }
        }
        return result
    }
}
