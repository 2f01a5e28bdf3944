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
        roofline measured in the same run on the step's own matrix shapes. A benchmark, not a test: \
        machines are noisy (±30 %), so compare ratios from one run.
        """)

    @Option(help: "Epochs per measurement (79 steps each).") var epochs = 40
    @Option(help: "Nonlinearities to measure.") var activations: [String] = ["tanh", "relu"]
    @Option(help: "Parallel network counts to measure.") var networks: [Int] = [1, 2]
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        var results: [TrainingBenchmark.Result] = []
        for name in activations {
            var w = TrainingBenchmark.Workload()
            w.activation = try Activation(parsing: name)
            w.epochs = epochs
            for n in networks { results.append(try TrainingBenchmark.run(w, networks: n)) }
        }
        if json {
            let enc = JSONEncoder(); enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(results), as: UTF8.self))
            return
        }
        print("activation  networks   steps/s   nets/hour   GFLOP/s   sgemm GFLOP/s   roofline")
        for r in results {
            print(String(format: "%-10@  %8d  %8.0f  %10.1f  %8.1f  %14.1f  %8.1f%%", r.activation as NSString, r.networks,
                         r.stepsPerSecond, r.networksPerHour, r.gflops, r.sgemmGflops, 100 * r.rooflineFraction))
        }
    }
}
