import BriefCore
import Foundation

/// The file of an index an edit reads instead of the build cache (`BodyEditIndex`, `TimelineIndex`): a
/// magic line, the token of the build that saved it and a checksum of the rest (8 bytes each, least
/// significant first), then the payload. The manifest names the index by its token: an index another
/// build left (one that failed before its manifest was saved, say) is never read.
enum IndexFile {
    /// Writes the file beside the manifest, whole or not at all, its payload written by `payload` as it is
    /// encoded: joined in memory first, an index was held three times over at the end of a build (the
    /// tracker's, 24 MB at the peak of a build of 10,000 briefs for a 6 MB file).
    static func write(magic: [UInt8], token: UInt64, to file: URL, root: URL, payload: (inout Payload) -> Void) -> Bool {
        try? FileManager.default.createDirectory(at: BuildManifest.folder(root: root), withIntermediateDirectories: true)
        return write(to: file, headCount: magic.count + 16, head: { magic + littleEndian(token) + littleEndian($0) }, payload: payload)
    }

    /// Writes `file` whole or not at all: the payload beside it as it is encoded, then `head` (exactly
    /// `headCount` bytes, made from the payload's checksum) in front, then a rename into place.
    static func write(to file: URL, headCount: Int, head: (_ checksum: UInt64) -> [UInt8], payload: (inout Payload) -> Void) -> Bool {
        let temporary = file.path + ".tmp-\(getpid())"
        guard let opened = ChecksummedFile(path: temporary, start: headCount) else { return false }
        var writer = Payload(file: opened)
        payload(&writer)
        let made = writer.file.finish().map { head($0.value) }
        guard let made, made.count == headCount, writer.file.write(made, at: 0) else {
            writer.file.close()
            unlink(temporary)
            return false
        }
        writer.file.close()
        guard rename(temporary, file.path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// A number's eight bytes, least significant first, as the files' heads hold them.
    static func littleEndian(_ value: UInt64) -> [UInt8] {
        stride(from: 0, to: 64, by: 8).map { UInt8(truncatingIfNeeded: value >> UInt64($0)) }
    }

    /// The payload of an index file as it is written.
    struct Payload {
        fileprivate var file: ChecksummedFile

        /// Bytes encoded by a writer of their own.
        mutating func write(_ encode: (inout CacheWriter) -> Void) {
            var writer = CacheWriter()
            encode(&writer)
            file.append(contentsOf: writer.bytes[...])
        }

        mutating func append(_ bytes: ArraySlice<UInt8>) {
            file.append(contentsOf: bytes)
        }

        /// A length, then the bytes.
        mutating func frame(_ bytes: ArraySlice<UInt8>) {
            write { $0.varint(UInt64(bytes.count)) }
            append(bytes)
        }
    }

    /// Items as an index writes them (briefs, months, records): their count, then each one framed, each made
    /// as it is written.
    struct Frames {
        let count: Int
        let frame: (Int) -> ArraySlice<UInt8>

        func write(to payload: inout Payload) {
            payload.write { $0.varint(UInt64(count)) }
            for index in 0..<count { payload.frame(frame(index)) }
        }
    }

    /// The payload of the file, when it has this magic line and token and its checksum holds.
    static func payload(of file: URL, magic: [UInt8], token: UInt64) -> ArraySlice<UInt8>? {
        guard let bytes = FileTree.bytes(file.path) else { return nil }
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
