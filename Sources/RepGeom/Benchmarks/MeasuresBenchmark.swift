import Foundation

/// Timings of the three demanding measures (`repgeom bench measures`), each with a reference
/// measured in the same run so that the ratios mean something on a noisy shared machine:
///
/// - PS-max, P = 16 (8 per side, 40 320 pairings), p = 128: the table-lookup enumeration versus
///   the naive method (cosines recomputed from the coding vectors for every pairing).
/// - Shattering dimensionality over all 6 435 balanced dichotomies of P = 16, 50 samples per
///   condition, p = 128 units (a random tanh layer on noisy Gaussian inputs, like an untrained
///   network), 5-fold SVM decoding (32 175 fits) on `threads` threads; reference: the same
///   number of fits if every fit cost what one isolated fit costs.
/// - Linear CKA, n = 10 000, p = 512 (feature-space form), versus the dgemm throughput on the
///   same shapes measured in the same run.
public enum MeasuresBenchmark {
    public struct Workload: Sendable, Codable, Equatable {
        public var conditions = 16
        public var units = 128
        public var samplesPerCondition = 50
        public var folds = 5
        public var threads = 2
        public var ckaRows = 10_000
        public var ckaColumns = 512
        public var repetitions = 3
        /// OpenBLAS threads during the CKA timing (set by the caller).
        public var blasThreads = 1
        public init() {}
    }

    public struct Result: Sendable, Codable {
        public var name: String
        /// Best-of-repetitions wall time, seconds.
        public var seconds: Double
        /// The target from the specification, seconds.
        public var target: Double
        /// The reference measured in the same run (what it is: `reference`), seconds or GFLOP/s.
        public var referenceValue: Double
        public var reference: String
        /// A short human summary (throughput, ratio).
        public var detail: String
        /// Process CPU time of the timed run (all threads), seconds. On a shared, oversubscribed
        /// machine wall time measures the queue; CPU time ÷ `threadsUsed` estimates the wall time
        /// on idle cores.
        public var cpuSeconds: Double = 0
        /// Threads the timed work ran on (decoding threads, or BLAS threads for CKA).
        public var threadsUsed: Int = 1
        /// `cpuSeconds / threadsUsed`.
        public var idleEstimate: Double { cpuSeconds / Double(max(1, threadsUsed)) }

        enum CodingKeys: String, CodingKey {
            case name, seconds, target, reference, detail
            case referenceValue = "reference_value"
            case cpuSeconds = "cpu_seconds"
            case threadsUsed = "threads_used"
            case idleEstimate = "idle_estimate_seconds"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(seconds, forKey: .seconds)
            try c.encode(target, forKey: .target)
            try c.encode(referenceValue, forKey: .referenceValue)
            try c.encode(reference, forKey: .reference)
            try c.encode(detail, forKey: .detail)
            try c.encode(cpuSeconds, forKey: .cpuSeconds)
            try c.encode(threadsUsed, forKey: .threadsUsed)
            try c.encode(idleEstimate, forKey: .idleEstimate)
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            seconds = try c.decode(Double.self, forKey: .seconds)
            target = try c.decode(Double.self, forKey: .target)
            referenceValue = try c.decode(Double.self, forKey: .referenceValue)
            reference = try c.decode(String.self, forKey: .reference)
            detail = try c.decode(String.self, forKey: .detail)
            cpuSeconds = try c.decodeIfPresent(Double.self, forKey: .cpuSeconds) ?? 0
            threadsUsed = try c.decodeIfPresent(Int.self, forKey: .threadsUsed) ?? 1
        }

        init(name: String, seconds: Double, target: Double, referenceValue: Double, reference: String, detail: String,
             cpuSeconds: Double, threadsUsed: Int) {
            self.name = name
            self.seconds = seconds
            self.target = target
            self.referenceValue = referenceValue
            self.reference = reference
            self.detail = detail
            self.cpuSeconds = cpuSeconds
            self.threadsUsed = threadsUsed
        }
    }

    /// CPU time of this process (every thread), seconds.
    public static func processCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Wall and CPU time of the fastest of `repetitions` runs.
    static func bestTimed(_ repetitions: Int, _ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        var best = (wall: Double.infinity, cpu: Double.infinity)
        for _ in 0..<max(1, repetitions) {
            let c0 = processCPUSeconds()
            let w = try seconds(body)
            let c = processCPUSeconds() - c0
            if w < best.wall { best.wall = w }
            if c < best.cpu { best.cpu = c }
        }
        return best
    }

    public static func run(_ w: Workload) throws -> [Result] {
        [try parallelismScore(w), try shattering(w), try cka(w)]
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func best(_ repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
        var b = Double.infinity
        for _ in 0..<max(1, repetitions) { b = min(b, try seconds(body)) }
        return b
    }

    public static func parallelismScore(_ w: Workload) throws -> Result {
        var rng = RandomSource(seed: 11)
        let means: Matrix<Double> = rng.gaussianMatrix(rows: w.conditions, columns: w.units)
        let labels = (0..<w.conditions).map { $0 % 2 }
        var value = 0.0
        let timed = try bestTimed(w.repetitions) {
            value = try ParallelismScore.score(means: means, dichotomy: labels, variant: .max).value
        }
        let t = timed.wall
        // Naive reference: rebuild and normalise the m coding vectors and sum their cosines for
        // every pairing (lexicographic permutations).
        let a = labels.indices.filter { labels[$0] == 0 }, b = labels.indices.filter { labels[$0] != 0 }
        var naiveBest = -Double.infinity
        let tNaive = seconds {
            var perm = Array(0..<b.count)
            repeat {
                let pairs = zip(a, perm).map { ConditionPair(a: $0, b: b[$1]) }
                naiveBest = max(naiveBest, ParallelismScore.meanCosine(means: means, pairs: pairs))
            } while nextPermutation(&perm)
        }
        precondition(abs(naiveBest - value) < 1e-12, "PS-max disagrees with the naive enumeration")
        return Result(name: "ps_max P=\(w.conditions) p=\(w.units)", seconds: t, target: 0.05, referenceValue: tNaive,
                      reference: "naive enumeration, s",
                      detail: String(format: "%.0f× faster than naive; %.1f M pairings/s", tNaive / t, 40320 / t / 1e6),
                      cpuSeconds: timed.cpu, threadsUsed: 1)
    }

    public static func shattering(_ w: Workload) throws -> Result {
        let (samples, ids) = benchmarkSamples(w)
        let decoder = LinearDecoder()
        var sd = 0.0, fits = 0
        var engine: DecodingEngine!
        let timed = try bestTimed(1) {
            engine = try DecodingEngine(samples: samples, conditions: ids, conditionCount: w.conditions, folds: w.folds,
                                        decoder: decoder, seed: 0)
            let r = try ShatteringDimensionality.compute(engine: engine, conditionCount: w.conditions, trained: [],
                                                         limit: 10_000, seed: 0, threads: w.threads)
            sd = r.result.all
            fits = r.result.dichotomyCount * w.folds
        }
        let t = timed.wall
        // Reference: one isolated dichotomy decoded on one thread, scaled to the same count.
        let set = BalancedDichotomies(conditionCount: w.conditions, limit: 10_000, seed: 0)
        let sample = Array(set.labels.prefix(20))
        let tOne = seconds { for l in sample { _ = engine.decode(l) } } / Double(sample.count)
        let serial = tOne * Double(set.labels.count)
        return Result(name: "shattering P=\(w.conditions) n=\(samples.rows) p=\(w.units) \(w.folds)-fold, \(w.threads) threads",
                      seconds: t, target: 5, referenceValue: serial, reference: "serial estimate from 20 dichotomies, s",
                      detail: String(format: "SD %.4f; %d fits, %.0f µs CPU/fit; %.2f× the serial estimate",
                                     sd, fits, timed.cpu / Double(fits) * 1e6, serial / t),
                      cpuSeconds: timed.cpu, threadsUsed: w.threads)
    }

    public static func cka(_ w: Workload) throws -> Result {
        var rng = RandomSource(seed: 12)
        let x: Matrix<Double> = rng.gaussianMatrix(rows: w.ckaRows, columns: w.ckaColumns)
        let y: Matrix<Double> = rng.gaussianMatrix(rows: w.ckaRows, columns: w.ckaColumns)
        var value = 0.0
        let timed = try bestTimed(w.repetitions) { value = try KernelAlignment.cka(x, y) }
        let t = timed.wall
        // dgemm reference on the same shape: one XᵀY product.
        let tGemm = best(w.repetitions) { _ = Matrix.product(x, transposeA: true, y) }
        let gflopsGemm = 2 * Double(w.ckaRows) * Double(w.ckaColumns * w.ckaColumns) / tGemm / 1e9
        // CKA does XᵀY (gemm) + XᵀX + YᵀY (syrk, half each): 2 gemm-equivalents.
        let gflops = 2 * 2 * Double(w.ckaRows) * Double(w.ckaColumns * w.ckaColumns) / t / 1e9
        return Result(name: "linear cka n=\(w.ckaRows) p=\(w.ckaColumns)", seconds: t, target: 1, referenceValue: gflopsGemm,
                      reference: "dgemm GFLOP/s on XᵀY",
                      detail: String(format: "CKA %.5f; %.1f GFLOP/s = %.0f%% of dgemm", value, gflops, 100 * gflops / gflopsGemm),
                      cpuSeconds: timed.cpu, threadsUsed: w.blasThreads)
    }

    /// P conditions × samplesPerCondition samples of a random tanh layer (inputs N = 100,
    /// Gaussian means, noise σ = 0.5; W, b ~ N(0, 1/N)).
    public static func benchmarkSamples(_ w: Workload) -> (Matrix<Double>, [Int]) {
        var rng = RandomSource(seed: 13)
        let n = 100
        let means: Matrix<Double> = rng.gaussianMatrix(rows: w.conditions, columns: n)
        let weights: Matrix<Double> = rng.gaussianMatrix(rows: w.units, columns: n, std: 1 / Double(n).squareRoot())
        let bias = (0..<w.units).map { _ in rng.gaussian() / Double(n).squareRoot() }
        var x = Matrix<Double>(rows: w.conditions * w.samplesPerCondition, columns: n)
        var ids: [Int] = []
        for c in 0..<w.conditions {
            for s in 0..<w.samplesPerCondition {
                for j in 0..<n { x[c * w.samplesPerCondition + s, j] = means[c, j] + 0.5 * rng.gaussian() }
                ids.append(c)
            }
        }
        var z = Matrix.product(x, weights, transposeB: true)
        for i in 0..<z.rows { for j in 0..<z.columns { z[i, j] = Elementary.tanh(z[i, j] + bias[j]) } }
        return (z, ids)
    }

    /// Next lexicographic permutation; false after the last.
    static func nextPermutation(_ a: inout [Int]) -> Bool {
        var i = a.count - 2
        while i >= 0 && a[i] >= a[i + 1] { i -= 1 }
        if i < 0 { return false }
        var j = a.count - 1
        while a[j] <= a[i] { j -= 1 }
        a.swapAt(i, j)
        a[(i + 1)...].reverse()
        return true
    }
}
