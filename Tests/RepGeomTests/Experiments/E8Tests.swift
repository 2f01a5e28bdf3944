import Foundation
import XCTest
@testable import RepGeom

final class E8Tests: XCTestCase {
    let e8 = E8NonlinearityDissection()

    /// Paper scale has SPEC §6's variants at c ∈ linspace(0, c_max, 12) with 10 networks; quick
    /// is smaller in every dimension and uses only values of the paper grid.
    func testGridMatchesSpecAndQuickIsSmaller() throws {
        let paper = try e8.jobs(scale: .paper), quick = try e8.jobs(scale: .quick)
        let variants = E8NonlinearityDissection.variants(E8NonlinearityDissection.grid(.paper))
        XCTAssertEqual(variants.count, 2 + 3 + 4 + 8 + 20)
        XCTAssertEqual(paper.count, variants.count * 12 * 10)
        XCTAssertEqual(Set(paper.map(\.key)).count, paper.count)
        let names = Set(paper.map { $0.setting["nonlinearity"]!.description })
        for n in ["tanh", "relu", "bounded_relu:1", "bounded_relu:1.5", "bounded_relu:2", "shifted_relu:-1", "shifted_relu:-0.5",
                  "shifted_relu:0.5", "shifted_relu:1", "clip:-inf,0.5", "clip:-2,inf", "clip:-1,1", "clip:0,2"] {
            XCTAssertTrue(names.contains(n), n)
        }
        XCTAssertEqual(Set(paper.compactMap { $0.setting["bias_shift"]?.number }), [-1, -0.5, 0, 0.5, 1])
        let cMax = (1.0 / 7).squareRoot()
        let cs = Set(paper.compactMap { $0.setting["c"]?.number }).sorted()
        XCTAssertEqual(cs.count, 12)
        for (i, c) in cs.enumerated() { XCTAssertEqual(c, cMax * Double(i) / 11, accuracy: 1e-12) }
        XCTAssertTrue(paper.allSatisfy { $0.setting["epochs"] == .int(1000) && $0.setting["train_samples"] == .int(5000) })
        // sides counts the finite clip bounds.
        let clip = paper.filter { $0.setting["family"] == .string("clip") }
        XCTAssertEqual(clip.first { $0.setting["nonlinearity"] == .string("clip:-1,1") }?.setting["sides"], .string("two"))
        XCTAssertEqual(clip.first { $0.setting["nonlinearity"] == .string("clip:0,inf") }?.setting["sides"], .string("one"))
        XCTAssertEqual(clip.first { $0.setting["nonlinearity"] == .string("clip:-inf,inf") }?.setting["sides"], .string("none"))

        let config = try E8NonlinearityDissection.configuration(paper[0])
        XCTAssertEqual(config.network.hiddenWidths, [128])
        XCTAssertEqual(config.training.batchSize, 64)
        XCTAssertEqual(config.training.learningRate, 0.1)
        let task = try config.task.make()
        XCTAssertEqual(task.inputDimension, 100)
        XCTAssertEqual(task.conditionCount, 8)
        XCTAssertEqual(task.noise, 1)

        XCTAssertLessThan(quick.count, paper.count / 10)
        let paperNames = names
        XCTAssertTrue(Set(quick.map { $0.setting["nonlinearity"]!.description }).isSubset(of: paperNames))
        XCTAssertTrue(quick.allSatisfy { ($0.setting["epochs"]?.number ?? 1e9) < 1000 })
    }

    /// A tiny job twice gives the same records; the epoch-0 alignments equal CKA computed here
    /// from the freshly initialised network with the bias shift added by hand (so the shift,
    /// the nonlinearity and the layer are wired as documented).
    func testTinyJobIsDeterministicAndMatchesAnIndependentAlignment() throws {
        let jobs = try e8.jobs(scale: .quick)
        for (family, nonlinearity, s0) in [("bias_shift", "relu", 1.0), ("clip", "clip:-1,1", 0.0)] {
            var job = jobs.first { $0.setting["family"] == .string(family) && $0.setting["nonlinearity"] == .string(nonlinearity)
                && $0.setting["bias_shift"]?.number == s0 && ($0.setting["c"]?.number ?? 0) > 0 && $0.seed == 1 }!
            job.setting["epochs"] = .int(2)
            job.setting["train_samples"] = .int(128)
            let a = try e8.run(job), b = try e8.run(job)
            assertSameResults([a], [b])
            XCTAssertEqual(Set(a.records.filter { $0.measure == "target_alignment" }.map(\.epoch)), [0, 2])

            let config = try E8NonlinearityDissection.configuration(job)
            let task = try config.taskSpec(seed: job.seed).make()
            var spec = config.network
            spec.biasShift = 0
            let net = Network<Float>(spec: spec, inputs: task.inputDimension, outputs: 1, seed: job.seed)
            let f: (Double) -> Double = nonlinearity == "relu" ? { max($0, 0) } : { min(max($0, -1), 1) }
            let z = (0..<task.conditionCount).map { c in
                (0..<net.hidden[0].outputCount).map { i in
                    f((0..<task.inputDimension).reduce(Double(net.hidden[0].bias[i]) + s0) { $0 + Double(net.hidden[0].weights[i, $1]) * task.means[c, $1] })
                }
            }
            let x = (0..<8).map { c in (0..<task.inputDimension).map { task.means[c, $0] } }
            let y = (0..<8).map { [2 * task.targets[$0, 0] - 1] }
            XCTAssertEqual(a.value(RecordSelector("target_alignment"), epoch: 0)!, centredLinearCKA(z, y), accuracy: 1e-4, family)
            XCTAssertEqual(a.value(RecordSelector("input_alignment"), epoch: 0)!, centredLinearCKA(z, x), accuracy: 1e-4, family)
            // The task itself has A(Kx, Ky) = c.
            XCTAssertEqual(centredLinearCKA(x, y), try job.number("c"), accuracy: 1e-9)
        }
    }

    /// Synthetic results where target alignment grows with the number of saturating sides,
    /// bounded relu beats relu and shifts matter: every claim passes and every figure is drawn;
    /// flattening everything to one value makes every claim fail.
    func testReportChecksPassAndFailOnSyntheticResults() throws {
        let jobs = try e8.jobs(scale: .quick)
        func ta(_ job: SweepJob) -> Double {
            let name = job.setting["nonlinearity"]!.description
            let s0 = job.setting["bias_shift"]?.number ?? 0
            switch job.setting["family"]!.description {
            case "clip": return ["none": 0.3, "one": 0.5, "two": 0.8][job.setting["sides"]!.description]!
            case "bounded_relu": return 0.75
            case "shifted_relu": return 0.5 + 0.1 * (try! Activation(parsing: name).shiftValue)
            case "bias_shift": return name == "relu" ? 0.5 + 0.1 * s0 : 0.7
            default: return name == "tanh" ? 0.9 : 0.5
            }
        }
        func synthetic(flat: Bool) -> [NetworkResult] {
            jobs.map { job in
                let v = flat ? 0.5 : ta(job) + 0.002 * Double(job.seed)
                return NetworkResult(job: job, configuration: "{}", records: [
                    MeasureRecord(epoch: 200, layer: 1, measure: "target_alignment", variant: "v", value: v),
                    MeasureRecord(epoch: 200, layer: 1, measure: "input_alignment", variant: "v", value: 1 - v)])
            }
        }
        let good = try e8.report(synthetic(flat: false), scale: .quick)
        XCTAssertEqual(good.figures.map(\.name), ["bounded_relu", "shifted_relu", "bias_shift", "clip_phase", "clip_phase_per_c"])
        XCTAssertTrue(good.figures.allSatisfy { $0.svg.contains("<svg") })
        XCTAssertTrue(good.figures[3].svg.contains("lower bound lo") && good.figures[3].svg.contains("−∞"))
        // The heatmap shows the cell values: two-sided 0.80, one-sided 0.50, linear 0.30.
        for v in ["0.80", "0.50", "0.30"] { XCTAssertTrue(good.figures[3].svg.contains(">\(v)<"), v) }
        XCTAssertEqual(good.claims.map(\.passed), [true, true, true, true], "\(good.claims)")

        let flat = try e8.report(synthetic(flat: true), scale: .quick)
        XCTAssertEqual(flat.claims.map(\.passed), [false, false, false, false], "\(flat.claims)")
    }
}

private extension Activation {
    var shiftValue: Double { if case .shiftedReLU(let s) = self { return s } else { return 0 } }
}
