/// What one experiment contributes to the report: its settings, figures and claim checks.
/// Built by `Experiment.report`, written to HTML by the report writer.
public struct ExperimentReport: Sendable {
    public var id: String
    public var title: String
    /// A paragraph: what was run and what to look at.
    public var summary: String
    /// Settings shown as a table (name, value), e.g. ("networks per setting", "10").
    public var settings: [ReportSetting]
    public var figures: [ReportFigure]
    public var claims: [ClaimCheck]
    /// Data files for this experiment, relative to the output folder (e.g. "E4/summary.csv").
    public var files: [String]

    public init(id: String, title: String, summary: String, settings: [ReportSetting] = [],
                figures: [ReportFigure] = [], claims: [ClaimCheck] = [], files: [String] = []) {
        self.id = id
        self.title = title
        self.summary = summary
        self.settings = settings
        self.figures = figures
        self.claims = claims
        self.files = files
    }
}

public struct ReportSetting: Sendable, Codable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) { self.name = name; self.value = value }
}

/// A figure as a complete SVG document.
public struct ReportFigure: Sendable {
    /// File stem, unique within the experiment, e.g. "alignment_vs_c".
    public var name: String
    public var title: String
    public var caption: String
    public var svg: String

    public init(name: String, title: String, caption: String, svg: String) {
        self.name = name
        self.title = title
        self.caption = caption
        self.svg = svg
    }
}

/// One claim tested on an experiment's own results: reported honestly whether it passes or not.
public struct ClaimCheck: Sendable, Codable, Equatable {
    /// The claim, e.g. "tanh is more target-aligned than relu at every c".
    public var claim: String
    /// The numbers compared, e.g. "tanh 0.91 ± 0.02 vs relu 0.63 ± 0.05 (mean over c)".
    public var measured: String
    /// The criterion applied, e.g. "tanh mean > relu mean at ≥ 10 of 12 values of c".
    public var criterion: String
    public var passed: Bool

    public init(claim: String, measured: String, criterion: String, passed: Bool) {
        self.claim = claim
        self.measured = measured
        self.criterion = criterion
        self.passed = passed
    }
}
