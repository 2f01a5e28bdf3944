/// Sparsity of a non-negative representation: the fraction of active units.
///
/// **Name** "sparsity". **Variant** "active_fraction(threshold=t)".
///
/// `activeFraction` = mean over conditions (rows) of the fraction of units (columns) whose
/// activity exceeds the threshold t (default 0, i.e. strictly positive); `silentUnitFraction`
/// = fraction of units active for no condition. Defined for non-negative activity (e.g. ReLU,
/// sigmoid-like units); a representation with negative entries (tanh, linear) has no natural
/// "inactive" level, so it is `MeasureUnavailable`. **Invariances**: unit and condition
/// permutations; *not* orthogonal maps, translation or scaling (it is a property of units).
public struct SparsityResult: Sendable, Codable, Equatable {
    public var name = "sparsity"
    public var variant: String
    public var threshold: Double
    public var activeFraction: Double
    public var silentUnitFraction: Double

    enum CodingKeys: String, CodingKey {
        case name, variant, threshold
        case activeFraction = "active_fraction"
        case silentUnitFraction = "silent_unit_fraction"
    }
}

public enum Sparsity {
    public static func of(_ z: Matrix<Double>, threshold: Double = 0) throws -> SparsityResult {
        guard z.rows > 0, z.columns > 0 else { throw MeasureUnavailable("sparsity", "empty representation") }
        guard z.elements.allSatisfy({ $0 >= 0 }) else {
            throw MeasureUnavailable("sparsity", "the representation has negative activities; the active fraction is defined for non-negative units (e.g. relu)")
        }
        var active = 0
        var everActive = [Bool](repeating: false, count: z.columns)
        for i in 0..<z.rows {
            for j in 0..<z.columns where z.elements[i * z.columns + j] > threshold {
                active += 1
                everActive[j] = true
            }
        }
        let silent = everActive.filter { !$0 }.count
        return SparsityResult(variant: "active_fraction(threshold=\(threshold))", threshold: threshold,
                              activeFraction: Double(active) / Double(z.count),
                              silentUnitFraction: Double(silent) / Double(z.columns))
    }
}
