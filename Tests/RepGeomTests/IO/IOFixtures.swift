import Foundation
import XCTest
@testable import RepGeom

/// The reader fixtures in `Fixtures/io/` (written once by `make_io_fixtures.py` with numpy) and
/// numpy's own view of each array in `expected.json`: dtype string, shape, C-order values
/// (floats as `repr` strings, so they round-trip exactly; integers and booleans as numbers).
enum IOFixtures {
    struct Expected: Decodable {
        var dtype: String
        var shape: [Int]
        var values: Values

        enum Values: Decodable {
            case floating([Double])
            case integer([Int64])

            init(from decoder: Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let s = try? c.decode([String].self) {
                    self = .floating(s.map { Double($0)! })
                } else {
                    self = .integer(try c.decode([Int64].self))
                }
            }
        }
    }

    static func url(_ name: String) -> URL { Fixtures.url("io/" + name) }

    static let expected: [String: Expected] = {
        let data = try! Data(contentsOf: url("expected.json"))
        return try! JSONDecoder().decode([String: Expected].self, from: data)
    }()

    /// Asserts that `array` holds exactly numpy's values (bit for bit for floats; NaN = NaN).
    static func assertMatches(_ array: NumericArray, _ e: Expected, _ name: String,
                              file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(array.shape, e.shape, "\(name) shape", file: file, line: line)
        switch (array.storage, e.values) {
        case (.floating(let got), .floating(let want)):
            XCTAssertEqual(got.count, want.count, name, file: file, line: line)
            for (i, (g, w)) in zip(got, want).enumerated() where !(g.isNaN && w.isNaN) && g.bitPattern != w.bitPattern {
                XCTFail("\(name) element \(i): \(g) ≠ \(w)", file: file, line: line)
                return
            }
        case (.integer(let got), .integer(let want)):
            XCTAssertEqual(got, want, name, file: file, line: line)
        default:
            XCTFail("\(name): storage kind differs (\(array.elementType), numpy \(e.dtype))", file: file, line: line)
        }
    }

    /// The one-line error thrown by `body`, or a failure.
    static func error(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> InputError? {
        do {
            _ = try body()
            XCTFail("expected an InputError", file: file, line: line)
        } catch let e as InputError {
            XCTAssertFalse(e.description.contains("\n"), "error must be one line: \(e)", file: file, line: line)
            return e
        } catch {
            XCTFail("expected an InputError, got \(error)", file: file, line: line)
        }
        return nil
    }
}
