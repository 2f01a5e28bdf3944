import ArgumentParser
import Foundation
import RepGeom

/// `repgeom merge`: combine result stores (the shards of a sweep) into one.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine result stores (e.g. the shards of a sweep) into one, without duplicates.",
        discussion: """
        Copies every network of the SOURCE stores (folders holding results.sqlite) into the store in \
        --out, creating it if needed. Networks already there are skipped, so merging twice is \
        harmless. Stores of a different scale, software version or job list are refused before \
        anything is written. Afterwards `repgeom reproduce IDS --scale S --out OUT --no-train` \
        writes the CSVs and the report.
        """)

    @Option(help: "The store folder to merge into.") var out: String
    @Argument(help: "Store folders to merge from.") var sources: [String]

    func run() throws {
        let outcome = try StoreMerge.merge(sources.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: out))
        Console.line("merged \(sources.count) stores into \(out): \(outcome.added) networks added, \(outcome.duplicates) already present")
        if outcome.conflicting > 0 {
            Console.line("warning: \(outcome.conflicting) networks were present twice with different configurations; kept the copy already in \(out)")
        }
        for e in outcome.completeness {
            Console.line("\(e.id): \(e.finished) of \(e.jobs) networks\(e.finished < e.jobs ? " (incomplete)" : "")")
        }
    }
}
