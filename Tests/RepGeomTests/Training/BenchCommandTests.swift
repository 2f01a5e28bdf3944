import Foundation
import XCTest

/// `repgeom bench train`, `bench compare` and `bench measures` as a user runs them: output shape and the errors for
/// bad input (not timings — benchmarks are never tests).
final class BenchCommandTests: XCTestCase {
    func testBenchTrainJSONReportsBothPathsWithEqualLosses() throws {
        let out = try CommandLineTool.run(["bench", "train", "--epochs", "1", "--activations", "relu", "--networks", "1",
                                           "--kernel-path", "both", "--roofline-repetitions", "5", "--json"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        let results = try XCTUnwrap(json?["results"] as? [[String: Any]])
        XCTAssertEqual(results.map { $0["kernelPath"] as? String }, ["vectorised", "scalar_reference"])
        for r in results {
            XCTAssertGreaterThan(r["stepsPerSecond"] as? Double ?? 0, 0)
            XCTAssertGreaterThan(r["rooflineFraction"] as? Double ?? 0, 0)
        }
        let losses = results.compactMap { ($0["finalLosses"] as? [Double])?.first }
        XCTAssertEqual(losses.count, 2)
        XCTAssertEqual(losses[0], losses[1], accuracy: 1e-5 * max(1, abs(losses[1])))
    }

    /// `bench measures --json`: one object per workload with the timing, its target, the
    /// same-run reference and the measured value (PS-max checks itself against the naive
    /// enumeration and would fail the command if they disagreed). SD is left out: its workload is
    /// the benchmark's whole point and takes seconds.
    func testBenchMeasuresJSONReportsEachWorkload() throws {
        let out = try CommandLineTool.run(["bench", "measures", "--only", "ps", "--only", "cka", "--repetitions", "1",
                                           "--units", "32", "--json"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let results = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(results.count, 2)
        XCTAssertEqual(results.map { ($0["name"] as? String)?.split(separator: " ").first.map(String.init) }, ["ps_max", "linear"])
        XCTAssertEqual(results.map { $0["target"] as? Double }, [0.05, 1])
        for r in results {
            XCTAssertGreaterThan(r["seconds"] as? Double ?? 0, 0)
            XCTAssertGreaterThan(r["reference_value"] as? Double ?? 0, 0)
        }
        XCTAssertTrue((results[1]["detail"] as? String ?? "").hasPrefix("CKA 0.0487"), "\(results[1])")

        let bad = try CommandLineTool.run(["bench", "measures", "--only", "svm"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--only"), bad.stderr)
    }

    func testBadInputGivesOneClearError() throws {
        let bad = try CommandLineTool.run(["bench", "train", "--kernel-path", "fast"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--kernel-path"), bad.stderr)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try CommandLineTool.run(["bench", "compare", "--pairs", "1", "--script", "no/such/script.py"], in: dir)
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("--script"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".venv-bench").path),
                       "nothing is installed when the input is bad")
        let cores = try CommandLineTool.run(["bench", "compare", "--cores", "3"])
        XCTAssertNotEqual(cores.status, 0)
        XCTAssertTrue(cores.stderr.contains("--cores"), cores.stderr)
    }
}
