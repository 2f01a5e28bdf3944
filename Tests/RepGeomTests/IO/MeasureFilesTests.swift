import Foundation
import XCTest
@testable import RepGeom

final class MeasureFilesTests: XCTestCase {
    func testLoadBuildsConditionAveragesSamplesAndDichotomies() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        var rng = RandomSource(seed: 1)
        let ids = (0..<30).map { ($0 * 11) % 6 }
        let acts: Matrix<Double> = rng.gaussianMatrix(rows: 30, columns: 4)
        try NPY.write(acts, to: dir.appendingPathComponent("a.npy"))
        try NPY.write(NumericArray(integers: ids), to: dir.appendingPathComponent("c.npy"))
        let inputs: Matrix<Double> = rng.gaussianMatrix(rows: 6, columns: 2) // one row per condition
        try CSV.write(inputs, header: ["x", "y"], to: dir.appendingPathComponent("x.csv"))
        let files = MeasureFiles(activations: ArraySource(path: dir.appendingPathComponent("a.npy").path),
                                 conditions: ArraySource(path: dir.appendingPathComponent("c.npy").path),
                                 inputs: ArraySource(path: dir.appendingPathComponent("x.csv").path), dichotomyLimit: 4)
        var options = MeasureOptions()
        options.seed = 9
        let loaded = try files.load(options: options)
        let input = loaded.input
        XCTAssertEqual(input.samples, acts)
        XCTAssertEqual(input.sampleConditions, ids)
        XCTAssertEqual(input.inputMeans, inputs)
        XCTAssertNil(input.sampleInputs)
        for c in 0..<6 {
            let rows = ids.indices.filter { ids[$0] == c }
            for j in 0..<4 {
                XCTAssertEqual(input.conditionMeans[c, j], rows.map { acts[$0, j] }.reduce(0, +) / Double(rows.count), accuracy: 1e-15)
            }
        }
        // C(6,3)/2 = 10 balanced dichotomies; the limit of 4 draws a seeded subset of the library's set.
        XCTAssertEqual(loaded.balanced?.exhaustive, false)
        XCTAssertEqual(loaded.balanced?.total, 10)
        XCTAssertEqual(input.dichotomies.map(\.labels), MeasureSuite.balancedDichotomies(conditionCount: 6, limit: 4, seed: 9).labels)
        XCTAssertTrue(input.dichotomies.allSatisfy { !$0.trained && $0.isBalanced })
        XCTAssertNoThrow(try input.validate())
    }

    func testOneDimensionalDichotomyAndTrainedCount() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        try NPY.write(Matrix<Double>([[1, 0], [0, 1], [1, 1], [0, 0]]), to: dir.appendingPathComponent("m.npy"))
        let d = NumericArray(elementType: .bool, shape: [4], storage: .integer([0, 1, 1, 0]), source: "")
        try NPY.write(d, to: dir.appendingPathComponent("d.npy"))
        var options = MeasureOptions()
        options.measures = [.parallelism]
        let loaded = try MeasureFiles(activations: ArraySource(path: dir.appendingPathComponent("m.npy").path),
                                      dichotomies: ArraySource(path: dir.appendingPathComponent("d.npy").path)).load(options: options)
        XCTAssertEqual(loaded.input.dichotomies, [Dichotomy(labels: [0, 1, 1, 0], trained: true, name: "target 0")])
        XCTAssertNil(loaded.input.samples)
        XCTAssertNil(loaded.balanced)
    }
}
