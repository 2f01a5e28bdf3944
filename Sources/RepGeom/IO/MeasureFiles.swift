/// A representation a user brings — a model's activations, neural recordings — as files, read
/// and checked into the measure suite's `MeasureInput` (what `repgeom measure` runs on).
///
/// - `activations`: n × p, one row per sample (trial, stimulus presentation, …), one column per
///   unit (neuron, channel). Arrays of rank ≥ 3 are flattened after the first axis.
/// - `conditions`: n integer condition ids 0…P−1, every id present. The condition
///   representation z̄_c is the mean of its rows; the rows are the samples for CCGP and decoding.
///   Without it, each activation row is one condition (P = n) and there are no samples.
/// - `inputs`: the inputs that produced the activations, for input alignment: n × q (one row per
///   sample; averaged per condition) or P × q (one row per condition).
/// - `dichotomies`: m × P of 0/1 over the condition ids (a 1-d array is one dichotomy); the
///   first `trainedCount` rows (default: all) are the trained targets. Without it: every
///   balanced dichotomy of the P conditions, untrained (a seeded subset of `dichotomyLimit`
///   when there are more).
///
/// Every check throws one `InputError` naming the file and the first offending row, before any
/// measure is computed.
public struct MeasureFiles: Sendable, Equatable, Codable {
    public var activations: ArraySource
    public var conditions: ArraySource?
    public var inputs: ArraySource?
    public var dichotomies: ArraySource?
    /// How many of the first dichotomy rows are trained targets (nil: all of them).
    public var trainedCount: Int?
    /// The most balanced dichotomies listed when no dichotomy file is given.
    public var dichotomyLimit: Int

    public init(activations: ArraySource, conditions: ArraySource? = nil, inputs: ArraySource? = nil,
                dichotomies: ArraySource? = nil, trainedCount: Int? = nil, dichotomyLimit: Int = 100) {
        self.activations = activations
        self.conditions = conditions
        self.inputs = inputs
        self.dichotomies = dichotomies
        self.trainedCount = trainedCount
        self.dichotomyLimit = dichotomyLimit
    }

    /// The checked input, plus how the dichotomies were chosen.
    public struct Loaded: Sendable {
        public var input: MeasureInput
        /// When no dichotomy file was given: the balanced set listed (complete or a subset).
        public var balanced: BalancedDichotomies?
    }

    /// Reads every file, checks it against the others and against what `options` will compute.
    public func load(options: MeasureOptions) throws -> Loaded {
        guard dichotomyLimit >= 1 else { throw InputError("--dichotomy-limit", "must be at least 1, got \(dichotomyLimit)") }
        let acts = try ArrayFile.read(activations)
        let z = try acts.matrix("activations", flatten: true)
        guard z.rows >= 1, z.columns >= 1 else {
            throw InputError(acts.source, "activations must have at least one row and one column, got shape \(acts.shapeDescription)")
        }
        try acts.requireFinite("activations")

        // Dichotomies first when given: their width fixes P, so condition ids are checked against it.
        var rows: Matrix<Double>?
        var dichotomyArray: NumericArray?
        if let dichotomies {
            let d = try ArrayFile.read(dichotomies)
            try d.requireBinary("dichotomy labels")
            guard d.rank == 1 || d.rank == 2 else {
                throw InputError(d.source, "dichotomies must be a matrix (one row per dichotomy, one column per condition); this array has shape \(d.shapeDescription)")
            }
            let m = d.rank == 1 ? Matrix(rows: 1, columns: d.count, elements: d.doubles) : try d.matrix("dichotomies")
            guard m.rows >= 1 else { throw InputError(d.source, "holds no dichotomies") }
            rows = m
            dichotomyArray = d
        }
        let declaredP = rows?.columns

        var ids: [Int]?
        let p: Int
        var conditionArray: NumericArray?
        if let conditions {
            let c = try ArrayFile.read(conditions)
            let values = try c.integers("condition ids")
            guard values.count == z.rows else {
                throw InputError(c.source, "\(values.count) condition ids for \(z.rows) activation rows (\(acts.source)); give one id per row")
            }
            let limit = declaredP.map { "0…\($0 - 1) (the dichotomies have \($0) columns)" }
            for (r, v) in values.enumerated() where v < 0 || (declaredP != nil && v >= declaredP!) {
                throw InputError(c.rowLocation(r), "condition id \(v) is out of range" + (limit.map { " \($0)" } ?? "; ids count from 0"))
            }
            p = declaredP ?? ((values.max() ?? -1) + 1)
            var counts = [Int](repeating: 0, count: p)
            for v in values { counts[v] += 1 }
            if let missing = counts.firstIndex(of: 0) {
                if let d = dichotomyArray {
                    throw InputError(c.source, "no row has condition \(missing), but the dichotomies (\(d.source)) have \(p) columns, one per condition 0…\(p - 1)")
                }
                let hint = missing == 0 ? " (ids count from 0)" : ""
                throw InputError(c.source, "condition \(missing) has no rows; every condition 0…\(p - 1) needs samples\(hint)")
            }
            try Self.checkSampleCounts(counts, options: options, source: c.source)
            ids = values
            conditionArray = c
        } else {
            p = z.rows
            if let dp = declaredP, dp != p {
                throw InputError(acts.source, "\(z.rows) activation rows are the conditions (no condition ids given), but the dichotomies have \(dp) columns")
            }
            let needSamples = [MeasureKind.ccgp, .decoding, .shattering].filter { options.includes($0) }
            if !needSamples.isEmpty {
                let names = needSamples.map(\.rawValue).joined(separator: ", ")
                throw InputError(acts.source, "\(names) need\(needSamples.count == 1 ? "s" : "") samples: give the condition id of each activation row (without ids every row is one condition)")
            }
        }
        guard p >= 2 else { throw InputError(conditionArray?.source ?? acts.source, "measures need at least 2 conditions, found \(p)") }

        let means = ids.map { Representation.conditionAverages(z, conditions: $0, count: p) } ?? z

        // Inputs: one row per sample (averaged per condition) or one per condition.
        var inputMeans: Matrix<Double>?, sampleInputs: Matrix<Double>?
        if let inputs {
            let x = try ArrayFile.read(inputs)
            let xm = try x.matrix("inputs", flatten: true)
            guard xm.columns >= 1 else { throw InputError(x.source, "inputs have no columns") }
            try x.requireFinite("inputs")
            if let ids, xm.rows == z.rows {
                sampleInputs = xm
                inputMeans = Representation.conditionAverages(xm, conditions: ids, count: p)
            } else if xm.rows == p {
                inputMeans = xm
            } else {
                let expected = ids == nil ? "\(p) (one per condition)" : "\(z.rows) (one per activation row) or \(p) (one per condition)"
                throw InputError(x.source, "inputs have \(xm.rows) rows, expected \(expected)")
            }
        }

        var list: [Dichotomy] = []
        var balanced: BalancedDichotomies?
        if let rows, let d = dichotomyArray {
            guard rows.columns == p else {
                throw InputError(d.source, "dichotomies have \(rows.columns) columns, but there are \(p) conditions (one column per condition id)")
            }
            let trained = trainedCount ?? rows.rows
            guard trained >= 0 && trained <= rows.rows else {
                throw InputError("--trained", "must be between 0 and the number of dichotomies (\(rows.rows)), got \(trained)")
            }
            for r in 0..<rows.rows {
                let labels = rows.row(r).map { Int($0) }
                guard labels.contains(0), labels.contains(1) else {
                    throw InputError(d.rowLocation(r), "this dichotomy puts every condition on one side; it needs both labels 0 and 1")
                }
                list.append(Dichotomy(labels: labels, trained: r < trained, name: r < trained ? "target \(r)" : nil))
            }
        } else {
            if let trainedCount, trainedCount != 0 {
                throw InputError("--trained", "needs a dichotomy file (--dichotomies); the balanced dichotomies listed by default are untrained")
            }
            guard p <= 64 else {
                throw InputError(conditionArray?.source ?? acts.source, "\(p) conditions: give the dichotomies to measure (listing balanced dichotomies needs P ≤ 64)")
            }
            let b = MeasureSuite.balancedDichotomies(conditionCount: p, limit: dichotomyLimit, seed: options.seed)
            list = b.labels.map { Dichotomy(labels: $0, trained: false) }
            balanced = b
        }

        let input = MeasureInput(conditionMeans: means, samples: ids == nil ? nil : z, sampleConditions: ids,
                                 inputMeans: inputMeans, sampleInputs: sampleInputs, dichotomies: list)
        return Loaded(input: input, balanced: balanced)
    }

    /// Every condition needs at least `folds` samples for cross-validated decoding and SD.
    static func checkSampleCounts(_ counts: [Int], options: MeasureOptions, source: String) throws {
        guard options.includes(.decoding) || options.includes(.shattering) else { return }
        guard let c = counts.indices.min(by: { counts[$0] < counts[$1] }), counts[c] < options.folds else { return }
        throw InputError(source, "condition \(c) has \(counts[c]) sample(s); \(options.folds)-fold decoding needs at least \(options.folds) per condition (lower `folds` or leave decoding and shattering out of the measures)")
    }
}
