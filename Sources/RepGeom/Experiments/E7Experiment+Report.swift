import Foundation

/// E7's figures and claim checks from the stored results.
extension E7Experiment {
    /// Final-checkpoint values of one quantity, one per network, for nonlinearity `f` at `layer`.
    static func values(_ results: [NetworkResult], _ f: String, _ measure: String, variant: String? = nil,
                       subject: String? = nil, layer: Int) -> [Double] {
        results.filter { $0.job.setting["nonlinearity"] == .string(f) }.compactMap { r in
            r.records.filter { $0.measure == measure && $0.layer == layer && (variant == nil || $0.variant == variant) && $0.subject == subject }
                .max { $0.epoch < $1.epoch }?.value
        }
    }

    static func mean(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count) }

    public func report(_ results: [NetworkResult], scale s: ExperimentScale) throws -> ExperimentReport {
        let c = scale(s)
        let samples = AlignmentOptions(level: .samples).variant, means = AlignmentOptions().variant
        let hidden = results.flatMap { $0.records.filter { $0.measure == "target_alignment" }.map(\.layer) }.max() ?? 0
        let layers = Array(0...hidden), hiddenLayers = hidden >= 1 ? Array(1...hidden) : []
        let nl = E7Experiment.nonlinearities
        func curve(_ f: String, _ measure: String, variant: String? = nil, subject: String? = nil, name: String? = nil,
                   dash: LineDash? = nil) -> LineSeries {
            LineSeries.summarising(name: name ?? f, x: layers.map(Double.init),
                                   samples: layers.map { Self.values(results, f, measure, variant: variant, subject: subject, layer: $0) },
                                   color: Palette.color(for: f), dash: dash)
        }
        let layerAxis = Axis("layer (0 = pixels; 1–2 conv blocks; 3–4 FC)", ticks: layers.map(Double.init))
        func alignmentPanel(_ measure: String, _ title: String) -> LinePlot {
            LinePlot(title: title, x: layerAxis, y: Axis("CKA", range: 0...1),
                     series: nl.map { curve($0, measure, variant: samples, name: "\($0) (samples)") }
                        + nl.map { curve($0, measure, variant: means, name: "\($0) (class means)", dash: .dashed) })
        }
        let alignmentFigure = SmallMultiples(title: "Per-layer alignment, tanh vs relu CNN",
                                             panels: [alignmentPanel("target_alignment", "target (label) alignment"),
                                                      alignmentPanel("input_alignment", "input (pixel) alignment")], columns: 2)
            .figure(name: "alignment_by_layer",
                    caption: "Linear CKA of each layer's representation with the label kernel (left) and the pixel kernel (right), on held-out test images: sample level (solid, n×n kernels, feature-space form) and class-mean level (dashed, 10×10 kernels). Mean ± s.d. over \(c.seeds) networks per nonlinearity.")
        let decodingFigure = LinePlot(title: "Decoding of class dichotomies", x: layerAxis, y: Axis("cross-validated accuracy", range: 0.5...1),
                                      series: nl.map { curve($0, "decoding", subject: "untrained_mean", name: "\($0) untrained (mean)") }
                                        + nl.map { curve($0, "decoding", subject: "trained", name: "\($0) trained", dash: .dashed) }
                                        + nl.map { curve($0, "decoding", subject: ClassGrouping.fashionFootwear.name, name: "\($0) footwear vs rest", dash: .dotted) })
            .figure(name: "untrained_decoding",
                    caption: "Linear SVM decoding (5-fold) of the trained dichotomy (dashed), the mean over \(c.untrained) untrained balanced class dichotomies (solid) and footwear vs rest (dotted), per layer. Mean ± s.d. over networks.")
        let abstraction = SmallMultiples(title: "Abstraction of the trained dichotomy", panels: [
            LinePlot(title: "parallelism score (max)", x: layerAxis, y: Axis("PS"), series: nl.map { curve($0, "ps", subject: "trained") }),
            LinePlot(title: "CCGP (leave one per side)", x: layerAxis, y: Axis("CCGP", range: 0.5...1), series: nl.map { curve($0, "ccgp", subject: "trained") }),
        ], columns: 2)
            .figure(name: "ps_ccgp_trained", caption: "PS and CCGP of the trained dichotomy with the 10 classes as conditions, per layer.")

        // Claims: compare network means at every hidden layer.
        func comparison(_ measure: String, variant: String?, subject: String?, tanhHigher: Bool) -> (String, Bool) {
            var parts: [String] = [], ok = !hiddenLayers.isEmpty
            for l in hiddenLayers {
                let t = Self.mean(Self.values(results, "tanh", measure, variant: variant, subject: subject, layer: l))
                let r = Self.mean(Self.values(results, "relu", measure, variant: variant, subject: subject, layer: l))
                parts.append(String(format: "L%d tanh %.3f vs relu %.3f", l, t, r))
                if !(tanhHigher ? t > r : r > t) { ok = false }
            }
            return (parts.joined(separator: "; "), ok)
        }
        func levels(_ measure: String, tanhHigher: Bool, index: Int) -> ClaimCheck {
            let (sm, sp) = comparison(measure, variant: samples, subject: nil, tanhHigher: tanhHigher)
            let (cm, _) = comparison(measure, variant: means, subject: nil, tanhHigher: tanhHigher)
            return ClaimCheck(claim: claims[index], measured: "sample level: \(sm). Class-mean level (not the criterion): \(cm)",
                              criterion: "sample-level mean CKA over networks " + (tanhHigher ? "higher" : "lower") + " for tanh than relu at every hidden layer",
                              passed: sp)
        }
        let (dm, dp) = comparison("decoding", variant: nil, subject: "untrained_mean", tanhHigher: false)
        let decodingClaim = ClaimCheck(claim: claims[2], measured: "mean accuracy over \(c.untrained) untrained balanced dichotomies: \(dm)",
                                       criterion: "mean untrained decoding accuracy higher for relu than tanh at every hidden layer", passed: dp)

        let readout = hidden + 1
        let accuracy = nl.map { f in
            String(format: "%@ %.3f", f, Self.mean(Self.values(results, f, "test_accuracy", layer: readout)))
        }.joined(separator: ", ")
        return ExperimentReport(
            id: id, title: title,
            summary: "Fashion-MNIST relabelled tops-and-dresses {0,2,3,4,6} vs the rest; SPEC §3 reference CNN on 28×28×1 (conv5×5·6 → pool → conv5×5·16 → pool → FC120 → FC84 → frozen logit), Adam lr 1e-3, BCE. Final test accuracy: \(accuracy). Measures on held-out test images per layer.",
            settings: [ReportSetting("networks", "\(results.count)"),
                       ReportSetting("networks per nonlinearity", "\(c.seeds)"),
                       ReportSetting("training images per class", c.trainPerClass >= 6000 ? "all (6000)" : "\(c.trainPerClass) (seeded subsample)"),
                       ReportSetting("test images per class (measures)", "\(c.testPerClass)"),
                       ReportSetting("epochs", "\(c.epochs)"),
                       ReportSetting("untrained dichotomies", "\(c.untrained) balanced + footwear vs rest"),
                       ReportSetting("data", c.dataset)],
            figures: [alignmentFigure, decodingFigure, abstraction],
            claims: [levels("target_alignment", tanhHigher: true, index: 0), levels("input_alignment", tanhHigher: false, index: 1), decodingClaim])
    }
}
