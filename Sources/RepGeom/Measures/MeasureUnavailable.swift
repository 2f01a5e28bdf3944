/// A measure that is mathematically undefined for valid input (not bad input): e.g. PS-max for
/// an unbalanced dichotomy, CKA of a representation with zero variance, CCGP without samples.
///
/// The measure suite turns it into a `null` value with this reason; direct callers can do the
/// same or let it propagate. Bad *input* (NaN, wrong shapes, labels other than 0/1) is an
/// `InputError` instead.
public struct MeasureUnavailable: Error, CustomStringConvertible, Equatable, Sendable {
    /// The measure, e.g. "ps_max".
    public let measure: String
    /// Why it cannot be computed, one line.
    public let reason: String
    public init(_ measure: String, _ reason: String) {
        self.measure = measure
        self.reason = reason
    }
    public var description: String { "\(measure) unavailable: \(reason)" }
}
