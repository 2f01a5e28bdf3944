import Foundation

/// Nonlinearity names: the text form used on the command line, in configs and in records.
///
/// `name:parameters`, parameters separated by commas, defaults omitted in the canonical form:
///
/// | name | parameters (default) | f(u) |
/// |---|---|---|
/// | `tanh`, `relu`, `sigmoid`, `linear`, `gelu`, `abs` | — | |
/// | `softplus[:β]` | β > 0 (1) | log(1 + e^{βu})/β |
/// | `leaky_relu[:α]` | 0 ≤ α < 1 (0.01) | max(u, αu) |
/// | `elu[:α]` | α ≥ 0 (1) | u > 0 ? u : α(eᵘ − 1) |
/// | `hardtanh[:lo,hi]` | finite lo < hi (−1, 1) | min(max(u, lo), hi) |
/// | `bounded_relu:ub` | finite ub > 0 | min(max(u, 0), ub) |
/// | `shifted_relu:s` | finite s | max(u + s, 0) |
/// | `clip:lo,hi` | lo < hi, lo may be `-inf`, hi may be `inf` | min(max(u, lo), hi) |
/// | `smooth_clip:lo,hi[,β]` | lo < hi (either may be infinite), β > 0 (10) | see `Activation.smoothClip` |
///
/// `Activation(parsing: a.name) == a` for every valid activation: numbers print in their shortest
/// exact form. Codable as that string.
extension Activation {
    /// Default parameters (omitted from canonical names).
    public static let defaultSoftplusBeta = 1.0
    public static let defaultLeakyReLUAlpha = 0.01
    public static let defaultELUAlpha = 1.0
    public static let defaultSmoothClipBeta = 10.0

    /// The accepted forms, for help texts and error messages.
    public static let knownNames = [
        "tanh", "relu", "sigmoid", "linear", "softplus[:β]", "leaky_relu[:α]", "elu[:α]", "gelu", "abs",
        "hardtanh[:lo,hi]", "bounded_relu:ub", "shifted_relu:s", "clip:lo,hi", "smooth_clip:lo,hi[,β]",
    ]

    /// Parses a nonlinearity name such as `tanh`, `bounded_relu:1.5` or `clip:-inf,1`.
    ///
    /// - Parameter location: names the field in errors ("network.activation", "--activation").
    /// - Throws: `InputError` naming `location`, the problem and the allowed forms or range.
    public init(parsing text: String, location: String = "activation") throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let base = parts[0].lowercased()
        let argText = parts.count > 1 ? parts[1] : nil
        let args: [Double] = try argText.map { a in
            try a.split(separator: ",", omittingEmptySubsequences: false).map {
                try ParameterText.double(String($0), location: location)
            }
        } ?? []
        func arity(_ allowed: ClosedRange<Int>, _ form: String) throws {
            if !allowed.contains(args.count) || (argText != nil && args.isEmpty) {
                throw InputError(location, "'\(text)': \(base) takes \(form)")
            }
        }
        switch base {
        case "tanh", "relu", "sigmoid", "linear", "gelu", "abs":
            try arity(0...0, "no parameters")
            self = switch base {
            case "tanh": .tanh
            case "relu": .relu
            case "sigmoid": .sigmoid
            case "linear": .linear
            case "gelu": .gelu
            default: .abs
            }
        case "softplus":
            try arity(0...1, "one optional parameter β > 0 (softplus:β)")
            self = .softplus(beta: args.first ?? Activation.defaultSoftplusBeta)
        case "leaky_relu":
            try arity(0...1, "one optional parameter 0 ≤ α < 1 (leaky_relu:α)")
            self = .leakyReLU(alpha: args.first ?? Activation.defaultLeakyReLUAlpha)
        case "elu":
            try arity(0...1, "one optional parameter α ≥ 0 (elu:α)")
            self = .elu(alpha: args.first ?? Activation.defaultELUAlpha)
        case "hardtanh":
            if args.count == 1 || args.count > 2 {
                throw InputError(location, "'\(text)': hardtanh takes none or two parameters lo < hi (hardtanh:lo,hi)")
            }
            self = args.isEmpty ? .hardtanh(lo: -1, hi: 1) : .hardtanh(lo: args[0], hi: args[1])
        case "bounded_relu":
            try arity(1...1, "one parameter ub > 0 (bounded_relu:ub)")
            self = .boundedReLU(upper: args[0])
        case "shifted_relu":
            try arity(1...1, "one parameter s (shifted_relu:s)")
            self = .shiftedReLU(shift: args[0])
        case "clip":
            try arity(2...2, "two parameters lo < hi (clip:lo,hi; either may be -inf/inf)")
            self = .clip(lo: args[0], hi: args[1])
        case "smooth_clip":
            try arity(2...3, "two or three parameters lo < hi and β > 0 (smooth_clip:lo,hi[,β])")
            self = .smoothClip(lo: args[0], hi: args[1], beta: args.count > 2 ? args[2] : Activation.defaultSmoothClipBeta)
        default:
            let hint = Activation.closestName(to: base).map { " — did you mean '\($0)'?" } ?? ""
            throw InputError(location, "unknown '\(text)'\(hint) (known: \(Activation.knownNames.joined(separator: ", ")))")
        }
        try validate(location: location)
    }

    /// Checks the parameters (also for activations built in code); throws a one-line error
    /// naming `location` and the allowed range.
    public func validate(location: String = "activation") throws {
        func fail(_ message: String) -> InputError { InputError(location, "\(name): \(message)") }
        switch self {
        case .tanh, .relu, .sigmoid, .linear, .gelu, .abs:
            break
        case .softplus(let beta):
            if !(beta > 0 && beta.isFinite) { throw fail("β must be a finite number > 0") }
        case .leakyReLU(let alpha):
            if !(alpha >= 0 && alpha < 1) { throw fail("α must be in [0, 1)") }
        case .elu(let alpha):
            if !(alpha >= 0 && alpha.isFinite) { throw fail("α must be a finite number ≥ 0") }
        case .hardtanh(let lo, let hi):
            if !(lo.isFinite && hi.isFinite && lo < hi) { throw fail("needs finite lo < hi") }
        case .boundedReLU(let ub):
            if !(ub > 0 && ub.isFinite) { throw fail("ub must be a finite number > 0") }
        case .shiftedReLU(let s):
            if !s.isFinite { throw fail("s must be finite") }
        case .clip(let lo, let hi):
            if !(lo < hi) || lo == .infinity || hi == -.infinity { throw fail("needs lo < hi (lo may be -inf, hi may be inf)") }
        case .smoothClip(let lo, let hi, let beta):
            if !(lo < hi) || lo == .infinity || hi == -.infinity { throw fail("needs lo < hi (lo may be -inf, hi may be inf)") }
            if !(beta > 0 && beta.isFinite) { throw fail("β must be a finite number > 0") }
        }
    }

    /// The canonical name: parses back to this activation; default parameters omitted.
    public var name: String {
        let f = ParameterText.format
        switch self {
        case .tanh: return "tanh"
        case .relu: return "relu"
        case .sigmoid: return "sigmoid"
        case .linear: return "linear"
        case .gelu: return "gelu"
        case .abs: return "abs"
        case .softplus(let b): return b == Activation.defaultSoftplusBeta ? "softplus" : "softplus:\(f(b))"
        case .leakyReLU(let a): return a == Activation.defaultLeakyReLUAlpha ? "leaky_relu" : "leaky_relu:\(f(a))"
        case .elu(let a): return a == Activation.defaultELUAlpha ? "elu" : "elu:\(f(a))"
        case .hardtanh(let lo, let hi): return lo == -1 && hi == 1 ? "hardtanh" : "hardtanh:\(f(lo)),\(f(hi))"
        case .boundedReLU(let ub): return "bounded_relu:\(f(ub))"
        case .shiftedReLU(let s): return "shifted_relu:\(f(s))"
        case .clip(let lo, let hi): return "clip:\(f(lo)),\(f(hi))"
        case .smoothClip(let lo, let hi, let b):
            return b == Activation.defaultSmoothClipBeta ? "smooth_clip:\(f(lo)),\(f(hi))" : "smooth_clip:\(f(lo)),\(f(hi)),\(f(b))"
        }
    }

    /// The known base name nearest to `text` by edit distance, when it is a plausible typo.
    static func closestName(to text: String) -> String? {
        let bases = knownNames.map { String($0.prefix { $0 != ":" && $0 != "[" }) }
        let scored = bases.map { ($0, editDistance(Array(text), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, best.0.count / 3) else { return nil }
        return best.0
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1..<(b.count + 1) {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension Activation: CustomStringConvertible {
    public var description: String { name }
}

extension Activation {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text, location: CodingPathText.location(decoder.codingPath, default: "activation"))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}
