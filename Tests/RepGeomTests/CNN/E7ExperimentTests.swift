import XCTest
@testable import RepGeom

/// E7: the job grid, one tiny job (generated images) run twice with identical records, and a
/// report with figures and claim checks built from synthetic results.
final class E7ExperimentTests: XCTestCase {
    func testGridMatchesTheSettings() throws {
        let e = E7Experiment()
        let quick = try e.jobs(scale: .quick)
        XCTAssertEqual(quick.count, 2 * 3)
        XCTAssertEqual(Set(quick.map { $0.setting["nonlinearity"]! }), [.string("tanh"), .string("relu")])
        XCTAssertTrue(quick.allSatisfy { $0.setting["dataset"] == .string("fashion-mnist") && $0.setting["epochs"] != nil })
        XCTAssertEqual(Set(quick.map(\.seed)), [0, 1, 2])
        let paper = try e.jobs(scale: .paper)
        XCTAssertEqual(paper.count, 2 * 10)
        XCTAssertTrue(paper.allSatisfy { $0.setting["train_per_class"] == .int(6000) && $0.setting["untrained"] == .int(125) })
        XCTAssertTrue(Catalogue.experiments.contains { $0.id == "E7" })
        // Every job's settings resolve (the reference CNN fits 28×28 inputs).
        for j in quick { XCTAssertNoThrow(try e.settings(j)) }
    }

    func testUntrainedDichotomies() {
        let trained = ClassGrouping.fashionTops.classLabels(classCount: 10)
        let all = E7Experiment.untrainedDichotomies(trained: trained, classCount: 10, count: 125)
        XCTAssertEqual(all.count, 125 + 1, "all balanced splits but the trained one, plus footwear")
        XCTAssertFalse(all.contains { $0.canonicalLabels == Dichotomy(labels: trained).canonicalLabels })
        XCTAssertEqual(Set(all.map(\.canonicalLabels)).count, all.count)
        let some = E7Experiment.untrainedDichotomies(trained: trained, classCount: 10, count: 12)
        XCTAssertEqual(some.count, 13)
        XCTAssertEqual(some.map(\.labels), E7Experiment.untrainedDichotomies(trained: trained, classCount: 10, count: 12).map(\.labels))
    }

    func tinyJob(_ f: String) -> SweepJob {
        SweepJob(experiment: "E7", setting: ["nonlinearity": .string(f), "dataset": .string("generated"), "train_per_class": .int(12),
                                             "test_per_class": .int(6), "epochs": .int(2), "untrained": .int(3)], seed: 1)
    }

    func testTinyJobIsDeterministicAndComplete() throws {
        let e = E7Experiment()
        let a = try e.run(tinyJob("relu")), b = try e.run(tinyJob("relu"))
        XCTAssertEqual(a.records, b.records)
        XCTAssertEqual(a.configuration, b.configuration)
        let layers = Set(a.records.filter { $0.measure == "target_alignment" }.map(\.layer))
        XCTAssertEqual(layers, [0, 1, 2, 3, 4], "pixels, two conv blocks, two FC layers")
        // The pixel layer is perfectly aligned with itself.
        let pixel = a.records.first { $0.measure == "input_alignment" && $0.layer == 0 && $0.variant == AlignmentOptions(level: .samples).variant }
        XCTAssertEqual(pixel?.value ?? 0, 1, accuracy: 1e-9)
        for m in ["ps", "ccgp"] { XCTAssertEqual(a.records.filter { $0.measure == m && $0.subject == "trained" }.count, 5, m) }
        XCTAssertEqual(a.records.filter { $0.measure == "decoding" && $0.subject == "untrained_mean" }.count, 5)
        XCTAssertTrue(a.records.contains { $0.measure == "test_accuracy" && $0.layer == 5 && $0.epoch == 2 })
        XCTAssertTrue(a.records.allSatisfy { $0.value.isFinite })
        XCTAssertNotEqual(try e.run(tinyJob("tanh")).records, a.records)
    }

    /// Synthetic results where tanh is more target-aligned, less input-aligned and worse at
    /// untrained decoding at every layer: all three claims pass; flipping one layer fails one.
    func testReportBuildsFiguresAndChecksClaims() throws {
        let e = E7Experiment()
        let samples = AlignmentOptions(level: .samples).variant, means = AlignmentOptions().variant
        func result(_ f: String, seed: UInt64, flipLayer: Int? = nil) -> NetworkResult {
            let t = f == "tanh"
            var r: [MeasureRecord] = []
            for l in 0...4 {
                let s = Double(l) / 4
                var target = t ? 0.3 + 0.6 * s : 0.3 + 0.3 * s
                if l == flipLayer { target = t ? 0.1 : 0.9 }
                for v in [samples, means] {
                    r.append(MeasureRecord(epoch: 8, layer: l, measure: "target_alignment", variant: v, value: target + 0.01 * Double(seed)))
                    r.append(MeasureRecord(epoch: 8, layer: l, measure: "input_alignment", variant: v, value: t ? 1 - 0.6 * s : 1 - 0.3 * s))
                }
                r.append(MeasureRecord(epoch: 8, layer: l, measure: "decoding", variant: "svm", subject: "untrained_mean", value: t ? 0.8 : 0.9))
                r.append(MeasureRecord(epoch: 8, layer: l, measure: "decoding", variant: "svm", subject: "trained", value: 0.95))
                r.append(MeasureRecord(epoch: 8, layer: l, measure: "ps", variant: "max", subject: "trained", value: t ? 0.5 : 0.3))
                r.append(MeasureRecord(epoch: 8, layer: l, measure: "ccgp", variant: "leave_one_per_side", subject: "trained", value: 0.9))
            }
            r.append(MeasureRecord(epoch: 8, layer: 5, measure: "test_accuracy", variant: "logit_sign", value: 0.95))
            return NetworkResult(job: SweepJob(experiment: "E7", setting: ["nonlinearity": .string(f)], seed: seed), configuration: "{}", records: r)
        }
        let results = (0..<3).flatMap { s in ["tanh", "relu"].map { result($0, seed: UInt64(s)) } }
        let report = try e.report(results, scale: .quick)
        XCTAssertEqual(report.figures.map(\.name), ["alignment_by_layer", "untrained_decoding", "ps_ccgp_trained"])
        XCTAssertTrue(report.figures.allSatisfy { $0.svg.hasPrefix("<svg") || $0.svg.contains("<svg") })
        XCTAssertEqual(report.claims.count, 3)
        XCTAssertEqual(report.claims.map(\.passed), [true, true, true], report.claims.map(\.measured).joined(separator: "\n"))
        XCTAssertTrue(report.claims[0].measured.contains("L4 tanh 0.910 vs relu 0.610"), report.claims[0].measured)
        let flipped = (0..<3).flatMap { s in [result("tanh", seed: UInt64(s), flipLayer: 2), result("relu", seed: UInt64(s), flipLayer: 2)] }
        XCTAssertEqual(try e.report(flipped, scale: .quick).claims.map(\.passed), [false, true, true])
    }
}
