import XCTest
@testable import RepGeom

/// `repgeom task …` and `repgeom train` through the built binary.
final class TaskCommandTests: XCTestCase {
    func testShowPrintsTheSummary() throws {
        let r = try CommandLineTool.run(["task", "show", "aligned_cube:d=3,k=1,c=0.2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for fragment in ["P = 8", "N = 100", "k = 1", "A(Kx, Ky) = 0.2", "allowed 0…0.377964", "target 1    00001111"] {
            XCTAssertTrue(r.stdout.contains(fragment), "missing '\(fragment)' in\n\(r.stdout)")
        }
    }

    func testShowJSONWithOverrides() throws {
        let r = try CommandLineTool.run(["task", "show", "aligned_cube:d=5,k=5", "-p", "c=0.3", "--param", "scale=0.5", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let summary = try JSONDecoder().decode(TaskSummary.self, from: Data(r.stdout.utf8))
        XCTAssertEqual(summary.spec, "aligned_cube:d=5,k=5,c=0.3,scale=0.5,seed=0,N=100,sigma=1")
        XCTAssertEqual(summary.conditions, 32)
        XCTAssertEqual(summary.alignment, 0.3, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(summary.cMax), (5.0 / 31).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(summary.targets.count, 5)
        // Independent of the library's summary: recompute from the task itself.
        let task = try TaskSpec(parsing: summary.spec).make()
        XCTAssertEqual(summary.alignment, TaskReference.alignment(means: task.means, targets: task.targets), accuracy: 1e-12)
    }

    func testShowErrorsAreOneLineNamingTheParameter() throws {
        let cases: [([String], String)] = [
            (["task", "show", "aligned_cube:c=0.9"], "task.c: 0.9 outside [0, 0.377964"),
            (["task", "show", "nudged_xor:N=100"], "task.N: 100 must be divisible by 3"),
            (["task", "show", "aligned_cube:d=3,k=8"], "task.k: 8 outside 1…7"),
            (["task", "show", "aligned_cube:d=0"], "task.d: 0 outside 1…10"),
            (["task", "show", "cube"], "task: unknown family 'cube'"),
            (["task", "show", "aligned_cube", "-p", "c"], "--param: 'c' is not key=value"),
        ]
        for (args, expected) in cases {
            let r = try CommandLineTool.run(args)
            XCTAssertNotEqual(r.status, 0, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains(expected), "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one line: \(r.stderr)")
            XCTAssertTrue(r.stdout.isEmpty)
        }
    }

    func testListNamesEveryFamilyAndHelpHasExamples() throws {
        let r = try CommandLineTool.run(["task", "list"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for family in TaskSpec.families.map({ $0.familyName }) { XCTAssertTrue(r.stdout.contains(family)) }
        XCTAssertTrue(r.stdout.contains("aligned_cube:d=3,k=1,c=0,scale=0,seed=0,N=100,sigma=1"))
        for command in [["task", "show"], ["task", "list"], ["train"]] {
            let h = try CommandLineTool.run(command + ["--help"])
            XCTAssertEqual(h.status, 0)
            XCTAssertTrue(h.stdout.contains("Example"), "\(command) --help needs an example")
        }
    }
}

final class TrainCommandTests: XCTestCase {
    func writeConfig(_ text: String, name: String = "run.yaml", in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let smallYAML = """
        # a small T3 run
        task: aligned_cube:d=3,k=1,c=0.2,N=24,sigma=0.5
        network:
          hidden_widths: [16]
          activation: relu
        training: {epochs: 4, checkpoint_every: 2}
        train_samples: 200
        test_samples: 50
        seeds: 0-1
        """

    func testConfigFileWithFlagOverridesWritesOneRecordPerSeed() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let config = try writeConfig(Self.smallYAML, in: dir)
        let out = dir.appendingPathComponent("runs")
        let r = try CommandLineTool.run(["train", "--config", config, "--activation", "bounded_relu:1.5", "-p", "c=0.1",
                                         "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        XCTAssertEqual(files, ["aligned_cube-bounded_relu_1.5-seed0.json", "aligned_cube-bounded_relu_1.5-seed1.json"])
        let record = try JSONDecoder().decode(RunRecord.self, from: Data(contentsOf: out.appendingPathComponent(files[1])))
        XCTAssertEqual(record.seed, 1)
        XCTAssertEqual(record.version, RepGeomVersion.string)
        XCTAssertEqual(record.configuration.network.activation, .boundedReLU(upper: 1.5)) // flag over file
        XCTAssertEqual(record.configuration.network.hiddenWidths, [16])                  // file over default
        XCTAssertEqual(record.configuration.task.text, "aligned_cube:d=3,k=1,c=0.1,scale=0,seed=0,N=24,sigma=0.5")
        XCTAssertEqual(record.configuration.seeds, [1])
        XCTAssertEqual(record.checkpoints.map(\.epoch), [0, 2, 4])
        XCTAssertNotNil(record.final.testAccuracy)
        XCTAssertEqual(record.task.alignment, 0.1, accuracy: 1e-9)
        // Not a terminal: plain progress lines on stderr, a summary table on stdout.
        XCTAssertTrue(r.stderr.contains("seed 1 (2/2)  epoch 4/4"), r.stderr)
        XCTAssertFalse(r.stderr.contains("\u{1B}["))
        XCTAssertTrue(r.stdout.contains("train acc"))

        // The record's own configuration, run again, reproduces it bit for bit.
        let again = dir.appendingPathComponent("again")
        let replay = try writeConfig(record.configuration.canonicalJSON, name: "replay.json", in: dir)
        let r2 = try CommandLineTool.run(["train", "--config", replay, "--out", again.path, "--name", "x", "--quiet"])
        XCTAssertEqual(r2.status, 0, r2.stderr)
        XCTAssertEqual(try Data(contentsOf: again.appendingPathComponent("x-seed1.json")),
                       try Data(contentsOf: out.appendingPathComponent(files[1])))
        XCTAssertTrue(r2.stderr.isEmpty)
    }

    func testFlagsOnlyAndPrintConfig() throws {
        let r = try CommandLineTool.run(["train", "--task", "nudged_xor:delta=0.5", "--hidden", "12", "--epochs", "2",
                                         "--seeds", "3,5", "--precision", "double", "--print-config"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let config = try RunConfiguration.decodeJSON(Data(r.stdout.utf8))
        XCTAssertEqual(config.seeds, [3, 5])
        XCTAssertEqual(config.precision, .double)
        XCTAssertEqual(config.network.hiddenWidths, [12])
        XCTAssertEqual(config.training.epochs, 2)
        XCTAssertEqual(config.task, try TaskSpec(parsing: "nudged_xor:delta=0.5"))

        let j = try CommandLineTool.run(["train", "--task", "random_patterns:N=20", "--hidden", "8", "--epochs", "3",
                                         "--train-samples", "100", "--test-samples", "0", "--json", "--quiet"])
        XCTAssertEqual(j.status, 0, j.stderr)
        let records = try JSONDecoder().decode([RunRecord].self, from: Data(j.stdout.utf8))
        XCTAssertEqual(records.count, 1)
        XCTAssertNil(records[0].final.testAccuracy)
    }

    func testBadInputFailsWithOneLineAndWritesNothing() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let good = Self.smallYAML
        let cases: [(config: String?, args: [String], expected: String)] = [
            (nil, ["--task", "aligned_cube", "--activation", "tanhh"], "--activation: unknown 'tanhh'"),
            (good.replacingOccurrences(of: "activation: relu", with: "activation: tanhh"), [], "network.activation: unknown 'tanhh'"),
            (good.replacingOccurrences(of: "activation: relu", with: "activation: clip:1,0"), [], "network.activation: clip:1,0: needs lo < hi"),
            (good.replacingOccurrences(of: "train_samples", with: "train_sample"), [], "train_sample: unknown field"),
            (good.replacingOccurrences(of: "epochs: 4", with: "epochs: four"), [], "training.epochs: expected a whole number"),
            (good.replacingOccurrences(of: "c=0.2", with: "c=0.5"), [], "task.c: 0.5 outside [0, 0.377964"),
            (good + "\nnetwork: [", [], "not valid YAML"),
            ("task: nudged_xor:N=100\n", [], "task.N: 100 must be divisible by 3"),
            ("task: {family: aligned_cube, k: 9}\n", [], "task.k: 9 outside 1…7"),
            ("network: {activation: relu}\n", [], "task: missing"),
            (good, ["--loss", "softmax"], "training.loss: softmax needs one-hot"),
            (good, ["--seeds", "4-1"], "--seeds: '4-1' is not a seed range"),
            (good, ["--precision", "half"], "--precision: unknown 'half'"),
            (good, ["--lr=-1"], "training.lr: must be a positive number"),
            (nil, ["--epochs", "3"], "--task: missing"),
            (nil, ["--config", dir.appendingPathComponent("nothere.yaml").path], "nothere.yaml: no such file"),
        ]
        for (i, c) in cases.enumerated() {
            let out = dir.appendingPathComponent("out\(i)")
            var args = ["train", "--out", out.path]
            if let text = c.config { args += ["--config", try writeConfig(text, name: "c\(i).yaml", in: dir)] }
            args += c.args
            let r = try CommandLineTool.run(args)
            XCTAssertNotEqual(r.status, 0, "\(args)")
            XCTAssertTrue(r.stderr.contains(c.expected), "case \(i): expected '\(c.expected)' in: \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "case \(i): one line: \(r.stderr)")
            let files = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
            XCTAssertEqual(files, [], "case \(i) left files behind")
        }
    }

    func testOutputPathThatIsAFileIsRejectedBeforeTraining() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let file = dir.appendingPathComponent("taken")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let r = try CommandLineTool.run(["train", "--task", "aligned_cube:N=10", "--epochs", "1", "--out", file.path])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--out: '\(file.path)' is a file"), r.stderr)
        XCTAssertFalse(r.stderr.contains("epoch"), "must fail before training")
    }
}
