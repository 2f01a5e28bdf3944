/// The shared embedding of T2–T4 (SPEC §2): condition means built in a low dimension D are mapped
/// to R^N by the first D rows of a random orthogonal N×N matrix, scaled by √N, so that a
/// unit-norm mean has norm √N and all inner products scale by N.
///
/// The D rows are drawn as Qᵀ's first rows, Q the sign-fixed QR (Gram–Schmidt) of an N×N Gaussian
/// matrix: its first D columns depend only on the first D Gaussian columns, so only those N×D
/// numbers are drawn (cost O(N·D²) rather than O(N³)). The result is Haar-distributed.
public enum Embedding {
    /// The D×N embedding rows E (orthonormal rows, E·Eᵀ = I_D), from `rng`.
    public static func rows(_ d: Int, dimension n: Int, using rng: inout RandomSource) -> Matrix<Double> {
        precondition(n >= d && d >= 1, "embedding needs N ≥ D ≥ 1")
        let g: Matrix<Double> = rng.gaussianMatrix(rows: n, columns: d)
        return LinearAlgebra.orthonormalColumns(g).transposed
    }

    /// `low` (P×D) embedded into R^N: √N · low · E.
    public static func embed(_ low: Matrix<Double>, dimension n: Int, using rng: inout RandomSource) -> Matrix<Double> {
        let e = rows(low.columns, dimension: n, using: &rng)
        return Double(n).squareRoot() * Matrix.product(low, e)
    }
}

/// The condition ↔ bit-vector convention of every family with latent bits: condition c of a
/// d-bit task has x_i = bit (d − 1 − i) of c, so conditions are in lexicographic order of x
/// (condition 0 = 00…0, condition 1 = 00…1, …) and the first bit splits the conditions into the
/// first and second half.
public enum ConditionBits {
    /// Bit i (0-based, most significant first) of condition c among 2^d conditions.
    @inlinable public static func bit(_ i: Int, of c: Int, bits d: Int) -> Int { (c >> (d - 1 - i)) & 1 }

    /// The 2^d × d matrix of latent bits.
    public static func matrix(bits d: Int) -> Matrix<Double> {
        Matrix(rows: 1 << d, columns: d) { c, i in Double(bit(i, of: c, bits: d)) }
    }

    /// log2(p) when p is a power of two ≥ 2, else nil.
    public static func bitCount(conditions p: Int) -> Int? {
        guard p >= 2, p & (p - 1) == 0 else { return nil }
        return p.trailingZeroBitCount
    }
}

/// The task-geometry streams: independent generators forked, in a fixed order, from the `.task`
/// stream of the family's seed, so that (for example) the embedding of T3 is the same for every
/// scale and c at one seed.
struct TaskStreams {
    var spectrum: RandomSource
    var embedding: RandomSource
    var targets: RandomSource
    var means: RandomSource

    init(seed: UInt64) {
        var root = RandomSource(seed: seed, stream: .task)
        spectrum = root.fork(0)
        embedding = root.fork(1)
        targets = root.fork(2)
        means = root.fork(3)
    }
}
