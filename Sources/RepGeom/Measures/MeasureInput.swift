/// A representation to measure, as plain matrices (no network types), so the suite applies to
/// any representation a user brings: a model's activations, neural recordings, …
///
/// Rows of `conditionMeans` are the P conditions; all dichotomies are 0/1 over those rows.
public struct MeasureInput: Sendable, Equatable {
    /// P×p condition representations z̄_c (p units).
    public var conditionMeans: Matrix<Double>
    /// n×p sample activities (for CCGP, decoding, SD and sample-level alignment).
    public var samples: Matrix<Double>?
    /// The condition (0..<P) of each sample row; required with `samples`.
    public var sampleConditions: [Int]?
    /// P×q input means x̄_c (for input and task alignment).
    public var inputMeans: Matrix<Double>?
    /// n×q inputs of the samples (for sample-level input and task alignment).
    public var sampleInputs: Matrix<Double>?
    /// The dichotomies to report on, each flagged trained/untrained (trained ones are the targets
    /// Y of the alignments, in this order).
    public var dichotomies: [Dichotomy]

    public init(conditionMeans: Matrix<Double>, samples: Matrix<Double>? = nil, sampleConditions: [Int]? = nil,
                inputMeans: Matrix<Double>? = nil, sampleInputs: Matrix<Double>? = nil, dichotomies: [Dichotomy] = []) {
        self.conditionMeans = conditionMeans
        self.samples = samples
        self.sampleConditions = sampleConditions
        self.inputMeans = inputMeans
        self.sampleInputs = sampleInputs
        self.dichotomies = dichotomies
    }

    /// P.
    public var conditionCount: Int { conditionMeans.rows }

    /// The trained dichotomies as the P×k target matrix Y (nil when none is trained).
    public var targets: Matrix<Double>? {
        let trained = dichotomies.filter(\.trained)
        guard !trained.isEmpty else { return nil }
        return Matrix(rows: conditionCount, columns: trained.count) { c, k in Double(trained[k].labels[c]) }
    }

    /// Checks shapes and values; throws `InputError` naming the field and row.
    ///
    /// Rejected: an empty representation; NaN/Inf anywhere (first offending row and column
    /// named); samples without conditions or vice versa; row-count and column-count mismatches;
    /// condition ids outside 0..<P; sample inputs without samples; dichotomies of the wrong width,
    /// with values other than 0/1, or with every condition on one side; fixed pairings naming
    /// conditions outside 0..<P.
    public func validate() throws {
        let p = conditionCount
        guard p >= 1, conditionMeans.columns >= 1 else {
            throw InputError("condition_means", "must have at least one condition (row) and one unit (column), got \(p)×\(conditionMeans.columns)")
        }
        try Self.checkFinite(conditionMeans, "condition_means")
        if let inputMeans {
            guard inputMeans.rows == p else {
                throw InputError("input_means", "has \(inputMeans.rows) rows, but there are \(p) conditions")
            }
            guard inputMeans.columns >= 1 else { throw InputError("input_means", "has no columns") }
            try Self.checkFinite(inputMeans, "input_means")
        }
        switch (samples, sampleConditions) {
        case (nil, nil):
            if sampleInputs != nil { throw InputError("sample_inputs", "given without samples") }
        case (nil, .some):
            throw InputError("sample_conditions", "given without samples")
        case (.some, nil):
            throw InputError("sample_conditions", "samples need the condition of each row")
        case let (.some(s), .some(ids)):
            guard s.columns == conditionMeans.columns else {
                throw InputError("samples", "has \(s.columns) columns (units), condition_means has \(conditionMeans.columns)")
            }
            guard ids.count == s.rows else {
                throw InputError("sample_conditions", "has \(ids.count) entries for \(s.rows) sample rows")
            }
            try Self.checkFinite(s, "samples")
            for (r, c) in ids.enumerated() where c < 0 || c >= p {
                throw InputError("sample_conditions row \(r)", "condition \(c) is out of range 0..<\(p)")
            }
            if let x = sampleInputs {
                guard x.rows == s.rows else {
                    throw InputError("sample_inputs", "has \(x.rows) rows for \(s.rows) sample rows")
                }
                guard x.columns >= 1 else { throw InputError("sample_inputs", "has no columns") }
                if let inputMeans, inputMeans.columns != x.columns {
                    throw InputError("sample_inputs", "has \(x.columns) columns, input_means \(inputMeans.columns)")
                }
                try Self.checkFinite(x, "sample_inputs")
            }
        }
        for (k, d) in dichotomies.enumerated() {
            guard d.labels.count == p else {
                throw InputError("dichotomies[\(k)]", "has \(d.labels.count) labels, but there are \(p) conditions")
            }
            for (c, l) in d.labels.enumerated() where l != 0 && l != 1 {
                throw InputError("dichotomies[\(k)] condition \(c)", "label \(l); labels must be 0 or 1")
            }
            guard d.labels.contains(0), d.labels.contains(1) else {
                throw InputError("dichotomies[\(k)]", "puts every condition on one side; a dichotomy needs both labels 0 and 1")
            }
            for (j, pair) in (d.pairing ?? []).enumerated() where !(0..<p).contains(pair.a) || !(0..<p).contains(pair.b) {
                throw InputError("dichotomies[\(k)].pairing[\(j)]", "condition out of range 0..<\(p)")
            }
        }
    }

    static func checkFinite(_ m: Matrix<Double>, _ field: String) throws {
        for (k, v) in m.elements.enumerated() where !v.isFinite {
            throw InputError("\(field) row \(k / m.columns) column \(k % m.columns)", "value \(v) is not finite")
        }
    }
}
