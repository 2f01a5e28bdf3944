/// The one error type for bad user input: a file, field or row plus what is wrong, printed as
/// one line by the command-line tool (which then exits non-zero).
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Where: a file path, a config field, "row 17 of acts.npy", …
    public let location: String
    public let message: String
    public init(_ location: String, _ message: String) {
        self.location = location
        self.message = message
    }
    public var description: String { "\(location): \(message)" }
}
