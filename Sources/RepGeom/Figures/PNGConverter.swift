import Foundation

/// SVG → PNG through `rsvg-convert` (Debian package librsvg2-bin; `scripts/install-deps.sh`
/// installs it). The PNG is written atomically; every failure is one clear `InputError`.
public enum PNGConverter {
    /// The converter's name, looked up on PATH.
    public static let toolName = "rsvg-convert"

    /// Whether the converter is installed.
    public static var isAvailable: Bool { TimedSubprocess.find(toolName) != nil }

    /// Renders the SVG file at `svg` to `png`, `width` pixels wide (height follows the SVG's
    /// aspect ratio). `tool` names the converter (a name looked up on PATH, or a path).
    /// Throws when the tool is missing, fails, takes longer than `timeout` seconds, or writes
    /// something that is not a PNG of the requested width.
    public static func convert(svg: URL, to png: URL, width: Int, tool: String = toolName,
                               timeout: TimeInterval = 60) throws {
        guard width > 0 && width <= 20_000 else { throw InputError("PNG width", "must be 1…20000 pixels, got \(width)") }
        guard let executable = TimedSubprocess.find(tool) else {
            throw InputError(tool, "not found on PATH; it renders the report's PNG figures — install librsvg2-bin (scripts/install-deps.sh)")
        }
        guard FileManager.default.fileExists(atPath: svg.path) else { throw InputError(svg.path, "SVG file does not exist") }
        let dir = png.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tmp = dir.appendingPathComponent(".\(png.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let result = try TimedSubprocess.run(executable, ["--width=\(width)", "--keep-aspect-ratio", "--format=png",
                                                       "--output=\(tmp.path)", svg.path], timeout: timeout)
        if result.timedOut { throw InputError(svg.path, "\(tool) did not finish within \(Int(timeout)) s") }
        guard result.status == 0 else {
            let detail = result.stderr.split(separator: "\n").first.map(String.init) ?? "no message"
            throw InputError(svg.path, "\(tool) failed (exit \(result.status)): \(detail)")
        }
        guard let data = try? Data(contentsOf: tmp), let size = dimensions(ofPNG: data) else {
            throw InputError(svg.path, "\(tool) did not write a PNG")
        }
        guard abs(size.width - width) <= 1 else {
            throw InputError(svg.path, "\(tool) wrote a PNG \(size.width) pixels wide, asked for \(width)")
        }
        if rename(tmp.path, png.path) != 0 {
            throw InputError(png.path, "cannot write (\(String(cString: strerror(errno))))")
        }
    }

    /// Width and height from a PNG's IHDR chunk; nil when `data` is not a PNG.
    public static func dimensions(ofPNG data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count == 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        func be32(_ i: Int) -> Int { bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}

/// Runs an external program with a hard time limit, without pipes (output goes to temporary
/// files, so a chatty program can never block).
enum TimedSubprocess {
    /// `name` itself when it contains a slash and is executable, else the first match on PATH.
    static func find(_ name: String) -> URL? {
        let fm = FileManager.default
        if name.contains("/") { return fm.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if fm.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    struct Result { var status: Int32; var stdout: String; var stderr: String; var timedOut: Bool }

    /// Runs `executable arguments…`; after `timeout` seconds sends SIGTERM, then SIGKILL.
    static func run(_ executable: URL, _ arguments: [String], timeout: TimeInterval) throws -> Result {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("repgeom-tool-\(UUID().uuidString)")
        try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: tmp) }
        let outURL = tmp.appendingPathComponent("out"), errURL = tmp.appendingPathComponent("err")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            try? out.close(); try? err.close()
            throw InputError(executable.path, "cannot start (\(error.localizedDescription))")
        }
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.terminate()
                let grace = Date().addingTimeInterval(2)
                while process.isRunning && Date() < grace { usleep(20_000) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        try? out.close(); try? err.close()
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr, timedOut: timedOut)
    }
}
