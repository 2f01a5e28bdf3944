/// A tiny seeded image set for fast tests (SPEC §2, T5 "a small digits set the project
/// generates"): one simple grey-level shape per class on a dark background, jittered in
/// position by up to ±`jitter` pixels, plus Gaussian pixel noise, clipped to [0, 1].
///
/// Classes (up to 10): 0 horizontal bar, 1 vertical bar, 2 diagonal, 3 anti-diagonal,
/// 4 square outline, 5 filled centre block, 6 plus, 7 cross (×), 8 top half, 9 left half.
/// The same parameters give bit-identical images (draws from `RandomSource(seed:stream: .task)`
/// in image order).
public enum GeneratedImages {
    public static let shapeNames = ["hbar", "vbar", "diagonal", "antidiagonal", "square", "block",
                                    "plus", "cross", "top", "left"]

    /// `perClass` images of each of `classes` classes, `side`×`side`, one channel, in class-
    /// interleaved order (image i has class i mod classes).
    /// Preconditions: 1 ≤ classes ≤ 10, side ≥ 6, perClass ≥ 0, jitter ≥ 0.
    public static func make(perClass: Int, classes: Int = 10, side: Int = 12, noise: Double = 0.1,
                            jitter: Int = 1, seed: UInt64 = 0) -> ImageDataset {
        precondition((1...10).contains(classes) && side >= 6 && perClass >= 0 && jitter >= 0, "bad generated-image parameters")
        var rng = RandomSource(seed: seed, stream: .task)
        let n = perClass * classes, d = side * side
        var pixels = [Float](repeating: 0, count: n * d)
        var labels: [Int] = []
        for i in 0..<n {
            let c = i % classes
            labels.append(c)
            let dy = jitter == 0 ? 0 : rng.int(below: 2 * jitter + 1) - jitter
            let dx = jitter == 0 ? 0 : rng.int(below: 2 * jitter + 1) - jitter
            for y in 0..<side {
                for x in 0..<side {
                    let on = inside(c, y: y - dy, x: x - dx, side: side)
                    let v = (on ? 0.9 : 0.05) + noise * rng.gaussian()
                    pixels[i * d + y * side + x] = Float(Swift.min(Swift.max(v, 0), 1))
                }
            }
        }
        return ImageDataset(channels: 1, height: side, width: side, pixels: pixels, labels: labels,
                            classNames: Array(shapeNames[0..<classes]),
                            source: "generated shapes (perClass \(perClass), side \(side), noise \(noise), jitter \(jitter), seed \(seed))")
    }

    /// Whether pixel (y, x) of an unjittered image of class `c` is on the shape.
    static func inside(_ c: Int, y: Int, x: Int, side s: Int) -> Bool {
        let m = s / 2, lo = s / 4, hi = s - 1 - s / 4
        let inBox = y >= lo && y <= hi && x >= lo && x <= hi
        switch c {
        case 0: return abs(y - m) <= 1 && x >= lo && x <= hi
        case 1: return abs(x - m) <= 1 && y >= lo && y <= hi
        case 2: return inBox && abs(y - x) <= 1
        case 3: return inBox && abs(y + x - (s - 1)) <= 1
        case 4: return inBox && (y == lo || y == hi || x == lo || x == hi)
        case 5: return abs(y - m) <= 1 && abs(x - m) <= 1 || (abs(y - m) <= 2 && abs(x - m) <= 2)
        case 6: return inBox && (abs(y - m) == 0 || abs(x - m) == 0)
        case 7: return inBox && (y == x || y + x == s - 1)
        case 8: return y < m - 1 && y >= 1
        default: return x < m - 1 && x >= 1
        }
    }
}
