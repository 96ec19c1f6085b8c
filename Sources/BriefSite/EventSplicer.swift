import BriefCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Renders one brief's events, and the months of the timeline they change,
/// with the templates a whole build uses, and puts them in place of the old
/// ones in the files as the output holds them (see `EventEdit`). Each part
/// replaced must first be, byte for byte, what the old events render to.
struct EventSplicer: Sendable {
    let paths: SitePaths
    let change: TimelineChange
    let output: URL
    private let contexts: [String: LanguageContext]
    private let briefLanguages: [String: Set<String>]
    private let briefTitles: [String: [String: String]]

    /// Nil when the index lacks a brief the changed months show.
    init?(config: SiteConfig, change: TimelineChange, index: LoadedTimelineIndex, output: URL) {
        var slugs = Set<String>()
        for month in change.months.values { month.events.forEach { slugs.insert($0.brief) } }
        for month in change.oldMonths.values { month.events.forEach { slugs.insert($0.brief) } }
        guard let briefs = index.briefs(slugs), briefs.count == slugs.count else { return nil }
        paths = SitePaths(config: config)
        self.change = change
        self.output = output
        contexts = Dictionary(uniqueKeysWithValues: config.languages.map { ($0.code, LanguageContext(language: $0)) })
        (briefLanguages, briefTitles) = TimelineIndex.BriefEntry.links(briefs)
    }

    /// What makes a run of events' part of a timeline file, as `SiteRenderer` writes it (`isLast`: the run ends
    /// the file); made once for a file.
    func renderer(_ file: TimelineIndex.File) -> ((ArraySlice<SiteEvent>, _ isLast: Bool) -> String)? {
        switch file.kind {
        case .page:
            guard let context = contexts[file.language] else { return nil }
            let views = DataViews(paths: paths, context: context, path: paths.timeline(context.language),
                                  briefLanguages: briefLanguages, briefTitles: briefTitles)
            return { events, _ in views.timelineMonth(events).rendered }
        case .json:
            let languages = paths.config.languages
            return { events, isLast in TimelineJSON.lines(events, languages: languages, endsFile: isLast) }
        case .calendar:
            guard let context = contexts[file.language] else { return nil }
            let calendar = TimelineCalendar(paths: paths, language: context.language)
            let briefLanguages = briefLanguages
            return { events, _ in calendar.events(events, briefLanguages: briefLanguages) }
        }
    }

    /// An event's text in a file, kept with the event it was made from.
    struct EventText {
        var event: SiteEvent
        var text: String
    }

    /// A month's part made event by event, each event's text made once for the file (`texts`, by brief and
    /// event id, used only for an event equal to the one it was made from): the old and the new events of a
    /// month are the same but for the edited ones, and each month is made from both, so most events were made
    /// twice. Every kind of part is its events' texts one after another (the JSON's last line of the file alone
    /// ends without a comma, and is made as such), which `monthIsItsEventsInTurn` tests.
    private static func part(_ events: ArraySlice<SiteEvent>, isLast: Bool, kind: TimelineIndex.FileKind,
                             texts: inout [String: EventText], render: (ArraySlice<SiteEvent>, Bool) -> String) -> String {
        var part = ""
        for position in events.indices {
            let event = events[position]
            if isLast && kind == .json && position == events.index(before: events.endIndex) {
                part += render(events[position...position], true)
                continue
            }
            let key = event.brief + "\u{0}" + event.event.id
            if let known = texts[key], known.event == event {
                part += known.text
                continue
            }
            let made = render(events[position...position], false)
            texts[key] = EventText(event: event, text: made)
            part += made
        }
        return part
    }

    /// The file with the changed months made again — the rest copied from the file as it is — with its size
    /// and parts (no contents when every month made again has the bytes it had); nil when the file is not as
    /// the index says. Each month is made from its old bytes where it can be (`MonthPatch`); else whole, every
    /// old event made to check the month's bytes: the last month of the JSON export (its last event's line alone
    /// ends the file), or a month whose bytes the patch does not find as it expects.
    func splice(_ file: TimelineIndex.File) -> (contents: OutputFile.Contents?, size: Int, parts: [Range<Int>])? {
        guard let render = renderer(file) else { return nil }
        var texts: [String: EventText] = [:]
        return PartSplicer.remake(file, in: output, parts: change.months.keys.sorted()) { month, oldBytes in
            guard let old = change.oldMonths[month]?.events, let new = change.months[month]?.events else { return nil }
            let isLast = month == file.parts.count - 1
            if !(isLast && file.kind == .json),
               let patched = MonthPatch.patched(oldBytes, old: old, new: new, render: { render([$0][...], false) }) {
                return patched
            }
            let oldText = EventSplicer.part(old, isLast: isLast, kind: file.kind, texts: &texts, render: render)
            guard ByteSearch.same(oldBytes, oldText) else { return nil }
            return Data(EventSplicer.part(new, isLast: isLast, kind: file.kind, texts: &texts, render: render).utf8)
        }
    }

    /// A month's part as the whole build makes it and as an edit makes it, event by event, for a test.
    func monthIsItsEventsInTurn(_ file: TimelineIndex.File, _ events: ArraySlice<SiteEvent>, isLast: Bool) -> (whole: String?, inTurn: String?) {
        guard let render = renderer(file) else { return (nil, nil) }
        var texts: [String: EventText] = [:]
        return (render(events, isLast), EventSplicer.part(events, isLast: isLast, kind: file.kind, texts: &texts, render: render))
    }

    /// A page of the brief with its events made again: after its text, or in each ```timeline block of its
    /// body (the record then says where the body's blocks now are); no page when it has the bytes it had; nil
    /// when the page is not as recorded.
    func splice(_ record: BodyEditRecord, old: [SiteEvent], new: [SiteEvent]) -> (page: [UInt8]?, record: BodyEditRecord)? {
        guard let context = contexts[record.language],
              let original = FileTree.bytes(output.path + "/" + record.file) else { return nil }
        let views = DataViews(paths: paths, context: context, path: record.pagePath, briefLanguages: [:], briefTitles: [:])
        var page = original
        var updated = record
        let bodyEnd = record.splice.bodyStart + record.splice.bodyCount
        guard record.splice.bodyStart >= 0, record.splice.bodyCount >= 0, bodyEnd <= page.count else { return nil }
        let timeline = BlockKind.timeline.rawValue
        guard record.blocks.contains(where: { $0.kind == timeline }) else {
            let oldHTML = Array(views.briefEvents(old, block: nil).rendered.utf8)
            guard let at = page.withUnsafeBytes({ ByteSearch.firstIndex(of: oldHTML, in: $0, from: bodyEnd) }) else { return nil }
            page.replaceSubrange(at..<(at + oldHTML.count), with: Array(views.briefEvents(new, block: nil).rendered.utf8))
            return (page == original ? nil : page, updated)
        }
        // The feed carries the body, and with it the events its blocks show.
        guard !record.inFeed else { return nil }
        var delta = 0
        var timelineBlocks = 0
        var previousEnd = 0
        for (position, block) in record.blocks.enumerated() {
            guard block.start >= previousEnd, block.count >= 0, block.start + block.count <= record.splice.bodyCount else { return nil }
            previousEnd = block.start + block.count
            updated.blocks[position].start = block.start + delta
            guard block.kind == timeline else { continue }
            timelineBlocks += 1
            let start = record.splice.bodyStart + block.start + delta
            let oldHTML = Array(views.briefEvents(old, block: timelineBlocks).rendered.utf8)
            guard ByteSearch.same(page[start..<(start + block.count)], oldHTML) else { return nil }
            let newHTML = Array(views.briefEvents(new, block: timelineBlocks).rendered.utf8)
            page.replaceSubrange(start..<(start + block.count), with: newHTML)
            updated.blocks[position].count = newHTML.count
            delta += newHTML.count - block.count
        }
        updated.splice.bodyCount += delta
        return (page == original ? nil : page, updated)
    }
}
