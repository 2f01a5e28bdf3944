import ArgumentParser
import Foundation
import RepGeom
#if canImport(Glibc)
import Glibc
#endif

/// `repgeom bench compare`: repgeom against JAX (whole loop compiled) and numpy on identical workloads.
struct BenchCompare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Training throughput against JAX (compiled loop) and numpy on identical workloads, alternately.",
        discussion: """
        The reference shallow network (N_in 100, N_h 128, frozen readout, BCE, batch 64, SGD lr 0.1, \
        5000 samples = 79 steps per epoch) is trained by repgeom and by benchmarks/reference_training.py \
        on the same data, initial weights and batch orders (the final losses agree up to rounding), \
        alternately: repgeom, then each reference, for every pair. One core: one network per process \
        and thread. Two cores: repgeom trains two networks on two threads; JAX both vmaps two networks \
        in one process and runs two single-threaded processes (the faster counts); numpy runs two \
        processes. Prints steps/s, networks/hour (1000 epochs) and the ratio per pair with median, \
        min and max, and repgeom's fraction of the sgemm roofline measured in the same pairs.

        The references are installed from PyPI into a throwaway virtual environment (--environment, \
        default .venv-bench/, ignored by git) on first use. Run from the repository root. A benchmark, \
        not a test: machines are noisy, which is why only same-run ratios are reported.
        """)

    @Option(help: "Epochs per run (79 steps each).") var epochs = 100
    @Option(help: "A B pairs per configuration (at least 5 for the reported statistics).") var pairs = 5
    @Option(help: "Nonlinearities (tanh, relu).") var activations: [String] = ["tanh", "relu"]
    @Option(help: "Core counts to compare (1 and/or 2).") var cores: [Int] = [1, 2]
    @Option(help: "References to run (jax, numpy).") var frameworks: [String] = ["jax", "numpy"]
    @Option(help: "Python used to create the environment.") var python = "python3"
    @Option(help: "The references' virtual environment.") var environment = ".venv-bench"
    @Option(help: "The reference training script.") var script = "benchmarks/reference_training.py"
    @Option(help: "Pinned reference packages.") var requirements = "benchmarks/requirements.txt"
    @Flag(help: "Print JSON (ratio_vs_jax_median, ratio_vs_numpy_median, roofline_fraction, …) instead of tables.") var json = false

    func validate() throws {
        if epochs < 1 || epochs > 100_000 { throw ValidationError("--epochs must be in 1…100000") }
        if pairs < 1 || pairs > 1000 { throw ValidationError("--pairs must be in 1…1000") }
        if cores.isEmpty || cores.contains(where: { $0 != 1 && $0 != 2 }) { throw ValidationError("--cores takes 1 and/or 2") }
        if activations.contains(where: { $0 != "tanh" && $0 != "relu" }) { throw ValidationError("--activations takes tanh and/or relu") }
        if frameworks.isEmpty || frameworks.contains(where: { $0 != "jax" && $0 != "numpy" }) {
            throw ValidationError("--frameworks takes jax and/or numpy")
        }
    }

    func run() throws {
        #if canImport(Glibc)
        signal(SIGPIPE, SIG_IGN) // a reference that dies must surface as an error, not kill us
        #endif
        var o = CompareBenchmark.Options()
        o.epochs = epochs; o.pairs = pairs; o.cores = cores; o.frameworks = frameworks
        o.activations = try activations.map { try Activation(parsing: $0) }
        o.python = python; o.environment = environment; o.script = script; o.requirements = requirements
        let report = try CompareBenchmark.run(o) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        if json {
            let enc = JSONEncoder(); enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(report), as: UTF8.self))
            return
        }
        print("Versions: " + report.versions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        print("Load average before/after: \(report.loadAverageBefore) / \(report.loadAverageAfter); \(report.epochs) epochs per run\n")
        print("Per pair (steps/s; ratio = repgeom ÷ best JAX configuration of the pair; final loss of network 0):")
        for p in report.pairs {
            var line = "  \(p.cores) core(s) \(p.activation.padding(toLength: 4, withPad: " ", startingAt: 0)) #\(p.index + 1): "
            line += String(format: "repgeom %7.0f", p.repgeom.stepsPerSecond)
            for r in p.references { line += String(format: " | %@ %7.0f", r.configuration, r.stepsPerSecond) }
            if let j = p.ratioVsJax { line += String(format: " | ×%.2f vs JAX", j) }
            if let n = p.ratioVsNumpy { line += String(format: " ×%.2f vs numpy", n) }
            line += String(format: " | roofline %.0f%%", 100 * p.rooflineFraction)
            line += String(format: " | loss %.6f", p.repgeom.losses.first ?? .nan)
            line += p.references.map { String(format: "/%.6f", $0.losses.first ?? .nan) }.joined()
            print(line)
        }
        print("\nSummary (median [min, max] over pairs):")
        for s in report.summaries {
            var line = "  \(s.cores) core(s) \(s.activation.padding(toLength: 4, withPad: " ", startingAt: 0)): "
            line += String(format: "repgeom %.0f steps/s (%.0f networks/h)", s.repgeomStepsPerSecond.median, s.repgeomNetworksPerHour)
            for (name, v) in s.referenceStepsPerSecond.sorted(by: { $0.key < $1.key }) { line += String(format: ", %@ %.0f", name, v) }
            if let j = s.ratioVsJax { line += String(format: "; vs JAX ×%.2f [%.2f, %.2f]", j.median, j.min, j.max) }
            if let n = s.ratioVsNumpy { line += String(format: "; vs numpy ×%.2f [%.2f, %.2f]", n.median, n.min, n.max) }
            line += String(format: "; roofline %.0f%% [%.0f, %.0f]", 100 * s.rooflineFraction.median,
                           100 * s.rooflineFraction.min, 100 * s.rooflineFraction.max)
            print(line)
        }
        if let j = report.ratioVsJaxMedian { print(String(format: "\nratio vs JAX (2 cores, median): %.2f", j)) }
        if let n = report.ratioVsNumpyMedian { print(String(format: "ratio vs numpy (2 cores, median): %.2f", n)) }
        if let r = report.rooflineFraction { print(String(format: "roofline fraction (2 cores, median): %.0f%%", 100 * r)) }
        if let h = report.e4ProjectedHours {
            print(String(format: "E4 at paper scale projected: %.2f h on 2 cores (960 networks × 79 000 steps from the k = 1 medians; training only, measures at checkpoints come on top; `bench train --e4` measures k = 3, 5)", h))
        }
    }
}
