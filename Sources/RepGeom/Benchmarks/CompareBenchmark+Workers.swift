import Foundation

/// The throwaway Python environment of the references: `.venv-bench/` created with
/// `python3 -m venv` and filled from PyPI with `benchmarks/requirements.txt` on first use.
/// Never a dependency of repgeom or its tests.
enum ReferenceEnvironment {
    /// Returns the environment's interpreter, creating and installing it when needed.
    static func prepare(_ o: CompareBenchmark.Options, log: (String) -> Void) throws -> String {
        let fm = FileManager.default
        guard fm.fileExists(atPath: o.script) else {
            throw InputError("--script", "\(o.script) not found (run from the repository root or pass --script)")
        }
        let python = URL(fileURLWithPath: o.environment).appendingPathComponent("bin/python").path
        if !fm.isExecutableFile(atPath: python) {
            log("creating \(o.environment) with \(o.python) -m venv")
            try shell(o.python, ["-m", "venv", o.environment], what: "creating the virtual environment")
        }
        let modules = o.frameworks.joined(separator: ", ")
        if (try? shell(python, ["-c", "import \(modules)"], what: "")) == nil {
            guard fm.fileExists(atPath: o.requirements) else {
                throw InputError("--requirements", "\(o.requirements) not found")
            }
            log("installing the references into \(o.environment) from PyPI (\(o.requirements))")
            try shell(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", o.requirements],
                      what: "installing the Python references")
        }
        return python
    }

    /// Runs a command to completion; throws with the tail of its output when it fails.
    @discardableResult
    static func shell(_ executable: String, _ arguments: [String], what: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [executable] + arguments
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("repgeom-shell-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        let handle = try FileHandle(forWritingTo: out)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        p.waitUntilExit()
        try handle.close()
        let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        if p.terminationStatus != 0 {
            throw InputError(what.isEmpty ? executable : what,
                             "\(executable) \(arguments.joined(separator: " ")) failed (\(p.terminationStatus)): \(text.suffix(400))")
        }
        return text
    }
}

/// One Python reference process (`benchmarks/reference_training.py`), driven over stdin/stdout:
/// it prints a JSON line when ready, then one JSON result per "run".
final class ReferenceWorker {
    let process = Process()
    let input = Pipe(), output = Pipe()
    let logURL: URL
    var buffer = Data()
    private(set) var ready: [String: Any] = [:]

    init(python: String, script: String, workload: URL, configuration c: CompareBenchmark.Configuration,
         first: Int, log: URL) throws {
        logURL = log
        let arguments = [script, workload.path, "--framework", c.framework, "--first", "\(first)",
                         "--networks", "\(c.networksPerProcess)"]
        if let lists = c.cpuLists, !lists.isEmpty {
            // Pinned: this process may run only on its CPU list (taskset execs the interpreter).
            process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
            process.arguments = ["-c", lists[(first / max(c.networksPerProcess, 1)) % lists.count], python] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        env["JAX_PLATFORMS"] = "cpu"
        env["TF_CPP_MIN_LOG_LEVEL"] = "3"
        if c.singleThreaded {
            for k in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] { env[k] = "1" }
            env["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
        } else {
            for k in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "XLA_FLAGS"] { env.removeValue(forKey: k) }
        }
        process.environment = env
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        ready = try readMessage()
    }

    /// Sends "run" to every worker of a configuration at once and waits for all: the wall time
    /// from the first command to the last reply, the workers' CPU seconds (summed; nil when a
    /// worker did not report them), and the final losses in network order.
    static func run(_ workers: [ReferenceWorker]) throws -> (seconds: Double, cpuSeconds: Double?, losses: [Double]) {
        let start = DispatchTime.now().uptimeNanoseconds
        for w in workers { try w.input.fileHandleForWriting.write(contentsOf: Data("run\n".utf8)) }
        var losses: [Double] = []
        var cpu: Double? = 0
        for w in workers {
            let m = try w.readMessage()
            guard let l = m["loss"] as? [Double] else { throw w.failure("unexpected reply \(m)") }
            losses += l
            if let c = m["cpu_seconds"] as? Double, let sum = cpu { cpu = sum + c } else { cpu = nil }
        }
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpu, losses)
    }

    /// The next JSON line on the worker's stdout.
    func readMessage() throws -> [String: Any] {
        while true {
            if let nl = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<nl]
                buffer.removeSubrange(buffer.startIndex...nl)
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                    continue // not a protocol line (a stray print); skip
                }
                if let e = object["error"] { throw failure("\(e)") }
                return object
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw failure("exited early") }
            buffer.append(chunk)
        }
    }

    func failure(_ what: String) -> Error {
        let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return TrainingError(description: "reference worker \(process.arguments?.dropFirst(2).joined(separator: " ") ?? ""): \(what); log: \(log.suffix(600))")
    }

    func stop() {
        if process.isRunning {
            try? input.fileHandleForWriting.write(contentsOf: Data("quit\n".utf8))
            try? input.fileHandleForWriting.close()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { process.terminate() }
        }
    }
}
