import Foundation
@testable import RepGeom

/// Test data shipped in `Tests/RepGeomTests/Fixtures/` (copied from the project's shared
/// fixtures; the `.csv` files are numpy's exact decimal rendering of the `.npy` files, so a
/// reader test can compare the two).
enum Fixtures {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
    }

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// A comma-separated numeric fixture as a matrix (rows = lines). Test-only: no quoting, no header.
    static func csvMatrix(_ name: String) throws -> Matrix<Double> {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        let rows = text.split(separator: "\n").map { line in line.split(separator: ",").map { Double($0)! } }
        return Matrix(rows)
    }
}
