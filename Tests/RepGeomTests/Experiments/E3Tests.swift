import Foundation
import XCTest
@testable import RepGeom

final class E3Tests: XCTestCase {
    let e3 = E3SeparabilityNoise()

    /// Paper scale is SPEC §2/§3/§6's grid; quick is a strict subset with fewer of everything.
    func testGridMatchesSpecAndQuickIsSmaller() throws {
        let paper = try e3.jobs(scale: .paper), quick = try e3.jobs(scale: .quick)
        XCTAssertEqual(paper.count, 21 * 4 * 2 * 20)
        XCTAssertEqual(Set(paper.map(\.key)).count, paper.count)
        let deltas = Set(paper.compactMap { $0.setting["delta"]?.number })
        XCTAssertEqual(deltas.count, 21)
        for i in 0...20 { XCTAssertTrue(deltas.contains { abs($0 - Double(i) / 20) < 1e-12 }, "δ = \(Double(i) / 20)") }
        XCTAssertEqual(Set(paper.compactMap { $0.setting["sigma"]?.number }), [0, 0.1, 0.2, 0.3])
        XCTAssertEqual(Set(paper.map(\.seed)), Set((0..<20).map(UInt64.init)))
        XCTAssertEqual(Set(paper.map { $0.setting["nonlinearity"]!.description }), ["tanh", "relu"])
        XCTAssertTrue(paper.allSatisfy { $0.setting["epochs"] == .int(5000) && $0.setting["train_samples"] == .int(5000) })

        let config = try E3SeparabilityNoise.configuration(paper[0])
        XCTAssertEqual(config.network.hiddenWidths, [120])
        XCTAssertEqual(config.training.batchSize, 200)
        XCTAssertEqual(config.training.learningRate, 0.1)
        XCTAssertEqual(config.training.epochs, 5000)
        XCTAssertFalse(config.network.trainReadout)
        let task = try config.task.make()
        XCTAssertEqual(task.inputDimension, 120)
        XCTAssertEqual(task.family, "nudged_xor")

        XCTAssertLessThan(quick.count, paper.count / 20)
        XCTAssertTrue(Set(quick.compactMap { $0.setting["delta"]?.number }).isSubset(of: deltas))
        XCTAssertTrue(quick.allSatisfy { ($0.setting["epochs"]?.number ?? 1e9) < 5000 })
    }

    /// One tiny job twice: the same records; geometry at epoch 0 and the end with the measures
    /// the report reads, and epoch-0 target alignment equal to CKA computed here from the
    /// freshly initialised network.
    func testTinyJobIsDeterministicAndRecordsWhatTheReportReads() throws {
        var job = try e3.jobs(scale: .quick).first { $0.setting["nonlinearity"] == .string("relu") && $0.setting["delta"] == .double(0.5) }!
        job.setting["epochs"] = .int(3)
        job.setting["train_samples"] = .int(200)
        let a = try e3.run(job), b = try e3.run(job)
        assertSameResults([a], [b])
        let geometry = a.records.filter { $0.measure == "target_alignment" }
        XCTAssertEqual(Set(geometry.map(\.epoch)), [0, 3])
        for s in ["y1", "b1", "b2"] {
            XCTAssertNotNil(a.value(RecordSelector("decoding", subject: s)), s)
            XCTAssertNotNil(a.value(RecordSelector("ccgp", subject: s)), s)
        }
        XCTAssertNotNil(a.value(RecordSelector("ps", variant: "max", subject: "y1")))
        XCTAssertNotNil(a.value(RecordSelector("train_accuracy", layer: 2)))

        // Independent: CKA(Kz, Ky) of the untrained network on the task of the job's seed.
        let config = try E3SeparabilityNoise.configuration(job)
        let task = try config.taskSpec(seed: job.seed).make()
        let net = Network<Float>(spec: config.network, inputs: task.inputDimension, outputs: 1, seed: job.seed)
        let z = (0..<task.conditionCount).map { c in
            (0..<net.hidden[0].outputCount).map { i in
                max(0, (0..<task.inputDimension).reduce(Double(net.hidden[0].bias[i])) { $0 + Double(net.hidden[0].weights[i, $1]) * task.means[c, $1] })
            }
        }
        let y = (0..<4).map { [2 * task.targets[$0, 0] - 1] }
        XCTAssertEqual(a.value(RecordSelector("target_alignment"), epoch: 0)!, centredLinearCKA(z, y), accuracy: 1e-4)
    }

    /// The report draws every small-multiples figure and its claim checks pass on results that
    /// show the paper's pattern and fail when the pattern is reversed.
    func testReportChecksPassAndFailOnSyntheticResults() throws {
        let jobs = try e3.jobs(scale: .quick)
        func synthetic(tanhFirst: Bool, accuracy: Double) -> [NetworkResult] {
            jobs.map { job in
                let tanh = job.setting["nonlinearity"] == .string("tanh")
                let up = tanh == tanhFirst
                let jitter = Double(job.seed) * 0.001
                let records = [MeasureRecord(epoch: 300, layer: 1, measure: "target_alignment", variant: "v", value: (up ? 0.9 : 0.6) + jitter),
                               MeasureRecord(epoch: 300, layer: 1, measure: "input_alignment", variant: "v", value: (up ? 0.5 : 0.8) + jitter),
                               MeasureRecord(epoch: 300, layer: 1, measure: "ps", variant: "max", subject: "y1", value: up ? 0.9 : 0.3),
                               MeasureRecord(epoch: 300, layer: 1, measure: "ccgp", variant: "l", subject: "y1", value: up ? 0.9 : 0.6),
                               MeasureRecord(epoch: 300, layer: 1, measure: "decoding", variant: "d", subject: "b1", value: up ? 0.7 : 0.95),
                               MeasureRecord(epoch: 300, layer: 1, measure: "decoding", variant: "d", subject: "b2", value: up ? 0.6 : 0.95),
                               MeasureRecord(epoch: 300, layer: 1, measure: "ccgp", variant: "l", subject: "b1", value: up ? 0.5 : 0.9),
                               MeasureRecord(epoch: 300, layer: 2, measure: "train_accuracy", variant: "logit_sign", value: accuracy)]
                return NetworkResult(job: job, configuration: "{}", records: records)
            }
        }
        let good = try e3.report(synthetic(tanhFirst: true, accuracy: 1), scale: .quick)
        XCTAssertEqual(good.figures.map(\.name), ["target_alignment", "input_alignment", "ps_target", "ccgp_target", "decoding_inputs", "ccgp_inputs", "train_accuracy"])
        XCTAssertTrue(good.figures.allSatisfy { $0.svg.contains("<svg") && $0.svg.contains("separability δ") })
        XCTAssertTrue(good.figures[0].svg.contains("σ = 0.3"))
        XCTAssertEqual(good.claims.map(\.passed), [true, true, true], "\(good.claims)")
        XCTAssertTrue(good.claims[0].measured.contains("holds in 10 of 10"), good.claims[0].measured)

        let bad = try e3.report(synthetic(tanhFirst: false, accuracy: 0.6), scale: .quick)
        XCTAssertEqual(bad.claims.map(\.passed), [false, false, false], "\(bad.claims)")
    }
}

/// Centred linear CKA of the kernels of the rows of `a` and `b` (P × features each), written out
/// from the definition ⟨HKH, HLH⟩ / (‖HKH‖ ‖HLH‖) for tests.
func centredLinearCKA(_ a: [[Double]], _ b: [[Double]]) -> Double {
    let p = a.count
    func kernel(_ m: [[Double]]) -> [[Double]] {
        let k = (0..<p).map { i in (0..<p).map { j in zip(m[i], m[j]).reduce(0) { $0 + $1.0 * $1.1 } } }
        let row = k.map { $0.reduce(0, +) / Double(p) }
        let all = row.reduce(0, +) / Double(p)
        return (0..<p).map { i in (0..<p).map { j in k[i][j] - row[i] - row[j] + all } }
    }
    let ka = kernel(a), kb = kernel(b)
    var ab = 0.0, aa = 0.0, bb = 0.0
    for i in 0..<p { for j in 0..<p { ab += ka[i][j] * kb[i][j]; aa += ka[i][j] * ka[i][j]; bb += kb[i][j] * kb[i][j] } }
    return ab / (aa * bb).squareRoot()
}
