import BriefCore
import BriefMarkdown
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One brief's translation whose page an edit of its body alone can make
/// from the old page (see `BodyEdit`): what the last build knew of it. Only
/// a body that shows nowhere but on its page and in its language's feed has
/// one — no diagnostics; its derived summary, when lists show it, is kept as
/// a hash so that an edit that changes it goes the whole way.
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
    /// The data blocks the body placed, in order, where their HTML is in the body (a block shows the site's
    /// computed data, which an edit of the body alone leaves as it was: the same blocks, the same HTML).
    var blocks: [PlacedBlock] = []
    /// The language's feed, when it carries the body too (its file in the output): an edit of the body changes it
    /// as well (`FeedSplice`), one of events its blocks show goes the whole way.
    var feedFile: String?
    var inFeed: Bool { feedFile != nil }
    /// The reading time the page shows, in minutes: an edit that leaves it keeps the page's text for it, and needs no
    /// number formatter of its language (making one was a thirtieth of a body edit at 1,000 briefs).
    var readingMinutes = 0
}

extension BodyEditRecord: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(source); writer.string(language); writer.string(file); writer.string(pagePath); writer.optional(bundlePath)
        writer.int(bodyFirstLine); writer.varint(frontMatterHash); writer.varint(bodyHash)
        writer.bool(derivedSummary != nil); if let derivedSummary { writer.varint(derivedSummary) }
        writer.varint(pageFingerprint); writer.value(splice); writer.array(blocks); writer.optional(feedFile); writer.int(readingMinutes)
    }

    init(from reader: inout CacheReader) throws {
        self.init(source: try reader.string(), language: try reader.string(), file: try reader.string(), pagePath: try reader.string(),
                  bundlePath: try reader.optional(), bodyFirstLine: try reader.int(), frontMatterHash: try reader.varint(),
                  bodyHash: try reader.varint(), derivedSummary: try reader.bool() ? try reader.varint() : nil,
                  pageFingerprint: try reader.varint(), splice: try reader.value(), blocks: try reader.array(), feedFile: try reader.optional(),
                  readingMinutes: try reader.int())
    }
}

/// Body-edit records as a build makes them, kept encoded in one buffer: held as structs to the end of the
/// build, with the copy that merging each job's list made, they were 7 % of the peak at 10,000 briefs.
/// A build with a spill file moves the buffer there when the job ends (`spill(to:)`): the records are read
/// only when the index is saved, after the peak.
struct BodyEditLog: Sendable {
    private var bytes: [UInt8] = []
    /// The buffer, once moved out of memory.
    private var spilled: Spilled?
    /// Each record's source and where its bytes end (each starts where the one before ends).
    private var entries: [(source: String, end: Int)] = []

    var count: Int { entries.count }

    mutating func append(_ record: BodyEditRecord) {
        if spilled != nil {
            // Not done by a build (a log is spilled when its job ends), but a record must not go where its offset is wrong.
            guard let log = loaded() else { return }
            self = log
        }
        bytes.append(contentsOf: CacheWriter.encodedBytes(record))
        entries.append((record.source, bytes.count))
    }

    /// Lets go of the room left for more records (the buffer grows by doubling): done when its job ends.
    mutating func shrinkToFit() {
        bytes.trimCapacity()
        entries.trimCapacity()
    }

    /// Moves the records' bytes to `file`, keeping them in memory if it cannot take them. Done when the job
    /// ends: at 100,000 briefs the logs were 40 MB of the peak.
    mutating func spill(to file: SpillFile) {
        entries.trimCapacity()
        guard spilled == nil, !bytes.isEmpty, let kept = file.keep(bytes) else {
            bytes.trimCapacity()
            return
        }
        spilled = kept
        bytes = []
    }

    /// The log with its bytes in memory, read back from the spill file if they were moved there; nil when
    /// they cannot be read.
    func loaded() -> BodyEditLog? {
        guard let spilled else { return self }
        guard let data = spilled.read(), data.count == entries.last?.end ?? 0 else { return nil }
        var log = self
        log.bytes = [UInt8](data)
        log.spilled = nil
        return log
    }

    /// The record at `index`: its source and its bytes (of a log in memory, see `loaded()`).
    subscript(index: Int) -> (source: String, bytes: ArraySlice<UInt8>) {
        let start = index == 0 ? 0 : entries[index - 1].end
        return (entries[index].source, bytes[start..<entries[index].end])
    }
}

/// The records of the last build, with what links in a body resolve
/// against (every source, and the page of each published one), in
/// `.briefsite-cache/body-edits-*.bin`. The manifest names the index it goes
/// with by a token drawn for each build: an index left by another build
/// (one that failed before its manifest was saved, say) is never used.
///
/// The file (framed as `IndexFile` says): whether raw HTML is allowed, the sources (a count, then a
/// path and a page or "" each), and the records (a count, then a length and
/// the record's bytes each, in the order of their sources).
struct BodyEditIndex {
    static let magic = Array("briefsite-body-edits 5\n".utf8)

    var token: UInt64
    var allowsRawHTML: Bool
    var sources: [(path: String, page: String?)]
    var records: [BodyEditLog]

    static func file(root: URL, output: URL) -> URL {
        BuildManifest.file(named: "body-edits", extension: "bin", root: root, output: output)
    }

    /// Writes the index beside the manifest, whole or not at all.
    func save(root: URL, output: URL) -> Bool {
        // Read back from the spill file here, after the peak of the build; an index missing a record is not saved.
        let loaded = records.compactMap { $0.loaded() }
        guard loaded.count == records.count else { return false }
        let records = loaded
        // The order of their sources, found by sorting positions: sorting the records themselves moved 20,000
        // structs of a dozen fields about (2 % of an edited event's build at 10,000 briefs).
        let order = records.indices.flatMap { log in (0..<records[log].count).map { (log: log, index: $0) } }
            .sorted { records[$0.log][$0.index].source < records[$1.log][$1.index].source }
        return BodyEditIndex.write(token: token, root: root, output: output) { payload in
            payload.write { writer in
                writer.bool(allowsRawHTML)
                writer.varint(UInt64(sources.count))
                for source in sources { writer.string(source.path); writer.string(source.page ?? "") }
            }
            IndexFile.Frames(count: order.count) { records[order[$0].log][order[$0].index].bytes }.write(to: &payload)
        }
    }

    static func write(token: UInt64, root: URL, output: URL, payload: (inout IndexFile.Payload) -> Void) -> Bool {
        IndexFile.write(magic: magic, token: token, to: file(root: root, output: output), root: root, payload: payload)
    }
}

/// The index as read back for one edited source: its record decoded, the
/// rest left as bytes until needed (a build whose edit turns out not to be
/// a body's alone reads no more of it; at 10,000 briefs it holds 20,000
/// sources).
struct LoadedBodyEdit {
    let allowsRawHTML: Bool
    /// The records asked for, in the index's order (of their sources).
    let records: [BodyEditRecord]
    private let payload: ArraySlice<UInt8>
    private let sources: Range<Int>
    /// Each record's length and bytes in the payload.
    private let frames: [Range<Int>]

    /// The one record asked for by `load(root:output:token:source:)`.
    var record: BodyEditRecord { records[0] }

    /// The record for `source` in the index whose token is `token`; nil when there is none, the index is
    /// damaged, or it is another build's.
    static func load(root: URL, output: URL, token: UInt64, source: String) -> LoadedBodyEdit? {
        load(root: root, output: output, token: token, sources: [source])
    }

    /// The records for all of `sources`; nil unless each has one.
    static func load(root: URL, output: URL, token: UInt64, sources wanted: Set<String>) -> LoadedBodyEdit? {
        guard !wanted.isEmpty,
              let payload = IndexFile.payload(of: BodyEditIndex.file(root: root, output: output), magic: BodyEditIndex.magic, token: token)
        else { return nil }
        let wantedBytes = Set(wanted.map { Array($0.utf8) })
        var reader = CacheReader(payload)
        do {
            let allowsRawHTML = try reader.bool()
            let sourcesStart = reader.position
            for _ in 0..<(try reader.count()) {
                try reader.skipString()
                try reader.skipString()
            }
            let sources = sourcesStart..<reader.position
            var records: [BodyEditRecord] = []
            var frames: [Range<Int>] = []
            for _ in 0..<(try reader.count()) {
                let frameStart = reader.position
                let length = try reader.count()
                let start = reader.position
                try reader.skip(length)
                var inner = CacheReader(payload[start..<reader.position])
                guard wantedBytes.contains(Array(try inner.stringBytes())) else { continue }
                records.append(try CacheReader.decode(BodyEditRecord.self, from: payload[start..<reader.position]))
                frames.append(frameStart..<reader.position)
                if records.count == wanted.count { break }
            }
            guard records.count == wanted.count else { return nil }
            return LoadedBodyEdit(allowsRawHTML: allowsRawHTML, records: records, payload: payload, sources: sources, frames: frames)
        } catch {
            return nil
        }
    }

    /// The sources links resolve against — the page of each published one, and every one found — looked up in the
    /// bytes as written; nil when they are damaged.
    func sourcePages() -> EncodedSourcePages? {
        var reader = CacheReader(payload[sources])
        do {
            for _ in 0..<(try reader.count()) {
                try reader.skipString()
                try reader.skipString()
            }
        } catch {
            return nil
        }
        return EncodedSourcePages(bytes: payload[sources])
    }

    /// Saves the index again under a new token, with `record` in place of this one.
    func save(replacing record: BodyEditRecord, token: UInt64, root: URL, output: URL) -> Bool {
        save(replacing: [record], token: token, root: root, output: output)
    }

    /// Saves the index again under a new token, with `replacements` in place of `records` (one for one).
    func save(replacing replacements: [BodyEditRecord], token: UInt64, root: URL, output: URL) -> Bool {
        guard replacements.count == frames.count else { return false }
        let payload = payload
        let frames = frames
        return BodyEditIndex.write(token: token, root: root, output: output) { written in
            var position = payload.startIndex
            for (frame, record) in zip(frames, replacements) {
                written.append(payload[position..<frame.lowerBound])
                written.frame(CacheWriter.encodedBytes(record)[...])
                position = frame.upperBound
            }
            written.append(payload[position...])
        }
    }
}

/// The sources and pages of a body-edit index, each lookup a scan of their bytes: an edit resolves a few links, and
/// tables of every source made for them were most of the time an edit took to make its page (9 of 10 ms at 10,000
/// briefs).
struct EncodedSourcePages: SourcePages {
    /// A count, then each source's path and page (empty for one not published), as `BodyEditIndex` writes them.
    let bytes: ArraySlice<UInt8>

    func page(of source: String) -> SourcePage {
        let wanted = Array(source.utf8)
        var reader = CacheReader(bytes)
        do {
            for _ in 0..<(try reader.count()) {
                let path = try reader.stringBytes()
                let page = try reader.stringBytes()
                guard path.count == wanted.count, path.elementsEqual(wanted) else { continue }
                return page.isEmpty ? .unpublished : .published(page: String(decoding: page, as: UTF8.self))
            }
        } catch {
            return .missing
        }
        return .missing
    }
}
