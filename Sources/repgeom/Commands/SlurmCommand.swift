import ArgumentParser
import Foundation
import RepGeom

/// `repgeom slurm`: write (and optionally submit) Slurm scripts running a sweep as an array of shards plus a merge.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Write Slurm scripts that run a sweep as an array job of shards and a dependent merge job.",
        discussion: """
        Writes OUT/slurm/shards.sbatch (array task i runs `repgeom reproduce … --shard i/N` into \
        OUT/shards/i), OUT/slurm/merge.sbatch (after every shard succeeded: `repgeom merge` into OUT, \
        then `reproduce … --no-train` for the CSVs and the report) and OUT/slurm/submit.sh, which \
        submits both with the dependency. --submit runs sbatch now. Logs go to OUT/slurm/logs/. \
        OUT must be on a file system every node sees. See docs/sweeps.md.
        """)

    @Argument(help: "Experiment ids, or 'all'.") var experiments: [String]
    @Option(help: "quick or paper.") var scale = "quick"
    @Option(help: "Final output folder (shared file system).") var out: String
    @Option(help: "Number of shards (array tasks).") var shards: Int
    @Option(help: "Cores per shard; each shard trains this many networks at once.") var cpusPerTask = 1
    @Option(help: "Time limit per task (#SBATCH --time), e.g. 02:00:00.") var time: String?
    @Option(help: "Partition (#SBATCH --partition).") var partition: String?
    @Option(help: "Account (#SBATCH --account).") var account: String?
    @Option(help: "Memory per task (#SBATCH --mem), e.g. 2G.") var mem: String?
    @Option(name: .customLong("sbatch-option"), help: "Any further #SBATCH option, verbatim (repeatable), e.g. --qos=short.") var sbatchOptions: [String] = []
    @Option(help: "Path of the repgeom binary on the nodes (default: this binary).") var repgeom: String?
    @Flag(help: "Submit the jobs with sbatch now.") var submit = false

    func run() throws {
        guard let scale = ExperimentScale(rawValue: scale) else {
            throw InputError("--scale", "must be quick or paper, got '\(scale)'")
        }
        let resolved = try Catalogue.resolve(experiments)
        let plan = try SweepPlan(resolved, scale: scale)
        let output = URL(fileURLWithPath: out).standardizedFileURL
        try ResultStore.verify(output, plan: plan)
        var job = SlurmJob(ids: plan.entries.map(\.id), scale: scale, output: output, shards: shards,
                           executable: try repgeom.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? SlurmCommand.currentExecutable(),
                           networks: plan.jobCount)
        job.cpusPerTask = cpusPerTask
        job.time = time
        job.partition = partition
        job.account = account
        job.memory = mem
        job.extraOptions = sbatchOptions
        try job.write()
        let perShard = (plan.jobCount + shards - 1) / shards
        Console.line("\(plan.jobCount) networks in \(shards) shards (≤ \(perShard) each, \(cpusPerTask) core\(cpusPerTask == 1 ? "" : "s") per shard)")
        Console.line("wrote \(job.shardScript.path), \(job.mergeScript.path) and \(job.submitScript.path)")
        if submit {
            let ids = try job.submit()
            Console.line("submitted shard array job \(ids.array) and merge job \(ids.merge); report when done: \(output.appendingPathComponent("report/index.html").path)")
        } else {
            Console.line("submit with: bash \(job.submitScript.path)")
        }
    }

    /// The absolute path of this binary.
    static func currentExecutable() throws -> String {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        if let url = Bundle.main.executableURL { return url.resolvingSymlinksInPath().path }
        throw InputError("--repgeom", "cannot find this binary's path; give it with --repgeom")
    }
}
