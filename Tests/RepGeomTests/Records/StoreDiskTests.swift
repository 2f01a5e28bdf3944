import Foundation
import XCTest
@testable import RepGeom

/// A full disk and a read-only folder, for real: small tmpfs mounts (needs root and mount(8);
/// skipped, saying why, where the system does not allow them).
final class StoreDiskTests: XCTestCase {
    /// Mounts a tmpfs of `size` at a fresh folder, unmounted at teardown.
    func mountTmpfs(size: String, options: String = "") throws -> URL {
        #if !os(Linux)
        throw XCTSkip("tmpfs mounts are a Linux test")
        #else
        guard getuid() == 0 else { throw XCTSkip("mounting a tmpfs needs root") }
        let dir = try temporaryFolder()
        let mount = try shell(["mount", "-t", "tmpfs", "-o", "size=\(size)\(options)", "tmpfs", dir.path])
        guard mount.status == 0 else { throw XCTSkip("cannot mount a tmpfs here: \(mount.output)") }
        addTeardownBlock {
            if (try? self.shell(["umount", dir.path]))?.status != 0 { _ = try? self.shell(["umount", "-l", dir.path]) }
        }
        return dir
        #endif
    }

    func shell(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Fills the file system holding `dir` to the last byte, then frees `spare` bytes.
    func fill(_ dir: URL, leaving spare: UInt64 = 0) throws {
        let filler = dir.appendingPathComponent("filler")
        FileManager.default.createFile(atPath: filler.path, contents: nil)
        let handle = try FileHandle(forWritingTo: filler)
        let block = Data(count: 4096)
        var small = Data(count: 512)
        while (try? handle.write(contentsOf: block)) != nil {}
        while (try? handle.write(contentsOf: small)) != nil {}
        small = Data(count: 1)
        while (try? handle.write(contentsOf: small)) != nil {}
        if spare > 0 { try handle.truncate(atOffset: max(0, try handle.offset() - spare)) }
        try handle.close()
    }

    /// The disk fills up in the middle of a sweep: one-line error, non-zero exit, the store sound
    /// with the earlier networks unchanged; once space is freed, a rerun completes.
    func testFullDisk() throws {
        let mount = try mountTmpfs(size: "4m")
        let out = mount.appendingPathComponent("out")
        let first = try CommandLineTool.run(["reproduce", "smoke", "--out", out.path, "--shard", "0/2", "--jobs", "2"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let entry = try SweepPlan([SmokeExperiment()], scale: .quick).entries[0]
        let before = try ResultStore.openExisting(out)
        let earlier = try before.results(for: entry)
        try before.close()
        XCTAssertEqual(earlier.compactMap { $0 }.count, 8)
        try fill(mount, leaving: 96 * 1024) // room for a few networks, not for all

        let full = try CommandLineTool.run(["reproduce", "smoke", "--out", out.path, "--jobs", "2"])
        XCTAssertNotEqual(full.status, 0)
        XCTAssertEqual(full.stderr.split(separator: "\n").count, 1, full.stderr)
        XCTAssertTrue(full.stderr.contains("disk full"), full.stderr)
        let store = try ResultStore.openExisting(out)
        XCTAssertEqual(try store.integrityCheck(), "ok")
        let after = try store.results(for: entry)
        try store.close()
        XCTAssertLessThan(after.compactMap { $0 }.count, 16)
        XCTAssertGreaterThan(after.compactMap { $0 }.count, 8, "the spare room should have taken a network or two before the disk filled")
        for (a, b) in zip(earlier, after) where a != nil { assertSameResults([a!], [b!]) }

        try FileManager.default.removeItem(at: mount.appendingPathComponent("filler"))
        let rerun = try CommandLineTool.run(["reproduce", "smoke", "--out", out.path, "--jobs", "2"])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertTrue(rerun.stdout.contains("16 networks, \(after.compactMap { $0 }.count) already in"), rerun.stdout)
    }

    /// The disk is full when the exports are written: the CSVs of the previous run stay whole.
    func testFullDiskDuringExportKeepsPreviousFiles() throws {
        let mount = try mountTmpfs(size: "4m")
        let out = mount.appendingPathComponent("out")
        XCTAssertEqual(try CommandLineTool.run(["reproduce", "smoke", "--out", out.path, "--jobs", "2"]).status, 0)
        let records = try Data(contentsOf: out.appendingPathComponent("smoke/records.csv"))
        try fill(mount)
        let r = try CommandLineTool.run(["reproduce", "smoke", "--out", out.path, "--summary", "all"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("disk full") || r.stderr.contains("No space left"), r.stderr)
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("smoke/records.csv")), records)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("smoke").path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [])
    }

    /// A read-only folder: a new output cannot be created there, and an existing store on it is
    /// reported as unwritable and left as it was.
    func testReadOnlyFolder() throws {
        let mount = try mountTmpfs(size: "4m")
        let out = mount.appendingPathComponent("out")
        XCTAssertEqual(try CommandLineTool.run(["reproduce", "smoke", "--out", out.path, "--shard", "0/4"]).status, 0)
        let before = try storeDump(out.appendingPathComponent(ResultStore.fileName))
        XCTAssertEqual(try shell(["mount", "-o", "remount,ro", mount.path]).status, 0)

        let fresh = try CommandLineTool.run(["reproduce", "smoke", "--out", mount.appendingPathComponent("new").path])
        XCTAssertNotEqual(fresh.status, 0)
        XCTAssertTrue(fresh.stderr.contains("cannot create the folder (Read-only file system)"), fresh.stderr)

        let existing = try CommandLineTool.run(["reproduce", "smoke", "--out", out.path])
        XCTAssertNotEqual(existing.status, 0)
        XCTAssertEqual(existing.stderr.split(separator: "\n").count, 1, existing.stderr)
        XCTAssertTrue(existing.stderr.contains("cannot write here (Read-only file system)"), existing.stderr)
        XCTAssertEqual(try storeDump(out.appendingPathComponent(ResultStore.fileName)), before)
    }
}
