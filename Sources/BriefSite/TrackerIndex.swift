import BriefCore
import Foundation

/// What an edit of one brief's tariffs or trade needs from the last build
/// (see `TariffEdit`), in `.briefsite-cache/tracker-*.bin`: every measure
/// and balance of the site, in the order of `tariffs.csv` and `trade.csv`;
/// every published brief with its sources and titles; and the tracker page
/// in each language with where its parts are — the tables first, then each
/// history in the tracker's order.
///
/// The manifest names the index by a token drawn for each build, as it
/// names the other indexes: an index another build left is never used.
/// The file (framed as `IndexFile` says): the pages, the measures, the
/// balances, and the briefs (each framed by its length and in slug order,
/// so that an edit decodes only those it shows).
struct TrackerIndex: Sendable {
    static let magic = Array("briefsite-tracker 2\n".utf8)

    var token: UInt64
    /// The tracker page in each language; its parts: the tables, then the histories.
    var pages: [TimelineIndex.File]
    var measures: [SiteMeasure]
    var balances: [SiteBalance]
    /// Their sources' keys are `FrontMatterKeys.butTariffsAndTrade`; no months.
    var briefs: [TimelineIndex.BriefEntry]

    static func file(root: URL, output: URL) -> URL {
        BuildManifest.file(named: "tracker", extension: "bin", root: root, output: output)
    }

    /// Writes the index beside the manifest, whole or not at all.
    func save(root: URL, output: URL) -> Bool {
        let order = briefs.indices.sorted { briefs[$0].slug < briefs[$1].slug }
        return TrackerIndex.save(pages: pages, measures: TrackerIndex.encoded(measures, TrackerIndex.writeMeasure)[...],
                                 balances: TrackerIndex.encoded(balances, TrackerIndex.writeBalance)[...],
                                 briefs: IndexFile.Frames(count: order.count) { CacheWriter.encodedBytes(briefs[order[$0]])[...] },
                                 token: token, root: root, output: output)
    }

    /// `measures` and `balances`: each list as `encoded` gives it.
    static func save(pages: [TimelineIndex.File], measures: ArraySlice<UInt8>, balances: ArraySlice<UInt8>, briefs: IndexFile.Frames,
                     token: UInt64, root: URL, output: URL) -> Bool {
        IndexFile.write(magic: magic, token: token, to: file(root: root, output: output), root: root) { payload in
            payload.write { TimelineIndex.write(files: pages, to: &$0) }
            payload.frame(measures)
            payload.frame(balances)
            briefs.write(to: &payload)
        }
    }

    /// A count, then each item.
    static func encoded<Item>(_ items: [Item], _ write: (Item, inout CacheWriter) -> Void) -> [UInt8] {
        var writer = CacheWriter()
        writer.varint(UInt64(items.count))
        for item in items { write(item, &writer) }
        return writer.bytes
    }

    // Measures and balances with no place but their brief: where they were written matters to diagnostics
    // only, and a measure in `TariffEdit` is given the same, so that old and new compare equal.

    static func writeMeasure(_ item: SiteMeasure, to writer: inout CacheWriter) {
        writer.value(placeless(item).measure); writer.string(item.brief); writer.value(item.briefDate); writer.int(item.position)
    }

    static func readMeasure(_ reader: inout CacheReader) throws -> SiteMeasure {
        SiteMeasure(measure: try reader.value(), brief: try reader.string(), briefDate: try reader.value(), position: try reader.int())
    }

    static func writeBalance(_ item: SiteBalance, to writer: inout CacheWriter) {
        writer.value(placeless(item).balance); writer.string(item.brief); writer.value(item.briefDate); writer.int(item.position)
    }

    static func readBalance(_ reader: inout CacheReader) throws -> SiteBalance {
        SiteBalance(balance: try reader.value(), brief: try reader.string(), briefDate: try reader.value(), position: try reader.int())
    }

    /// A measure as the index gives it back: its place is its brief.
    static func placeless(_ item: SiteMeasure) -> SiteMeasure {
        var copy = item
        copy.measure.location = SourceLocation(file: item.brief)
        return copy
    }

    static func placeless(_ item: SiteBalance) -> SiteBalance {
        var copy = item
        copy.balance.location = SourceLocation(file: item.brief)
        return copy
    }
}

extension SiteRenderer {
    /// This render's tracker index (see `TrackerIndex`), its token not yet drawn; nil when a tracker page is not
    /// in its parts (the tables, then a part a history).
    func trackerIndex(cache: RenderCache) -> TrackerIndex? {
        var pages: [TimelineIndex.File] = []
        for language in config.languages {
            let file = SitePaths.file(forPage: trackerPath(language))
            guard let page = cache.earlierPage(file), let fingerprint = page.files.first?.fingerprint, page.files.first?.path == file
            else { return nil }
            var offset = 0
            var parts: [Range<Int>] = []
            for part in page.parts {
                if part.fingerprint != PagePart.unkeyed { parts.append(offset..<(offset + part.count)) }
                offset += part.count
            }
            guard parts.count == data.tracker.count + 1 else { return nil }
            pages.append(TimelineIndex.File(kind: .page, language: language.code, paths: [file], fingerprints: [fingerprint],
                                            size: offset, parts: parts))
        }
        let briefs = content.briefs.parallelChunks { brief in
            TimelineIndex.BriefEntry(
                slug: brief.slug, date: brief.date, titles: brief.translations.mapValues(\.frontMatter.title),
                sources: brief.translations.values.sorted { $0.file < $1.file }.map { translation in
                    .init(path: translation.file, language: translation.language, key: translation.keys.butTariffsAndTrade)
                },
                months: [])
        }
        return TrackerIndex(token: 0, pages: pages, measures: data.measures, balances: data.balances, briefs: briefs)
    }
}

/// The index as read back for one edit: its pages decoded; the measures,
/// balances and each brief left as bytes until asked for (a change that is
/// no edit of data alone, which the whole build takes, decodes none).
struct LoadedTrackerIndex {
    let pages: [TimelineIndex.File]
    private let payload: ArraySlice<UInt8>
    private let measureFrame: Range<Int>
    private let balanceFrame: Range<Int>
    let briefs: FramedBriefs

    /// The index whose token is `token`; nil when there is none, it is damaged, or it is another build's.
    static func load(root: URL, output: URL, token: UInt64) -> LoadedTrackerIndex? {
        guard let payload = IndexFile.payload(of: TrackerIndex.file(root: root, output: output), magic: TrackerIndex.magic, token: token)
        else { return nil }
        var reader = CacheReader(payload)
        do {
            let pages = try TimelineIndex.readFiles(&reader)
            let measureFrame = try FramedBriefs.frame(&reader)
            let balanceFrame = try FramedBriefs.frame(&reader)
            let briefs = try FramedBriefs(payload, reader: &reader)
            return LoadedTrackerIndex(pages: pages, payload: payload, measureFrame: measureFrame, balanceFrame: balanceFrame, briefs: briefs)
        } catch {
            return nil
        }
    }

    /// Every measure of the site, in the order of `tariffs.csv`.
    func measures() -> [SiteMeasure]? {
        var reader = CacheReader(payload[measureFrame])
        return try? reader.list(TrackerIndex.readMeasure)
    }

    /// Every balance of the site, in the order of `trade.csv`.
    func balances() -> [SiteBalance]? {
        var reader = CacheReader(payload[balanceFrame])
        return try? reader.list(TrackerIndex.readBalance)
    }

    /// Saves the index again under a new token: these pages, measures and balances (nil: as they were), and
    /// this brief in place of its own.
    func save(pages: [TimelineIndex.File]? = nil, measures: [SiteMeasure]? = nil, balances: [SiteBalance]? = nil,
              brief: TimelineIndex.BriefEntry, token: UInt64, root: URL, output: URL) -> Bool {
        TrackerIndex.save(pages: pages ?? self.pages,
                          measures: measures.map { TrackerIndex.encoded($0, TrackerIndex.writeMeasure)[...] } ?? payload[measureFrame],
                          balances: balances.map { TrackerIndex.encoded($0, TrackerIndex.writeBalance)[...] } ?? payload[balanceFrame],
                          briefs: briefs.frames(replacing: brief), token: token, root: root, output: output)
    }
}

/// The briefs of an index, each framed by its length in slug order: an
/// edit decodes the few it needs and copies the others' bytes when it saves.
struct FramedBriefs {
    private let payload: ArraySlice<UInt8>
    private let frames: [Range<Int>]

    init(_ payload: ArraySlice<UInt8>, reader: inout CacheReader) throws {
        var frames: [Range<Int>] = []
        for _ in 0..<(try reader.count()) { frames.append(try FramedBriefs.frame(&reader)) }
        self.payload = payload
        self.frames = frames
    }

    /// The next frame's bytes (a length, then as many bytes), skipped.
    static func frame(_ reader: inout CacheReader) throws -> Range<Int> {
        let length = try reader.count()
        let start = reader.position
        try reader.skip(length)
        return start..<reader.position
    }

    /// The briefs with these slugs that the index has (found by their slugs' bytes, the others not decoded).
    func briefs(_ slugs: Set<String>) -> [String: TimelineIndex.BriefEntry]? {
        let wanted = Set(slugs.map { Array($0.utf8) })
        var found: [String: TimelineIndex.BriefEntry] = [:]
        do {
            for frame in frames {
                var reader = CacheReader(payload[frame])
                guard wanted.contains(Array(try reader.stringBytes())) else { continue }
                let brief = try CacheReader.decode(TimelineIndex.BriefEntry.self, from: payload[frame])
                found[brief.slug] = brief
                if found.count == wanted.count { break }
            }
        } catch {
            return nil
        }
        return found
    }

    /// Every brief's bytes, this one's made again.
    func frames(replacing brief: TimelineIndex.BriefEntry) -> IndexFile.Frames {
        let slug = Array(brief.slug.utf8)
        let replacement = CacheWriter.encodedBytes(brief)[...]
        let (payload, frames) = (payload, frames)
        return IndexFile.Frames(count: frames.count) { index in
            var reader = CacheReader(payload[frames[index]])
            if let bytes = try? reader.stringBytes(), bytes.elementsEqual(slug) { return replacement }
            return payload[frames[index]]
        }
    }
}

extension CacheReader {
    /// A count, then as many items, each read by `item`.
    mutating func list<Item>(_ item: (inout CacheReader) throws -> Item) throws -> [Item] {
        let count = try self.count()
        var items: [Item] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try item(&self)) }
        guard position == end else { throw Damaged() }
        return items
    }
}
