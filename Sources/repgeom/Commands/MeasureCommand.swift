import ArgumentParser
import Foundation
import RepGeom

/// `repgeom measure`: the geometry measures (SPEC §4) of a representation the user brings.
struct MeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Geometry measures of a representation you bring: a model's activations, neural recordings.",
        discussion: """
        Reads n samples × p units of activity and the condition of each sample, averages the \
        samples of each condition into the condition representation, and reports kernel \
        alignment (to the targets and, with --inputs, to the inputs), shattering dimensionality, \
        participation ratio, sparsity, and per dichotomy the parallelism score (max, distsum), \
        CCGP and cross-validated decoding, optionally against null distributions.

        Files are .npy, an .npz member (file.npz:member; the name may be omitted when the \
        archive holds one array) or CSV columns (file.csv, file.csv:condition, file.csv:3, \
        file.csv:2-65; columns count from 1). See docs/file-formats.md.

        Dichotomies: an m × P array of 0/1, column c for condition id c; the first --trained \
        rows are the trained targets (default: all). Without --dichotomies every balanced \
        dichotomy is measured (a seeded subset of --dichotomy-limit when there are more), all \
        untrained. Without --conditions each activation row is one condition and only the \
        measures that need no samples run (alignment, parallelism, participation_ratio, sparsity).

        Variants (--variant key=value, repeatable; the keys of "options" in the --json output):
        \(MeasureCommand.variantHelp)

        Bad input (NaN/Inf, mismatched rows, ids that are not integers in range, labels other \
        than 0/1, conditions with too few samples for the requested decoding) stops with one \
        line naming the file and row, before anything is computed or written.
        """)

    @Option(help: ArgumentHelp("n × p activations: rows are samples, columns units (.npy, file.npz:member, CSV).", valueName: "file"))
    var activations: String

    @Option(help: ArgumentHelp("n condition ids 0…P−1, one per activation row (.npy, .npz member, or a CSV column such as data.csv:condition).", valueName: "file"))
    var conditions: String?

    @Option(help: ArgumentHelp("Inputs for input alignment: n × q (one row per sample) or P × q (one per condition).", valueName: "file"))
    var inputs: String?

    @Option(help: ArgumentHelp("m × P dichotomies of 0/1 over condition ids 0…P−1 (default: all balanced dichotomies).", valueName: "file"))
    var dichotomies: String?

    @Option(help: ArgumentHelp("The first K dichotomy rows are the trained targets (default: all rows of --dichotomies).", valueName: "K"))
    var trained: Int?

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Measures to compute, comma- or space-separated: \(MeasureKind.allCases.map(\.rawValue).joined(separator: ", ")), or all (default: all but rdm).", valueName: "names"))
    var measures: [String] = []

    @Option(help: ArgumentHelp("A measure option as key=value, e.g. alignment.estimator=song, ccgp.variant=one-pair, decoder.kind=logistic, folds=3 (repeatable).", valueName: "key=value"))
    var variant: [String] = []

    @Option(help: ArgumentHelp("Null draws per null model for PS and CCGP (0: none).", valueName: "N"))
    var null: Int = 0

    @Option(help: "Seed of every random choice (folds, subsets, nulls).")
    var seed: UInt64 = 0

    @Option(help: "Most balanced dichotomies measured when --dichotomies is not given.")
    var dichotomyLimit: Int = 100

    @Flag(help: "Print the suite result as one JSON object instead of a table.")
    var json = false

    @Option(help: ArgumentHelp("Also write the result as long-form CSV rows (written atomically, only on success).", valueName: "file"))
    var csv: String?

    func run() throws {
        let options = try resolvedOptions()
        let files = MeasureFiles(
            activations: ArraySource(parsing: activations), conditions: conditions.map(ArraySource.init(parsing:)),
            inputs: inputs.map(ArraySource.init(parsing:)), dichotomies: dichotomies.map(ArraySource.init(parsing:)),
            trainedCount: trained, dichotomyLimit: dichotomyLimit)
        if let csv {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: csv, isDirectory: &isDirectory), isDirectory.boolValue {
                throw InputError("--csv \(csv)", "is a folder; give a file name")
            }
        }
        let loaded = try files.load(options: options)
        let report = try MeasureSuite.run(loaded.input, options: options)
        if let csv {
            try CSV.write(header: MeasureReport.longFormHeader, rows: try report.longFormRows(), to: URL(fileURLWithPath: csv))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(MeasureTable.render(report, loaded: loaded, activations: activations))
        }
    }

    /// Flags, then --variant assignments, then the checks of `MeasureOptions`.
    func resolvedOptions() throws -> MeasureOptions {
        var options = MeasureOptions()
        let names = measures.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if names.isEmpty {
            // Without condition ids there are no samples: leave out what needs them, quietly.
            options.measures = conditions == nil
                ? MeasureKind.defaults.filter { ![.ccgp, .decoding, .shattering].contains($0) } : MeasureKind.defaults
        } else {
            var kinds: [MeasureKind] = []
            for name in names {
                if name == "all" { kinds += MeasureKind.allCases; continue }
                guard let kind = MeasureKind(rawValue: name) else {
                    throw InputError("--measures \(name)", "unknown measure (known: \(MeasureKind.allCases.map(\.rawValue).joined(separator: ", ")), all)")
                }
                kinds.append(kind)
            }
            options.measures = Array(Set(kinds)).sorted()
        }
        guard null >= 0 else { throw InputError("--null", "must be 0 or more, got \(null)") }
        options.nullCount = null
        options.seed = seed
        options = try SettingOverride.apply(variant, to: options, choices: Self.variantChoices)
        // The linear kernel carries no bandwidth; an RBF kernel without one takes SPEC §4's 0.5.
        if options.alignment.kernel.kind == .rbf && !variant.contains(where: { $0.hasPrefix("alignment.kernel.bandwidth_factor") }) {
            options.alignment.kernel.bandwidthFactor = 0.5
        }
        try options.validate()
        return options
    }

    /// The allowed values of the enumerated settings.
    static let variantChoices: [String: [String]] = [
        "alignment.estimator": CKAEstimator.allCases.map(\.rawValue),
        "alignment.kernel.kind": AlignmentKernel.Kind.allCases.map(\.rawValue),
        "alignment.level": AlignmentLevel.allCases.map(\.rawValue),
        "ccgp.variant": CCGPVariant.allCases.map(\.rawValue),
        "decoder.kind": LinearDecoder.Kind.allCases.map(\.rawValue),
        "null_kinds": NullKind.allCases.map(\.rawValue),
        "measures": MeasureKind.allCases.map(\.rawValue),
    ]

    /// Every setting with its default (and allowed values), for --help.
    static var variantHelp: String {
        SettingOverride.settings(of: MeasureOptions())
            .filter { !["measures", "null_count", "seed"].contains($0.path) }
            .map { s in
                let note = s.path == "alignment.kernel.bandwidth_factor" ? "  (rbf: default 0.5 × √median squared distance)" : ""
                return "  \(s.path)=\(s.value)" + (variantChoices[s.path].map { "  (\($0.joined(separator: ", ")))" } ?? note)
            }
            .joined(separator: "\n")
    }
}

/// The human-readable summary and per-dichotomy table.
enum MeasureTable {
    static func render(_ r: MeasureReport, loaded: MeasureFiles.Loaded, activations: String) -> String {
        var out: [String] = []
        out.append("\(r.conditionCount) conditions, \(r.unitCount) units, \(r.sampleCount) samples (\(activations))")
        if let a = r.alignment {
            let parts = [("target", a.target), ("input", a.input), ("task", a.task)].compactMap { name, v in v.map { "\(name) \(f($0))" } }
            if !parts.isEmpty { out.append("alignment (\(a.variant)): " + parts.joined(separator: "  ")) }
            if let o = a.orthogonalised { out.append("  orthogonalised: input \(f(o.input))  target \(f(o.target))") }
        }
        if let sd = r.shatteringDimensionality {
            let set = sd.exhaustive ? "all \(sd.dichotomyCount) balanced dichotomies" : "\(sd.dichotomyCount) of \(Int(sd.totalBalanced)) balanced dichotomies"
            out.append("shattering dimensionality: \(f(sd.all)) over \(set) (trained \(f(sd.trained)), untrained \(f(sd.untrained)))")
        }
        if let pr = r.participationRatio { out.append("participation ratio: \(f(pr))") }
        if let s = r.sparsity { out.append("sparsity: active fraction \(f(s.activeFraction)), silent units \(f(s.silentUnitFraction))") }
        if let b = loaded.balanced {
            out.append(b.exhaustive ? "dichotomies: all \(b.labels.count) balanced (untrained)"
                                    : "dichotomies: \(b.labels.count) of \(Int(b.total)) balanced, seeded subset (untrained)")
        }

        if !r.dichotomies.isEmpty {
            // Columns for what was asked for; one p-value column per measure × null model.
            var columns: [(name: String, value: (DichotomyReport) -> Double?, summary: (DichotomyGroupSummary) -> Double?)] = []
            if r.options.includes(.parallelism) {
                columns.append(("ps_max", { $0.psMax }, { $0.psMax }))
                columns.append(("ps_distsum", { $0.psDistsum }, { $0.psDistsum }))
                if r.dichotomies.contains(where: { $0.psFixed != nil }) { columns.append(("ps_fixed", { $0.psFixed }, { _ in nil })) }
            }
            if r.options.includes(.ccgp) { columns.append(("ccgp", { $0.ccgp }, { $0.ccgp })) }
            if r.options.includes(.decoding) { columns.append(("decoding", { $0.decoding }, { $0.decoding })) }
            let order = ["ps_max", "ps_distsum", "ccgp"]
            let nullKeys = Array(Set(r.dichotomies.flatMap { ($0.nulls ?? []).map { nullKey($0) } })).sorted { a, b in
                let ia = order.firstIndex { a.hasPrefix($0 + " ") } ?? 9, ib = order.firstIndex { b.hasPrefix($0 + " ") } ?? 9
                return ia != ib ? ia < ib : a < b
            }
            for key in nullKeys {
                columns.append((key, { d in d.nulls?.first { nullKey($0) == key }?.pValue }, { _ in nil }))
            }
            guard !columns.isEmpty else { return finish(out, r) }
            let header = ["#", "trained", "labels"] + columns.map(\.name)
            var rows = r.dichotomies.map { d in
                ["\(d.index)", d.trained ? "yes" : "", d.labels.map(String.init).joined()] + columns.map { f($0.value(d)) }
            }
            for (trained, s) in [("yes", r.trainedSummary), ("", r.untrainedSummary)] where s.count > 0 {
                rows.append(["mean", trained, "(\(s.count))"] + columns.map { c in c.summary(s).map { f($0) } ?? "" })
            }
            out.append("")
            out.append(table(header, rows))
        }

        return finish(out, r)
    }

    /// Appends why values are missing (once per reason; an absent fixed pairing is not worth a line).
    static func finish(_ lines: [String], _ r: MeasureReport) -> String {
        var out = lines
        var reasons: [String] = r.unavailable.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        if let a = r.alignment { reasons += a.unavailable.sorted { $0.key < $1.key }.map { "alignment.\($0.key): \($0.value)" } }
        var seen = Set<String>()
        for d in r.dichotomies {
            for (k, v) in d.unavailable.sorted(by: { $0.key < $1.key }) where !(k == "ps_fixed" && v == "no fixed pairing given") {
                let line = "\(k): \(v)"
                if seen.insert(line).inserted { reasons.append(line) }
            }
        }
        if !reasons.isEmpty {
            out.append("")
            out.append("not computed:")
            out += reasons.map { "  " + $0 }
        }
        return out.joined(separator: "\n")
    }

    /// "ps_max p_shuffle": the p-value column of one measure × null model.
    static func nullKey(_ n: NullSummary) -> String {
        let kind = n.variant == NullKind.shuffledLabels.rawValue ? "shuffle" : n.variant == NullKind.sameSpectrum.rawValue ? "spectrum" : n.variant
        return "\(n.measure) p_\(kind)"
    }

    static func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "—" }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let widths = header.indices.map { j in ([header[j]] + rows.map { $0[j] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { j, c in
                let pad = String(repeating: " ", count: widths[j] - c.count)
                return j <= 2 ? c + pad : pad + c // text columns left, numbers right
            }.joined(separator: "  ").replacingOccurrences(of: " +$", with: "", options: .regularExpression)
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
