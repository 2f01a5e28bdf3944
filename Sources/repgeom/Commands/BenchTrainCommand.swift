import ArgumentParser
import Foundation
import RepGeom

/// `repgeom bench train`: steps/s of the reference shallow configuration and its roofline fraction.
struct BenchTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Training throughput of the reference shallow network (N_in 100, N_h 128, batch 64, BCE, SGD).",
        discussion: """
        Trains tanh and relu networks on one thread, then two networks on two threads (one per \
        core, BLAS single-threaded), and reports steps/s, GFLOP/s and the fraction of the sgemm \
        roofline measured in the same run on the step's own matrix shapes. With --e4 it also \
        measures k = 3 and 5 outputs on two cores and projects the paper-scale E4 sweep (960 \
        networks × 79 000 steps; training only). --kernel-path both adds the unoptimised scalar \
        reference path for comparison (same networks; its final losses agree up to rounding). \
        --gemm both measures the fused step with BLAS and with the small-matrix kernel (the default where its AVX2 + FMA build runs). \
        A benchmark, not a test: machines are noisy (±30 %), so compare ratios from one run.
        """)

    @Option(help: "Epochs per measurement (79 steps each).") var epochs = 40
    @Option(help: "Nonlinearities to measure.") var activations: [String] = ["tanh", "relu"]
    @Option(help: "Parallel network counts to measure.") var networks: [Int] = [1, 2]
    @Option(help: "Output counts k to measure.") var outputs: [Int] = [1]
    @Option(help: "vectorised, scalar_reference or both.") var kernelPath = "vectorised"
    @Option(help: "Matrix products of the fused step: small, blas, both or default (the training default: small with AVX2 + FMA, else blas).") var gemm = "default"
    @Option(help: "sgemm repetitions of the roofline measurement (0 skips it).") var rooflineRepetitions = 3000
    @Flag(help: "Also project the paper-scale E4 sweep from 2-core throughput at k = 1, 3, 5, and run part of it.") var e4 = false
    @Option(help: "Epochs of the E4 partial run's networks (paper: 1000; 0 skips the partial run).") var e4Epochs = 1000
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        if epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if networks.contains(where: { $0 < 1 || $0 > 64 }) { throw ValidationError("--networks must be in 1…64") }
        if outputs.contains(where: { $0 < 1 || $0 > 10 }) { throw ValidationError("--outputs must be in 1…10") }
        if !["vectorised", "scalar_reference", "both"].contains(kernelPath) {
            throw ValidationError("--kernel-path must be vectorised, scalar_reference or both")
        }
        if !["small", "blas", "both", "default"].contains(gemm) { throw ValidationError("--gemm must be small, blas, both or default") }
    }

    func run() throws {
        let paths: [KernelPath] = kernelPath == "both" ? [.vectorised, .scalarReference] : [KernelPath(rawValue: kernelPath)!]
        let gemms: [GEMMBackend] = gemm == "both" ? [.blas, .small] : gemm == "default" ? [GEMMBackend.preferred] : [GEMMBackend(rawValue: gemm)!]
        var results: [TrainingBenchmark.Result] = []
        for name in activations {
            var w = TrainingBenchmark.Workload()
            w.activation = try Activation(parsing: name)
            w.epochs = epochs
            for k in outputs {
                w.outputs = k
                for n in networks {
                    for p in paths {
                        for g in (p == .vectorised ? gemms : [.blas]) {
                            results.append(try TrainingBenchmark.run(w, networks: n, path: p, gemm: g, rooflineRepetitions: rooflineRepetitions))
                        }
                    }
                }
            }
        }
        var projection: Double? = nil
        var partial: [E4PartialRun.Result] = []
        if e4 {
            var measured: [String: Double] = [:]
            for a in E4Projection.activations {
                for (k, _) in E4Projection.outputCounts {
                    if let r = results.first(where: { $0.activation == "\(a)" && $0.outputs == k && $0.networks == 2 && $0.kernelPath == "vectorised" && $0.gemm == GEMMBackend.current.rawValue }) {
                        measured["\(a)/\(k)"] = r.stepsPerSecond
                        continue
                    }
                    var w = TrainingBenchmark.Workload()
                    w.activation = a; w.epochs = epochs; w.outputs = k
                    let r = try TrainingBenchmark.run(w, networks: 2, rooflineRepetitions: rooflineRepetitions)
                    results.append(r)
                    measured["\(a)/\(k)"] = r.stepsPerSecond
                }
            }
            projection = E4Projection.hours { a, k in measured["\(a)/\(k)"]! }
            if e4Epochs > 0 {
                for a in E4Projection.activations {
                    partial.append(try E4PartialRun.run(activation: a, d: 3, k: 1, epochs: e4Epochs, networks: 2))
                }
            }
        }
        if json {
            struct Output: Encodable {
                var results: [TrainingBenchmark.Result]; var e4ProjectedHours: Double?
                var e4PartialRuns: [E4PartialRun.Result]; var e4ProjectedHoursFromPartialRun: Double?
            }
            let enc = JSONEncoder(); enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(Output(results: results, e4ProjectedHours: projection, e4PartialRuns: partial,
                                                                    e4ProjectedHoursFromPartialRun: partial.isEmpty ? nil : E4PartialRun.projectedHours(partial))), as: UTF8.self))
            return
        }
        print("small-matrix kernel: \(GEMMBackend.smallKernelName); Float tanh: C kernel, \(CKernelBuild.current.rawValue); load average \(loadAverageText())")
        print("activation   k  networks  path              gemm    steps/s  steps/CPU-s   nets/hour   GFLOP/s   sgemm GFLOP/s (OpenBLAS, small)   roofline   final loss")
        for r in results {
            print(r.activation.padding(toLength: 10, withPad: " ", startingAt: 0)
                  + String(format: "  %2d  %8d  ", r.outputs, r.networks)
                  + r.kernelPath.padding(toLength: 16, withPad: " ", startingAt: 0)
                  + "  " + r.gemm.padding(toLength: 5, withPad: " ", startingAt: 0)
                  + String(format: "  %9.0f  %11.0f  %10.1f  %8.1f  %6.1f (%5.1f, %5.1f)            %8.1f%%   %.6f", r.stepsPerSecond,
                           r.stepsPerCPUSecond, r.networksPerHour, r.gflops, r.sgemmGflops, r.openblasGflops, r.smallGemmGflops,
                           100 * r.rooflineFraction, r.finalLosses.first ?? .nan))
        }
        if let h = projection {
            print(String(format: "E4 at paper scale (960 networks × 79 000 steps, 2 cores, training only): %.2f h projected", h))
        }
        for r in partial {
            print(String(format: "E4 partial run: %@ d=%d k=%d, %d networks × %d epochs on %d threads: %.1f s wall, %.1f CPU-s "
                         + "(checkpoints %.1f CPU-s incl. measures %.2f CPU-s; %d checkpoints, %d measured), final train accuracy %@",
                         r.activation, r.d, r.k, r.networks, r.epochs, r.networks, r.wallSeconds, r.cpuSeconds,
                         r.checkpointCPUSeconds, r.measureCPUSeconds, r.checkpoints, r.measuredCheckpoints,
                         r.finalTrainAccuracy.map { String(format: "%.3f", $0) }.joined(separator: ", ")))
        }
        if !partial.isEmpty {
            print(String(format: "E4 at paper scale from the partial run's CPU time (training + checkpoints + measures, 2 cores, no other load): %.2f h",
                         E4PartialRun.projectedHours(partial)))
        }
    }
}

/// The 1-, 5- and 15-minute load averages (Linux; "n/a" elsewhere).
func loadAverageText() -> String {
    guard let s = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "n/a" }
    return s.split(separator: " ").prefix(3).joined(separator: " ")
}
