import Foundation
import XCTest

/// Runs headless Chromium on local pages for the report tests, with a hard time limit. Foundation
/// starts the browser as the leader of its own process group (checked below), and that group —
/// the browser and its helper processes — is killed when the limit passes, so a hung browser can
/// never hang the suite.
enum HeadlessChromium {
    static var executable: URL? {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
                let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }

    struct Output { var status: Int32; var stdout: String; var stderr: String }

    /// `chromium --headless … extra… url`; fails the test on timeout.
    static func run(_ extra: [String], url: URL, windowSize: (Int, Int) = (1200, 900), timeout: TimeInterval = 45,
                    file: StaticString = #filePath, line: UInt = #line) throws -> Output {
        let chromium = try XCTUnwrap(executable, "Chromium is missing: run scripts/install-deps.sh chromium", file: file, line: line)
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("repgeom-chromium-\(UUID().uuidString)")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        let outURL = work.appendingPathComponent("stdout"), errURL = work.appendingPathComponent("stderr")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = chromium
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--log-level=3",
                             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                             "--hide-scrollbars", "--user-data-dir=\(work.appendingPathComponent("profile").path)",
                             "--window-size=\(windowSize.0),\(windowSize.1)"] + extra + [url.absoluteString]
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        // Signal the browser's own group when it leads one, else the browser alone.
        let target = getpgid(pid) == pid ? -pid : pid
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill(target, SIGTERM)
                usleep(500_000)
                kill(target, SIGKILL)
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        // Helpers of the browser left in its group (normally none) go too.
        if target < 0 { kill(target, SIGKILL) }
        try? out.close(); try? err.close()
        XCTAssertFalse(timedOut, "Chromium did not finish within \(Int(timeout)) s", file: file, line: line)
        return Output(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
