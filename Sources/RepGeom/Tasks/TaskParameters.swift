import Foundation

/// The `key=value` parameters of a task spec as text, read by a family with typed getters.
///
/// Every getter names the parameter in its errors as "task.<key>"; `finish()` rejects keys the
/// family did not read, listing the ones it knows, so that a typo never silently falls back to
/// a default.
public struct TaskParameters: Sendable {
    public let family: String
    private var values: [String: String]
    private var read: [String] = []

    /// Parameters from `key → value text`.
    public init(family: String, values: [String: String]) {
        self.family = family
        self.values = values
    }

    /// "task.<key>", the location errors name.
    public static func location(_ key: String) -> String { "task.\(key)" }

    /// The raw text of `key`, nil when absent (and marks it as known).
    public mutating func text(_ key: String) -> String? {
        read.append(key)
        return values[key]
    }

    public mutating func double(_ key: String, default value: Double) throws -> Double {
        guard let t = text(key) else { return value }
        return try ParameterText.double(t, location: Self.location(key))
    }

    public mutating func integer(_ key: String, default value: Int) throws -> Int {
        guard let t = text(key) else { return value }
        return try ParameterText.integer(t, location: Self.location(key))
    }

    public mutating func seed(_ key: String = "seed", default value: UInt64 = 0) throws -> UInt64 {
        guard let t = text(key) else { return value }
        return try ParameterText.seed(t, location: Self.location(key))
    }

    public mutating func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let t = text(key) else { return value }
        return try ParameterText.bool(t, location: Self.location(key))
    }

    /// Throws for any key the family did not read.
    public func finish() throws {
        let known = read
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            let hint = known.first(where: { $0.lowercased() == unknown.lowercased() }).map { " — did you mean '\($0)'?" } ?? ""
            throw InputError(Self.location(unknown),
                             "unknown parameter for \(family)\(hint) (known: \(known.joined(separator: ", ")))")
        }
    }
}

/// Target dichotomies written as bit strings, one character per condition, outputs separated by
/// '/': "0011" labels conditions 2 and 3 with 1; "0011/0101" is two outputs.
enum TargetText {
    static func parse(_ text: String, conditions p: Int, location: String) throws -> Matrix<Double> {
        let outputs = text.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var m = Matrix<Double>(rows: p, columns: outputs.count)
        for (j, bits) in outputs.enumerated() {
            let chars = Array(bits)
            guard chars.count == p, chars.allSatisfy({ $0 == "0" || $0 == "1" }) else {
                throw InputError(location, "output \(j + 1) '\(bits)' must be \(p) characters 0/1, one per condition (outputs separated by '/')")
            }
            for c in 0..<p { m[c, j] = chars[c] == "1" ? 1 : 0 }
            let ones = chars.filter { $0 == "1" }.count
            if ones == 0 || ones == p {
                throw InputError(location, "output \(j + 1) '\(bits)' puts every condition on one side")
            }
        }
        return m
    }

    static func format(_ targets: Matrix<Double>) -> String {
        (0..<targets.columns).map { j in
            String((0..<targets.rows).map { targets[$0, j] > 0.5 ? Character("1") : Character("0") })
        }.joined(separator: "/")
    }
}
