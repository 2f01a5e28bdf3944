import XCTest
@testable import RepGeom

/// The whole suite: unit permutations leave every measure unchanged, every result names its
/// measure and variant, and results depend only on input, options and seed.
final class MeasureSuiteTests: XCTestCase {
    /// 8 conditions (3 latent bits, relu units so sparsity is defined), 8 samples each, inputs,
    /// one trained latent, one untrained latent with a fixed pairing, one XOR and one unbalanced dichotomy.
    func input(seed: UInt64 = 91) -> MeasureInput {
        var rng = RandomSource(seed: seed)
        let bits = MeasureTestData.cube(3)
        let w: Matrix<Double> = rng.gaussianMatrix(rows: 3, columns: 14)
        var means = Matrix.product(bits, w)
        for c in 0..<8 { for j in 0..<14 { means[c, j] = max(0, means[c, j] + 0.3 * bits[c, 0] * bits[c, 1] + 0.2) } }
        var (samples, ids) = MeasureTestData.samples(of: means, perCondition: 8, noise: 0.4, using: &rng)
        samples = samples.map { max(0, $0) }
        let inputs = Matrix<Double>(rows: samples.rows, columns: 3) { r, j in bits[ids[r], j] + 0.2 * rng.gaussian() }
        let pairing = (0..<8).filter { ($0 >> 1) & 1 == 0 }.map { ConditionPair(a: $0, b: $0 | 2) }
        let dichotomies = [
            Dichotomy(labels: MeasureTestData.latent(0, d: 3), trained: true, name: "target 0"),
            Dichotomy(labels: MeasureTestData.latent(1, d: 3), trained: false, pairing: pairing),
            Dichotomy(labels: MeasureTestData.parity([0, 2], d: 3)),
            Dichotomy(labels: [0, 0, 0, 0, 0, 1, 1, 1]),
        ]
        return MeasureInput(conditionMeans: Representation.conditionAverages(samples, conditions: ids, count: 8), samples: samples,
                            sampleConditions: ids, inputMeans: Representation.conditionAverages(inputs, conditions: ids, count: 8),
                            sampleInputs: inputs, dichotomies: dichotomies)
    }

    func options(nulls: Int = 5) -> MeasureOptions {
        var o = MeasureOptions()
        o.measures = MeasureKind.allCases
        o.nullCount = nulls
        o.folds = 4
        o.seed = 7
        o.threads = 1
        return o
    }

    /// Every number in the report (through its JSON form), by path.
    func numbers(_ report: MeasureReport) throws -> [String: Double] {
        var out: [String: Double] = [:]
        func walk(_ v: JSONValue, _ path: String) {
            switch v {
            case .object(let o): for (k, x) in o { walk(x, path + "." + k) }
            case .array(let a): for (i, x) in a.enumerated() { walk(x, path + "[\(i)]") }
            case .double(let d): out[path] = d
            case .integer(let i): out[path] = Double(i)
            case .unsigned(let u): out[path] = Double(u)
            case .bool(let b): out[path] = b ? 1 : 0
            default: break
            }
        }
        walk(try JSONValue(encoding: report), "")
        return out
    }

    /// Permuting the units (columns) of means and samples leaves every reported number unchanged:
    /// alignment (every variant), PS, CCGP, decoding, SD, PR, sparsity, RDMs and nulls.
    func testUnitPermutationsLeaveEveryMeasureUnchanged() throws {
        let base = input()
        var rng = RandomSource(seed: 92)
        let perm = rng.permutation(base.conditionMeans.columns)
        var permuted = base
        permuted.conditionMeans = MeasureTestData.permuteColumns(base.conditionMeans, perm)
        permuted.samples = MeasureTestData.permuteColumns(base.samples!, perm)
        for level in AlignmentLevel.allCases {
            for estimator in CKAEstimator.allCases {
                for kernel in [AlignmentKernel.linear, .rbf()] {
                    var o = options(nulls: level == .conditionMeans && estimator == .gretton && kernel == .linear ? 5 : 0)
                    o.alignment = AlignmentOptions(level: level, estimator: estimator, kernel: kernel)
                    if o.nullCount == 0 { o.measures = [.alignment] }
                    let a = try MeasureSuite.run(base, options: o), b = try MeasureSuite.run(permuted, options: o)
                    let na = try numbers(a), nb = try numbers(b)
                    XCTAssertEqual(Set(na.keys), Set(nb.keys))
                    XCTAssertGreaterThan(na.count, o.nullCount > 0 ? 500 : 5, "the report must hold the numbers it is compared on")
                    for (k, v) in na { XCTAssertEqual(nb[k]!, v, accuracy: 1e-9, "\(k) under \(o.alignment.variant)") }
                    XCTAssertEqual(a.unavailable, b.unavailable)
                    XCTAssertEqual(a.dichotomies.map(\.unavailable), b.dichotomies.map(\.unavailable))
                }
            }
        }
        // The check can fail: a non-orthogonal change of the units changes the numbers.
        var stretched = base
        stretched.conditionMeans = Matrix(rows: 8, columns: 14) { i, j in base.conditionMeans[i, j] * Double(1 + j) }
        let a = try MeasureSuite.run(base, options: options(nulls: 0)), b = try MeasureSuite.run(stretched, options: options(nulls: 0))
        XCTAssertNotEqual(a.dichotomies[0].psMax!, b.dichotomies[0].psMax!, accuracy: 1e-6)
    }

    /// Every result object in the report carries `name` and `variant`.
    func testEveryResultNamesItsMeasureAndVariant() throws {
        let r = try MeasureSuite.run(input(), options: options())
        XCTAssertEqual(r.name, "measure_suite")
        XCTAssertEqual(r.alignment?.name, "alignment")
        XCTAssertEqual(r.shatteringDimensionality?.name, "shattering_dimensionality")
        XCTAssertEqual(r.participationRatioDetail?.name, "participation_ratio")
        XCTAssertEqual(r.participationRatioDetail?.value, r.participationRatio)
        XCTAssertEqual(r.sparsity?.name, "sparsity")
        XCTAssertEqual(r.rdm?.map(\.variant), ["euclidean", "correlation"])
        var named = 0
        func walk(_ v: JSONValue, _ path: String) {
            switch v {
            case .object(let o):
                // A dichotomy's own `name` is its label ("target 0"), not a measure.
                let isDichotomy = o["labels"] != nil && o["index"] != nil
                if !isDichotomy && (o["name"] != nil || o["variant"] != nil) {
                    named += 1
                    XCTAssertNotNil(o["name"], "\(path) has a variant but no name")
                    if case .string(let n)? = o["name"], n != "measure_suite" {
                        guard case .string(let variant)? = o["variant"] else { return XCTFail("\(path) (\(n)) has no variant") }
                        XCTAssertFalse(variant.isEmpty, path)
                    }
                }
                for (k, x) in o where k != "options" { walk(x, path + "." + k) }
            case .array(let a): for (i, x) in a.enumerated() { walk(x, path + "[\(i)]") }
            default: break
            }
        }
        walk(try JSONValue(encoding: r), "")
        // alignment, SD, PR, sparsity, 2 RDMs, per dichotomy PS ×2–3, CCGP, decoding, nulls.
        XCTAssertGreaterThan(named, 30)
        let d = r.dichotomies
        XCTAssertEqual(d[0].psMaxDetail?.variant, "max")
        XCTAssertEqual(d[1].psFixedDetail?.variant, "fixed")
        XCTAssertLessThanOrEqual(d[1].psFixed!, d[1].psMax! + 1e-12, "max is over all pairings, the fixed one included")
        XCTAssertEqual(d[0].ccgpDetail?.variant, "leave-one-per-side/svm(C=1.0,tol=0.001,max_iter=1000)")
        XCTAssertEqual(d[0].decodingDetail?.variant, "svm(C=1.0,tol=0.001,max_iter=1000)/stratified_4_fold")
        // The unbalanced dichotomy: PS-max is refused with the reason, distsum is computed.
        XCTAssertNil(d[3].psMax)
        XCTAssertTrue(d[3].unavailable["ps_max"]?.contains("unbalanced") ?? false)
        XCTAssertNotNil(d[3].psDistsum)
        XCTAssertEqual(r.trainedSummary.count, 1)
        XCTAssertEqual(r.untrainedSummary.count, 3)
        XCTAssertEqual(r.trainedSummary.psMax, d[0].psMax)
    }

    func testDeterministicAndIndependentOfThreads() throws {
        var o = options()
        let one = try MeasureSuite.run(input(), options: o)
        XCTAssertEqual(try MeasureSuite.run(input(), options: o), one)
        o.threads = 2
        XCTAssertEqual(try MeasureSuite.run(input(), options: o).dichotomies, one.dichotomies)
        o.seed = 8
        XCTAssertNotEqual(try MeasureSuite.run(input(), options: o).dichotomies.map(\.nulls), one.dichotomies.map(\.nulls))
    }

    func testInputErrorsBeforeAnyWork() {
        var bad = input()
        bad.dichotomies.append(Dichotomy(labels: [0, 1, 2, 0, 1, 0, 1, 0]))
        XCTAssertThrowsError(try MeasureSuite.run(bad, options: options())) { e in
            XCTAssertTrue("\(e)".contains("dichotomies[4] condition 2"), "\(e)")
        }
        var nan = input()
        nan.samples![5, 3] = .nan
        XCTAssertThrowsError(try MeasureSuite.run(nan, options: options())) { e in
            XCTAssertTrue("\(e)".contains("samples row 5 column 3"), "\(e)")
        }
        var wide = input()
        wide.dichotomies = [Dichotomy(labels: [0, 1, 0, 1])]
        XCTAssertThrowsError(try MeasureSuite.run(wide, options: options())) { e in XCTAssertNotNil(e as? InputError) }
    }
}
