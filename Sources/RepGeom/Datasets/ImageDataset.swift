/// A labelled set of images (SPEC §2, T5): n images of `channels × height × width` pixels.
///
/// **Pixel scale.** Pixels are stored as `Float` scaled to [0, 1] (the raw byte / 255), never
/// standardised: the readers keep the file's information exactly (255 levels), and centring or
/// standardising, if wanted, is a choice of the experiment (`inputs(centred:)`), not of the data.
///
/// **Layout.** Image i occupies `pixels[i·c·h·w ..< (i+1)·c·h·w]` in channel-major order (CHW:
/// all of channel 0 row by row, then channel 1, …) — the order of both IDX and CIFAR-10 files.
/// The CNN consumes channel-last (HWC) rows; `inputs(layout: .hwc)` produces them.
///
/// Labels are class indices 0..<`classNames.count`.
public struct ImageDataset: Sendable, Equatable {
    public var channels: Int
    public var height: Int
    public var width: Int
    /// n × (c·h·w) pixels in [0, 1], CHW per image.
    public var pixels: [Float]
    public var labels: [Int]
    /// One name per class (its index is the label).
    public var classNames: [String]
    /// Where the images came from (file or generator description), for records.
    public var source: String

    public init(channels: Int, height: Int, width: Int, pixels: [Float], labels: [Int], classNames: [String], source: String) {
        precondition(channels > 0 && height > 0 && width > 0, "image shape must be positive")
        precondition(pixels.count == labels.count * channels * height * width, "pixel count does not match \(labels.count) images")
        precondition(labels.allSatisfy { $0 >= 0 && $0 < classNames.count }, "label outside 0..<\(classNames.count)")
        self.channels = channels
        self.height = height
        self.width = width
        self.pixels = pixels
        self.labels = labels
        self.classNames = classNames
        self.source = source
    }

    public var count: Int { labels.count }
    public var classCount: Int { classNames.count }
    /// c·h·w.
    public var pixelsPerImage: Int { channels * height * width }

    /// Number of images of each class.
    public var classCounts: [Int] {
        var c = [Int](repeating: 0, count: classCount)
        for l in labels { c[l] += 1 }
        return c
    }

    /// The images at `indices`, in that order.
    public func subset<C: Collection>(_ indices: C) -> ImageDataset where C.Element == Int {
        let d = pixelsPerImage
        var p = [Float]()
        p.reserveCapacity(indices.count * d)
        for i in indices { p.append(contentsOf: pixels[(i * d)..<((i + 1) * d)]) }
        return ImageDataset(channels: channels, height: height, width: width, pixels: p,
                            labels: indices.map { labels[$0] }, classNames: classNames, source: source)
    }

    /// The dataset restricted by `selection` (see `ImageSelection`).
    public func selecting(_ selection: ImageSelection) -> ImageDataset {
        subset(selection.indices(labels: labels, classCount: classCount))
    }

    /// Pixel order of network input rows.
    public enum Layout: String, Sendable, Codable {
        /// Channel-major, as stored.
        case chw
        /// Channel-last: pixel (y, x) holds its c channels contiguously (the CNN's layout).
        case hwc
    }

    /// The images as an n × (c·h·w) matrix, in `layout` order, optionally with the dataset's
    /// per-pixel mean subtracted (`centredBy` gives the mean to subtract, e.g. the training set's).
    public func inputs<S: BLASScalar>(layout: Layout = .hwc, subtracting mean: [Float]? = nil, as: S.Type = S.self) -> Matrix<S> {
        let d = pixelsPerImage, hw = height * width
        precondition(mean == nil || mean!.count == d, "mean image has the wrong size")
        var e = [S](repeating: 0, count: count * d)
        for i in 0..<count {
            let base = i * d
            for c in 0..<channels {
                for p in 0..<hw {
                    let src = base + c * hw + p
                    let v = pixels[src] - (mean?[c * hw + p] ?? 0)
                    let dst = layout == .chw ? src : base + p * channels + c
                    e[dst] = S(v)
                }
            }
        }
        return Matrix(rows: count, columns: d, elements: e)
    }

    /// The mean image (CHW), e.g. to centre a test set by the training set's mean.
    public var meanImage: [Float] {
        let d = pixelsPerImage
        var m = [Double](repeating: 0, count: d)
        for i in 0..<count { for j in 0..<d { m[j] += Double(pixels[i * d + j]) } }
        return m.map { Float($0 / Double(Swift.max(count, 1))) }
    }
}

/// Which images a reader keeps. Every selection yields indices in increasing file order, so a
/// streaming reader can stop decoding after the largest one.
public enum ImageSelection: Sendable, Hashable, Codable {
    /// Every image.
    case all
    /// The first n images of the file.
    case first(Int)
    /// The first n images of each class (fewer when a class has fewer).
    case firstPerClass(Int)
    /// n images of each class drawn without replacement with `RandomSource(seed:stream: .task)`
    /// (fewer when a class has fewer), returned in file order.
    case randomPerClass(Int, seed: UInt64)

    /// The selected indices into `labels`, increasing.
    public func indices(labels: [Int], classCount: Int) -> [Int] {
        switch self {
        case .all: return Array(labels.indices)
        case .first(let n): return Array(0..<Swift.min(Swift.max(n, 0), labels.count))
        case .firstPerClass(let n):
            var taken = [Int](repeating: 0, count: classCount)
            var out: [Int] = []
            for (i, l) in labels.enumerated() where l >= 0 && l < classCount && taken[l] < n {
                taken[l] += 1
                out.append(i)
            }
            return out
        case .randomPerClass(let n, let seed):
            var byClass = [[Int]](repeating: [], count: classCount)
            for (i, l) in labels.enumerated() where l >= 0 && l < classCount { byClass[l].append(i) }
            var rng = RandomSource(seed: seed, stream: .task)
            var out: [Int] = []
            for members in byClass {
                let k = Swift.min(Swift.max(n, 0), members.count)
                out += rng.sample(k, from: members.count).map { members[$0] }
            }
            return out.sorted()
        }
    }
}
