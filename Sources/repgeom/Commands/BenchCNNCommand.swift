import ArgumentParser
import Foundation
import RepGeom

/// `repgeom bench cnn`: training throughput of the reference CNN on 28×28×1 inputs.
struct BenchCNN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cnn",
        abstract: "Training steps/s of the reference CNN (conv5×5·6 → pool → conv5×5·16 → pool → FC120 → FC84 → 1) on 28×28×1 inputs, Adam.")

    @Option(help: "Minibatch size.") var batch = 64
    @Option(help: "Timed steps.") var steps = 200
    @Option(help: "BLAS threads.") var threads = 1
    @Option(help: "Nonlinearities.") var activation: [String] = ["tanh", "relu"]

    func validate() throws {
        guard batch >= 1, steps >= 1, threads >= 1 else { throw ValidationError("--batch, --steps and --threads must be ≥ 1") }
    }

    func run() throws {
        BLASThreads.set(threads)
        for name in activation {
            let r = CNNBenchmark.run(activation: try Activation(parsing: name), batch: batch, steps: steps)
            print(String(format: "%@: %.1f steps/s (batch %d), %.0f images/s, %.1f GFLOP/s", r.activation as NSString, r.stepsPerSecond,
                         r.batch, r.imagesPerSecond, r.gflops))
        }
    }
}
