import Foundation

/// CIFAR-10 (Krizhevsky 2009) from its official binary batch files (`cifar-10-batches-bin`:
/// `data_batch_1.bin` … `data_batch_5.bin`, `test_batch.bin`), read from a path the user gives —
/// never downloaded. Each file is a sequence of 3073-byte records: one label byte (0–9), then
/// 1024 red, 1024 green and 1024 blue pixel bytes of a 32×32 image, rows top to bottom (CHW).
public enum CIFAR10 {
    public static let classNames = ["airplane", "automobile", "bird", "cat", "deer",
                                    "dog", "frog", "horse", "ship", "truck"]
    public static let recordSize = 3073
    public static let side = 32
    public static let trainBatches = (1...5).map { "data_batch_\($0).bin" }
    public static let testBatch = "test_batch.bin"

    /// Reads batch files (in order) and keeps `selection` of their concatenation.
    ///
    /// Errors (one line, naming the file): unreadable file, a size that is not a whole number of
    /// 3073-byte records (truncated), a label byte above 9.
    public static func load(files: [URL], selection: ImageSelection = .all) throws -> ImageDataset {
        guard !files.isEmpty else { throw InputError("cifar10", "no batch files given") }
        var labels: [Int] = []
        var raw: [(bytes: [UInt8], offset: Int)] = [] // per file: bytes and index of its first record
        for url in files {
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw InputError(url.path, "cannot read the CIFAR-10 batch file (\(FileManager.default.fileExists(atPath: url.path) ? "unreadable" : "no such file"))")
            }
            guard data.count > 0, data.count % recordSize == 0 else {
                throw InputError(url.path, "truncated or not a CIFAR-10 binary batch: \(data.count) bytes is not a whole number of \(recordSize)-byte records")
            }
            let bytes = [UInt8](data)
            raw.append((bytes, labels.count))
            for r in 0..<(bytes.count / recordSize) {
                let l = Int(bytes[r * recordSize])
                guard l < classNames.count else { throw InputError("\(url.path) record \(r)", "label byte \(l) is outside 0…9") }
                labels.append(l)
            }
        }
        let picked = selection.indices(labels: labels, classCount: classNames.count)
        let d = 3 * side * side
        var pixels = [Float](repeating: 0, count: picked.count * d)
        var file = 0
        for (k, i) in picked.enumerated() {
            while file + 1 < raw.count && raw[file + 1].offset <= i { file += 1 }
            let start = (i - raw[file].offset) * recordSize + 1
            raw[file].bytes.withUnsafeBufferPointer { src in
                for j in 0..<d { pixels[k * d + j] = Float(src[start + j]) / 255 }
            }
        }
        return ImageDataset(channels: 3, height: side, width: side, pixels: pixels, labels: picked.map { labels[$0] },
                            classNames: classNames, source: "cifar-10 (\(files.map(\.lastPathComponent).joined(separator: ", ")))")
    }

    /// The training (5 batches) or test batch files in `directory`; every file must exist.
    public static func load(directory: String, train: Bool, selection: ImageSelection = .all) throws -> ImageDataset {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        let urls = (train ? trainBatches : [testBatch]).map { folder.appendingPathComponent($0) }
        for u in urls where !FileManager.default.isReadableFile(atPath: u.path) {
            throw InputError(u.path, "CIFAR-10 batch file not found (give the folder cifar-10-batches-bin of the official binary release; it is never downloaded)")
        }
        return try load(files: urls, selection: selection)
    }
}
