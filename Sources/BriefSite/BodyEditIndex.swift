import BriefCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One brief's translation whose page an edit of its body alone can make
/// from the old page (see `BodyEdit`): what the last build knew of it. Only
/// a body that shows nowhere but on its page has one — no data blocks, no
/// diagnostics, not in a feed; its derived summary, when lists show it, is
/// kept as a hash so that an edit that changes it goes the whole way.
struct BodyEditRecord: Equatable, Sendable {
    /// The source file, as Content/ paths are written in the manifest's inputs: `Content/...`.
    var source: String
    var language: String
    /// The page's file in the output.
    var file: String
    /// The page's path, from which its links are made relative.
    var pagePath: String
    var bundlePath: String?
    var bodyFirstLine: Int
    var frontMatterHash: UInt64
    var bodyHash: UInt64
    /// The hash of the summary cut from the body, when lists and the page's description show it (no summary
    /// of its own); nil when they do not.
    var derivedSummary: UInt64?
    /// The fingerprint the manifest records for the page's file: the page these ranges were found in.
    var pageFingerprint: UInt64
    var splice: BodySplice
}

extension BodyEditRecord: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(source); writer.string(language); writer.string(file); writer.string(pagePath); writer.optional(bundlePath)
        writer.int(bodyFirstLine); writer.varint(frontMatterHash); writer.varint(bodyHash)
        writer.bool(derivedSummary != nil); if let derivedSummary { writer.varint(derivedSummary) }
        writer.varint(pageFingerprint); writer.value(splice)
    }

    init(from reader: inout CacheReader) throws {
        self.init(source: try reader.string(), language: try reader.string(), file: try reader.string(), pagePath: try reader.string(),
                  bundlePath: try reader.optional(), bodyFirstLine: try reader.int(), frontMatterHash: try reader.varint(),
                  bodyHash: try reader.varint(), derivedSummary: try reader.bool() ? try reader.varint() : nil,
                  pageFingerprint: try reader.varint(), splice: try reader.value())
    }
}

/// The records of the last build, with what links in a body resolve
/// against (every source, and the page of each published one), in
/// `.briefsite-cache/body-edits-*.bin`. The manifest names the index it goes
/// with by a token drawn for each build: an index left by another build
/// (one that failed before its manifest was saved, say) is never used.
struct BodyEditIndex {
    static let magic = Array("briefsite-body-edits 1\n".utf8)

    var token: UInt64
    var allowsRawHTML: Bool
    /// Every source file found, in order, with its page when it is published.
    var sources: [(path: String, page: String?)]
    /// Each record's encoded bytes, in the order of their sources.
    var records: [(source: String, bytes: ArraySlice<UInt8>)]

    static func file(root: URL, output: URL) -> URL {
        let key = StableHash.of { $0.combine(output.standardizedFileURL.path) }.hex
        return BuildManifest.folder(root: root).appendingPathComponent("body-edits-\(key).bin")
    }

    init(token: UInt64, allowsRawHTML: Bool, sources: [(path: String, page: String?)], records: [BodyEditRecord]) {
        self.token = token
        self.allowsRawHTML = allowsRawHTML
        self.sources = sources
        self.records = records.sorted { $0.source < $1.source }.map { ($0.source, CacheWriter.encodedBytes($0)[...]) }
    }

    private init(token: UInt64, allowsRawHTML: Bool, sources: [(path: String, page: String?)],
                 encodedRecords: [(source: String, bytes: ArraySlice<UInt8>)]) {
        self.token = token
        self.allowsRawHTML = allowsRawHTML
        self.sources = sources
        records = encodedRecords
    }

    func record(for source: String) -> BodyEditRecord? {
        guard let found = records.first(where: { $0.source == source }) else { return nil }
        return try? CacheReader.decode(BodyEditRecord.self, from: found.bytes)
    }

    /// The same index under a new token, with `record` in place of the one for its source.
    func replacing(_ record: BodyEditRecord, token: UInt64) -> BodyEditIndex {
        let encoded = CacheWriter.encodedBytes(record)[...]
        return BodyEditIndex(token: token, allowsRawHTML: allowsRawHTML, sources: sources,
                             encodedRecords: records.map { $0.source == record.source ? (record.source, encoded) : $0 })
    }

    /// The index whose token is `token`; nil when there is none, it is damaged, or it is another build's.
    static func load(root: URL, output: URL, token: UInt64) -> BodyEditIndex? {
        guard let data = FileManager.default.contents(atPath: file(root: root, output: output).path) else { return nil }
        let bytes = [UInt8](data)
        let head = magic.count
        guard bytes.count >= head + 16, Array(bytes[0..<head]) == magic,
              number(bytes, at: head) == token,
              number(bytes, at: head + 8) == checksum(bytes[(head + 16)...])
        else { return nil }
        var reader = CacheReader(bytes[(head + 16)...])
        do {
            let allowsRawHTML = try reader.bool()
            var sources: [(path: String, page: String?)] = []
            let sourceCount = try reader.count()
            sources.reserveCapacity(sourceCount)
            for _ in 0..<sourceCount {
                let path = try reader.string()
                let page = try reader.string()
                sources.append((path, page.isEmpty ? nil : page))
            }
            var records: [(source: String, bytes: ArraySlice<UInt8>)] = []
            let recordCount = try reader.count()
            records.reserveCapacity(recordCount)
            for _ in 0..<recordCount {
                let length = try reader.count()
                let start = reader.position
                var inner = CacheReader(bytes[start...])
                let source = try inner.string()
                guard bytes.count - start >= length else { return nil }
                records.append((source, bytes[start..<(start + length)]))
                try reader.skip(length)
            }
            guard reader.position == bytes.count else { return nil }
            return BodyEditIndex(token: token, allowsRawHTML: allowsRawHTML, sources: sources, encodedRecords: records)
        } catch {
            return nil
        }
    }

    /// Writes the index beside the manifest, whole or not at all.
    func save(root: URL, output: URL) -> Bool {
        var writer = CacheWriter()
        writer.bool(allowsRawHTML)
        writer.varint(UInt64(sources.count))
        for source in sources { writer.string(source.path); writer.string(source.page ?? "") }
        writer.varint(UInt64(records.count))
        var payload = writer.bytes
        for record in records {
            var length = CacheWriter()
            length.varint(UInt64(record.bytes.count))
            payload.append(contentsOf: length.bytes)
            payload.append(contentsOf: record.bytes)
        }
        var data = BodyEditIndex.magic
        data.reserveCapacity(data.count + 16 + payload.count)
        BodyEditIndex.append(token, to: &data)
        BodyEditIndex.append(BodyEditIndex.checksum(payload[...]), to: &data)
        data.append(contentsOf: payload)
        let target = BodyEditIndex.file(root: root, output: output)
        try? FileManager.default.createDirectory(at: BuildManifest.folder(root: root), withIntermediateDirectories: true)
        let temporary = target.path + ".tmp-\(getpid())"
        guard FileTree.write(Data(data), to: temporary) else { return false }
        guard rename(temporary, target.path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    static func remove(root: URL, output: URL) {
        unlink(file(root: root, output: output).path)
    }

    private static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        StableHash.of { hash in
            bytes.withUnsafeBytes { hash.combineRun($0) }
            hash.combine(bytes.count)
        }.value
    }

    private static func append(_ value: UInt64, to data: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { data.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private static func number(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        return value
    }
}
