import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// Writes a large text file atomically without holding it in memory: `body` streams text into
    /// a sink backed by a temporary file in the destination folder, which is renamed over `url`
    /// only after everything was written and synced. On any failure (a full disk, a throwing
    /// `body`) the temporary file is removed and an existing file at `url` is left untouched.
    public static func stream(to url: URL, _ body: (inout TextSink) throws -> Void) throws {
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw InputError(dir.path, "cannot create the folder (\(DirectoryLock.reason(error)))")
        }
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw InputError(url.path, "cannot write (\(String(cString: strerror(errno))))") }
        var sink = TextSink(descriptor: fd, path: url.path)
        do {
            try body(&sink)
            try sink.flush()
            if fsync(fd) != 0 { throw InputError(url.path, "cannot write (\(String(cString: strerror(errno))))") }
            close(fd)
            if rename(tmp.path, url.path) != 0 { throw InputError(url.path, "cannot write (\(String(cString: strerror(errno))))") }
        } catch {
            close(fd)
            unlink(tmp.path)
            throw error
        }
    }
}

/// Buffered text output to a file descriptor (1 MiB chunks); errors name the destination file.
public struct TextSink {
    private let descriptor: Int32
    private let path: String
    private var buffer: [UInt8] = []

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
        buffer.reserveCapacity(1 << 20)
    }

    public mutating func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { raw in
                posixWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = errno == ENOSPC ? "disk full" : String(cString: strerror(errno))
                throw InputError(path, "cannot write (\(reason)); the previous file, if any, is untouched")
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// POSIX write(2), named apart from `TextSink.write`.
@inline(__always)
private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}
