import Foundation
import XCTest
@testable import RepGeom

final class SlurmJobTests: XCTestCase {
    func job(_ out: URL) -> SlurmJob {
        var job = SlurmJob(ids: ["smoke"], scale: .quick, output: out, shards: 3, executable: "/opt/my tools/repgeom", networks: 16)
        job.cpusPerTask = 2
        job.time = "01:00:00"
        job.partition = "short"
        job.extraOptions = ["--qos=low"]
        return job
    }

    /// The scripts are valid bash, carry the options, run every shard into its own folder and
    /// merge exactly those folders; paths with spaces are quoted.
    func testScripts() throws {
        let out = try temporaryFolder().appendingPathComponent("run")
        let job = job(out)
        let files = try job.write()
        XCTAssertEqual(files.map(\.lastPathComponent), ["shards.sbatch", "merge.sbatch", "submit.sh"])
        for f in files {
            let check = try bash(["-n", f.path])
            XCTAssertEqual(check.status, 0, "\(f.lastPathComponent): \(check.output)")
            XCTAssertTrue(FileManager.default.isExecutableFile(atPath: f.path))
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: job.logs.path), "Slurm does not create the log folder itself")
        let shards = try String(contentsOf: files[0], encoding: .utf8)
        for line in ["#SBATCH --array=0-2", "#SBATCH --cpus-per-task=2", "#SBATCH --time=01:00:00", "#SBATCH --partition=short",
                     "#SBATCH --qos=low", "#SBATCH --output=\(out.path)/slurm/logs/shard-%a.log",
                     "exec '/opt/my tools/repgeom' reproduce smoke --scale quick --out \(out.path)/shards/\"$shard\" --shard \"$shard/3\" --jobs \"${SLURM_CPUS_PER_TASK:-1}\""] {
            XCTAssertTrue(shards.contains(line + "\n"), "missing: \(line)\n\(shards)")
        }
        let merge = try String(contentsOf: files[1], encoding: .utf8)
        XCTAssertTrue(merge.contains("'/opt/my tools/repgeom' merge --out \(out.path) \\\n    \(out.path)/shards/0 \\\n    \(out.path)/shards/1 \\\n    \(out.path)/shards/2\n"), merge)
        XCTAssertTrue(merge.contains("exec '/opt/my tools/repgeom' reproduce smoke --scale quick --out \(out.path) --no-train\n"), merge)
        XCTAssertFalse(merge.contains("--array"))
        let submit = try String(contentsOf: files[2], encoding: .utf8)
        XCTAssertTrue(submit.contains("--dependency=\"afterok:${array}\" --kill-on-invalid-dep=yes"), submit)

        // The shard script run outside Slurm stops at once with a clear message.
        let outside = try bash([files[0].path])
        XCTAssertNotEqual(outside.status, 0)
        XCTAssertTrue(outside.output.contains("run this script as a Slurm array job"), outside.output)
    }

    func testValidation() throws {
        let out = try temporaryFolder()
        var j = job(out)
        j.shards = 17
        XCTAssertThrowsError(try j.validate()) { XCTAssertTrue("\($0)".contains("use at most 16"), "\($0)") }
        j = job(out); j.shards = 0
        XCTAssertThrowsError(try j.validate())
        j = job(out); j.time = "1 hour"
        XCTAssertThrowsError(try j.validate()) { XCTAssertTrue("\($0)".contains("--time"), "\($0)") }
        j = job(out); j.extraOptions = ["qos=low"]
        XCTAssertThrowsError(try j.validate())
        j = job(out.appendingPathComponent("with space"))
        XCTAssertThrowsError(try j.validate()) { XCTAssertTrue("\($0)".contains("#SBATCH lines cannot hold paths with spaces"), "\($0)") }
        XCTAssertEqual(SlurmJob.quote("it's"), "'it'\\''s'")
        XCTAssertEqual(SlurmJob.quote("/a/b-c_d.e"), "/a/b-c_d.e")
    }

    /// Through the binary: bad input is one line and writes nothing; good input writes the scripts.
    func testCommand() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        let out = dir.appendingPathComponent("run")
        for (arguments, message) in [(["slurm", "smoke", "--out", out.path, "--shards", "99"], "use at most 16"),
                                     (["slurm", "E0", "--out", out.path, "--shards", "2"], "E0: unknown experiment"),
                                     (["slurm", "smoke", "--out", out.path, "--shards", "2", "--scale", "big"], "--scale: must be quick or paper")] {
            let r = try CommandLineTool.run(arguments)
            XCTAssertNotEqual(r.status, 0)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains(message), r.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        }
        let r = try CommandLineTool.run(["slurm", "smoke", "--out", out.path, "--shards", "4"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("16 networks in 4 shards (≤ 4 each, 1 core per shard)"), r.stdout)
        let script = try String(contentsOf: out.appendingPathComponent("slurm/shards.sbatch"), encoding: .utf8)
        XCTAssertTrue(script.contains(CommandLineTool.executable.resolvingSymlinksInPath().path), script)
    }

    func bash(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
