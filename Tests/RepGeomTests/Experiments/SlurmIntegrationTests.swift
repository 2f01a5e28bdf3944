import Foundation
import XCTest
@testable import RepGeom
#if canImport(Glibc)
import Glibc
#endif

/// `repgeom slurm --submit` on a real Slurm: a throwaway single-node cluster on localhost
/// (Debian's slurmctld + slurmd, no munge, no systemd; PLATFORM.md), a 4-shard array job of the
/// smoke sweep plus the dependent merge job, and the merged result compared with the same sweep
/// run locally. The daemons are stopped by PID at teardown, whatever happened; every wait has a
/// deadline.
final class SlurmIntegrationTests: XCTestCase {
    func testShardedSweepOnARealSlurmMatchesTheLocalRun() throws {
        #if !os(Linux)
        throw XCTSkip("the throwaway Slurm cluster is a Linux test")
        #else
        for tool in ["slurmctld", "slurmd", "sbatch", "scontrol", "sinfo"] where which(tool) == nil {
            throw XCTSkip("\(tool) not installed (scripts/test.sh installs slurmctld slurmd slurm-client)")
        }
        guard getuid() == 0 else { throw XCTSkip("the throwaway slurmd runs jobs as root") }
        let started = Date()
        let root = try CommandLineTool.temporaryDirectory(self)
        let cluster = try Cluster(root: root.appendingPathComponent("cluster"))
        addTeardownBlock { cluster.stop() }
        try cluster.start()
        try cluster.waitForIdleNode(deadline: 30)

        // The reference: the same sweep, run locally.
        let local = root.appendingPathComponent("local")
        let l = try CommandLineTool.run(["reproduce", "smoke", "--out", local.path, "--jobs", "2"])
        XCTAssertEqual(l.status, 0, l.stderr)

        let out = root.appendingPathComponent("out")
        let s = try CommandLineTool.run(["slurm", "smoke", "--scale", "quick", "--out", out.path, "--shards", "4", "--submit"],
                                        environment: cluster.environment)
        XCTAssertEqual(s.status, 0, s.stderr)
        let words = s.stdout.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "\n" }).map(String.init)
        guard let a = words.firstIndex(of: "array"), let m = words.firstIndex(of: "merge"), a + 2 < words.count, m + 2 < words.count else {
            return XCTFail("no job ids in: \(s.stdout)")
        }
        let arrayJob = words[a + 2], mergeJob = words[m + 2]

        let mergeState = try cluster.waitForEnd(job: mergeJob, deadline: 120)
        let logs = out.appendingPathComponent("slurm/logs")
        func log(_ name: String) -> String { (try? String(contentsOf: logs.appendingPathComponent(name), encoding: .utf8)) ?? "(no \(name))" }
        XCTAssertEqual(mergeState, "COMPLETED", "merge log: \(log("merge.log"))\nshard 0: \(log("shard-0.log"))\n\(cluster.logTail())")
        let arrayStates = try cluster.states(of: arrayJob)
        XCTAssertEqual(arrayStates, Array(repeating: "COMPLETED", count: 4), cluster.logTail())
        XCTAssertTrue(log("merge.log").contains("16 networks added, 0 already present"), log("merge.log"))

        // The merged store holds exactly the local run's networks and records.
        let entry = try SweepPlan([SmokeExperiment()], scale: .quick).entries[0]
        let merged = try ResultStore.openExisting(out), reference = try ResultStore.openExisting(local)
        XCTAssertEqual(try merged.integrityCheck(), "ok")
        XCTAssertEqual(try merged.storedJobs().map(\.key), try reference.storedJobs().map(\.key))
        assertSameResults(try merged.results(for: entry).map { $0! }, try reference.results(for: entry).map { $0! })
        try merged.close(); try reference.close()
        for file in ["records.csv", "summary.csv", "networks.csv"] {
            XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("smoke/\(file)")),
                           try Data(contentsOf: local.appendingPathComponent("smoke/\(file)")), file)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("report/index.html").path))
        print("Slurm integration test: \(String(format: "%.1f", Date().timeIntervalSince(started))) s from cluster start to the merged report")
        #endif
    }

    func which(_ tool: String) -> String? {
        for dir in ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin"] {
            let path = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

#if os(Linux)
/// A single-node Slurm cluster in a temporary folder (config, state, spool, logs, pid files).
final class Cluster: @unchecked Sendable {
    let root: URL
    let conf: URL
    private var daemons: [pid_t] = []
    private let lock = NSLock()

    var environment: [String: String] { ["SLURM_CONF": conf.path] }

    init(root: URL) throws {
        self.root = root
        conf = root.appendingPathComponent("slurm.conf")
        for sub in ["state", "spool", "log"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let controllerPort = try Cluster.freePort(), nodePort = try Cluster.freePort()
        let p = root.path
        // The configuration PLATFORM.md verified: no munge (auth/none), no cgroups, RealMemory
        // below the machine's, and kill_invalid_depend so a failed array cancels the merge job.
        let text = """
            ClusterName=repgeomtest
            SlurmctldHost=localhost
            SlurmctldPort=\(controllerPort)
            SlurmdPort=\(nodePort)
            SlurmUser=root
            AuthType=auth/none
            CredType=cred/none
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            SelectType=select/cons_tres
            SchedulerParameters=batch_sched_delay=0
            DependencyParameters=kill_invalid_depend
            ReturnToService=2
            StateSaveLocation=\(p)/state
            SlurmdSpoolDir=\(p)/spool
            SlurmctldPidFile=\(p)/slurmctld.pid
            SlurmdPidFile=\(p)/slurmd.pid
            SlurmctldLogFile=\(p)/log/slurmctld.log
            SlurmdLogFile=\(p)/log/slurmd.log
            NodeName=localhost CPUs=2 RealMemory=1000 State=UNKNOWN
            PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP

            """
        try text.write(to: conf, atomically: true, encoding: .utf8)
    }

    /// Starts slurmctld and slurmd in the foreground mode (-D) as our own children, with
    /// posix_spawn rather than Foundation's Process: the daemons close every inherited file
    /// descriptor, which Foundation's process monitor takes for an exit and then blocks in
    /// waitpid for good, stalling every other Process of the test.
    func start() throws {
        for daemon in ["/usr/sbin/slurmctld", "/usr/sbin/slurmd"] {
            let name = URL(fileURLWithPath: daemon).lastPathComponent
            let log = root.appendingPathComponent("log/\(name).out").path
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            let arguments: [String] = [daemon, "-D", "-f", conf.path]
            let argv = arguments.map { strdup($0) } + [nil]
            var env = ProcessInfo.processInfo.environment
            env["SLURM_CONF"] = conf.path
            let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { (argv + envp).forEach { free($0) } }
            var pid: pid_t = 0
            let rc = posix_spawn(&pid, daemon, &actions, nil, argv, envp)
            guard rc == 0 else { throw InputError(daemon, "cannot start (\(String(cString: strerror(rc))))") }
            lock.lock(); daemons.append(pid); lock.unlock()
        }
    }

    /// Whether our child `pid` is still running (reaping it if it ended).
    func alive(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// Cancels what is left, then SIGTERM to each daemon, SIGKILL after 5 s.
    func stop() {
        _ = try? run(["scancel", "--full", "--quiet", "--user=root"], deadline: 5)
        lock.lock(); let pids = daemons; daemons = []; lock.unlock()
        var running = pids.filter(alive)
        for pid in running { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(5)
        while !running.isEmpty && Date() < deadline {
            usleep(50_000)
            running = running.filter(alive)
        }
        for pid in running {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    func waitForIdleNode(deadline seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let r = try? run(["sinfo", "-h", "-n", "localhost", "-o", "%T"], deadline: 5),
               r.output.trimmingCharacters(in: .whitespacesAndNewlines) == "idle" { return }
            lock.lock(); let pids = daemons; lock.unlock()
            if !pids.allSatisfy(alive) { break }
            usleep(200_000)
        }
        throw InputError("slurm", "the node did not become idle in \(Int(seconds)) s\n\(logTail())")
    }

    /// States of every task of `job` (one for a plain job, one per task for an array).
    func states(of job: String) throws -> [String] {
        let r = try run(["scontrol", "-o", "show", "job", job], deadline: 10)
        return r.output.split(separator: "\n").compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("JobState=") }.map { String($0.dropFirst("JobState=".count)) }
        }
    }

    /// Polls until `job` has ended; returns its final state.
    func waitForEnd(job: String, deadline seconds: Double) throws -> String {
        let ended: Set<String> = ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE"]
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let state = try states(of: job).first, ended.contains(state) { return state }
            usleep(250_000)
        }
        throw InputError("slurm job \(job)", "did not end in \(Int(seconds)) s\n\(logTail())")
    }

    func logTail() -> String {
        ["slurmctld.log", "slurmd.log"].map { name in
            let text = (try? String(contentsOf: root.appendingPathComponent("log/\(name)"), encoding: .utf8)) ?? ""
            return "--- \(name)\n" + text.split(separator: "\n").suffix(15).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Runs a Slurm client command against this cluster, killed after `deadline` seconds.
    func run(_ arguments: [String], deadline seconds: Double) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SLURM_CONF"] = conf.path
        p.environment = env
        let outURL = root.appendingPathComponent("client-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL) }
        let h = try FileHandle(forWritingTo: outURL)
        p.standardOutput = h
        p.standardError = h
        try p.run()
        let deadline = Date().addingTimeInterval(seconds)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        try h.close()
        return (p.terminationStatus, (try? String(contentsOf: outURL, encoding: .utf8)) ?? "")
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (bound to 0, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw InputError("socket", String(cString: strerror(errno))) }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { throw InputError("bind", String(cString: strerror(errno))) }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
#endif
