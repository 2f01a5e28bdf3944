import Foundation
import XCTest

/// Runs the built `repgeom` executable as a subprocess, the way a user does, for command-line
/// tests (exit codes, one-line errors, files left behind).
enum CommandLineTool {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `repgeom` binary next to the test bundle (same build folder and configuration).
    static var executable: URL {
        let starts = [Bundle(for: Marker.self).bundleURL, Bundle.main.bundleURL,
                      URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()]
        for start in starts {
            var dir = start
            while dir.path != "/" && !dir.path.isEmpty {
                let candidate = dir.appendingPathComponent("repgeom")
                if FileManager.default.isExecutableFile(atPath: candidate.path),
                   !((try? candidate.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false) {
                    return candidate
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        fatalError("repgeom executable not found next to the test bundle; build the package first")
    }

    /// Runs `repgeom arguments…`, optionally in `directory`, with extra environment variables.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
                    stdin: Data? = nil) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        // Output goes to temporary files (not pipes), so a chatty child can never block.
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("repgeom-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let outURL = tmp.appendingPathComponent("out"), errURL = tmp.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try out.close(); try err.close()
        let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh empty temporary folder, removed at the end of the test.
    static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("repgeom-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    private final class Marker {}
}

final class CommandLineToolTests: XCTestCase {
    func testVersionRuns() throws {
        let r = try CommandLineTool.run(["--version"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains(".")) // a version string like 0.1.0
    }

    func testUnknownSubcommandFailsWithOneLine() throws {
        let r = try CommandLineTool.run(["no-such-command"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertFalse(r.stderr.isEmpty)
    }
}
