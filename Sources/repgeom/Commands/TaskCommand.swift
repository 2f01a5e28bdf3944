import ArgumentParser
import Foundation
import RepGeom

/// `repgeom task …`: inspect the task families (SPEC §2).
struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Inspect task families: list them, or build one and summarise its geometry.",
        subcommands: [TaskShow.self, TaskList.self])
}

/// Task-spec overrides shared by `task show` and `train`.
struct TaskParameterOptions: ParsableArguments {
    @Option(name: [.customShort("p"), .customLong("param")], parsing: .singleValue,
            help: ArgumentHelp("Override one task parameter (repeatable), e.g. -p c=0.3 -p seed=2.", valueName: "key=value"))
    var parameters: [String] = []

    /// The overrides as a dictionary; malformed items name the flag.
    func values() throws -> [String: String] {
        var result: [String: String] = [:]
        for item in parameters {
            let kv = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, !kv[0].isEmpty else {
                throw InputError("--param", "'\(item)' is not key=value (e.g. --param c=0.3)")
            }
            if result[kv[0]] != nil { throw InputError("--param", "'\(kv[0])' given twice") }
            result[kv[0]] = kv[1]
        }
        return result
    }

    func apply(to spec: TaskSpec) throws -> TaskSpec {
        let v = try values()
        return v.isEmpty ? spec : try spec.overriding(v)
    }
}

struct TaskShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Build a task and print its summary: P, N, k, c and its allowed range, A(Kx, Ky), targets.",
        discussion: """
        The spec is `family[:key=value,…]`; absent parameters take the family's defaults \
        (`repgeom task list` shows them). A(Kx, Ky) is the centred linear kernel alignment of \
        the condition means and the ±1 targets, computed from the built task — for aligned_cube \
        and random_kernel it equals c. Bit strings list one character per condition.

        Examples:
          repgeom task show aligned_cube:d=3,k=1,c=0.2
          repgeom task show aligned_cube:d=5,k=5 -p c=0.3 -p scale=0.5 --json
          repgeom task show nudged_xor:delta=0.5
        """)

    @Argument(help: ArgumentHelp("The task spec, e.g. aligned_cube:d=3,k=1,c=0.2.", valueName: "spec"))
    var spec: String

    @OptionGroup var overrides: TaskParameterOptions

    @Flag(help: "Print JSON (sorted keys) instead of text.")
    var json = false

    func run() throws {
        let task = try overrides.apply(to: try TaskSpec(parsing: spec))
        let summary = try task.summary()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(summary.text)
        }
    }
}

struct TaskList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the task families with their parameters and defaults.",
        discussion: "Example: repgeom task list")

    func run() throws {
        for family in TaskSpec.families {
            print("\(family.familyName) — \(family.summary)")
            let defaults = Dictionary(uniqueKeysWithValues: (family.defaultParameterText ?? []).map { ($0.name, $0.value) })
            let width = family.parameterHelp.map(\.name.count).max() ?? 0
            for p in family.parameterHelp {
                let name = p.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let value = defaults[p.name].map { " [default \($0)]" } ?? ""
                print("  \(name)  \(p.meaning)\(value)")
            }
            if let text = family.defaultParameterText {
                print("  e.g. \(family.familyName):\(text.map { "\($0.name)=\($0.value)" }.joined(separator: ","))")
            }
            print("")
        }
    }
}
