import Foundation

/// E7 (SPEC §6): a small CNN on natural images, tanh vs relu. Fashion-MNIST (Debian's
/// `dataset-fashion-mnist`) relabelled into a balanced binary task — upper-body garments and
/// dresses {T-shirt/top, pullover, dress, coat, shirt} vs the rest {trouser, sandal, sneaker, bag,
/// ankle boot} (`ClassGrouping.fashionTops`) — so the 10 classes are the conditions, the trained
/// dichotomy is balanced (PS and CCGP are defined), and every other class split is an untrained
/// dichotomy. The network is SPEC §3's reference CNN adapted to 28×28×1 inputs: conv 5×5 (6) →
/// pool → conv 5×5 (16) → pool → FC 120 → FC 84 → one frozen logit, BCE, Adam (lr 1e-3).
///
/// Measured on held-out test images at the end of training, per layer (0 = pixels, 1–2 = the
/// conv blocks' pooled maps, 3–4 = the FC layers): target and input alignment at the sample
/// level (linear CKA, feature-space form) and at the class-mean level (10 conditions); PS (max),
/// CCGP (leave-one-per-side) and decoding of the trained dichotomy; decoding of untrained
/// balanced class dichotomies (a seeded subset at quick scale, all 125 at paper scale) and of
/// footwear {sandal, sneaker, ankle boot} vs rest. Plus train/test accuracy at each checkpoint.
///
/// The job setting `dataset` = "generated" swaps in the tiny generated shape set (12×12, a
/// smaller CNN with 3×3 kernels) — for tests and for machines without Fashion-MNIST.
public struct E7Experiment: Experiment {
    public init() {}

    public var id: String { "E7" }
    public var title: String { "CNN on images: per-layer geometry, tanh vs relu" }
    public var claims: [String] {
        ["Tanh CNN layers are more target-aligned than ReLU layers at matched depth.",
         "Tanh CNN layers are less input-aligned (to the pixel kernel) than ReLU layers at matched depth.",
         "Untrained class dichotomies are better decodable from ReLU CNN layers than from tanh layers."]
    }

    public static let nonlinearities = ["tanh", "relu"]

    /// Everything scale-dependent, as it goes into a job's setting.
    public struct Scale: Sendable, Equatable {
        public var seeds: Int
        public var trainPerClass: Int
        public var testPerClass: Int
        public var epochs: Int
        public var untrained: Int
        public var dataset: String
    }

    public func scale(_ s: ExperimentScale) -> Scale {
        switch s {
        case .quick: Scale(seeds: 3, trainPerClass: 300, testPerClass: 60, epochs: 15, untrained: 12, dataset: "fashion-mnist")
        // Paper: all 60 000 training images, 30 epochs; measures on 200 test images per class;
        // every untrained balanced dichotomy (125).
        case .paper: Scale(seeds: 10, trainPerClass: 6000, testPerClass: 200, epochs: 30, untrained: 125, dataset: "fashion-mnist")
        }
    }

    public func jobs(scale s: ExperimentScale) throws -> [SweepJob] {
        let c = scale(s)
        var jobs: [SweepJob] = []
        for f in E7Experiment.nonlinearities {
            for seed in 0..<c.seeds {
                jobs.append(SweepJob(experiment: id, setting: [
                    "nonlinearity": .string(f), "dataset": .string(c.dataset),
                    "train_per_class": .int(c.trainPerClass), "test_per_class": .int(c.testPerClass),
                    "epochs": .int(c.epochs), "untrained": .int(c.untrained),
                ], seed: UInt64(seed)))
            }
        }
        return jobs
    }

    /// One job's resolved settings.
    struct Settings: Codable, Equatable {
        var dataset: String
        var grouping: ClassGrouping
        var trainPerClass: Int
        var testPerClass: Int
        var untrained: Int
        var network: ConvNetSpec
        var training: TrainingOptions
        var input: ImageShape
        var centring = "training-set mean image subtracted from every input"
    }

    func settings(_ job: SweepJob) throws -> Settings {
        func int(_ key: String) throws -> Int {
            guard case .int(let v)? = job.setting[key], v >= 0 else {
                throw InputError("E7 job \(job.setting) setting \(key)", "must be a non-negative integer")
            }
            return v
        }
        guard case .string(let name)? = job.setting["nonlinearity"] else {
            throw InputError("E7 job setting nonlinearity", "must be a string such as tanh or relu")
        }
        let dataset: String
        switch job.setting["dataset"] {
        case .string(let d)? where d == "fashion-mnist" || d == "generated": dataset = d
        default: throw InputError("E7 job setting dataset", "must be fashion-mnist or generated")
        }
        var network = ConvNetSpec()
        network.activation = try Activation(parsing: name)
        var input = ImageShape(channels: 1, height: 28, width: 28)
        if dataset == "generated" {
            input = ImageShape(channels: 1, height: 12, width: 12)
            network.convChannels = [4, 8]
            network.kernelSize = 3
            network.hiddenWidths = [32, 16]
        }
        var training = TrainingOptions()
        training.loss = .bce
        training.optimizer = .adamDefault
        training.learningRate = 1e-3
        training.batchSize = 64
        training.epochs = try int("epochs")
        training.checkpointEvery = max(1, training.epochs / 4)
        let s = Settings(dataset: dataset, grouping: .fashionTops, trainPerClass: try int("train_per_class"),
                         testPerClass: try int("test_per_class"), untrained: try int("untrained"),
                         network: network, training: training, input: input)
        try s.network.validate(input: input)
        try s.training.validate()
        guard s.trainPerClass >= 1, s.testPerClass >= 2 else {
            throw InputError("E7 job setting train_per_class/test_per_class", "need ≥ 1 training and ≥ 2 test images per class")
        }
        return s
    }

    /// The training and test images of a job: seeded per-class subsamples (the job seed's task
    /// stream; the test images come from the held-out split).
    func images(_ s: Settings, seed: UInt64) throws -> (train: ImageDataset, test: ImageDataset) {
        if s.dataset == "generated" {
            return (GeneratedImages.make(perClass: s.trainPerClass, seed: 2 * seed + 1),
                    GeneratedImages.make(perClass: s.testPerClass, seed: 2 * seed + 2))
        }
        let train = try FashionMNIST.load(.train, selection: s.trainPerClass >= 6000 ? .all : .randomPerClass(s.trainPerClass, seed: seed))
        let test = try FashionMNIST.load(.test, selection: .randomPerClass(s.testPerClass, seed: seed))
        return (train, test)
    }

    public func run(_ job: SweepJob) throws -> NetworkResult {
        let s = try settings(job)
        let (trainImages, testImages) = try images(s, seed: job.seed)
        let mean = trainImages.meanImage
        func dataset(_ d: ImageDataset) -> Dataset<Float> {
            let t = s.grouping.targets(d.labels)
            return Dataset(inputs: d.inputs(layout: .hwc, subtracting: mean), targets: Matrix(rows: d.count, columns: 1) { i, _ in Float(t[i]) },
                           conditions: d.labels)
        }
        let train = dataset(trainImages), test = dataset(testImages)
        let network = ConvNetwork<Float>(spec: s.network, input: s.input, outputs: 1, seed: job.seed)
        let readout = s.network.hiddenLayerCount + 1
        var records: [MeasureRecord] = []
        let result = try ConvTrainer<Float>(options: s.training).train(network, on: train, test: test, seed: job.seed, onCheckpoint: { c in
            let m = c.metrics
            records.append(MeasureRecord(epoch: m.epoch, layer: readout, measure: "train_loss", variant: "bce", value: m.train.loss))
            records.append(MeasureRecord(epoch: m.epoch, layer: readout, measure: "train_accuracy", variant: "logit_sign", value: m.train.accuracy))
            if let t = m.test {
                records.append(MeasureRecord(epoch: m.epoch, layer: readout, measure: "test_accuracy", variant: "logit_sign", value: t.accuracy))
            }
        })
        let epoch = result.checkpoints.last?.epoch ?? 0
        records += try measure(result.network, test: test, classCount: testImages.classCount, settings: s, epoch: epoch, seed: job.seed)
        return NetworkResult(job: job, configuration: try configuration(s, job: job, train: trainImages, test: testImages), records: records)
    }

    func configuration(_ s: Settings, job: SweepJob, train: ImageDataset, test: ImageDataset) throws -> String {
        struct Resolved: Encodable {
            var experiment: String
            var seed: UInt64
            var settings: Settings
            var trainSource: String
            var testSource: String
            var trainImages: Int
            var testImages: Int
        }
        return try CanonicalJSON.encode(Resolved(experiment: id, seed: job.seed, settings: s, trainSource: train.source,
                                                 testSource: test.source, trainImages: train.count, testImages: test.count))
    }
}
