/// Parameter update rules (SPEC §3). State lives in the training workspace, one buffer per
/// trainable group; updates are in place and allocation-free.
public enum Optimizer: Sendable, Equatable, Codable {
    /// θ ← θ − lr·g (reference lr 0.1).
    case sgd
    /// RMSprop-style: v ← βv + (1−β)g², θ ← θ − lr·g/(√v + ε) (reference β = 0.99).
    case rmsprop(beta: Double, epsilon: Double)
    /// Adam with bias correction (reference lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8).
    case adam(beta1: Double, beta2: Double, epsilon: Double)

    public static let rmspropDefault = Optimizer.rmsprop(beta: 0.99, epsilon: 1e-8)
    public static let adamDefault = Optimizer.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)

    /// `sgd`, `rmsprop[:β]`, `adam[:β1,β2]`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let args = parts.count > 1 ? parts[1].split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) } : []
        if args.contains(where: { $0 == nil || !$0!.isFinite }) {
            throw InputError("optimizer", "bad parameters in '\(text)'")
        }
        let a = args.map { $0! }
        switch (parts[0], a.count) {
        case ("sgd", 0): self = .sgd
        case ("rmsprop", 0): self = .rmspropDefault
        case ("rmsprop", 1) where a[0] > 0 && a[0] < 1: self = .rmsprop(beta: a[0], epsilon: 1e-8)
        case ("adam", 0): self = .adamDefault
        case ("adam", 2) where a.allSatisfy({ $0 > 0 && $0 < 1 }): self = .adam(beta1: a[0], beta2: a[1], epsilon: 1e-8)
        default:
            throw InputError("optimizer", "'\(text)' is not one of sgd, rmsprop[:β with 0<β<1], adam[:β1,β2 in (0,1)]")
        }
    }

    /// The canonical text form (parses back to the same value up to ε).
    public var name: String {
        switch self {
        case .sgd: "sgd"
        case .rmsprop(let b, _): b == 0.99 ? "rmsprop" : "rmsprop:\(b)"
        case .adam(let b1, let b2, _): (b1 == 0.9 && b2 == 0.999) ? "adam" : "adam:\(b1),\(b2)"
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

import Foundation
