import Foundation

/// Fashion-MNIST (Xiao et al. 2017): 28×28 grey-level images of 10 clothing classes, 60 000
/// training and 10 000 test images, as the four IDX files of the original release — gzipped as
/// Debian's `dataset-fashion-mnist` installs them in `/usr/share/datasets/fashion-mnist`, or
/// uncompressed (`train-images-idx3-ubyte` without `.gz`).
///
/// Folder lookup (`locate`): the folder given by the caller, else `$REPGEOM_FASHION_MNIST`, else
/// the Debian location. Never downloads anything.
public enum FashionMNIST {
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    /// Where Debian's package puts the files.
    public static let debianDirectory = "/usr/share/datasets/fashion-mnist"
    /// Environment variable naming another folder.
    public static let environmentVariable = "REPGEOM_FASHION_MNIST"

    public enum Split: String, Sendable, Codable, CaseIterable {
        case train, test
        var prefix: String { self == .train ? "train" : "t10k" }
    }

    /// The folder holding the files: `directory` if given, else the environment variable, else
    /// Debian's. Throws a one-line error saying how to get the data when the files are absent.
    public static func locate(_ directory: String? = nil, split: Split = .train) throws -> URL {
        let candidate = directory ?? ProcessInfo.processInfo.environment[environmentVariable] ?? debianDirectory
        let url = URL(fileURLWithPath: candidate, isDirectory: true)
        guard (try? file(in: url, split: split, kind: "images")) != nil else {
            throw InputError(candidate, "Fashion-MNIST not found (expected \(split.prefix)-images-idx3-ubyte[.gz] and \(split.prefix)-labels-idx1-ubyte[.gz]); install Debian's dataset-fashion-mnist or pass the folder holding the IDX files")
        }
        return url
    }

    /// The images and labels of `split`, keeping only `selection`. Decodes the label file, picks
    /// the indices, then decodes the image file only up to the last picked image.
    public static func load(_ split: Split, directory: String? = nil, selection: ImageSelection = .all) throws -> ImageDataset {
        let folder = try locate(directory, split: split)
        let labelURL = try file(in: folder, split: split, kind: "labels")
        let imageURL = try file(in: folder, split: split, kind: "images")
        let labelArray = try IDX.read(labelURL)
        guard labelArray.dimensions.count == 1 else {
            throw InputError(labelURL.path, "a label file must have 1 dimension, this one has \(labelArray.dimensions.count)")
        }
        let labels = labelArray.bytes.map(Int.init)
        if let bad = labels.firstIndex(where: { $0 >= classNames.count }) {
            throw InputError("\(labelURL.path) record \(bad)", "label \(labels[bad]) is outside 0…9")
        }
        let picked = selection.indices(labels: labels, classCount: classNames.count)
        let needed = (picked.last ?? -1) + 1
        let images = try IDX.read(imageURL, maxRecords: needed)
        guard images.dimensions.count == 3 else {
            throw InputError(imageURL.path, "an image file must have 3 dimensions (n×rows×columns), this one has \(images.dimensions.count)")
        }
        guard images.dimensions[0] == labels.count else {
            throw InputError(imageURL.path, "holds \(images.dimensions[0]) images but \(labelURL.lastPathComponent) holds \(labels.count) labels")
        }
        let h = images.dimensions[1], w = images.dimensions[2], d = h * w
        var pixels = [Float](repeating: 0, count: picked.count * d)
        images.bytes.withUnsafeBufferPointer { src in
            for (k, i) in picked.enumerated() {
                for j in 0..<d { pixels[k * d + j] = Float(src[i * d + j]) / 255 }
            }
        }
        return ImageDataset(channels: 1, height: h, width: w, pixels: pixels, labels: picked.map { labels[$0] },
                            classNames: classNames, source: "fashion-mnist \(split.rawValue) (\(imageURL.path))")
    }

    /// `<prefix>-<kind>-idx{1,3}-ubyte[.gz]` in `folder` (the .gz form first).
    static func file(in folder: URL, split: Split, kind: String) throws -> URL {
        let base = "\(split.prefix)-\(kind)-idx\(kind == "images" ? 3 : 1)-ubyte"
        for name in [base + ".gz", base] {
            let url = folder.appendingPathComponent(name)
            if FileManager.default.isReadableFile(atPath: url.path) { return url }
        }
        throw InputError(folder.appendingPathComponent(base + ".gz").path, "Fashion-MNIST file not found (install Debian's dataset-fashion-mnist or pass the folder holding the IDX files)")
    }
}
