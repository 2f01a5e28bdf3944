import Foundation

/// A sweep as Slurm jobs: an array job whose task i runs shard i/n into `OUT/shards/i`, and a
/// merge job (afterok on the whole array) that merges the shards into `OUT` and writes the
/// exports and the report there (`repgeom reproduce … --no-train`).
///
/// Files written to `OUT/slurm/`: `shards.sbatch`, `merge.sbatch`, `submit.sh` (submits both
/// with the dependency) and `logs/` (one log per shard, one for the merge). All paths in the
/// scripts are absolute, so they can be submitted from any folder.
public struct SlurmJob: Sendable {
    /// Experiment ids as resolved from the catalogue.
    public var ids: [String]
    public var scale: ExperimentScale
    /// The final output folder (absolute).
    public var output: URL
    public var shards: Int
    /// Cores per shard; each shard trains this many networks at once.
    public var cpusPerTask: Int = 1
    /// `#SBATCH --time` (e.g. `02:00:00`), `--partition`, `--account`, `--mem` (per task), when set.
    public var time: String?
    public var partition: String?
    public var account: String?
    public var memory: String?
    /// Further `#SBATCH` options, verbatim (e.g. `--qos=short`).
    public var extraOptions: [String] = []
    /// Absolute path of the repgeom binary the jobs run.
    public var executable: String
    /// Networks in the whole sweep (for the script's comment and the printed plan).
    public var networks: Int

    public init(ids: [String], scale: ExperimentScale, output: URL, shards: Int, executable: String, networks: Int) {
        self.ids = ids
        self.scale = scale
        self.output = output
        self.shards = shards
        self.executable = executable
        self.networks = networks
    }

    public var folder: URL { output.appendingPathComponent("slurm") }
    public var shardScript: URL { folder.appendingPathComponent("shards.sbatch") }
    public var mergeScript: URL { folder.appendingPathComponent("merge.sbatch") }
    public var submitScript: URL { folder.appendingPathComponent("submit.sh") }
    public var logs: URL { folder.appendingPathComponent("logs") }
    public func shardFolder(_ i: Int) -> URL { output.appendingPathComponent("shards").appendingPathComponent("\(i)") }

    /// Checks what a cluster would otherwise only reject later.
    public func validate() throws {
        guard shards >= 1, shards <= Shard.maximumCount else {
            throw InputError("--shards", "must be in 1…\(Shard.maximumCount), got \(shards)")
        }
        guard shards <= max(networks, 1) else {
            throw InputError("--shards", "\(shards) shards for \(networks) networks would leave shards empty; use at most \(networks)")
        }
        if output.path.contains(where: { $0.isWhitespace || $0 == "%" || $0 == "\\" }) {
            throw InputError(output.path, "#SBATCH lines cannot hold paths with spaces, '%' or '\\'; use another --out")
        }
        guard (1...1024).contains(cpusPerTask) else { throw InputError("--cpus-per-task", "must be in 1…1024, got \(cpusPerTask)") }
        for (name, value) in [("--time", time), ("--partition", partition), ("--account", account), ("--mem", memory)] {
            if let v = value, v.isEmpty || v.contains(where: { $0.isWhitespace || $0 == "#" }) {
                throw InputError(name, "'\(v)' must be one word")
            }
        }
        for o in extraOptions where !o.hasPrefix("--") || o.contains("\n") {
            throw InputError("--sbatch-option", "'\(o)' must be a single long sbatch option such as --qos=short")
        }
    }

    /// `#SBATCH` lines shared by both scripts.
    func commonOptions() -> [String] {
        var lines: [String] = []
        if let time { lines.append("#SBATCH --time=\(time)") }
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let account { lines.append("#SBATCH --account=\(account)") }
        if let memory { lines.append("#SBATCH --mem=\(memory)") }
        lines += extraOptions.map { "#SBATCH \($0)" }
        return lines
    }

    var name: String { "repgeom-\(ids.joined(separator: "-"))-\(scale.rawValue)" }
    var reproduceArguments: String { (["reproduce"] + ids + ["--scale", scale.rawValue]).map(SlurmJob.quote).joined(separator: " ") }

    /// The array job: task i runs shard i/n.
    public func shardScriptText() -> String {
        let exe = SlurmJob.quote(executable)
        let shardsRoot = SlurmJob.quote(output.appendingPathComponent("shards").path + "/")
        return ([
            "#!/bin/bash",
            "#SBATCH --job-name=\(name)",
            "#SBATCH --array=0-\(shards - 1)",
            "#SBATCH --ntasks=1",
            "#SBATCH --cpus-per-task=\(cpusPerTask)",
            "#SBATCH --output=\(logs.appendingPathComponent("shard-%a.log").path)",
        ] + commonOptions() + [
            "# repgeom \(RepGeomVersion.string): shard $SLURM_ARRAY_TASK_ID of \(shards) of `repgeom \(reproduceArguments)` (\(networks) networks).",
            "# Written by `repgeom slurm`; submit with submit.sh, which also queues the merge job.",
            "set -euo pipefail",
            "export OPENBLAS_NUM_THREADS=1",
            "shard=\"${SLURM_ARRAY_TASK_ID:?run this script as a Slurm array job (sbatch)}\"",
            "exec \(exe) \(reproduceArguments) --out \(shardsRoot)\"$shard\" --shard \"$shard/\(shards)\" --jobs \"${SLURM_CPUS_PER_TASK:-1}\"",
        ]).joined(separator: "\n") + "\n"
    }

    /// The merge job: merges every shard folder into the output, then exports and reports.
    public func mergeScriptText() -> String {
        let exe = SlurmJob.quote(executable)
        let out = SlurmJob.quote(output.path)
        let sources = (0..<shards).map { SlurmJob.quote(shardFolder($0).path) }.joined(separator: " \\\n    ")
        return ([
            "#!/bin/bash",
            "#SBATCH --job-name=\(name)-merge",
            "#SBATCH --ntasks=1",
            "#SBATCH --cpus-per-task=1",
            "#SBATCH --output=\(logs.appendingPathComponent("merge.log").path)",
        ] + commonOptions() + [
            "# repgeom \(RepGeomVersion.string): merges the \(shards) shards of `repgeom \(reproduceArguments)`, then writes the CSV exports and the report.",
            "set -euo pipefail",
            "export OPENBLAS_NUM_THREADS=1",
            "\(exe) merge --out \(out) \\\n    \(sources)",
            "exec \(exe) \(reproduceArguments) --out \(out) --no-train",
        ]).joined(separator: "\n") + "\n"
    }

    /// Submits the array, then the merge job with `afterok` on it.
    public func submitScriptText() -> String {
        """
        #!/bin/bash
        # Submits the shard array job and the merge job that runs when every shard succeeded
        # (and is cancelled, not left pending, if one fails).
        set -euo pipefail
        array=$(sbatch --parsable \(SlurmJob.quote(shardScript.path)))
        array="${array%%;*}"
        merge=$(sbatch --parsable --dependency="afterok:${array}" --kill-on-invalid-dep=yes \(SlurmJob.quote(mergeScript.path)))
        merge="${merge%%;*}"
        echo "submitted shard array job ${array} and merge job ${merge}"

        """
    }

    /// Writes the three scripts (executable) and creates the log folder.
    @discardableResult
    public func write() throws -> [URL] {
        try validate()
        do {
            try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        } catch {
            throw InputError(logs.path, "cannot create the folder (\(DirectoryLock.reason(error)))")
        }
        let files = [(shardScript, shardScriptText()), (mergeScript, mergeScriptText()), (submitScript, submitScriptText())]
        for (url, text) in files {
            try AtomicFile.write(text, to: url)
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        return files.map(\.0)
    }

    /// Submits both jobs with `sbatch` (found on PATH) and returns their job ids.
    public func submit(timeout: Double = 120) throws -> (array: String, merge: String) {
        let array = try SlurmJob.sbatch(["--parsable", shardScript.path], timeout: timeout)
        let merge = try SlurmJob.sbatch(["--parsable", "--dependency=afterok:\(array)", "--kill-on-invalid-dep=yes", mergeScript.path], timeout: timeout)
        return (array, merge)
    }

    /// Runs `sbatch arguments…` and returns the job id it printed (`--parsable`: `id[;cluster]`).
    static func sbatch(_ arguments: [String], timeout: Double) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sbatch"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw InputError("sbatch", "cannot start (\(error))") }
        let deadline = Date().addingTimeInterval(timeout)
        // sbatch prints a line or two; reading after exit cannot block on a full pipe.
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            throw InputError("sbatch", "no answer within \(Int(timeout)) s (is slurmctld reachable?)")
        }
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            if process.terminationStatus == 127 { throw InputError("sbatch", "not found on PATH; submit the written submit.sh on a machine with Slurm") }
            let message = stderr.split(separator: "\n").first.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw InputError("sbatch", message)
        }
        let id = stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else { throw InputError("sbatch", "unexpected answer '\(stdout.trimmingCharacters(in: .whitespacesAndNewlines))'") }
        return id
    }

    /// A word for bash: single-quoted, with `'` as `'\''`.
    public static func quote(_ s: String) -> String {
        if !s.isEmpty, s.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || "/._-+=:,@%".unicodeScalars.contains($0) }) {
            return s
        }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
