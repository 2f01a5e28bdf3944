import ArgumentParser
import RepGeom

@main
struct RepGeomCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repgeom",
        abstract: "Study the geometry of learned representations (Alleman, Lindsey & Fusi, ICLR 2024).",
        version: RepGeomVersion.string,
        subcommands: [TaskCommand.self, TrainCommand.self, MeasureCommand.self, ReproduceCommand.self, MergeCommand.self,
                      SlurmCommand.self, BenchCommand.self]
    )
}
