import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock (flock) on an output folder, held for the lifetime of the object.
/// The kernel releases it when the process ends in any way, so a killed run never leaves a stale
/// lock behind. Creates the folder when needed.
final class DirectoryLock: @unchecked Sendable {
    private let mutex = NSLock()
    private var descriptor: Int32

    init(_ directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw InputError(directory.path, "cannot create the folder (\(DirectoryLock.reason(error)))")
        }
        let path = directory.appendingPathComponent(ResultStore.lockFileName).path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw InputError(directory.path, "cannot write here (\(String(cString: strerror(errno))))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let message = String(cString: strerror(errno))
            close(fd)
            throw InputError(directory.path, busy ? "in use by another repgeom process; wait for it to finish or use another folder"
                                                  : "cannot lock the folder (\(message))")
        }
        descriptor = fd
    }

    /// Releases the lock now (closing the file releases the flock).
    func release() {
        mutex.lock(); defer { mutex.unlock() }
        if descriptor >= 0 { close(descriptor); descriptor = -1 }
    }

    deinit { release() }

    /// The underlying POSIX reason of a Foundation file error, when there is one.
    static func reason(_ error: Error) -> String {
        var ns = error as NSError
        // Foundation wraps the POSIX error (e.g. ENOTDIR, EROFS) in a Cocoa one.
        for _ in 0..<4 {
            if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
            guard let underlying = ns.userInfo[NSUnderlyingErrorKey] as? Error else { break }
            ns = underlying as NSError
        }
        return ns.localizedDescription
    }
}
