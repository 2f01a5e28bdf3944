import Foundation
import XCTest

/// `repgeom bench train` and `bench compare` as a user runs them: output shape and the errors for
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
