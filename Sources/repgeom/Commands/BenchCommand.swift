import ArgumentParser

/// `repgeom bench …`: performance benchmarks (never part of the tests).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Performance benchmarks, reported as ratios against references measured in the same run.",
        subcommands: [BenchTrain.self, BenchCompare.self, BenchMeasures.self, BenchCNN.self])
}
