import BriefCore
import Foundation

/// The file of an index an edit reads instead of the build cache (`BodyEditIndex`, `TimelineIndex`): a
/// magic line, the token of the build that saved it and a checksum of the rest (8 bytes each, least
/// significant first), then the payload. The manifest names the index by its token: an index another
/// build left (one that failed before its manifest was saved, say) is never read.
enum IndexFile {
    /// Writes the file beside the manifest, whole or not at all.
    static func write(_ payload: ArraySlice<UInt8>, magic: [UInt8], token: UInt64, to file: URL, root: URL) -> Bool {
        var data = magic
        data.reserveCapacity(data.count + 16 + payload.count)
        for value in [token, checksum(payload)] {
            for shift in stride(from: 0, to: 64, by: 8) { data.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        data.append(contentsOf: payload)
        try? FileManager.default.createDirectory(at: BuildManifest.folder(root: root), withIntermediateDirectories: true)
        return FileTree.replace(file.path, with: Data(data))
    }

    /// The payload of the file, when it has this magic line and token and its checksum holds.
    static func payload(of file: URL, magic: [UInt8], token: UInt64) -> ArraySlice<UInt8>? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let bytes = [UInt8](data)
        let head = magic.count
        guard bytes.count >= head + 16, bytes[0..<head].elementsEqual(magic), number(bytes, at: head) == token,
              number(bytes, at: head + 8) == checksum(bytes[(head + 16)...])
        else { return nil }
        return bytes[(head + 16)...]
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        StableHash.of { hash in
            bytes.withUnsafeBytes { hash.combineRun($0) }
            hash.combine(bytes.count)
        }.value
    }

    private static func number(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        return value
    }
}
