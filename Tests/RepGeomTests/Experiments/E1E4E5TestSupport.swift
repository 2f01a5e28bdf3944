import XCTest
@testable import RepGeom

/// Synthetic results for the report tests of E1, E4 and E5: one result per job, with records
/// given by `value(job, measure, subject, epoch)` at the listed epochs (nil = no record).
enum SyntheticResults {
    static func make(_ jobs: [SweepJob], epochs: [Int] = [0, 10],
                     records: [(measure: String, variant: String, subject: String?)],
                     value: (SweepJob, String, String?, Int) -> Double?) -> [NetworkResult] {
        jobs.map { job in
            var out: [MeasureRecord] = []
            for e in epochs {
                for r in records {
                    if let v = value(job, r.measure, r.subject, e) {
                        out.append(MeasureRecord(epoch: e, layer: 1, measure: r.measure, variant: r.variant, subject: r.subject, value: v))
                    }
                }
            }
            return NetworkResult(job: job, configuration: "{}", records: out)
        }
    }

    /// A small per-seed jitter so bands have width but never change the order of tanh and relu.
    static func jitter(_ job: SweepJob) -> Double { 0.01 * Double(job.seed % 3) }

    static func isTanh(_ job: SweepJob) -> Bool { job.setting["nonlinearity"] == .string("tanh") }
}

/// Checks common to the experiments' report tests.
func assertFigures(_ report: ExperimentReport, names: [String], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(report.figures.map(\.name), names, file: file, line: line)
    for f in report.figures {
        XCTAssertTrue(f.svg.hasPrefix("<svg") || f.svg.contains("<svg"), "figure \(f.name) is not SVG", file: file, line: line)
        XCTAssertTrue(f.svg.contains("tanh") && f.svg.contains("relu"), "figure \(f.name) lacks the tanh/relu legend", file: file, line: line)
        // Data were drawn: at least one polyline or marker path beyond the axes.
        XCTAssertTrue(f.svg.contains("<polyline") || f.svg.contains("<path") || f.svg.contains("<circle"), file: file, line: line)
        XCTAssertFalse(f.svg.contains("NaN"), "figure \(f.name) has NaN coordinates", file: file, line: line)
        XCTAssertFalse(f.caption.isEmpty, file: file, line: line)
    }
}
