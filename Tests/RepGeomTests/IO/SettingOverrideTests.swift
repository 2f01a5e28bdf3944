import Foundation
import XCTest
@testable import RepGeom

final class SettingOverrideTests: XCTestCase {
    func testSetsNestedEnumNumberListAndExactSeeds() throws {
        let o = try SettingOverride.apply(
            ["alignment.estimator=song", "alignment.kernel.kind=rbf", "alignment.kernel.bandwidth_factor=0.7", "folds=3",
             "decoder.seed=18446744073709551615", "null_kinds=same_spectrum", "ccgp.variant=one-pair", "decoder.c = 2.5"],
            to: MeasureOptions())
        XCTAssertEqual(o.alignment.estimator, .song)
        XCTAssertEqual(o.alignment.kernel, .rbf(bandwidthFactor: 0.7))
        XCTAssertEqual(o.folds, 3)
        XCTAssertEqual(o.decoder.seed, UInt64.max)
        XCTAssertEqual(o.nullKinds, [.sameSpectrum])
        XCTAssertEqual(o.ccgp.variant, .onePair)
        XCTAssertEqual(o.decoder.c, 2.5)
        // Untouched settings keep their values; no assignment is the identity.
        XCTAssertEqual(o.shatteringLimit, MeasureOptions().shatteringLimit)
        XCTAssertEqual(try SettingOverride.apply([], to: MeasureOptions()), MeasureOptions())
    }

    func testErrorsNameTheAssignment() {
        func message(_ a: String, choices: [String: [String]] = [:]) -> InputError? {
            IOFixtures.error { try SettingOverride.apply([a], to: MeasureOptions(), choices: choices) }
        }
        XCTAssertEqual(message("folds")?.message, "expected key=value, e.g. alignment.estimator=song")
        XCTAssertTrue(message("fold=3")?.message.contains("unknown setting 'fold'") ?? false)
        XCTAssertTrue(message("fold=3")?.message.contains("alignment.kernel.kind") ?? false)
        XCTAssertEqual(message("folds=three")?.message, "'three' is not a number")
        XCTAssertEqual(message("folds=2.5")?.location, "--variant folds=2.5") // Int field: decoding refuses 2.5
        XCTAssertTrue(message("alignment.kernel=rbf")?.message.contains("set alignment.kernel.bandwidth_factor or alignment.kernel.kind") ?? false)
        XCTAssertTrue(message("alignment.estimator=bogus")?.message.contains("invalid value for alignment.estimator") ?? false)
        XCTAssertEqual(message("alignment.estimator=bogus", choices: ["alignment.estimator": ["gretton", "song"]])?.message,
                       "'bogus' is not one of gretton, song")
    }

    func testSettingsListing() {
        let settings = Dictionary(uniqueKeysWithValues: SettingOverride.settings(of: MeasureOptions()).map { ($0.path, $0.value) })
        XCTAssertEqual(settings["folds"], "5")
        XCTAssertEqual(settings["alignment.estimator"], "gretton")
        XCTAssertEqual(settings["null_kinds"], "shuffled_labels,same_spectrum")
    }
}
