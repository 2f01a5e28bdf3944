import Foundation

/// The one place where `reproduce` hands its reports to the report writer (Report/).
enum ReportHandoff {
    /// Writes the report for `reports` to `output/report/` and returns the URL of its index page.
    static func write(_ reports: [ExperimentReport], output: URL, scale: ExperimentScale) throws -> URL {
        try ReportWriter(outputDirectory: output, scale: scale).write(reports)
    }
}
