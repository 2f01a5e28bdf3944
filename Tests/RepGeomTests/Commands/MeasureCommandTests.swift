import Foundation
import XCTest
@testable import RepGeom

/// `repgeom measure` through the built binary: the happy path against independent computations,
/// and every kind of bad input as one line, a non-zero exit and no --csv file.
final class MeasureCommandTests: XCTestCase {
    /// Four conditions (two bits) × 10 noisy samples in 6 units, written in every input format.
    struct Scenario {
        var dir: URL
        var activations: Matrix<Double>   // 40 × 6
        var conditions: [Int]
        var inputs: Matrix<Double>        // 40 × 3
        var dichotomies = [[0, 0, 1, 1], [0, 1, 0, 1]]

        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    }

    private func scenario() throws -> Scenario {
        let dir = try CommandLineTool.temporaryDirectory(self)
        var rng = RandomSource(seed: 42)
        let axes: Matrix<Double> = rng.gaussianMatrix(rows: 3, columns: 6)
        var acts = Matrix<Double>(rows: 40, columns: 6), inputs = Matrix<Double>(rows: 40, columns: 3)
        var ids: [Int] = []
        for r in 0..<40 {
            let c = (r * 7) % 4 // interleaved, so averaging must really group by id
            ids.append(c)
            let b1 = Double(c / 2) * 2 - 1, b2 = Double(c % 2) * 2 - 1
            for j in 0..<6 { acts[r, j] = b1 * axes[0, j] + b2 * axes[1, j] + 0.3 * b1 * b2 * axes[2, j] + 0.2 * rng.gaussian() }
            inputs[r, 0] = b1 + 0.1 * rng.gaussian(); inputs[r, 1] = b2 + 0.1 * rng.gaussian(); inputs[r, 2] = rng.gaussian()
        }
        let s = Scenario(dir: dir, activations: acts, conditions: ids, inputs: inputs)
        try NPY.write(acts, to: dir.appendingPathComponent("acts.npy"))
        // Condition ids as a named CSV column next to a text column.
        let csv = "stimulus,condition\n" + ids.enumerated().map { "s\($0.offset),\($0.element)" }.joined(separator: "\n") + "\n"
        try csv.write(to: dir.appendingPathComponent("trials.csv"), atomically: true, encoding: .utf8)
        try NPZ.write([("x", NumericArray(inputs)), ("other", NumericArray(integers: [1]))], to: dir.appendingPathComponent("inputs.npz"),
                      compressed: true)
        let d = NumericArray(elementType: .int64, shape: [2, 4], storage: .integer(s.dichotomies.flatMap { $0.map { Int64($0) } }), source: "")
        try NPY.write(d, to: dir.appendingPathComponent("dich.npy"))
        return s
    }

    private func run(_ args: [String]) throws -> CommandLineTool.Output { try CommandLineTool.run(["measure"] + args) }

    private func json(_ out: CommandLineTool.Output) throws -> [String: Any] {
        XCTAssertEqual(out.status, 0, out.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
    }

    // MARK: Independent computations

    private static func conditionMeans(_ s: Scenario, _ m: Matrix<Double>) -> Matrix<Double> {
        var out = Matrix<Double>(rows: 4, columns: m.columns)
        for c in 0..<4 {
            let rows = s.conditions.indices.filter { s.conditions[$0] == c }
            for j in 0..<m.columns { out[c, j] = rows.map { m[$0, j] }.reduce(0, +) / Double(rows.count) }
        }
        return out
    }

    private static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        let dot = zip(a, b).map(*).reduce(0, +)
        return dot / (a.map { $0 * $0 }.reduce(0, +).squareRoot() * b.map { $0 * $0 }.reduce(0, +).squareRoot())
    }

    /// PS-max with two conditions per side: the better of the two pairings' single cosine.
    private static func psMax(_ z: Matrix<Double>, labels: [Int]) -> Double {
        let a = labels.indices.filter { labels[$0] == 0 }, b = labels.indices.filter { labels[$0] == 1 }
        func v(_ i: Int, _ j: Int) -> [Double] { zip(z.row(i), z.row(j)).map { $0 - $1 } }
        return max(cosine(v(a[0], b[0]), v(a[1], b[1])), cosine(v(a[0], b[1]), v(a[1], b[0])))
    }

    /// Biased linear CKA ⟨HKH, HLH⟩ / (‖HKH‖‖HLH‖) from the definitions.
    private static func cka(_ x: Matrix<Double>, _ y: Matrix<Double>) -> Double {
        let n = x.rows
        func centredGram(_ m: Matrix<Double>) -> [[Double]] {
            var k = (0..<n).map { i in (0..<n).map { j in zip(m.row(i), m.row(j)).map(*).reduce(0, +) } }
            let rowMeans = k.map { $0.reduce(0, +) / Double(n) }
            let all = rowMeans.reduce(0, +) / Double(n)
            for i in 0..<n { for j in 0..<n { k[i][j] += all - rowMeans[i] - rowMeans[j] } }
            return k
        }
        let k = centredGram(x), l = centredGram(y)
        func inner(_ a: [[Double]], _ b: [[Double]]) -> Double { zip(a, b).map { zip($0, $1).map(*).reduce(0, +) }.reduce(0, +) }
        return inner(k, l) / (inner(k, k) * inner(l, l)).squareRoot()
    }

    // MARK: Happy path

    func testJSONStructureAndValuesAgainstIndependentComputations() throws {
        let s = try scenario()
        let csvOut = s.path("out/result.csv")
        let out = try run(["--activations", s.path("acts.npy"), "--conditions", s.path("trials.csv") + ":condition",
                           "--inputs", s.path("inputs.npz") + ":x", "--dichotomies", s.path("dich.npy"), "--trained", "1",
                           "--null", "4", "--seed", "3", "--json", "--csv", csvOut])
        let top = try json(out)
        XCTAssertEqual(top["condition_count"] as? Int, 4)
        XCTAssertEqual(top["unit_count"] as? Int, 6)
        XCTAssertEqual(top["sample_count"] as? Int, 40)
        for key in ["alignment", "shattering_dimensionality", "participation_ratio", "options", "software_version"] {
            XCTAssertNotNil(top[key], key)
        }
        let dichotomies = try XCTUnwrap(top["dichotomies"] as? [[String: Any]])
        XCTAssertEqual(dichotomies.count, 2)
        for (k, d) in dichotomies.enumerated() {
            XCTAssertEqual(d["index"] as? Int, k)
            XCTAssertEqual(d["trained"] as? Bool, k == 0)
            for key in ["ps_max", "ps_distsum", "ccgp", "decoding"] { XCTAssertNotNil(d[key] as? Double, "\(key) of \(k)") }
            let nulls = try XCTUnwrap(d["nulls"] as? [[String: Any]])
            XCTAssertEqual(Set(nulls.compactMap { $0["variant"] as? String }), ["shuffled_labels", "same_spectrum"])
            XCTAssertTrue(nulls.allSatisfy { ($0["count"] as? Int) == 4 && $0["p_value"] is Double })
        }

        // Against computations from the definitions, on the condition averages of the file rows.
        let z = Self.conditionMeans(s, s.activations), x = Self.conditionMeans(s, s.inputs)
        for (k, labels) in s.dichotomies.enumerated() {
            XCTAssertEqual(try XCTUnwrap(dichotomies[k]["ps_max"] as? Double), Self.psMax(z, labels: labels), accuracy: 1e-12)
        }
        let alignment = try XCTUnwrap(top["alignment"] as? [String: Any])
        let y = Matrix(rows: 4, columns: 1, elements: s.dichotomies[0].map { 2 * Double($0) - 1 })
        XCTAssertEqual(try XCTUnwrap(alignment["target"] as? Double), Self.cka(z, y), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(alignment["input"] as? Double), Self.cka(z, x), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(alignment["task"] as? Double), Self.cka(x, y), accuracy: 1e-12)

        // CCGP equals a direct library call with the same options and seed.
        var options = MeasureOptions()
        options.seed = 3
        let direct = try CCGP.score(means: z, samples: s.activations, conditions: s.conditions, labels: s.dichotomies[1],
                                    options: options.ccgp, decoder: options.decoder, seed: 3)
        XCTAssertEqual(try XCTUnwrap(dichotomies[1]["ccgp"] as? Double), direct.mean, accuracy: 1e-12)

        // The long-form CSV holds the same numbers, bit for bit (JSONDecoder parses exactly;
        // JSONSerialization on Linux may not).
        let report = try JSONDecoder().decode(MeasureReport.self, from: Data(out.stdout.utf8))
        let table = try CSV.read(contentsOf: URL(fileURLWithPath: csvOut))
        XCTAssertEqual(table.header, MeasureReport.longFormHeader)
        let psRow = try XCTUnwrap(table.rows.first { $0[0] == "dichotomy" && $0[1] == "1" && $0[4] == "ps_max" })
        XCTAssertEqual(psRow[3], "0101")
        XCTAssertEqual(Double(psRow[6]), report.dichotomies[1].psMax)
        let target = try XCTUnwrap(table.rows.first { $0[0] == "alignment" && $0[4] == "target" })
        XCTAssertEqual(Double(target[6]), report.alignment?.target)
        let ccgpRow = try XCTUnwrap(table.rows.first { $0[0] == "dichotomy" && $0[1] == "0" && $0[4] == "ccgp" })
        XCTAssertEqual(Double(ccgpRow[6]), report.dichotomies[0].ccgp)
        XCTAssertEqual(ccgpRow[5], report.dichotomies[0].ccgpDetail?.variant)
        XCTAssertTrue(table.rows.contains { $0[4] == "ccgp.null.same_spectrum.p_value" })
    }

    func testTableDefaultsAndCSVActivations() throws {
        let s = try scenario()
        // Activations and condition ids from one CSV file (columns by range and by name).
        var text = "condition," + (1...6).map { "u\($0)" }.joined(separator: ",") + "\n"
        for r in 0..<40 { text += "\(s.conditions[r])," + s.activations.row(r).map { CSV.cell($0) }.joined(separator: ",") + "\n" }
        try text.write(to: s.dir.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        let out = try run(["--activations", s.path("data.csv") + ":2-7", "--conditions", s.path("data.csv") + ":condition",
                           "--measures", "parallelism,shattering", "--variant", "folds=4"])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertTrue(out.stdout.contains("4 conditions, 6 units, 40 samples"), out.stdout)
        XCTAssertTrue(out.stdout.contains("dichotomies: all 3 balanced (untrained)"), out.stdout)
        XCTAssertTrue(out.stdout.contains("shattering dimensionality:"), out.stdout)
        // All three balanced dichotomies of 4 conditions, condition 0 on side A.
        for labels in ["0011", "0101", "0110"] { XCTAssertTrue(out.stdout.contains(labels), labels) }

        // Without condition ids every row is a condition: only sample-free measures run.
        let z = Self.conditionMeans(s, s.activations)
        try NPY.write(z, to: s.dir.appendingPathComponent("means.npy"))
        let means = try json(try run(["--activations", s.path("means.npy"), "--dichotomies", s.path("dich.npy"), "--json"]))
        XCTAssertEqual(means["sample_count"] as? Int, 0)
        let first = try XCTUnwrap((means["dichotomies"] as? [[String: Any]])?.first)
        XCTAssertEqual(try XCTUnwrap(first["ps_max"] as? Double), Self.psMax(z, labels: s.dichotomies[0]), accuracy: 1e-12)
        XCTAssertTrue(first["ccgp"] is NSNull)
    }

    func testHelpDocumentsTheOptions() throws {
        let out = try run(["--help"])
        XCTAssertEqual(out.status, 0)
        for phrase in ["--activations", "--conditions", "--dichotomies", "--trained", "--variant", "--null", "--csv",
                       "ccgp.variant=leave-one-per-side", "docs/file-formats.md"] {
            XCTAssertTrue(out.stdout.contains(phrase), phrase)
        }
    }

    // MARK: Bad input

    func testBadInputIsOneLineNonZeroExitAndNoCSV() throws {
        let s = try scenario()
        let base = ["--activations", s.path("acts.npy"), "--conditions", s.path("trials.csv") + ":condition"]
        var nan = s.activations
        nan[17, 3] = .nan
        try NPY.write(nan, to: s.dir.appendingPathComponent("nan.npy"))
        var inf = s.activations
        inf[5, 0] = .infinity
        try CSV.write(inf, to: s.dir.appendingPathComponent("inf.csv"))
        try NPY.write(NumericArray(integers: Array(s.conditions.prefix(30))), to: s.dir.appendingPathComponent("short.npy"))
        var fractional = s.conditions.map(Double.init)
        fractional[6] = 1.5
        try NPY.write(NumericArray(Matrix(rows: 40, columns: 1, elements: fractional)), to: s.dir.appendingPathComponent("frac.npy"))
        var negative = s.conditions
        negative[9] = -1
        try NPY.write(NumericArray(integers: negative), to: s.dir.appendingPathComponent("neg.npy"))
        var eight = s.conditions
        eight[11] = 7
        try NPY.write(NumericArray(integers: eight), to: s.dir.appendingPathComponent("seven.npy"))
        var few = s.conditions, kept = 0 // condition 3 keeps 2 of its 10 samples
        for r in few.indices where few[r] == 3 { if kept < 2 { kept += 1 } else { few[r] = 2 } }
        try NPY.write(NumericArray(integers: few), to: s.dir.appendingPathComponent("few.npy"))
        try NPY.write(NumericArray(integers: s.conditions.map { $0 == 2 ? 3 : $0 }), to: s.dir.appendingPathComponent("gap.npy"))
        try NPY.write(Matrix<Double>([[0, 0, 1, 1, 0]]), to: s.dir.appendingPathComponent("wide.npy"))
        try NPY.write(Matrix<Double>([[0, 0, 1, 2]]), to: s.dir.appendingPathComponent("two.npy"))
        try NPY.write(Matrix<Double>([[1, 1, 1, 1]]), to: s.dir.appendingPathComponent("onesided.npy"))
        try "x\n1\n2\n".write(to: s.dir.appendingPathComponent("text.csv"), atomically: true, encoding: .utf8)

        let cases: [(args: [String], phrases: [String])] = [
            (["--activations", s.path("nan.npy"), "--conditions", s.path("trials.csv") + ":condition"],
             ["nan.npy row 17", "activations must be finite", "column 3"]),
            (["--activations", s.path("inf.csv"), "--conditions", s.path("trials.csv") + ":condition"],
             ["inf.csv line 6", "finite", "column 1"]),
            (["--activations", s.path("acts.npy"), "--conditions", s.path("short.npy")], ["short.npy", "30 condition ids for 40 activation rows"]),
            (["--activations", s.path("acts.npy"), "--conditions", s.path("frac.npy")], ["frac.npy row 6", "whole numbers", "1.5"]),
            (["--activations", s.path("acts.npy"), "--conditions", s.path("neg.npy")], ["neg.npy row 9", "condition id -1 is out of range"]),
            (["--activations", s.path("acts.npy"), "--conditions", s.path("seven.npy"), "--dichotomies", s.path("dich.npy")],
             ["seven.npy row 11", "condition id 7 is out of range 0…3", "dichotomies have 4 columns"]),
            (["--activations", s.path("acts.npy"), "--conditions", s.path("few.npy")], ["few.npy", "condition 3 has", "5-fold decoding needs at least 5"]),
            (["--activations", s.path("acts.npy"), "--conditions", s.path("gap.npy")], ["gap.npy", "condition 2 has no rows"]),
            (base + ["--dichotomies", s.path("wide.npy")], ["trials.csv", "no row has condition 4", "wide.npy", "5 columns"]),
            (base + ["--dichotomies", s.path("two.npy")], ["two.npy row 0", "must be 0 or 1, found 2"]),
            (base + ["--dichotomies", s.path("onesided.npy")], ["onesided.npy row 0", "every condition on one side"]),
            (base + ["--dichotomies", s.path("dich.npy"), "--trained", "3"], ["--trained", "between 0 and the number of dichotomies (2)"]),
            (base + ["--trained", "1"], ["--trained", "needs a dichotomy file"]),
            (["--activations", s.path("missing.npy")] + base.suffix(2), ["missing.npy: no such file"]),
            (base.prefix(2) + ["--conditions", s.path("gone.npz") + ":ids"], ["gone.npz: no such file"]),
            (base.prefix(2) + ["--conditions", s.path("inputs.npz") + ":ids"], ["no array 'ids'", "x, other"]),
            (base.prefix(2) + ["--conditions", s.path("trials.csv") + ":stimulus"], ["trials.csv line 2, column 1", "'s0' is not a number"]),
            (base.prefix(2) + ["--conditions", s.path("trials.csv")], ["not a number"]),
            (base + ["--inputs", s.path("text.csv")], ["text.csv", "inputs have 2 rows, expected 40"]),
            (["--activations", s.path("acts.npy"), "--measures", "ccgp"], ["acts.npy", "ccgp needs samples"]),
            (base + ["--measures", "pca"], ["--measures pca", "unknown measure"]),
            (base + ["--variant", "folds=1"], ["folds", "at least 2"]),
            (base + ["--variant", "decoder.kind=tree"], ["'tree' is not one of svm, logistic"]),
            (base + ["--variant", "speed=fast"], ["unknown setting 'speed'"]),
            (base + ["--null=-2"], ["--null", "0 or more"]),
            (base + ["--dichotomy-limit", "0"], ["--dichotomy-limit"]),
        ]
        for (args, phrases) in cases {
            let csv = s.path("never.csv")
            let out = try run(args + ["--csv", csv])
            let err = out.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            XCTAssertNotEqual(out.status, 0, "\(args) should fail; stdout: \(out.stdout)")
            XCTAssertFalse(err.contains("\n"), "one line expected: \(err)")
            XCTAssertTrue(err.hasPrefix("Error: "), err)
            for phrase in phrases { XCTAssertTrue(err.contains(phrase), "'\(phrase)' missing in: \(err)") }
            XCTAssertFalse(FileManager.default.fileExists(atPath: csv), "no --csv output after an error (\(args))")
            XCTAssertTrue(out.stdout.isEmpty, "nothing printed on stdout after an error: \(out.stdout)")
        }
        // Only the error cases' --csv target was named; nothing else was left in the folder.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: s.dir.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "temporary files left behind")
    }
}
