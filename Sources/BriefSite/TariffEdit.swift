import BriefCore
import Foundation

/// A build after an edit of one brief's tariffs or trade alone — a rate, a
/// date or a balance changed, a measure or balance added or dropped — made
/// without the rest of the site. The data shows in the brief's pages (after
/// the text, or in its ```tariffs and ```trade blocks) and their CSVs, the
/// tracker page in each language (its tables and the histories the brief's
/// measures are or were in), and the site's tariff exports. Those parts are
/// made again with the templates a whole build uses and put in place of the
/// old ones in the files as the output holds them; the rest is copied. What
/// it needs from the last build is the `TrackerIndex` (every measure and
/// balance, the briefs, where each part of the tracker pages is) and the
/// brief's pages' `BodyEditRecord`s.
///
/// It applies only when the result is certain to be what a whole build
/// would write, and nothing else certain not to change:
/// - the checks of `EditedBrief.checked`, with every translation's front
///   matter but its tariffs and trade as it was;
/// - the brief had measures and has some, or had none and has none; the
///   same for balances (the pages' sections stay as they were);
/// - the tracker has the same histories (no (by, on, goods) appears or
///   goes), so its page keeps its parts;
/// - a page whose body the feed carries shows no tariffs or trade in a block;
///   every filter of a block still matches a measure (else the whole build
///   reports it);
/// - each part about to be replaced is, byte for byte, what the old data
///   renders to.
/// Anything else, and any doubt, returns nil: the whole build runs.
enum TariffEdit {
    /// An edited source that may be an edit of its brief's tariffs or trade alone.
    struct Candidate: Sendable {
        var source: String
        var index: LoadedTrackerIndex
        var entry: TimelineIndex.BriefEntry
        var edited: BriefTranslation
    }

    static func candidate(root: URL, output: URL, manifest: BuildManifest, source: String) -> Candidate? {
        guard manifest.bodyEditToken != nil, let token = manifest.trackerToken, let slug = EditedBrief.briefSlug(source),
              let index = LoadedTrackerIndex.load(root: root, output: output, token: token),
              let entry = index.briefs.briefs([slug])?[slug], let known = entry.sources.first(where: { $0.path == source }),
              let edited = EditedBrief.translation(known, slug: slug, root: root, key: \.keys.butTariffsAndTrade)
        else { return nil }
        return Candidate(source: source, index: index, entry: entry, edited: edited)
    }

    static func build(_ candidate: Candidate, root: URL, writer: OutputWriter, manifest: BuildManifest, inputs: [BuildManifest.Input],
                      inputFolders: [FolderRecord], found: FoundOutputs, started: DispatchTime,
                      leavesMemoryToExit: Bool = false) -> Result<BuildReport, BuildFailure>? {
        let output = writer.output
        var clock = StageClock()
        defer { clock.report() }
        let (source, index, entry) = (candidate.source, candidate.index, candidate.entry)
        guard let (pages, config, brief) = EditedBrief.checked(entry, edited: (source, candidate.edited), root: root, output: output,
                                                               manifest: manifest, inputs: inputs, found: found.output,
                                                               key: \.keys.butTariffsAndTrade),
              let measures = index.measures(), let balances = index.balances()
        else { return nil }
        clock.lap("tariff edit: checks and the brief")
        guard let change = TrackerChange(measures: measures, balances: balances, brief: brief) else { return nil }
        clock.lap("tariff edit: the tracker computed")

        // The spare is brought up to date by the write: its check (started when the build found this edit) runs
        // while the parts are made.
        if change.changesData { found.startSpareWalk() }
        var replaced: [String: (contents: OutputFile.Contents, fingerprint: UInt64)] = [:]
        var trackerPages = index.pages
        var records = pages.records
        if change.changesData {
            // The tracker pages as the index knows them, before any work on them.
            guard index.pages.allSatisfy({ page in zip(page.paths, page.fingerprints).allSatisfy { found.output.verified[$0]?.fingerprint == $1 } }),
                  let splicer = TariffSplicer(config: config, change: change, index: index, output: output)
            else { return nil }
            // Each tracker page and the exports on a core of their own.
            enum Made: Sendable {
                case page((contents: OutputFile.Contents?, size: Int, parts: [Range<Int>])?)
                case exports([String: OutputFile.Contents]?)
            }
            let pagesToSplice = index.pages
            let made = Array(0...pagesToSplice.count).parallelMap { job -> Made in
                job < pagesToSplice.count ? .page(splicer.splice(pagesToSplice[job])) : .exports(splicer.exports())
            }
            for (position, page) in index.pages.enumerated() {
                guard case .page(let spliced?) = made[position] else { return nil }
                guard let contents = spliced.contents else { continue }
                let fingerprints = page.fingerprints.map { TariffEdit.fingerprint($0, change) }
                for (path, fingerprint) in zip(page.paths, fingerprints) { replaced[path] = (contents, fingerprint) }
                trackerPages[position] = TimelineIndex.File(kind: page.kind, language: page.language, paths: page.paths,
                                                            fingerprints: fingerprints, size: spliced.size, parts: spliced.parts)
            }
            guard case .exports(let exports?) = made[pagesToSplice.count] else { return nil }
            var briefFiles: [String: String] = [:]
            for (position, record) in records.enumerated() {
                guard let page = splicer.splice(record) else { return nil }
                records[position] = page.record
                page.files.forEach { briefFiles[$0.path] = $0.text }
                guard let bytes = page.page else { continue }
                let fingerprint = TariffEdit.fingerprint(record.pageFingerprint, change)
                replaced[record.file] = (.bytes(Data(bytes)), fingerprint)
                records[position].pageFingerprint = fingerprint
            }
            // The brief's CSVs whole, written only where their bytes changed (and only ones the output has: a new
            // one would be a file the last build did not write).
            var remade = exports
            for (path, text) in briefFiles {
                guard let file = splicer.whole(path, text) else { return nil }
                remade[path] = file.contents
            }
            for (path, contents) in remade {
                guard let record = found.output.verified[path] else { return nil }
                replaced[path] = (contents, TariffEdit.fingerprint(record.fingerprint, change))
            }
        }
        clock.lap("tariff edit: splice")
        guard EditedOutput.update(&records, source: source, brief: brief) else { return nil }
        let done = EditedOutput.writeAndSave(replaced, kind: "tariff edit", bodiesRendered: 0, manifest: manifest, inputs: inputs,
                                             inputFolders: inputFolders, root: root, writer: writer, found: found, started: started,
                                             clock: &clock) { [records, trackerPages, timelineToken = manifest.timelineToken] in
            EditedOutput.IndexTokens(
                bodyEdit: EditedOutput.savedToken { pages.save(replacing: records, token: $0, root: root, output: output) },
                // The timeline index knows each translation by a key that covers its tariffs and trade.
                timeline: timelineToken.flatMap { EditedBrief.rekey(timelineToken: $0, brief: brief, root: root, output: output) },
                tracker: EditedOutput.savedToken { index.save(pages: trackerPages, measures: change.measures, balances: change.balances, brief: entry,
                                              token: $0, root: root, output: output) })
        }
        return done.map { report, manifest in
            var report = report
            report.splicedTariffs = true
            // Left to the process's exit with the rest of the build's reading (see `SiteBuilder.build`).
            if leavesMemoryToExit { ProcessEnd.leave((manifest, pages, records, trackerPages, replaced, change, measures, balances)) }
            return report
        }
    }

    /// A changed file's fingerprint: the old one and the data that changed it.
    static func fingerprint(_ old: UInt64?, _ change: TrackerChange) -> UInt64 {
        StableHash.of { hash in
            hash.combine("tariff edit")
            hash.combine(Int(truncatingIfNeeded: old ?? 0))
            hash.combine(Int(truncatingIfNeeded: change.newDataHash))
        }.value
    }
}

/// The site's tariffs and trade as one brief's new data changes them: the
/// tracker, its tables and histories before and after.
struct TrackerChange {
    let slug: String
    /// The brief's measures and balances, before and after (their places are their brief, as in the index).
    let oldOwnMeasures: [SiteMeasure]
    let newOwnMeasures: [SiteMeasure]
    let oldOwnBalances: [SiteBalance]
    let newOwnBalances: [SiteBalance]
    /// Every measure and balance of the site after the edit.
    let measures: [SiteMeasure]
    let balances: [SiteBalance]
    let oldTracker: [TrackerRow]
    let tracker: [TrackerRow]
    let oldBilateral: [BilateralRow]
    let bilateral: [BilateralRow]
    let oldTariffTrade: [TariffTradeRow]
    let tariffTrade: [TariffTradeRow]
    /// The positions of the histories that changed.
    let changedHistories: [Int]
    let newDataHash: UInt64
    let changesData: Bool

    init?(measures oldMeasures: [SiteMeasure], balances oldBalances: [SiteBalance], brief: Brief) {
        let own = SiteData.compute([brief])
        let slug = brief.slug
        let newOwnMeasures = own.measures.map(TrackerIndex.placeless)
        let newOwnBalances = own.balances.map(TrackerIndex.placeless)
        let measureRange = TrackerChange.range(of: slug, in: oldMeasures, brief: \.brief)
        let balanceRange = TrackerChange.range(of: slug, in: oldBalances, brief: \.brief)
        // A section that appears or goes on the brief's pages is more than its data.
        guard measureRange.isEmpty == newOwnMeasures.isEmpty, balanceRange.isEmpty == newOwnBalances.isEmpty else { return nil }
        var measures = oldMeasures
        measures.replaceSubrange(measureRange, with: newOwnMeasures)
        var balances = oldBalances
        balances.replaceSubrange(balanceRange, with: newOwnBalances)
        self.slug = slug
        oldOwnMeasures = Array(oldMeasures[measureRange])
        oldOwnBalances = Array(oldBalances[balanceRange])
        self.newOwnMeasures = newOwnMeasures
        self.newOwnBalances = newOwnBalances
        self.measures = measures
        self.balances = balances
        newDataHash = StableHash.of { hash in
            hash.combine(slug)
            hash.combine(newOwnMeasures.count); newOwnMeasures.forEach { hash.combine($0.measure); hash.combine($0.briefDate) }
            hash.combine(newOwnBalances.count); newOwnBalances.forEach { hash.combine($0.balance); hash.combine($0.briefDate) }
        }.value
        changesData = oldOwnMeasures != newOwnMeasures || oldOwnBalances != newOwnBalances
        guard changesData else {
            (oldTracker, tracker, oldBilateral, bilateral, oldTariffTrade, tariffTrade, changedHistories) = ([], [], [], [], [], [], [])
            return
        }
        guard let (oldTracker, tracker) = TrackerChange.trackers(old: oldMeasures, new: measures,
                                                                 touching: Set((oldOwnMeasures + newOwnMeasures).map(\.key)))
        else { return nil }
        self.oldTracker = oldTracker
        self.tracker = tracker
        oldBilateral = SiteData.computeBilateral(oldTracker)
        bilateral = SiteData.computeBilateral(tracker)
        oldTariffTrade = SiteData.computeTariffTrade(oldTracker, oldBalances)
        tariffTrade = SiteData.computeTariffTrade(tracker, balances)
        changedHistories = tracker.indices.filter { oldTracker[$0] != tracker[$0] }
    }

    /// The tracker before and after, nil when the edit adds or removes a history. Only the histories of the keys
    /// the brief's measures had or have can differ (each history is its key's measures alone), so the tracker is
    /// computed whole once, from the old measures, and the new one is the old with those histories made again from
    /// the new measures of their keys: computing the site's whole tracker twice took 41–51 ms of a tariff edit at
    /// 10,000 briefs, beside the spare's walk on the other core.
    static func trackers(old oldMeasures: [SiteMeasure], new measures: [SiteMeasure],
                         touching keys: Set<TariffKey>) -> (old: [TrackerRow], new: [TrackerRow])? {
        let oldTracker = SiteData.computeTracker(oldMeasures)
        let remade = SiteData.computeTracker(measures.filter { keys.contains($0.key) })
        let positions = oldTracker.indices.filter { keys.contains(oldTracker[$0].key) }
        guard positions.count == remade.count, zip(positions, remade).allSatisfy({ oldTracker[$0].key == $1.key }) else { return nil }
        var tracker = oldTracker
        for (position, row) in zip(positions, remade) { tracker[position] = row }
        return (oldTracker, tracker)
    }

    /// The brief's items in a list sorted by brief slug: where they are, or where they would go.
    static func range<Item>(of slug: String, in items: [Item], brief: KeyPath<Item, String>) -> Range<Int> {
        var low = 0
        var high = items.count
        while low < high {
            let middle = (low + high) / 2
            if items[middle][keyPath: brief] < slug { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < items.count && items[end][keyPath: brief] == slug { end += 1 }
        return low..<end
    }
}
