/// The project's seeded random generator: xoshiro256** seeded through SplitMix64.
///
/// Every network has one explicit seed; independent streams for the task, the initialisation,
/// the batch order and measure resampling are derived from it by hashing (seed, stream), so
/// changing how many numbers one stream draws never shifts another. All sampling algorithms
/// (uniform integers, shuffles, Gaussians, Gamma) are implemented here rather than taken from
/// the standard library, so results do not change with the Swift version.
public struct RandomSource: RandomNumberGenerator, Sendable {
    /// Named independent streams derived from one seed.
    public enum Stream: Sendable, Hashable {
        case task, initialisation, batchOrder, measures, noise, custom(UInt64)
        var id: UInt64 {
            switch self {
            case .task: 0x7461_736b
            case .initialisation: 0x696e_6974
            case .batchOrder: 0x6261_7463
            case .measures: 0x6d65_6173
            case .noise: 0x6e6f_6973
            case .custom(let v): 0x1000_0000_0000 &+ v
            }
        }
    }

    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    private var spareGaussian: Double?

    /// A generator seeded from `seed` (SplitMix64 expansion, as recommended by the authors).
    public init(seed: UInt64) {
        var sm = seed
        s0 = RandomSource.splitMix(&sm); s1 = RandomSource.splitMix(&sm)
        s2 = RandomSource.splitMix(&sm); s3 = RandomSource.splitMix(&sm)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// The generator of stream `stream` of `seed`.
    public init(seed: UInt64, stream: Stream) {
        var h = seed ^ 0x9E37_79B9_7F4A_7C15
        let a = RandomSource.splitMix(&h)
        var h2 = a ^ stream.id &* 0xD1B5_4A32_D192_ED03
        self.init(seed: RandomSource.splitMix(&h2))
    }

    /// A child generator for sub-stream `index` of this generator's current state (deterministic).
    public mutating func fork(_ index: UInt64) -> RandomSource {
        var h = next() ^ (index &* 0xA24B_AED4_963E_E407)
        return RandomSource(seed: RandomSource.splitMix(&h))
    }

    static func splitMix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// Uniform integer in 0..<n (Lemire's nearly-divisionless method; unbiased).
    public mutating func int(below n: Int) -> Int {
        precondition(n > 0, "int(below:) needs n > 0")
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// Standard normal (Marsaglia polar method; pairs cached).
    public mutating func gaussian() -> Double {
        if let g = spareGaussian { spareGaussian = nil; return g }
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let f = (-2 * _log(s) / s).squareRoot()
                spareGaussian = v * f
                return u * f
            }
        }
    }

    /// Gamma(shape, 1) by Marsaglia–Tsang (shape < 1 boosted by U^(1/shape)).
    public mutating func gamma(shape: Double) -> Double {
        precondition(shape > 0 && shape.isFinite, "gamma shape must be positive and finite")
        if shape < 1 {
            let u = uniform()
            return gamma(shape: shape + 1) * _pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat { x = gaussian(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = uniform()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if _log(u) < 0.5 * x * x + d * (1 - v + _log(v)) { return d * v }
        }
    }

    /// A draw from the symmetric Dirichlet(α, …, α) over `count` categories.
    public mutating func dirichlet(alpha: Double, count: Int) -> [Double] {
        precondition(count > 0)
        while true {
            let g = (0..<count).map { _ in gamma(shape: alpha) }
            let s = g.reduce(0, +)
            if s > 0 && s.isFinite { return g.map { $0 / s } }
        }
    }

    /// Fisher–Yates shuffle in place.
    public mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = int(below: i + 1)
            if i != j { a.swapAt(i, j) }
        }
    }

    /// A random permutation of 0..<n.
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n); shuffle(&p); return p
    }

    /// `k` distinct indices from 0..<n, in random order.
    public mutating func sample(_ k: Int, from n: Int) -> [Int] {
        precondition(k <= n)
        var p = Array(0..<n)
        for i in 0..<k { p.swapAt(i, i + int(below: n - i)) }
        return Array(p[0..<k])
    }

    /// A matrix of i.i.d. N(0, std²) entries.
    public mutating func gaussianMatrix<S: BLASScalar>(rows: Int, columns: Int, std: Double = 1,
                                                       as: S.Type = S.self) -> Matrix<S> {
        Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { _ in S(std * gaussian()) })
    }

    /// A matrix of i.i.d. Uniform(lo, hi) entries.
    public mutating func uniformMatrix<S: BLASScalar>(rows: Int, columns: Int, lo: Double, hi: Double,
                                                      as: S.Type = S.self) -> Matrix<S> {
        Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { _ in S(uniform(lo, hi)) })
    }

    /// A Haar-random n×n orthogonal matrix (QR of a Gaussian matrix with the sign fix).
    public mutating func orthogonalMatrix(_ n: Int) -> Matrix<Double> {
        LinearAlgebra.orthonormalColumns(gaussianMatrix(rows: n, columns: n))
    }
}
