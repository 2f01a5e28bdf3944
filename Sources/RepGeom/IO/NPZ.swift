import Foundation
import ZIPFoundation

/// numpy's `.npz` archives: a zip file of `.npy` members, stored (`np.savez`) or deflated
/// (`np.savez_compressed`), including the zip64 records numpy always writes.
///
/// A member is named without its `.npy` suffix, as numpy does (`np.savez(f, acts=a)` makes the
/// member `acts`); on the command line it is addressed as `file.npz:acts` (see `ArraySource`).
public enum NPZ {
    /// The zip magic (`PK\x03\x04`, or `PK\x05\x06` for an empty archive).
    static func isZip(_ prefix: [UInt8]) -> Bool {
        prefix.count >= 4 && prefix[0] == 0x50 && prefix[1] == 0x4B
            && ((prefix[2] == 3 && prefix[3] == 4) || (prefix[2] == 5 && prefix[3] == 6))
    }

    /// The member names of an archive (without `.npy`), in archive order.
    public static func memberNames(in url: URL) throws -> [String] {
        try entries(archive(url, source: url.path)).map(\.name)
    }

    /// Reads one member; `member` may be omitted (nil) when the archive holds exactly one array.
    public static func read(contentsOf url: URL, member: String?) throws -> NumericArray {
        try decode(try ArrayFile.contents(of: url), member: member, source: url.path)
    }

    /// Reads one member from the bytes of an archive; `source` names the archive in errors.
    public static func decode(_ data: Data, member: String?, source: String) throws -> NumericArray {
        let archive = try archive(data, source: source)
        let all = entries(archive)
        let listing = all.isEmpty ? "none" : all.map(\.name).joined(separator: ", ")
        let chosen: (name: String, entry: Entry)
        if let member {
            let wanted = member.hasSuffix(".npy") ? String(member.dropLast(4)) : member
            guard let e = all.first(where: { $0.name == wanted }) else {
                throw InputError(source, "no array '\(member)' in this .npz (it holds: \(listing))")
            }
            chosen = e
        } else {
            guard all.count == 1 else {
                throw InputError(source, all.isEmpty ? "this .npz holds no arrays"
                                 : "this .npz holds \(all.count) arrays (\(listing)); name one as \(source):\(all[0].name)")
            }
            chosen = all[0]
        }
        let memberSource = "\(source):\(chosen.name)"
        let bytes = try extract(chosen.entry, from: archive, source: memberSource)
        return try NPY.decode(bytes, source: memberSource)
    }

    /// Every member, in archive order.
    public static func readAll(contentsOf url: URL) throws -> [(name: String, array: NumericArray)] {
        let source = url.path
        let archive = try archive(try ArrayFile.contents(of: url), source: source)
        return try entries(archive).map { name, entry in
            let memberSource = "\(source):\(name)"
            return (name, try NPY.decode(try extract(entry, from: archive, source: memberSource), source: memberSource))
        }
    }

    // MARK: Internals

    private static func archive(_ url: URL, source: String) throws -> Archive {
        try archive(try ArrayFile.contents(of: url), source: source)
    }

    private static func archive(_ data: Data, source: String) throws -> Archive {
        do {
            return try Archive(data: data, accessMode: .read)
        } catch {
            throw InputError(source, "not a readable .npz (zip) archive")
        }
    }

    /// The `.npy` file entries (folders and other files are ignored), named without `.npy`.
    private static func entries(_ archive: Archive) -> [(name: String, entry: Entry)] {
        archive.compactMap { e in
            guard e.type == .file, e.path.hasSuffix(".npy") else { return nil }
            return (String(e.path.dropLast(4)), e)
        }
    }

    /// A member's bytes, checked against its declared size and CRC. The declared size bounds
    /// what is accepted, so a malicious archive cannot inflate without limit.
    private static func extract(_ entry: Entry, from archive: Archive, source: String) throws -> Data {
        let declared = Int(exactly: entry.uncompressedSize) ?? Int.max
        var out = Data()
        out.reserveCapacity(min(declared, 1 << 26))
        var overflow = false
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                if out.count + chunk.count > declared {
                    overflow = true
                    throw InputError(source, "member is larger than its declared size")
                }
                out.append(chunk)
            }
        } catch let e as InputError {
            throw e
        } catch {
            if overflow { throw InputError(source, "corrupt .npz member: larger than its declared size") }
            throw InputError(source, "corrupt .npz member (\(error))")
        }
        guard out.count == declared else {
            throw InputError(source, "corrupt .npz member: \(out.count) bytes, \(declared) declared")
        }
        // Extraction to a consumer computes the CRC but leaves the comparison to the caller.
        guard checksum == entry.checksum else { throw InputError(source, "corrupt .npz member: CRC-32 mismatch") }
        return out
    }
}

// MARK: - Writing

extension NPZ {
    /// The bytes of an .npz archive holding `members` (names without `.npy`), each deflated when
    /// `compressed` (like `np.savez_compressed`) or stored (like `np.savez`).
    public static func encode(_ members: [(name: String, array: NumericArray)], compressed: Bool = false) throws -> Data {
        precondition(Set(members.map(\.name)).count == members.count, "duplicate .npz member names")
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, array) in members {
            let bytes = NPY.encode(array)
            try archive.addEntry(with: name + ".npy", type: .file, uncompressedSize: Int64(bytes.count),
                                 modificationDate: Date(timeIntervalSince1970: 946_684_800), // fixed: same bytes every run
                                 compressionMethod: compressed ? .deflate : .none) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw InputError("npz", "cannot build the archive in memory") }
        return data
    }

    /// Writes an .npz archive atomically.
    public static func write(_ members: [(name: String, array: NumericArray)], to url: URL, compressed: Bool = false) throws {
        try AtomicFile.write(try encode(members, compressed: compressed), to: url)
    }
}
