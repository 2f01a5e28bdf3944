import Foundation
import RepGeom
import Yams

/// Reads a run configuration from a YAML or JSON file (JSON by the `.json` extension, YAML
/// otherwise). Every problem is one `InputError` naming the file and the field.
enum ConfigurationFile {
    /// The largest config file read (a config is a few hundred bytes).
    static let maximumBytes = 1 << 20

    static func load(_ path: String, defaultTask: TaskSpec?) throws -> RunConfiguration {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputError(path, "no such file")
        }
        if isDirectory.boolValue { throw InputError(path, "is a folder, not a config file") }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw InputError(path, "cannot read (\(error.localizedDescription))") }
        if data.count > maximumBytes { throw InputError(path, "larger than \(maximumBytes) bytes; not a config file") }
        if url.pathExtension.lowercased() == "json" {
            return try RunConfiguration.decodeJSON(data, file: path, defaultTask: defaultTask)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw InputError(path, "not UTF-8 text") }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw InputError(path, "empty (a config needs at least `task: …`)")
        }
        do {
            var info: [CodingUserInfoKey: Any] = [:]
            if let defaultTask { info[RunConfiguration.defaultTaskKey] = defaultTask }
            return try YAMLDecoder().decode(RunConfiguration.self, from: text, userInfo: info)
        } catch {
            throw CodingPathText.inputError(error, file: path)
        }
    }
}
