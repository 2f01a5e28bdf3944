/// E7's per-layer measures of one trained CNN on its held-out test images.
extension E7Experiment {
    /// The untrained dichotomies measured: balanced class splits other than the trained one (all
    /// 125 of 10 classes, or a subset of `count` drawn with a fixed seed so every network is
    /// measured on the same splits), then footwear {5, 7, 9} vs rest.
    static func untrainedDichotomies(trained: [Int], classCount: Int, count: Int) -> [Dichotomy] {
        let trainedCanonical = Dichotomy(labels: trained).canonicalLabels
        var balanced = BalancedDichotomies(conditionCount: classCount, limit: 10_000, seed: 0).labels.filter { $0 != trainedCanonical }
        if count < balanced.count {
            var rng = RandomSource(seed: 0, stream: .measures)
            balanced = rng.sample(count, from: balanced.count).sorted().map { balanced[$0] }
        }
        var out = balanced.map { l in
            Dichotomy(labels: l, trained: false, name: "classes{" + l.indices.filter { l[$0] == 1 }.map(String.init).joined(separator: ",") + "}")
        }
        if classCount == 10 {
            let footwear = ClassGrouping.fashionFootwear.classLabels(classCount: 10)
            if footwear != trained { out.append(Dichotomy(labels: footwear, trained: false, name: ClassGrouping.fashionFootwear.name)) }
        }
        return out
    }

    func measure(_ network: ConvNetwork<Float>, test: Dataset<Float>, classCount: Int, settings s: Settings,
                 epoch: Int, seed: UInt64) throws -> [MeasureRecord] {
        let x = test.inputs.converted(to: Double.self)
        let ids = test.conditions
        let y = test.targets.converted(to: Double.self)
        let trainedLabels = s.grouping.classLabels(classCount: classCount)
        let trained = Dichotomy(labels: trainedLabels, trained: true, name: s.grouping.name)
        let untrained = Self.untrainedDichotomies(trained: trainedLabels, classCount: classCount, count: s.untrained)
        let inputMeans = Representation.conditionAverages(x, conditions: ids, count: classCount)
        let layers = [x] + network.hiddenRepresentations(test.inputs)

        var options = MeasureOptions()
        options.measures = [.alignment, .parallelism, .ccgp, .decoding]
        options.seed = seed
        options.threads = 1
        var untrainedOptions = options
        untrainedOptions.measures = [.decoding]
        let sampleLevel = AlignmentOptions(level: .samples)

        var records: [MeasureRecord] = []
        func add(_ layer: Int, _ measure: String, _ variant: String, _ subject: String? = nil, _ value: Double?) {
            guard let value, value.isFinite else { return }
            records.append(MeasureRecord(epoch: epoch, layer: layer, measure: measure, variant: variant, subject: subject, value: value))
        }
        for (l, z) in layers.enumerated() {
            // Sample level: n×n kernels through the feature-space form when n exceeds the widths.
            let a = try TaskAlignment.alignments(representation: z, inputs: x, targets: y, options: sampleLevel)
            add(l, "target_alignment", sampleLevel.variant, nil, a.target)
            add(l, "input_alignment", sampleLevel.variant, nil, a.input)

            let means = Representation.conditionAverages(z, conditions: ids, count: classCount)
            let input = MeasureInput(conditionMeans: means, samples: z, sampleConditions: ids, inputMeans: inputMeans, dichotomies: [trained])
            let report = try MeasureSuite.run(input, options: options)
            let variant = options.alignment.variant
            add(l, "target_alignment", variant, nil, report.alignment?.target)
            add(l, "input_alignment", variant, nil, report.alignment?.input)
            if let d = report.dichotomies.first {
                add(l, "ps", "max", "trained", d.psMax)
                add(l, "ccgp", options.ccgp.variantName, "trained", d.ccgp)
                add(l, "decoding", d.decodingDetail?.variant ?? "svm", "trained", d.decoding)
            }
            var u = input
            u.dichotomies = untrained
            let ur = try MeasureSuite.run(u, options: untrainedOptions)
            var balanced: [Double] = []
            for d in ur.dichotomies {
                add(l, "decoding", d.decodingDetail?.variant ?? "svm", d.name, d.decoding)
                if d.balanced, let v = d.decoding { balanced.append(v) }
            }
            if !balanced.isEmpty {
                add(l, "decoding", ur.dichotomies.first?.decodingDetail?.variant ?? "svm", "untrained_mean",
                    balanced.reduce(0, +) / Double(balanced.count))
            }
        }
        return records
    }
}
