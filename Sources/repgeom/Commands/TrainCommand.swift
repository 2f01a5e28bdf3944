import ArgumentParser
import Foundation
import RepGeom

/// `repgeom train`: trains one network per seed of one configuration and writes a record each.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train networks (one per seed) on a task and write one JSON record per network.",
        discussion: """
        The configuration comes from --config FILE (YAML, or JSON by extension) and/or flags; \
        flags override the file. Only the task is required. Defaults are the reference settings \
        (SPEC §3): 128 tanh hidden units with a frozen readout, BCE, SGD lr 0.1, batch 64, \
        1000 epochs, checkpoints every 10 epochs, 5000 training and 1000 test samples, seed 0, \
        Float.

        Each seed drives its network's data (noise stream), initialisation and batch order; the \
        task geometry uses the task's own seed (task_geometry: shared) or the network seed \
        (per_network). Same configuration and seed give bit-identical results.

        With --out DIR each network's record is written atomically to \
        DIR/NAME-seedS.json as soon as it finishes: the resolved configuration, the seed, the \
        software version, the task summary, and loss and accuracy (train and test) at every \
        checkpoint. Everything is checked before training starts; an invalid value stops the \
        command with a one-line error naming the field, and nothing is written.

        Config file example (YAML):
          task: aligned_cube:d=3,k=1,c=0.2
          network: {hidden_widths: [128], activation: relu}
          training: {epochs: 200, checkpoint_every: 20}
          seeds: 0-9

        Examples:
          repgeom train --task aligned_cube:d=3,c=0.2 --activation relu --out runs
          repgeom train --config e4.yaml -p c=0.3 --seeds 0-9 --out runs
          repgeom train --task nudged_xor:delta=0.5 --hidden 120 --print-config

        The [default: …] values below apply when neither the config file nor a flag sets them.
        """)

    // Source
    @Option(help: ArgumentHelp("A YAML or JSON configuration file (docs/training.md).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("The task spec, e.g. aligned_cube:d=3,k=1,c=0.2 (`repgeom task list`).", valueName: "spec"))
    var task: String?

    @OptionGroup var taskParameters: TaskParameterOptions

    // Network
    @Option(help: ArgumentHelp("Nonlinearity: tanh, relu, sigmoid, linear, softplus[:β], leaky_relu[:α], elu[:α], gelu, abs, hardtanh[:lo,hi], bounded_relu:ub, shifted_relu:s, clip:lo,hi, smooth_clip:lo,hi[,β]. [default: tanh]", valueName: "name"))
    var activation: String?

    @Option(help: ArgumentHelp("Hidden widths, comma-separated (one per layer). [default: 128]", valueName: "widths"))
    var hidden: String?

    @Option(help: ArgumentHelp("Hidden weight initialiser: gaussian (N(0, 1/fan_in)) or uniform. [default: gaussian]", valueName: "name"))
    var weightInit: String?

    @Option(help: ArgumentHelp("Hidden bias initialiser: gaussian or zero. [default: gaussian]", valueName: "name"))
    var biasInit: String?

    @Option(help: ArgumentHelp("Readout initialiser: gaussian, uniform, unit_norm, balanced_binary. [default: gaussian]", valueName: "name"))
    var readoutInit: String?

    @Option(help: ArgumentHelp("Bias shift s₀ added to every hidden bias at initialisation. [default: 0]", valueName: "s0"))
    var biasShift: Double?

    @Flag(inversion: .prefixedNo, help: "Train the readout too (frozen by default).")
    var trainReadout: Bool?

    // Training
    @Option(help: ArgumentHelp("Epochs. [default: 1000]", valueName: "n")) var epochs: Int?
    @Option(help: ArgumentHelp("Learning rate. [default: 0.1]", valueName: "x")) var lr: Double?
    @Option(help: ArgumentHelp("Minibatch size. [default: 64]", valueName: "n")) var batchSize: Int?
    @Option(help: ArgumentHelp("Optimiser: sgd, rmsprop[:β], adam[:β1,β2]. [default: sgd]", valueName: "name")) var optimizer: String?
    @Option(help: ArgumentHelp("Loss: bce, mse, softmax. [default: bce]", valueName: "name")) var loss: String?
    @Option(help: ArgumentHelp("Checkpoint (metrics) every n epochs, plus epoch 0 and the end. [default: 10]", valueName: "n")) var checkpointEvery: Int?
    @Option(help: ArgumentHelp("Stop when no trained parameter moves more than this over an epoch (reference 1e-5). [default: off]", valueName: "tol")) var earlyStop: Double?

    // Data and seeds
    @Option(help: ArgumentHelp("Training samples per network. [default: 5000]", valueName: "n")) var trainSamples: Int?
    @Option(help: ArgumentHelp("Test samples per network (0: none). [default: 1000]", valueName: "n")) var testSamples: Int?
    @Option(help: ArgumentHelp("Network seeds: 3, 0,1,5 or 0-9. [default: 0]", valueName: "list")) var seeds: String?
    @Option(help: ArgumentHelp("shared (the task's own seed) or per_network (the network seed). [default: shared]", valueName: "mode")) var taskGeometry: String?
    @Option(help: ArgumentHelp("float or double. [default: float]", valueName: "type")) var precision: String?

    // Output
    @Option(help: ArgumentHelp("Folder for the records (created if needed). Without it nothing is written.", valueName: "dir")) var out: String?
    @Option(help: ArgumentHelp("Record file prefix. [default: <family>-<activation>]", valueName: "prefix")) var name: String?
    @Flag(help: "Print the resolved configuration (JSON) and exit without training.") var printConfig = false
    @Flag(help: "Print the records as a JSON array on standard output instead of the summary table.") var json = false
    @Flag(help: "No progress output on standard error.") var quiet = false

    func run() throws {
        let configuration = try resolvedConfiguration()
        try configuration.validate()
        if printConfig {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(configuration), as: UTF8.self))
            return
        }
        // Everything that can fail before training: every seed's task, the output folder.
        if configuration.taskGeometry == .shared {
            _ = try configuration.makeTask(seed: configuration.seeds[0])
        } else {
            for seed in configuration.seeds { _ = try configuration.makeTask(seed: seed) }
        }
        let prefix = try recordPrefix(configuration)
        let folder = try out.map(prepareFolder)

        let progress = TrainingProgress(enabled: !quiet, seeds: configuration.seeds.count, epochs: configuration.training.epochs)
        var records: [(RunRecord, String?)] = []
        for (index, seed) in configuration.seeds.enumerated() {
            progress.begin(seed: seed, index: index)
            let record = try configuration.trainRecord(seed: seed, onCheckpoint: { progress.checkpoint($0) },
                                                       onEpoch: { progress.epoch($0) })
            var path: String? = nil
            if let folder {
                let url = folder.appendingPathComponent("\(prefix)-seed\(seed).json")
                try record.write(to: url)
                path = url.path
            }
            progress.end(record, path: path)
            records.append((record, path))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(records.map(\.0)), as: UTF8.self))
        } else {
            printSummary(records)
        }
    }

    /// The file (if any), then the flags on top.
    func resolvedConfiguration() throws -> RunConfiguration {
        let flagTask = try task.map { try TaskSpec(parsing: $0) }
        var c: RunConfiguration
        if let config {
            c = try ConfigurationFile.load(config, defaultTask: flagTask)
        } else {
            guard let flagTask else {
                throw InputError("--task", "missing: give --task SPEC (e.g. --task aligned_cube:d=3,k=1,c=0.2) or --config FILE")
            }
            c = RunConfiguration(task: flagTask)
        }
        if let flagTask { c.task = flagTask }
        c.task = try taskParameters.apply(to: c.task)

        if let activation { c.network.activation = try Activation(parsing: activation, location: "--activation") }
        if let hidden {
            c.network.hiddenWidths = try hidden.split(separator: ",").map {
                guard let w = Int($0.trimmingCharacters(in: .whitespaces)) else {
                    throw InputError("--hidden", "'\(hidden)' is not a comma-separated list of widths (e.g. 128 or 64,64)")
                }
                return w
            }
        }
        if let weightInit { c.network.weightInit = try choice(weightInit, "--weight-init") }
        if let biasInit { c.network.biasInit = try choice(biasInit, "--bias-init") }
        if let readoutInit { c.network.readoutInit = try choice(readoutInit, "--readout-init") }
        if let biasShift { c.network.biasShift = biasShift }
        if let trainReadout { c.network.trainReadout = trainReadout }

        if let epochs { c.training.epochs = epochs }
        if let lr { c.training.learningRate = lr }
        if let batchSize { c.training.batchSize = batchSize }
        if let optimizer {
            do { c.training.optimizer = try Optimizer(parsing: optimizer) } catch let e as InputError { throw InputError("--optimizer", e.message) }
        }
        if let loss { c.training.loss = try choice(loss, "--loss") }
        if let checkpointEvery { c.training.checkpointEvery = checkpointEvery }
        if let earlyStop { c.training.earlyStopTolerance = earlyStop }

        if let trainSamples { c.trainSamples = trainSamples }
        if let testSamples { c.testSamples = testSamples }
        if let seeds { c.seeds = try RunConfiguration.parseSeeds(seeds, location: "--seeds") }
        if let taskGeometry { c.taskGeometry = try choice(taskGeometry, "--task-geometry") }
        if let precision { c.precision = try choice(precision, "--precision") }
        return c
    }

    func choice<E: RawRepresentable & CaseIterable>(_ text: String, _ flag: String) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: text) else {
            throw InputError(flag, "unknown '\(text)' (known: \(E.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return value
    }

    func recordPrefix(_ c: RunConfiguration) throws -> String {
        let raw = name ?? "\(c.task.family)-\(c.network.activation.name)"
        let safe = String(raw.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" })
        if safe.isEmpty || safe.hasPrefix(".") { throw InputError("--name", "'\(raw)' is not a usable file prefix") }
        return safe
    }

    func prepareFolder(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path, isDirectory: true)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            if !isDirectory.boolValue { throw InputError("--out", "'\(path)' is a file, not a folder") }
        } else {
            do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
                throw InputError("--out", "cannot create '\(path)' (\(error.localizedDescription))")
            }
        }
        if !FileManager.default.isWritableFile(atPath: url.path) { throw InputError("--out", "'\(path)' is not writable") }
        return url
    }

    func printSummary(_ records: [(RunRecord, String?)]) {
        func pct(_ x: Double?) -> String { x.map { String(format: "%6.2f%%", 100 * $0) } ?? "      —" }
        print("  seed  epochs   train loss   train acc   test acc   record")
        for (r, path) in records {
            print(String(format: "%6llu  %6d  %11.5f   %@    %@   %@", r.seed, r.final.epoch, r.final.trainLoss,
                         pct(r.final.trainAccuracy) as NSString, pct(r.final.testAccuracy) as NSString, (path ?? "—") as NSString))
        }
    }
}
