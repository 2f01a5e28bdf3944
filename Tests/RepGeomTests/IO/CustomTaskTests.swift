import Foundation
import XCTest
@testable import RepGeom

final class CustomTaskTests: XCTestCase {
    private func array(_ rows: [[Double]], _ source: String) -> NumericArray {
        NumericArray(elementType: .float64, shape: [rows.count, rows.first?.count ?? 0],
                     storage: .floating(rows.flatMap { $0 }), source: source)
    }

    func testTaskFromFilesOfEveryFormat() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let means = Matrix<Double>([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]])
        try NPY.write(means, to: dir.appendingPathComponent("means.npy"))
        try "xor,b1\n0,0\n1,0\n1,1\n0,1\n".write(to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        let bits = NumericArray(elementType: .bool, shape: [4, 2], storage: .integer([0, 0, 0, 1, 1, 1, 1, 0]), source: "")
        try NPZ.write([("bits", bits)], to: dir.appendingPathComponent("labels.npz"))

        let spec = CustomTaskSpec(means: ArraySource(path: dir.appendingPathComponent("means.npy").path),
                                  targets: ArraySource(parsing: dir.appendingPathComponent("t.csv").path + ":xor"),
                                  latentBits: ArraySource(parsing: dir.appendingPathComponent("labels.npz").path + ":bits"),
                                  noise: 0.25)
        let task = try spec.make()
        XCTAssertEqual(task.family, "custom")
        XCTAssertEqual(task.means, means)
        XCTAssertEqual(task.targets, Matrix(rows: 4, columns: 1, elements: [0, 1, 1, 0]))
        XCTAssertEqual(task.latentBits, Matrix([[0, 0], [0, 1], [1, 1], [1, 0]]))
        XCTAssertEqual(task.noise, 0.25)
        XCTAssertEqual(task.parameters["targets"], spec.targets!.description)
        XCTAssertEqual(task.parameters["means_fnv1a64"], try CustomTask.fingerprint(of: spec.means.path))
        XCTAssertEqual(task.parameters["conditions_count"], "4")

        // The spec round-trips through JSON in its command-line spelling.
        let json = try JSONEncoder().encode(spec)
        XCTAssertEqual(try JSONDecoder().decode(CustomTaskSpec.self, from: json), spec)
        XCTAssertTrue(String(decoding: json, as: UTF8.self).contains("\"latent_bits\""))

        // Without targets, the latent bits are the targets.
        var noTargets = spec
        noTargets.targets = nil
        XCTAssertEqual(try noTargets.make().targets, task.latentBits)

        // The sampler draws around the file's means with the file's targets.
        var rng = RandomSource(seed: 5)
        let data: Dataset<Double> = task.sample(count: 200, using: &rng)
        for i in 0..<data.count {
            let c = data.conditions[i]
            XCTAssertEqual(data.targets[i, 0], task.targets[c, 0])
        }
    }

    func testFingerprintIsFNV1a64() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let empty = dir.appendingPathComponent("e"), a = dir.appendingPathComponent("a")
        try Data().write(to: empty)
        try Data("a".utf8).write(to: a)
        XCTAssertEqual(try CustomTask.fingerprint(of: empty.path), "cbf29ce484222325") // published test vectors
        XCTAssertEqual(try CustomTask.fingerprint(of: a.path), "af63dc4c8601ec8c")
    }

    /// Sample rows with condition ids are averaged per condition; per-sample labels reduce.
    func testSamplesWithConditionIdsAverage() throws {
        var rng = RandomSource(seed: 9)
        let ids = [2, 0, 1, 0, 2, 1, 1, 2, 0, 0]
        let x: Matrix<Double> = rng.gaussianMatrix(rows: ids.count, columns: 3)
        let targets = ids.map { [$0 == 1 ? 1.0 : 0.0] }
        let task = try CustomTask.make(means: NumericArray(x, source: "x.npy"),
                                       conditions: NumericArray(integers: ids, source: "c.npy"),
                                       targets: array(targets, "t.npy"), noise: 0)
        XCTAssertEqual(task.conditionCount, 3)
        for c in 0..<3 {
            let members = ids.indices.filter { ids[$0] == c }
            for j in 0..<3 {
                let mean = members.map { x[$0, j] }.reduce(0, +) / Double(members.count)
                XCTAssertEqual(task.means[c, j], mean, accuracy: 1e-15)
            }
        }
        XCTAssertEqual(task.targets.column(0), [0, 1, 0])
        XCTAssertEqual(task.parameters["rows_averaged"], "10")
    }

    func testBadInputGivesOneLineNamingFileAndRow() {
        let m = array([[0, 1], [1, 0], [1, 1]], "m.npy")
        let t = array([[0], [1], [1]], "t.npy")
        func error(_ body: () throws -> ConditionTask) -> InputError? { IOFixtures.error(body) }
        XCTAssertEqual(error { try CustomTask.make(means: self.array([[0, 1], [.nan, 0], [1, 1]], "m.npy"), targets: t, noise: 0) },
                       InputError("m.npy row 1", "condition means must be finite, found nan in column 0"))
        XCTAssertEqual(error { try CustomTask.make(means: m, targets: self.array([[0], [2], [1]], "t.npy"), noise: 0) },
                       InputError("t.npy row 1", "targets must be 0 or 1, found 2.0 in column 0"))
        XCTAssertEqual(error { try CustomTask.make(means: m, targets: self.array([[0], [1]], "t.npy"), noise: 0) }?.message,
                       "targets have 2 rows, expected 3 (one per condition)")
        XCTAssertEqual(error { try CustomTask.make(means: m, targets: self.array([[1], [1], [1]], "t.npy"), noise: 0) }?.message,
                       "target column 0 is 1 for every condition; a target must split the conditions")
        XCTAssertTrue(error { try CustomTask.make(means: m, noise: 0) }?.message.contains("needs targets") ?? false)
        XCTAssertEqual(error { try CustomTask.make(means: m, targets: t, noise: -1) }?.location, "task.sigma")
        XCTAssertEqual(error { try CustomTask.make(means: m, targets: t, noise: .nan) }?.location, "task.sigma")
        XCTAssertTrue(error { try CustomTask.make(means: self.array([[1, 2]], "m.npy"), targets: self.array([[1]], "t.npy"), noise: 0) }?
            .message.contains("at least 2 conditions") ?? false)
        XCTAssertEqual(error { try CustomTask.make(means: m, latentBits: self.array([[0], [1], [0.5]], "b.npy"), noise: 0) }?.location,
                       "b.npy row 2")

        // Condition ids.
        XCTAssertTrue(error { try CustomTask.make(means: m, conditions: NumericArray(integers: [0, 1], source: "c.npy"), targets: t, noise: 0) }?
            .message.contains("2 condition ids for 3 rows") ?? false)
        XCTAssertEqual(error { try CustomTask.make(means: m, conditions: NumericArray(integers: [0, -1, 1], source: "c.npy"), targets: t, noise: 0) }?.location,
                       "c.npy row 1")
        XCTAssertTrue(error { try CustomTask.make(means: m, conditions: NumericArray(integers: [0, 2, 2], source: "c.npy"), targets: t, noise: 0) }?
            .message.contains("no row has condition id 1") ?? false)
        let half = NumericArray(elementType: .float64, shape: [3], storage: .floating([0, 1.5, 1]), source: "c.npy")
        XCTAssertEqual(error { try CustomTask.make(means: m, conditions: half, targets: t, noise: 0) }?.location, "c.npy row 1")
        XCTAssertEqual(error { try CustomTask.make(means: m, conditions: NumericArray(integers: [0, 1, 1], source: "c.npy"),
                                                   targets: self.array([[0], [1], [0]], "t.npy"), noise: 0) },
                       InputError("t.npy row 2", "targets disagree within condition 1 (column 0)"))
    }

    /// The custom family in task-spec text: parse, canonical text, make, and errors.
    func testTaskSpecText() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let meansURL = dir.appendingPathComponent("m.npy"), labels = dir.appendingPathComponent("l.csv")
        try NPY.write(Matrix<Double>([[0, 0], [0, 1], [1, 0], [1, 1]]), to: meansURL)
        try "b1,b2,xor\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n".write(to: labels, atomically: true, encoding: .utf8)
        let text = "custom:means=\(meansURL.path),targets=\(labels.path):xor,latent_bits=\(labels.path):1-2,sigma=0.5"
        let spec = try TaskSpec(parsing: text)
        guard case .custom(let custom) = spec else { return XCTFail("not the custom case: \(spec)") }
        XCTAssertEqual(custom.targets, ArraySource(path: labels.path, selector: "xor"))
        XCTAssertEqual(spec.family, "custom")
        XCTAssertEqual(spec.text, "custom:means=\(meansURL.path),targets=\(labels.path):xor,latent_bits=\(labels.path):1-2,sigma=0.5,seed=0")
        XCTAssertEqual(try TaskSpec(parsing: spec.text), spec)
        let task = try spec.make()
        XCTAssertEqual(task.targets.column(0), [0, 1, 1, 0])
        XCTAssertEqual(task.latentBits, Matrix([[0, 0], [0, 1], [1, 0], [1, 1]]))
        XCTAssertEqual(task.noise, 0.5)
        XCTAssertEqual(task.parameters["sigma"], "0.5")
        // Through Codable (spec text) too.
        let json = try JSONEncoder().encode(spec)
        XCTAssertEqual(try JSONDecoder().decode(TaskSpec.self, from: json), spec)

        XCTAssertEqual(IOFixtures.error { try TaskSpec(parsing: "custom:sigma=1") }?.location, "task.means")
        XCTAssertEqual(IOFixtures.error { try TaskSpec(parsing: "custom:means=a.npy,sigma=-1").make() }?.location, "task.sigma")
        XCTAssertEqual(IOFixtures.error { try TaskSpec(parsing: "custom:means=a.npy,sigmaa=1") }?.location, "task.sigmaa")
        // A selector that would break the canonical text is refused, not silently mangled.
        let listed = try TaskSpec(family: "custom", values: ["means": "\(meansURL.path)", "targets": "\(labels.path):b1,b2"])
        XCTAssertEqual(IOFixtures.error { try listed.make() }?.location, "task.targets")
        let missing = dir.appendingPathComponent("none.npy").path
        XCTAssertEqual(IOFixtures.error { try TaskSpec(parsing: "custom:means=\(missing),targets=\(labels.path):xor").make() },
                       InputError(missing, "no such file"))
    }
}
