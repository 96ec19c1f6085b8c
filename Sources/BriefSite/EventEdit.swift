import BriefCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A build after an edit of one brief's events alone — a date moved, a
/// title reworded, an end or the countries changed — made without the rest
/// of the site. (An event added or dropped changes every translation's file,
/// each with its title: two files, which the whole build takes.) The events
/// show in eight files: the brief's page in each language (after its text,
/// or where its ```timeline blocks are), and the month
/// they fall in of the timeline page in each language, `timeline.json` and
/// the calendars. Those parts are rendered again and put in place of the
/// old ones in the files as the output holds them; the other months are
/// copied. What it needs from the last build is the `TimelineIndex` (the
/// months' events, the briefs, where each month's part is in each file)
/// and the brief's pages' `BodyEditRecord`s (where their bodies and blocks
/// are).
///
/// It applies only when the result is certain to be what a whole build
/// would write, and nothing else certain not to change:
/// - the manifest vouches for the output exactly, and Content/ differs from
///   it by one file, a translation of a published brief whose every
///   translation file the index knows;
/// - every translation's front matter but its events is as it was, and its
///   body too; they load and merge without a diagnostic (a mistake is
///   reported by a whole build, with every other one), and the last build
///   reported none for them;
/// - a page whose body the feed carries shows its events after its text,
///   not in a block (the feed has the body, with its blocks);
/// - the brief had events and has some, and every month they were or are in
///   has events before and after: the timeline's months, years and
///   headings stay as they were;
/// - each part about to be replaced is, byte for byte, what the old events
///   render to: the index and the files agree.
/// Anything else, and any doubt, returns nil: the whole build runs.
enum EventEdit {
    /// An edited source that may be an edit of its brief's events alone: the index, the brief as it has it,
    /// and the edited translation, whose front matter but its events is as the index knows it.
    struct Candidate: Sendable {
        var source: String
        var index: LoadedTimelineIndex
        var entry: TimelineIndex.BriefEntry
        var edited: BriefTranslation
    }

    /// The edit of `source` (the one file of Content/ that changed) as a candidate for this path. Checked
    /// before the build cache is read, which this path does not need (and which an edit of anything else
    /// in a front matter, not a candidate, reads beside the check of the output).
    static func candidate(root: URL, output: URL, manifest: BuildManifest, source: String) -> Candidate? {
        guard manifest.bodyEditToken != nil, let token = manifest.timelineToken, let slug = EditedBrief.briefSlug(source),
              let index = LoadedTimelineIndex.load(root: root, output: output, token: token),
              let entry = index.briefs([slug])?[slug], let known = entry.sources.first(where: { $0.path == source }),
              let edited = EditedBrief.translation(known, slug: slug, root: root, key: \.keys.butEvents)
        else { return nil }
        return Candidate(source: source, index: index, entry: entry, edited: edited)
    }

    static func build(_ candidate: Candidate, root: URL, writer: OutputWriter, manifest: BuildManifest, inputs: [BuildManifest.Input],
                      inputFolders: [FolderRecord], found: FoundOutputs, started: DispatchTime,
                      leavesMemoryToExit: Bool = false) -> Result<BuildReport, BuildFailure>? {
        let output = writer.output
        var clock = StageClock()
        defer { clock.report() }
        let (source, index, entry, slug) = (candidate.source, candidate.index, candidate.entry, candidate.entry.slug)
        guard let (pages, config, brief) = EditedBrief.checked(entry, edited: (source, candidate.edited), root: root, output: output, manifest: manifest,
                                                               inputs: inputs, found: found.output, key: \.keys.butEvents)
        else { return nil }
        clock.lap("event edit: checks and the brief")
        let newEvents = SiteData.compute([brief]).timeline
        guard let change = TimelineChange(index: index, slug: slug, entry: entry, events: newEvents) else { return nil }

        // The spare is brought up to date by the write: its check (started when the build found this edit) runs
        // while the parts are made.
        if change.changesData { found.startSpareWalk() }
        var replaced: [String: (contents: OutputFile.Contents, fingerprint: UInt64)] = [:]
        var timelineFiles = index.files
        var records = pages.records
        if change.changesData {
            guard let splicer = EventSplicer(config: config, change: change, index: index, output: output),
                  index.files.allSatisfy({ file in
                      zip(file.paths, file.fingerprints).allSatisfy { found.output.verified[$0]?.fingerprint == $1 }
                  })
            else { return nil }
            // The files are made on every core: each renders the changed months twice (old and new events).
            let spliced = index.files.parallelMap { file in splicer.splice(file) }
            for (position, (file, splice)) in zip(index.files, spliced).enumerated() {
                guard let made = splice else { return nil }
                // A file whose bytes the edit leaves as they were (the other language's, for a title) is kept.
                guard let contents = made.contents else { continue }
                let fingerprints = file.fingerprints.map { EventEdit.fingerprint($0, change) }
                for (path, fingerprint) in zip(file.paths, fingerprints) { replaced[path] = (contents, fingerprint) }
                timelineFiles[position] = TimelineIndex.File(kind: file.kind, language: file.language, paths: file.paths,
                                                             fingerprints: fingerprints, size: made.size, parts: made.parts)
            }
            for (position, record) in records.enumerated() {
                guard let made = splicer.splice(record, old: change.oldEvents, new: newEvents) else { return nil }
                records[position] = made.record
                guard let page = made.page else { continue }
                let fingerprint = EventEdit.fingerprint(record.pageFingerprint, change)
                replaced[record.file] = (.bytes(Data(page)), fingerprint)
                records[position].pageFingerprint = fingerprint
            }
        }
        clock.lap("event edit: splice")
        guard EditedOutput.update(&records, source: source, brief: brief) else { return nil }
        let done = EditedOutput.writeAndSave(replaced, kind: "event edit", bodiesRendered: 0, manifest: manifest, inputs: inputs,
                                             inputFolders: inputFolders, root: root, writer: writer, found: found, started: started,
                                             clock: &clock) { [records, timelineFiles, trackerToken = manifest.trackerToken] in
            var newEntry = entry
            newEntry.months = change.newMonths
            return EditedOutput.IndexTokens(
                bodyEdit: EditedOutput.savedToken { pages.save(replacing: records, token: $0, root: root, output: output) },
                timeline: EditedOutput.savedToken { index.save(files: timelineFiles, months: change.months, brief: newEntry, token: $0, root: root, output: output) },
                // The tracker index knows each translation by a key that covers its events.
                tracker: trackerToken.flatMap { EditedBrief.rekey(trackerToken: $0, brief: brief, root: root, output: output) })
        }
        return done.map { report, manifest in
            var report = report
            report.splicedEvents = true
            // Left to the process's exit with the rest of the build's reading (see `SiteBuilder.build`).
            if leavesMemoryToExit { ProcessEnd.leave((manifest, pages, records, timelineFiles, replaced, change, newEvents)) }
            return report
        }
    }

    /// A changed file's fingerprint: the old one and the events that changed it.
    static func fingerprint(_ old: UInt64?, _ change: TimelineChange) -> UInt64 {
        StableHash.of { hash in
            hash.combine("event edit")
            hash.combine(Int(truncatingIfNeeded: old ?? 0))
            hash.combine(Int(truncatingIfNeeded: change.newEventsHash))
        }.value
    }
}

/// The timeline's months as one brief's new events change them.
struct TimelineChange: Sendable {
    /// The brief's events before, in timeline order.
    let oldEvents: [SiteEvent]
    /// The months its events were or are in, as they were and as they are now, by position.
    let oldMonths: [Int: TimelineIndex.Month]
    let months: [Int: TimelineIndex.Month]
    /// The months its events are in now, ascending.
    let newMonths: [Int]
    let newEventsHash: UInt64
    let changesData: Bool

    init?(index: LoadedTimelineIndex, slug: String, entry: TimelineIndex.BriefEntry, events: [SiteEvent]) {
        var oldMonths: [Int: TimelineIndex.Month] = [:]
        for position in entry.months {
            guard let month = index.month(position) else { return nil }
            oldMonths[position] = month
        }
        oldEvents = entry.months.flatMap { oldMonths[$0]?.events.filter { $0.brief == slug } ?? [] }
        var added: [Int: [SiteEvent]] = [:]
        for event in events {
            guard let position = index.position(ofMonth: event.event.date.year, event.event.date.month) else { return nil }
            added[position, default: []].append(event)
            if oldMonths[position] == nil {
                guard let month = index.month(position) else { return nil }
                oldMonths[position] = month
            }
        }
        guard !oldEvents.isEmpty, !events.isEmpty else { return nil }
        var months: [Int: TimelineIndex.Month] = [:]
        for (position, month) in oldMonths {
            let kept = month.events.filter { $0.brief != slug } + (added[position] ?? [])
            guard !kept.isEmpty else { return nil }
            months[position] = TimelineIndex.Month(year: month.year, month: month.month, events: kept.sorted(by: SiteEvent.timelineOrder)[...])
        }
        self.oldMonths = oldMonths
        self.months = months
        newMonths = added.keys.sorted()
        let oldHash = TimelineChange.hash(oldEvents)
        newEventsHash = TimelineChange.hash(events)
        changesData = oldHash != newEventsHash
    }

    static func hash(_ events: [SiteEvent]) -> UInt64 {
        StableHash.of { hash in
            hash.combine(events.count)
            for item in events { hash.combine(item.event); hash.combine(item.brief); hash.combine(item.briefDate) }
        }.value
    }
}
