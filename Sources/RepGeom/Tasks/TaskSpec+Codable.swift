/// A task spec is encoded as its canonical text. It decodes from that text or from a mapping
/// whose `family` key names the family and whose other keys are its parameters:
///
///     task: aligned_cube:d=3,k=1,c=0.2
///     task: {family: aligned_cube, d: 3, k: 1, c: 0.2}
///
/// A list value (`targets: ["0011", "0101"]`) joins with '/'. Errors name the field
/// ("task.c: …").
extension TaskSpec: Codable {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let location = CodingPathText.location(decoder.codingPath, default: "task")
        func relocated(_ e: InputError) -> InputError {
            // "task.c" → "<location>.c" when the spec sits elsewhere in a document.
            if location == "task" { return e }
            if e.location == "task" { return InputError(location, e.message) }
            if e.location.hasPrefix("task.") { return InputError(location + e.location.dropFirst(4), e.message) }
            return e
        }
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            do { try self.init(parsing: text) } catch let e as InputError { throw relocated(e) }
            return
        }
        guard let container = try? decoder.container(keyedBy: AnyKey.self) else {
            throw InputError(location, "expected a spec text (e.g. aligned_cube:d=3,k=1,c=0.2) or a mapping with a 'family' key")
        }
        var family: String?
        var values: [String: String] = [:]
        for key in container.allKeys {
            let text: String
            if let s = try? container.decode(String.self, forKey: key) { text = s }
            else if let b = try? container.decode(Bool.self, forKey: key) { text = "\(b)" }
            else if let i = try? container.decode(Int.self, forKey: key) { text = "\(i)" }
            else if let d = try? container.decode(Double.self, forKey: key) { text = ParameterText.format(d) }
            else if let list = try? container.decode([String].self, forKey: key) { text = list.joined(separator: "/") }
            else { throw InputError("\(location).\(key.stringValue)", "expected a number, true/false or text") }
            if key.stringValue == "family" { family = text } else { values[key.stringValue] = text }
        }
        guard let family else { throw InputError("\(location).family", "missing (one of \(TaskSpec.families.map { $0.familyName }.joined(separator: ", ")))") }
        do { try self.init(family: family, values: values) } catch let e as InputError { throw relocated(e) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}
