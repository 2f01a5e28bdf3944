import Foundation
import XCTest
@testable import RepGeom

final class NPZTests: XCTestCase {
    /// numpy's stored (np.savez), deflated (np.savez_compressed) and mixed archives, all with
    /// the zip64 extra fields numpy forces, read back to numpy's values.
    func testStoredDeflatedAndMixedMembersMatchNumpy() throws {
        for archive in ["stored.npz", "deflated.npz", "mixed.npz"] {
            let url = IOFixtures.url(archive)
            XCTAssertEqual(try NPZ.memberNames(in: url), ["acts", "conditions"], archive)
            for member in ["acts", "conditions"] {
                let a = try NPZ.read(contentsOf: url, member: member)
                IOFixtures.assertMatches(a, IOFixtures.expected["npz:" + member]!, "\(archive):\(member)")
                XCTAssertEqual(a.source, "\(url.path):\(member)")
            }
            // The ".npy" suffix may be given too, and the generic reader addresses members.
            XCTAssertEqual(try NPZ.read(contentsOf: url, member: "acts.npy").storage,
                           try ArrayFile.read("\(url.path):acts").storage)
        }
    }

    func testSingleMemberMayBeOmitted() throws {
        let url = IOFixtures.url("single.npz")
        let a = try ArrayFile.read(url.path)
        IOFixtures.assertMatches(a, IOFixtures.expected["npz:acts"]!, "single.npz")
        XCTAssertEqual(a.source, url.path + ":arr_0")
    }

    func testMemberErrorsListTheMembers() {
        let url = IOFixtures.url("stored.npz")
        let none = IOFixtures.error { try NPZ.read(contentsOf: url, member: nil) }
        XCTAssertTrue(none?.message.contains("holds 2 arrays (acts, conditions)") ?? false, "\(String(describing: none))")
        XCTAssertTrue(none?.message.contains("\(url.path):acts") ?? false)
        let missing = IOFixtures.error { try NPZ.read(contentsOf: url, member: "hidden") }
        XCTAssertTrue(missing?.message.contains("no array 'hidden'") ?? false)
        XCTAssertTrue(missing?.message.contains("acts, conditions") ?? false)
    }

    func testObjectMemberIsRefusedAndItsNeighbourReads() throws {
        let url = IOFixtures.url("object_member.npz")
        XCTAssertNoThrow(try NPZ.read(contentsOf: url, member: "ok"))
        let e = IOFixtures.error { try NPZ.read(contentsOf: url, member: "bad") }
        XCTAssertEqual(e?.location, url.path + ":bad")
        XCTAssertTrue(e?.message.contains("object arrays") ?? false)
    }

    func testCorruptArchivesAreRefused() throws {
        let good = try Data(contentsOf: IOFixtures.url("deflated.npz"))
        // Cut in the middle: the central directory is gone.
        let cut = good.prefix(good.count / 2)
        XCTAssertTrue(IOFixtures.error { try NPZ.decode(cut, member: "acts", source: "cut.npz") }?.message
            .contains("not a readable .npz") ?? false)
        // One flipped byte inside the stored data of the first member: the CRC check catches it.
        var stored = try Data(contentsOf: IOFixtures.url("stored.npz"))
        let at = stored.firstRange(of: Data("NUMPY".utf8))!.lowerBound + 200
        stored[at] ^= 0x55
        let e = IOFixtures.error { try NPZ.decode(stored, member: "acts", source: "flip.npz") }
        XCTAssertEqual(e?.location, "flip.npz:acts")
        XCTAssertTrue(e?.message.contains("corrupt") ?? false, "\(String(describing: e))")
    }

    func testWrittenArchivesReadBack() throws {
        let dir = try CommandLineTool.temporaryDirectory(self)
        var rng = RandomSource(seed: 3)
        let m: Matrix<Double> = rng.gaussianMatrix(rows: 40, columns: 7)
        let members: [(name: String, array: NumericArray)] = [
            ("acts", NumericArray(m)), ("conditions", NumericArray(integers: (0..<40).map { $0 % 4 }))]
        for compressed in [false, true] {
            let url = dir.appendingPathComponent(compressed ? "c.npz" : "s.npz")
            try NPZ.write(members, to: url, compressed: compressed)
            let back = try NPZ.readAll(contentsOf: url)
            XCTAssertEqual(back.map(\.name), ["acts", "conditions"])
            XCTAssertEqual(try back[0].array.matrix(), m)
            XCTAssertEqual(try back[1].array.integers(), (0..<40).map { $0 % 4 })
        }
        // Same members, same bytes: archives are reproducible.
        XCTAssertEqual(try NPZ.encode(members, compressed: true), try NPZ.encode(members, compressed: true))
    }
}
