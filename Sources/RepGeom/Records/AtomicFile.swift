import Foundation

/// Atomic file output: data goes to a temporary file in the destination folder, which is then
/// renamed over the destination, so a reader never sees a partial file and an interrupted write
/// leaves nothing behind.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try data.write(to: tmp)
            if rename(tmp.path, url.path) != 0 {
                throw InputError(url.path, "cannot write (\(String(cString: strerror(errno))))")
            }
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            if error is InputError { throw error }
            throw InputError(url.path, "cannot write (\(error.localizedDescription))")
        }
    }

    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}
