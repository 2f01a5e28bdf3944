import ArgumentParser
import Foundation
import RepGeom

/// `repgeom reproduce`: run experiments of the catalogue into a result store, export CSVs, write the report.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Run experiments (SPEC §6) into a result store, export their CSVs and write the HTML report.",
        discussion: """
        Trains every network of the named experiments (one per core, BLAS single-threaded) into \
        OUT/results.sqlite, one transaction per finished network: rerunning the same command skips \
        finished networks, and a killed run loses only the networks in flight. Then writes \
        OUT/<id>/records.csv, summary.csv and networks.csv per experiment and the report \
        OUT/report/index.html. An OUT holding results of another scale, version or job list is refused.

        With --shard i/n only every n-th network (starting at i) is trained and nothing is exported; \
        combine the shard folders with `repgeom merge`, then report with --no-train. \
        `repgeom slurm` writes the cluster scripts for exactly this. See docs/sweeps.md.

        Known experiments: \(Catalogue.known.map(\.id).joined(separator: ", ")) (all = \(Catalogue.experiments.isEmpty ? "none yet" : Catalogue.experiments.map(\.id).joined(separator: ", "))).
        """)

    @Argument(help: "Experiment ids, or 'all'.") var experiments: [String]
    @Option(help: "quick (minutes on a laptop) or paper (the reference settings).") var scale = "quick"
    @Option(help: "Output folder: the store, the CSVs and the report.") var out: String
    @Option(help: "Networks trained at once (default: the number of cores).") var jobs: Int = SweepRunner.defaultWorkers
    @Option(help: "Train only shard i of n (0 ≤ i < n), e.g. 0/4; no exports or report.") var shard: String?
    @Flag(help: "Train nothing: export and report from the networks already in the store (after a merge).") var noTrain = false
    @Option(help: "Checkpoints in summary.csv: final (each network's last) or all.") var summary = "final"

    func run() throws {
        guard let scale = ExperimentScale(rawValue: scale) else {
            throw InputError("--scale", "must be quick or paper, got '\(scale)'")
        }
        guard let checkpoints = ResultSummary.Checkpoints(rawValue: summary) else {
            throw InputError("--summary", "must be final or all, got '\(summary)'")
        }
        var request = ReproduceRequest(ids: experiments, scale: scale, output: URL(fileURLWithPath: out))
        request.workers = jobs
        request.shard = try shard.map(Shard.init(parsing:))
        request.train = !noTrain
        request.summary = checkpoints
        _ = try Reproduction.run(request, log: Console.line)
    }
}

/// Line-at-a-time output that reaches logs (a Slurm job's, a pipe's) immediately.
enum Console {
    @Sendable static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
