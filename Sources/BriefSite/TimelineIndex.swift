import BriefCore
import Foundation

/// What an edit of one brief's events needs from the last build (see
/// `EventEdit`), in `.briefsite-cache/timeline-*.bin`: every month of the
/// timeline with its events, every published brief with its sources and
/// the months its events are in, and each file of the timeline written a
/// month at a time (the page in each language, `timeline.json`, the
/// calendars) with where each month's part is in it.
///
/// The manifest names the index by a token drawn for each build, as it
/// names the `BodyEditIndex`: an index another build left is never used.
/// The file (framed as `IndexFile` says): the files, the months and the briefs (each month and brief
/// framed by its length, so that an edit decodes only the ones it touches;
/// briefs in slug order).
struct TimelineIndex: Sendable {
    static let magic = Array("briefsite-timeline 1\n".utf8)

    enum FileKind: Int, Sendable {
        case page = 0
        case json = 1
        case calendar = 2
    }

    /// One file of the timeline written in parts, a part a month.
    struct File: Equatable, Sendable {
        var kind: FileKind
        /// The language of a page or calendar; "" for `timeline.json`.
        var language: String
        /// The default language's calendar is written under two names.
        var paths: [String]
        /// The fingerprint the manifest records for each path: the file these parts were found in.
        var fingerprints: [UInt64]
        var size: Int
        /// Each month's part in the file, in the order of the months.
        var parts: [Range<Int>]
    }

    struct Month: Sendable {
        var year: Int
        var month: Int
        var events: ArraySlice<SiteEvent>
    }

    /// A published brief: what its events' months, and the timeline's links to it, need.
    struct BriefEntry: Sendable {
        struct Source: Equatable, Sendable {
            var path: String
            var language: String
            /// `FrontMatterKeys.butEvents` of the translation.
            var key: UInt64
        }

        var slug: String
        var date: Day
        /// The title of each published translation, by language.
        var titles: [String: String]
        var sources: [Source]
        /// The months its events are in (positions in the index's months), ascending.
        var months: [Int]
    }

    var token: UInt64
    var files: [File]
    var months: [Month]
    var briefs: [BriefEntry]

    static func file(root: URL, output: URL) -> URL {
        BuildManifest.file(named: "timeline", extension: "bin", root: root, output: output)
    }

    /// Each brief's months, found from the months' events (a brief listed without them).
    mutating func findBriefMonths() {
        var bySlug: [String: [Int]] = [:]
        bySlug.reserveCapacity(briefs.count)
        for (position, month) in months.enumerated() {
            for item in month.events where bySlug[item.brief]?.last != position { bySlug[item.brief, default: []].append(position) }
        }
        for index in briefs.indices { briefs[index].months = bySlug[briefs[index].slug] ?? [] }
    }

    /// Writes the index beside the manifest, whole or not at all.
    func save(root: URL, output: URL) -> Bool {
        let order = briefs.indices.sorted { briefs[$0].slug < briefs[$1].slug }
        return TimelineIndex.save(files: files, months: IndexFile.Frames(count: months.count) { CacheWriter.encodedBytes(months[$0])[...] },
                                  briefs: IndexFile.Frames(count: order.count) { CacheWriter.encodedBytes(briefs[order[$0]])[...] },
                                  token: token, root: root, output: output)
    }

    /// The files, then the months and the briefs, each framed.
    static func save(files: [File], months: IndexFile.Frames, briefs: IndexFile.Frames, token: UInt64, root: URL, output: URL) -> Bool {
        IndexFile.write(magic: magic, token: token, to: file(root: root, output: output), root: root) { payload in
            payload.write { TimelineIndex.write(files: files, to: &$0) }
            months.write(to: &payload)
            briefs.write(to: &payload)
        }
    }

    static func write(files: [File], to writer: inout CacheWriter) {
        writer.varint(UInt64(files.count))
        for file in files {
            writer.int(file.kind.rawValue); writer.string(file.language); writer.strings(file.paths)
            writer.varint(UInt64(file.fingerprints.count))
            for fingerprint in file.fingerprints { writer.varint(fingerprint) }
            writer.int(file.size)
            writer.varint(UInt64(file.parts.count))
            for part in file.parts { writer.int(part.lowerBound); writer.int(part.count) }
        }
    }

    static func readFiles(_ reader: inout CacheReader) throws -> [File] {
        var files: [File] = []
        for _ in 0..<(try reader.count()) {
            guard let kind = FileKind(rawValue: try reader.int()) else { throw CacheReader.Damaged() }
            let language = try reader.string()
            let paths = try reader.strings()
            var fingerprints: [UInt64] = []
            for _ in 0..<(try reader.count()) { fingerprints.append(try reader.varint()) }
            guard fingerprints.count == paths.count else { throw CacheReader.Damaged() }
            let size = try reader.int()
            var parts: [Range<Int>] = []
            for _ in 0..<(try reader.count()) {
                let start = try reader.int()
                let count = try reader.int()
                guard start >= 0, count >= 0 else { throw CacheReader.Damaged() }
                parts.append(start..<(start + count))
            }
            files.append(File(kind: kind, language: language, paths: paths, fingerprints: fingerprints, size: size, parts: parts))
        }
        return files
    }
}

extension SiteRenderer {
    /// This render's index (see `TimelineIndex`), its token not yet drawn and its briefs' months not yet
    /// found (both done while the site is written); nil when a file of the timeline is not in a part a month.
    func timelineIndex(cache: RenderCache) -> TimelineIndex? {
        guard !timelineMonths.isEmpty else { return nil }
        let count = timelineMonths.count
        func layout(_ key: String, _ kind: TimelineIndex.FileKind, language: String, paths: [String]) -> TimelineIndex.File? {
            guard let page = cache.earlierPage(key), page.files.count >= paths.count,
                  zip(page.files, paths).allSatisfy({ $0.path == $1 && $0.fingerprint != nil }) else { return nil }
            let fingerprints = page.files.prefix(paths.count).compactMap(\.fingerprint)
            var offset = 0
            var parts: [Range<Int>] = []
            for part in page.parts {
                if part.fingerprint != PagePart.unkeyed { parts.append(offset..<(offset + part.count)) }
                offset += part.count
            }
            guard parts.count == count else { return nil }
            return TimelineIndex.File(kind: kind, language: language, paths: paths, fingerprints: fingerprints, size: offset, parts: parts)
        }
        var files: [TimelineIndex.File?] = config.languages.map { language in
            let file = SitePaths.file(forPage: timelinePath(language))
            return layout(file, .page, language: language.code, paths: [file])
        }
        files.append(layout(DataFiles.timelineJSON, .json, language: "", paths: [DataFiles.timelineJSON]))
        for language in config.languages {
            let paths = [DataFiles.timelineICS(language)] + (language == config.defaultLanguage ? [DataFiles.timelineICS] : [])
            files.append(layout(paths[0], .calendar, language: language.code, paths: paths))
        }
        let found = files.compactMap { $0 }
        guard found.count == files.count else { return nil }
        let briefs = content.briefs.parallelChunks { brief in
            TimelineIndex.BriefEntry(
                slug: brief.slug, date: brief.date, titles: brief.translations.mapValues(\.frontMatter.title),
                sources: brief.translations.values.sorted { $0.file < $1.file }.map { translation in
                    .init(path: translation.file, language: translation.language, key: translation.keys.butEvents)
                },
                months: [])
        }
        return TimelineIndex(token: 0, files: found, months: timelineMonths.map { .init(year: $0.year, month: $0.month, events: $0.events) },
                             briefs: briefs)
    }
}

/// The index as read back for one edit: its files decoded, each month and
/// brief left as bytes until asked for.
struct LoadedTimelineIndex {
    let files: [TimelineIndex.File]
    /// Each month's year and month, in order.
    let monthKeys: [(year: Int, month: Int)]
    private let payload: ArraySlice<UInt8>
    private let monthFrames: [Range<Int>]
    private let framedBriefs: FramedBriefs

    /// The index whose token is `token`; nil when there is none, it is damaged, or it is another build's.
    static func load(root: URL, output: URL, token: UInt64) -> LoadedTimelineIndex? {
        guard let payload = IndexFile.payload(of: TimelineIndex.file(root: root, output: output), magic: TimelineIndex.magic, token: token)
        else { return nil }
        var reader = CacheReader(payload)
        do {
            let files = try TimelineIndex.readFiles(&reader)
            var monthFrames: [Range<Int>] = []
            var keys: [(year: Int, month: Int)] = []
            for _ in 0..<(try reader.count()) {
                let length = try reader.count()
                let start = reader.position
                try reader.skip(length)
                var inner = CacheReader(payload[start..<reader.position])
                keys.append((try inner.int(), try inner.int()))
                monthFrames.append(start..<reader.position)
            }
            let briefs = try FramedBriefs(payload, reader: &reader)
            return LoadedTimelineIndex(files: files, monthKeys: keys, payload: payload, monthFrames: monthFrames, framedBriefs: briefs)
        } catch {
            return nil
        }
    }

    func month(_ position: Int) -> TimelineIndex.Month? {
        guard monthFrames.indices.contains(position) else { return nil }
        return try? CacheReader.decode(TimelineIndex.Month.self, from: payload[monthFrames[position]])
    }

    /// The position of a month, by its year and month.
    func position(ofMonth year: Int, _ month: Int) -> Int? {
        var low = 0
        var high = monthKeys.count
        while low < high {
            let middle = (low + high) / 2
            let key = monthKeys[middle]
            if key.year < year || (key.year == year && key.month < month) { low = middle + 1 } else { high = middle }
        }
        return low < monthKeys.count && monthKeys[low] == (year, month) ? low : nil
    }

    /// The briefs with these slugs that the index has.
    func briefs(_ slugs: Set<String>) -> [String: TimelineIndex.BriefEntry]? { framedBriefs.briefs(slugs) }

    /// Saves the index again under a new token: these files, these months in place of theirs, this brief in
    /// place of its own.
    func save(files: [TimelineIndex.File], months replaced: [Int: TimelineIndex.Month], brief: TimelineIndex.BriefEntry,
              token: UInt64, root: URL, output: URL) -> Bool {
        let payload = payload
        let months = IndexFile.Frames(count: monthFrames.count) { position in
            replaced[position].map { CacheWriter.encodedBytes($0)[...] } ?? payload[monthFrames[position]]
        }
        return TimelineIndex.save(files: files, months: months, briefs: framedBriefs.frames(replacing: brief),
                                  token: token, root: root, output: output)
    }
}

extension SiteEvent: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(event.id); writer.value(event.date); writer.optional(event.end)
        writer.varint(UInt64(event.countries.count))
        for country in event.countries { writer.string(country.code) }
        writer.varint(UInt64(event.titles.count))
        for language in event.titles.keys.sorted() { writer.string(language); writer.string(event.titles[language] ?? "") }
        writer.string(brief); writer.value(briefDate)
    }

    init(from reader: inout CacheReader) throws {
        let id = try reader.string()
        let date = try Day(from: &reader)
        let end: Day? = try reader.optional()
        var countries: [CountryCode] = []
        for _ in 0..<(try reader.count()) { countries.append(try CountryCode(from: &reader)) }
        var titles: [String: String] = [:]
        for _ in 0..<(try reader.count()) {
            let language = try reader.string()
            titles[language] = try reader.string()
        }
        let brief = try reader.string()
        // Where the event was written matters to diagnostics only, and an event in the index has none.
        self.init(event: TimelineEvent(id: id, date: date, end: end, countries: countries, titles: titles,
                                       location: SourceLocation(file: brief)),
                  brief: brief, briefDate: try Day(from: &reader))
    }
}

extension TimelineIndex.Month: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.int(year); writer.int(month)
        writer.varint(UInt64(events.count))
        for event in events { event.write(to: &writer) }
    }

    init(from reader: inout CacheReader) throws {
        self.init(year: try reader.int(), month: try reader.int(), events: try [SiteEvent](from: &reader)[...])
    }
}

extension TimelineIndex.BriefEntry {
    /// What links to these briefs from a data table need (`DataViews`): each one's languages, and its title by
    /// language, then slug.
    static func links(_ briefs: [String: TimelineIndex.BriefEntry]) -> (languages: [String: Set<String>], titles: [String: [String: String]]) {
        var titles: [String: [String: String]] = [:]
        for brief in briefs.values {
            for (language, title) in brief.titles { titles[language, default: [:]][brief.slug] = title }
        }
        return (briefs.mapValues { Set($0.titles.keys) }, titles)
    }
}

extension TimelineIndex.BriefEntry: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(slug); writer.value(date)
        writer.varint(UInt64(titles.count))
        for language in titles.keys.sorted() { writer.string(language); writer.string(titles[language] ?? "") }
        writer.varint(UInt64(sources.count))
        for source in sources { writer.string(source.path); writer.string(source.language); writer.varint(source.key) }
        writer.varint(UInt64(months.count))
        for month in months { writer.int(month) }
    }

    init(from reader: inout CacheReader) throws {
        let slug = try reader.string()
        let date = try Day(from: &reader)
        var titles: [String: String] = [:]
        for _ in 0..<(try reader.count()) {
            let language = try reader.string()
            titles[language] = try reader.string()
        }
        var sources: [Source] = []
        for _ in 0..<(try reader.count()) {
            sources.append(Source(path: try reader.string(), language: try reader.string(), key: try reader.varint()))
        }
        var months: [Int] = []
        for _ in 0..<(try reader.count()) { months.append(try reader.int()) }
        self.init(slug: slug, date: date, titles: titles, sources: sources, months: months)
    }
}
