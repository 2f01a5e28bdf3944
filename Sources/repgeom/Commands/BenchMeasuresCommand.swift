import ArgumentParser
import Foundation
import RepGeom

/// `repgeom bench measures`: PS-max, shattering dimensionality and linear CKA timings.
struct BenchMeasures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measures",
        abstract: "Timings of PS-max (P = 16), shattering dimensionality (6 435 dichotomies) and linear CKA (n = 10 000).",
        discussion: """
        Targets: PS-max over 40 320 pairings < 50 ms; SD over all 6 435 balanced dichotomies of \
        16 conditions × 50 samples, 128 units, 5-fold SVM decoding < 5 s on 2 threads; linear \
        CKA n = 10 000, p = 512 < 1 s. Each timing comes with a reference measured in the same \
        run (naive PS enumeration, serial SD estimate, dgemm throughput), and with the process CPU \
        time ÷ threads, which estimates the wall time on idle cores when the machine is \
        oversubscribed. A benchmark, not a test: shared machines are noisy (±30 %), so compare \
        ratios from one run.
        """)

    @Option(help: "Threads for shattering dimensionality.") var threads = 2
    @Option(help: "Units (columns) of the PS and SD representations.") var units = 128
    @Option(help: "Samples per condition for SD.") var samplesPerCondition = 50
    @Option(help: "Cross-validation folds for SD.") var folds = 5
    @Option(help: "Repetitions (best time is reported) for PS-max and CKA.") var repetitions = 3
    @Option(help: "Which benchmarks: ps, sd, cka.") var only: [String] = ["ps", "sd", "cka"]
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        for o in only where !["ps", "sd", "cka"].contains(o) { throw ValidationError("--only: unknown benchmark '\(o)' (ps, sd, cka)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard units >= 1, samplesPerCondition >= folds, folds >= 2 else {
            throw ValidationError("need --units ≥ 1, --folds ≥ 2 and --samples-per-condition ≥ --folds")
        }
    }

    func run() throws {
        BLASThreads.set(1)
        var w = MeasuresBenchmark.Workload()
        w.threads = threads
        w.units = units
        w.samplesPerCondition = samplesPerCondition
        w.folds = folds
        w.repetitions = repetitions
        w.blasThreads = threads
        var results: [MeasuresBenchmark.Result] = []
        if only.contains("ps") { results.append(try MeasuresBenchmark.parallelismScore(w)) }
        if only.contains("sd") { results.append(try MeasuresBenchmark.shattering(w)) }
        if only.contains("cka") {
            BLASThreads.set(threads)
            results.append(try MeasuresBenchmark.cka(w))
            BLASThreads.set(1)
        }
        if json {
            let enc = JSONEncoder(); enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(results), as: UTF8.self))
            return
        }
        for r in results {
            let verdict = r.seconds <= r.target ? "within" : "OVER"
            let idle = r.idleEstimate <= r.target ? "within" : "OVER"
            print(String(format: "%@\n  %.4f s wall (target %.3f s, %@ target)  reference %@: %.4g\n  CPU %.4f s on %d thread(s): ≈ %.4f s on idle cores (%@ target)\n  %@",
                         r.name as NSString, r.seconds, r.target, verdict as NSString, r.reference as NSString, r.referenceValue,
                         r.cpuSeconds, r.threadsUsed, r.idleEstimate, idle as NSString, r.detail as NSString))
        }
    }
}
