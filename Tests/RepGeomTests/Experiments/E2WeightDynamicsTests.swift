import Foundation
import XCTest
@testable import RepGeom

final class E2WeightDynamicsTests: XCTestCase {
    let e2 = E2WeightDynamicsExperiment()

    /// The grid of SPEC §6 (E2) with the dynamics settings of SPEC §3, at both scales.
    func testJobGridMatchesTheSpecAtBothScales() throws {
        for scale in ExperimentScale.allCases {
            let jobs = try e2.jobs(scale: scale)
            let seeds = scale == .paper ? 20 : 5
            XCTAssertEqual(jobs.count, 5 * 2 * seeds, "\(scale)")
            XCTAssertEqual(Set(jobs.map(\.key)).count, jobs.count)
            XCTAssertNoThrow(try SweepPlan([e2], scale: scale))
            XCTAssertTrue(jobs.allSatisfy { $0.experiment == "E2" })
            XCTAssertEqual(Set(jobs.map(\.seed)), Set((0..<UInt64(seeds)).map { $0 }))
            XCTAssertEqual(Set(jobs.compactMap { $0.setting["nonlinearity"]?.description }), ["tanh", "relu"])
            let tasks = Set(jobs.map { "\($0.setting["task"]!)" + ($0.setting["delta"].map { " \($0)" } ?? "") })
            XCTAssertEqual(tasks, ["T1", "T1_two_output", "T2 0.0", "T2 0.5", "T2 1.0"])
            for job in jobs {
                let (task, _, epochs) = try E2WeightDynamicsExperiment.parse(job)
                let expected = scale == .paper ? (task.name == "T2" ? 5000 : 1000) : (task.name == "T2" ? 60 : 30)
                XCTAssertEqual(epochs, expected, "\(job.key)")
            }
        }
        // SPEC §3 dynamics settings.
        let s = E2WeightDynamicsExperiment.settings
        XCTAssertEqual(s.network.hiddenWidths, [120])
        XCTAssertEqual(s.network.readoutInit, .balancedBinary)
        XCTAssertEqual(s.network.weightInit, .uniform)
        XCTAssertEqual(s.network.biasInit, .zero)
        XCTAssertFalse(s.network.trainHiddenBiases)
        XCTAssertFalse(s.network.trainReadout)
        XCTAssertEqual(s.training.batchSize, 200)
        XCTAssertEqual(s.training.learningRate, 0.1)
        XCTAssertEqual(s.training.optimizer, .sgd)
        XCTAssertEqual(s.trainSamples, 5000)
        // The tasks: T1 P = 4 in N = 200 with {0,1} vs {2,3} (and the two-output variant), T2 in N = 120.
        let t1 = try E2WeightDynamicsExperiment.taskSpec(.init(name: "T1", delta: nil), seed: 3).make()
        XCTAssertEqual(t1.means.rows, 4); XCTAssertEqual(t1.inputDimension, 200)
        XCTAssertEqual(t1.targets.column(0), [0, 0, 1, 1])
        let two = try E2WeightDynamicsExperiment.taskSpec(.init(name: "T1_two_output", delta: nil), seed: 3).make()
        XCTAssertEqual(two.targets.column(0), [0, 0, 1, 1]); XCTAssertEqual(two.targets.column(1), [0, 1, 0, 1])
        XCTAssertEqual(two.means, t1.means, "same patterns, other targets")
        let t2 = try E2WeightDynamicsExperiment.taskSpec(.init(name: "T2", delta: 0.5), seed: 3).make()
        XCTAssertEqual(t2.inputDimension, 120); XCTAssertEqual(t2.targets.column(0), [0, 1, 1, 0])
        XCTAssertEqual(E2WeightDynamicsExperiment.snapshotEpochs(30), [0, 1, 2, 3, 4, 5, 8, 11, 15, 21, 29, 30])
        // A malformed job is refused with one line naming it.
        XCTAssertThrowsError(try e2.run(SweepJob(experiment: "E2", setting: ["task": .string("T2"), "nonlinearity": .string("tanh"), "epochs": .int(2)], seed: 0)))
    }

    func tinyJob(_ task: String, _ f: String, delta: Double? = nil, seed: UInt64 = 0, epochs: Int = 2) -> SweepJob {
        var setting: [String: ParameterValue] = ["task": .string(task), "nonlinearity": .string(f), "epochs": .int(epochs)]
        if let d = delta { setting["delta"] = .double(d) }
        return SweepJob(experiment: "E2", setting: setting, seed: seed)
    }

    /// A tiny job runs, is deterministic, and its summary records agree with its per-unit records
    /// and trajectories.
    func testTinyJobRunsDeterministicallyAndItsRecordsAgree() throws {
        let job = tinyJob("T1", "relu")
        let a = try e2.run(job), b = try e2.run(job)
        assertSameResults([a], [b])
        XCTAssertTrue(a.configuration.contains("random_patterns:P=4,N=200"), a.configuration)
        let units = a.records.filter { $0.measure == "unit_intra_share" }
        XCTAssertEqual(units.count, 120)
        let mean = a.records.first { $0.measure == "intra_share" && $0.variant == "mean" }!.value
        XCTAssertEqual(mean, units.map(\.value).reduce(0, +) / 120, accuracy: 1e-12)
        XCTAssertEqual(a.records.first { $0.measure == "analysed_units" }?.value, 120)
        // Trajectories: units 0..<40 at epochs 0, 1, 2; the path's end minus start recovers the
        // unit's displacement share.
        let traj = a.records.filter { $0.measure == "traj_inter" }
        XCTAssertEqual(Set(traj.compactMap(\.subject)).count, 40)
        XCTAssertEqual(Set(traj.map(\.epoch)), [0, 1, 2])
        func at(_ m: String, _ u: Int, _ e: Int) -> Double { a.records.first { $0.measure == m && $0.subject == "unit\(u)" && $0.epoch == e }!.value }
        for u in [0, 7, 39] {
            let di = Swift.abs(at("traj_inter", u, 2) - at("traj_inter", u, 0)), dq = Swift.abs(at("traj_intra", u, 2) - at("traj_intra", u, 0))
            XCTAssertEqual(dq / (di + dq), units.first { $0.subject == "unit\(u)" }!.value, accuracy: 1e-6)
        }
        XCTAssertNotNil(a.records.first { $0.measure == "test_accuracy" && $0.layer == 2 && $0.epoch == 2 })
        // Other seeds keep no trajectories.
        let other = try e2.run(tinyJob("T1", "tanh", seed: 1, epochs: 1))
        XCTAssertFalse(other.records.contains { $0.measure.hasPrefix("traj_") })
    }

    /// T2 at δ = 0 has no inter-class axis of its own; E2 uses the axes of δ = 1, which are the
    /// axes of every δ > 0 (checked against the δ = 0.5 task's own axes).
    func testXORAxesAreTheSmallDeltaLimit() throws {
        let variant = E2WeightDynamicsExperiment.TaskVariant(name: "T2", delta: 0)
        let task = try E2WeightDynamicsExperiment.taskSpec(variant, seed: 4).make()
        let net = E2WeightDynamicsExperiment.initialNetwork(task, activation: .tanh, seed: 4)
        XCTAssertTrue(try WeightDynamics(task: task, network: net).axes.isEmpty, "class centroids coincide at δ = 0")
        let limit = try E2WeightDynamicsExperiment.analysis(task, variant: variant, seed: 4, network: net)
        XCTAssertEqual(limit.axes.count, 120)
        XCTAssertEqual(limit.means, task.means, "the field and selectivity still use the δ = 0 means")
        let half = try WeightDynamics(task: try E2WeightDynamicsExperiment.taskSpec(.init(name: "T2", delta: 0.5), seed: 4).make(), network: net)
        for (x, y) in zip(limit.axes, half.axes) {
            for j in 0..<120 {
                XCTAssertEqual(x.inter[j], y.inter[j], accuracy: 1e-12)
                XCTAssertEqual(x.intra[j], y.intra[j], accuracy: 1e-12)
            }
        }
        // A tiny δ = 0 job analyses every unit.
        let r = try e2.run(tinyJob("T2", "relu", delta: 0, seed: 1, epochs: 1))
        XCTAssertEqual(r.records.first { $0.measure == "analysed_units" }?.value, 120)
    }

    /// Synthetic results with given shares: one network per (task, nonlinearity) and seed, with
    /// trajectories for seed 0 (units 0 and 4: the same readout pattern for one and two outputs).
    func synthetic(relu: Double, tanh: Double, seeds: Int = 3) throws -> [NetworkResult] {
        var out: [NetworkResult] = []
        for job in try e2.jobs(scale: .quick) where job.seed < UInt64(seeds) {
            let f = job.setting["nonlinearity"]!.description
            let base = f == "relu" ? relu : tanh
            let share = base + 0.01 * Double(job.seed)
            var records = [MeasureRecord(epoch: 30, layer: 1, measure: "intra_share", variant: "mean", value: share),
                           MeasureRecord(epoch: 30, layer: 1, measure: "single_condition_fraction", variant: "threshold_0.5", value: f == "relu" ? 0.5 : 0),
                           MeasureRecord(epoch: 30, layer: 2, measure: "train_accuracy", variant: "logit_sign", value: 1)]
            for u in 0..<6 {
                records.append(MeasureRecord(epoch: 30, layer: 1, measure: "unit_intra_share", variant: "l1", subject: "unit\(u)",
                                             value: share + 0.02 * Double(u - 3)))
            }
            if job.seed == 0 {
                for u in [0, 4] {
                    for (k, e) in [0, 1, 30].enumerated() {
                        let t = Double(k)
                        records.append(MeasureRecord(epoch: e, layer: 1, measure: "traj_inter", variant: "projection", subject: "unit\(u)", value: 0.05 * Double(u) + t * 0.3))
                        records.append(MeasureRecord(epoch: e, layer: 1, measure: "traj_intra", variant: "projection", subject: "unit\(u)", value: t * 0.3 * base))
                        records.append(MeasureRecord(epoch: e, layer: 1, measure: "traj_residual", variant: "projection", subject: "unit\(u)", value: 0.55))
                    }
                }
            }
            out.append(NetworkResult(job: job, configuration: "{}", records: records))
        }
        return out
    }

    /// The report draws a phase portrait per task and the share figure, and its claim checks
    /// pass when relu's shares exceed tanh's and tanh's are small, and fail otherwise.
    func testReportBuildsFiguresAndClaimChecks() throws {
        let report = try e2.report(try synthetic(relu: 0.3, tanh: 0.1), scale: .quick)
        XCTAssertEqual(report.figures.map(\.name), ["phase_t1", "phase_t1_two_output", "phase_t2_delta0", "phase_t2_delta0p5",
                                                   "phase_t2_delta1", "displacement_shares"])
        for fig in report.figures.prefix(5) {
            // Two panels, each with its two trajectories (units 0 and 4) and a 15 × 15 field.
            XCTAssertEqual(fig.svg.components(separatedBy: "<polyline").count - 1, 4, fig.name)
            XCTAssertTrue(fig.svg.contains("tanh: 2 units") && fig.svg.contains("relu: 2 units"), fig.name)
        }
        XCTAssertEqual(report.claims.count, 8, "two claims × the four settings with an inter-class axis")
        XCTAssertTrue(report.claims.allSatisfy(\.passed), "\(report.claims)")
        XCTAssertFalse(report.claims.contains { $0.claim.contains("δ = 0 ") || $0.claim.hasSuffix("δ = 0") })

        let reversed = try e2.report(try synthetic(relu: 0.1, tanh: 0.6), scale: .quick)
        XCTAssertEqual(reversed.claims.map(\.passed), Array(repeating: false, count: 8))
        // Differences within the spread over networks do not pass claim 1.
        let close = try e2.report(try synthetic(relu: 0.105, tanh: 0.1), scale: .quick)
        XCTAssertEqual(close.claims.prefix(4).map(\.passed), [false, false, false, false])

        // Tiny real results of one task only: the other settings report n/a and fail.
        let real = try [tinyJob("T1", "tanh"), tinyJob("T1", "relu")].map(e2.run)
        let partial = try e2.report(real, scale: .quick)
        XCTAssertEqual(partial.figures.map(\.name), ["phase_t1", "displacement_shares"])
        XCTAssertEqual(partial.claims.count, 8)
        XCTAssertFalse(partial.claims[1].passed)
        XCTAssertTrue(partial.figures[0].svg.contains("20 units"), "seed 0 stores 20 units of each readout sign")
    }
}
