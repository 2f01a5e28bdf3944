/// The one entry point the command line (`repgeom measure`) and the reproduction use: every
/// geometry measure of SPEC §4 on one representation, as one Codable `MeasureReport`.
///
/// Order of work: validate input and options (`InputError` on any problem, before anything is
/// computed) → alignment → participation ratio, sparsity, RDMs of the condition means → the
/// shared decoding engine (stratified folds) → shattering dimensionality → per dichotomy: PS
/// (max, distsum, fixed), CCGP, decoding (reused from SD when the dichotomy is in its set), and
/// nulls. A measure that is undefined for this input is `null` with a reason, never a crash.
/// Results depend only on the input, the options and the seed — not on the thread count.
public enum MeasureSuite {
    public static func run(_ input: MeasureInput, options: MeasureOptions = MeasureOptions()) throws -> MeasureReport {
        try options.validate()
        try input.validate()
        let p = input.conditionCount
        var unavailable: [String: String] = [:]
        var report = MeasureReport(conditionCount: p, unitCount: input.conditionMeans.columns,
                                   sampleCount: input.samples?.rows ?? 0, options: normalised(options),
                                   trainedSummary: DichotomyGroupSummary([]), untrainedSummary: DichotomyGroupSummary([]),
                                   dichotomies: [], unavailable: [:])
        func attempt<T>(_ key: String, _ body: () throws -> T) throws -> T? {
            do { return try body() } catch let e as MeasureUnavailable {
                unavailable[key] = e.reason
                return nil
            }
        }

        if options.includes(.alignment) {
            report.alignment = try attempt("alignment") { try alignment(input, options.alignment) }
        }
        if options.includes(.participationRatio) {
            report.participationRatioDetail = try attempt("participation_ratio") { try ParticipationRatio.result(input.conditionMeans) }
            report.participationRatio = report.participationRatioDetail?.value
        }
        if options.includes(.sparsity) {
            report.sparsity = try attempt("sparsity") { try Sparsity.of(input.conditionMeans, threshold: options.sparsityThreshold) }
        }
        if options.includes(.rdm) {
            report.rdm = try attempt("rdm") { try RDM.Metric.allCases.map { try RDM.of(input.conditionMeans, metric: $0) } }
        }

        // Decoding engine: shared folds and per-fold designs for SD and per-dichotomy decoding.
        let needsEngine = options.includes(.decoding) || options.includes(.shattering)
        var engine: DecodingEngine?
        if needsEngine, let s = input.samples, let ids = input.sampleConditions {
            engine = try DecodingEngine(samples: s, conditions: ids, conditionCount: p, folds: options.folds,
                                        decoder: options.decoder, seed: options.seed)
        }
        // One Gram of the samples serves every SVM fit of the run (folds, CCGP splits).
        let gram = engine?.designs.first?.gram
            ?? (options.includes(.ccgp) && options.decoder.kind == .svm ? input.samples.flatMap(SampleGram.ifAffordable) : nil)
        var decodedByMask: [UInt64: DecodingResult] = [:]
        if options.includes(.shattering) {
            if let engine {
                let trained = input.dichotomies.filter(\.trained).map(\.labels)
                if let sd = try attempt("shattering_dimensionality", {
                    try ShatteringDimensionality.compute(engine: engine, conditionCount: p, trained: trained,
                                                         limit: options.shatteringLimit, seed: options.seed, threads: options.threads)
                }) {
                    report.shatteringDimensionality = sd.result
                    decodedByMask = sd.decodings
                }
            } else {
                unavailable["shattering_dimensionality"] = "needs samples and their conditions"
            }
        }

        for (k, d) in input.dichotomies.enumerated() {
            report.dichotomies.append(try dichotomyReport(index: k, dichotomy: d, input: input, options: options,
                                                          engine: engine, decoded: decodedByMask, gram: gram))
        }
        report.trainedSummary = DichotomyGroupSummary(report.dichotomies.filter(\.trained))
        report.untrainedSummary = DichotomyGroupSummary(report.dichotomies.filter { !$0.trained })
        report.unavailable = unavailable
        return report
    }

    /// The balanced dichotomies of P conditions (each once, up to complement; a seeded subset of
    /// `limit` above it) — the set SD uses. See `BalancedDichotomies`.
    public static func balancedDichotomies(conditionCount: Int, limit: Int = 10_000, seed: UInt64 = 0) -> BalancedDichotomies {
        BalancedDichotomies(conditionCount: conditionCount, limit: limit, seed: seed)
    }

    static func normalised(_ o: MeasureOptions) -> MeasureOptions {
        var o = o
        o.measures = Array(Set(o.measures)).sorted()
        o.nullKinds = NullKind.allCases.filter { o.nullKinds.contains($0) }
        return o
    }

    static func alignment(_ input: MeasureInput, _ options: AlignmentOptions) throws -> AlignmentResult {
        let y = input.targets
        switch options.level {
        case .conditionMeans:
            return try TaskAlignment.alignments(representation: input.conditionMeans, inputs: input.inputMeans, targets: y, options: options)
        case .samples:
            guard let s = input.samples, let ids = input.sampleConditions else {
                throw MeasureUnavailable("alignment", "sample-level alignment needs samples and their conditions")
            }
            let ys = y.map { y in y.rows(ids) }
            return try TaskAlignment.alignments(representation: s, inputs: input.sampleInputs, targets: ys, options: options)
        }
    }

    static func dichotomyReport(index k: Int, dichotomy d: Dichotomy, input: MeasureInput, options: MeasureOptions,
                                engine: DecodingEngine?, decoded: [UInt64: DecodingResult], gram: SampleGram?) throws -> DichotomyReport {
        var r = DichotomyReport(index: k, dichotomy: d)
        let means = input.conditionMeans
        func attempt<T>(_ key: String, _ body: () throws -> T) throws -> T? {
            do { return try body() } catch let e as MeasureUnavailable {
                r.unavailable[key] = e.reason
                return nil
            }
        }
        if options.includes(.parallelism) {
            r.psMaxDetail = try attempt("ps_max") { try ParallelismScore.score(means: means, dichotomy: d.labels, variant: .max) }
            r.psDistsumDetail = try attempt("ps_distsum") { try ParallelismScore.score(means: means, dichotomy: d.labels, variant: .distsum) }
            if let pairing = d.pairing {
                r.psFixedDetail = try attempt("ps_fixed") {
                    do {
                        return try ParallelismScore.score(means: means, dichotomy: d.labels, variant: .fixed, pairing: pairing)
                    } catch let e as InputError {
                        throw InputError("dichotomies[\(k)].\(e.location)", e.message)
                    }
                }
            } else {
                r.unavailable["ps_fixed"] = "no fixed pairing given"
            }
            r.psMax = r.psMaxDetail?.value
            r.psDistsum = r.psDistsumDetail?.value
            r.psFixed = r.psFixedDetail?.value
        }
        let samples = input.samples, ids = input.sampleConditions
        if options.includes(.ccgp) {
            if let samples, let ids {
                r.ccgpDetail = try attempt("ccgp") {
                    try CCGP.score(means: means, samples: samples, conditions: ids, labels: d.labels, options: options.ccgp,
                                   decoder: options.decoder, seed: options.seed, threads: options.threads, sharedGram: gram)
                }
                r.ccgp = r.ccgpDetail?.mean
            } else {
                r.unavailable["ccgp"] = "needs samples and their conditions"
            }
        }
        if options.includes(.decoding) {
            if let engine {
                r.decodingDetail = decoded[d.canonicalMask].map { cached in
                    // The cached decoding is of the canonical labels; fold accuracies are equal for
                    // the complement (the decoder is sign-symmetric).
                    cached
                } ?? engine.decode(d.labels)
                r.decoding = r.decodingDetail?.mean
            } else {
                r.unavailable["decoding"] = "needs samples and their conditions"
            }
        }
        if options.nullCount > 0 {
            r.nulls = try nulls(index: k, dichotomy: d, report: r, input: input, options: options, gram: gram)
        }
        return r
    }

    /// Null summaries for the PS variants and CCGP that were computed for this dichotomy.
    static func nulls(index k: Int, dichotomy d: Dichotomy, report r: DichotomyReport, input: MeasureInput,
                      options: MeasureOptions, gram: SampleGram?) throws -> [NullSummary] {
        let n = options.nullCount, p = input.conditionCount
        let means = input.conditionMeans
        var out: [NullSummary] = []
        for kind in NullKind.allCases where options.nullKinds.contains(kind) {
            // Draw every null transform first, sequentially, from a generator specific to this
            // dichotomy and kind; evaluating them in parallel then cannot change the numbers.
            var rng = RandomSource.measures(seed: options.seed,
                                            purpose: 0x4E55_4C4C_0000_0000 | UInt64(k) << 8 | (kind == .shuffledLabels ? 1 : 2))
            let draws: [(means: Matrix<Double>, labels: [Int], rotation: Matrix<Double>?)] = (0..<n).map { _ in
                switch kind {
                case .shuffledLabels:
                    return (means, NullModel.shuffledLabels(d.labels, using: &rng), nil)
                case .sameSpectrum:
                    let q = NullModel.centringPreservingRotation(p, using: &rng)
                    return (NullModel.rotated(means, by: q), d.labels, q)
                }
            }
            for (key, variant, observed) in [("ps_max", PSVariant.max, r.psMax), ("ps_distsum", PSVariant.distsum, r.psDistsum)] {
                guard let observed else { continue }
                let values = parallelMap(n, threads: options.threads) { i, _ in
                    (try? ParallelismScore.score(means: draws[i].means, dichotomy: draws[i].labels, variant: variant))?.value
                }
                let finite = values.compactMap { $0 }
                if !finite.isEmpty { out.append(NullSummary(measure: key, kind: kind, observed: observed, values: finite)) }
            }
            if let observed = r.ccgp, let samples = input.samples, let ids = input.sampleConditions {
                let averages = Representation.conditionAverages(samples, conditions: ids, count: p)
                let values = parallelMap(n, threads: options.threads) { i, _ -> Double? in
                    var s = samples
                    if let q = draws[i].rotation {
                        s = NullModel.movedSamples(samples, conditions: ids, from: averages, to: NullModel.rotated(averages, by: q))
                    }
                    // Moved samples have a different Gram; only the label shuffle can share it.
                    return (try? CCGP.score(means: draws[i].means, samples: s, conditions: ids, labels: draws[i].labels,
                                            options: options.ccgp, decoder: options.decoder, seed: options.seed, threads: 1,
                                            sharedGram: draws[i].rotation == nil ? gram : nil))?.mean
                }
                let finite = values.compactMap { $0 }
                if !finite.isEmpty { out.append(NullSummary(measure: "ccgp", kind: kind, observed: observed, values: finite)) }
            }
        }
        return out
    }
}
