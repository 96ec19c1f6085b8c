import BriefCore
import BriefHTML
import Foundation

/// Renders one brief's tariffs and trade, and the parts of the tracker they
/// change, with the templates a whole build uses, and puts them in place of
/// the old ones in the files as the output holds them (see `TariffEdit`).
/// Each part replaced must first be, byte for byte, what the old data
/// renders to.
struct TariffSplicer {
    let paths: SitePaths
    let change: TrackerChange
    let output: URL
    private let contexts: [String: LanguageContext]
    private let briefLanguages: [String: Set<String>]
    private let briefTitles: [String: [String: String]]

    /// Nil when the index lacks a brief that the parts made again cite (the changed histories, whose current
    /// measures are the changed rows of current rates, and the two small tables).
    init?(config: SiteConfig, change: TrackerChange, index: LoadedTrackerIndex, output: URL) {
        var slugs = Set<String>()
        for row in change.oldBilateral + change.bilateral { slugs.insert(row.aOnB.brief); slugs.insert(row.bOnA.brief) }
        for row in change.oldTariffTrade + change.tariffTrade { slugs.insert(row.tariff.brief); slugs.insert(row.balance.brief) }
        for position in change.changedHistories {
            for item in [change.oldTracker[position].history, change.tracker[position].history].joined() { slugs.insert(item.brief) }
        }
        guard let briefs = index.briefs.briefs(slugs), briefs.count == slugs.count else { return nil }
        paths = SitePaths(config: config)
        self.change = change
        self.output = output
        contexts = Dictionary(uniqueKeysWithValues: config.languages.map { ($0.code, LanguageContext(language: $0)) })
        (briefLanguages, briefTitles) = TimelineIndex.BriefEntry.links(briefs)
    }

    /// A tracker page with its changed rows of current rates, its two small tables and its changed histories
    /// made again, the rest copied (see `PartSplicer`).
    func splice(_ page: TimelineIndex.File) -> (contents: OutputFile.Contents?, size: Int, parts: [Range<Int>])? {
        guard let context = contexts[page.language], page.parts.count == change.tracker.count + 1 else { return nil }
        let views = DataViews(paths: paths, context: context, path: paths.tracker(context.language), briefLanguages: briefLanguages,
                              briefTitles: briefTitles)
        return PartSplicer.remake(page, in: output, parts: [0] + change.changedHistories.map { $0 + 1 }) { part, old in
            guard part > 0 else { return tables(old, views) }
            guard ByteSearch.same(old, views.trackerHistory(change.oldTracker[part - 1]).rendered) else { return nil }
            return Data(views.trackerHistory(change.tracker[part - 1]).rendered.utf8)
        }
    }

    /// The tables part with each changed row of current rates, and the bilateral and tariff-against-trade
    /// tables, put in place of the old ones — each found in turn by its old bytes (a row is the only one with
    /// its (by, on, goods); the rows come before the two tables): a thousand rows are not rendered twice for
    /// the two that changed.
    private func tables(_ old: [UInt8], _ views: DataViews) -> Data? {
        var pieces: [(old: String, new: String)] = []
        for position in change.changedHistories {
            let before = views.trackerRow(change.oldTracker[position]).rendered
            let after = views.trackerRow(change.tracker[position]).rendered
            if before != after { pieces.append((before, after)) }
        }
        pieces.append((views.trackerBilateral(change.oldBilateral).rendered, views.trackerBilateral(change.bilateral).rendered))
        pieces.append((views.trackerTariffTrade(change.oldTariffTrade).rendered, views.trackerTariffTrade(change.tariffTrade).rendered))
        var made = Data()
        made.reserveCapacity(old.count + 4096)
        var position = 0
        for piece in pieces {
            let needle = Array(piece.old.utf8)
            guard let at = old.withUnsafeBytes({ ByteSearch.firstIndex(of: needle, in: $0, from: position) }) else { return nil }
            made.append(contentsOf: old[position..<at])
            made.append(contentsOf: piece.new.utf8)
            position = at + needle.count
        }
        made.append(contentsOf: old[position...])
        return made
    }

    /// The site's tariff exports made from the new data, and the CSV of each history that changed: those whose
    /// bytes change, by path; nil when a file is not as the last build left it. `tariffs.csv` and `trade.csv`
    /// (by brief) get the brief's new rows in place of its old ones, the rest copied; the others are made whole.
    func exports() -> [String: OutputFile.Contents]? {
        var made: [String: OutputFile.Contents] = [:]
        var whole = [
            (DataFiles.tracker, DataTables.tracker(change.tracker).text),
            (DataFiles.bilateral, DataTables.bilateral(change.bilateral).text),
            (DataFiles.tariffTrade, DataTables.tariffTrade(change.tariffTrade).text),
        ]
        for position in change.changedHistories {
            let row = change.tracker[position]
            whole.append((DataFiles.history(row.key), DataTables.measures(Array(row.history)).text))
        }
        for (path, text) in whole {
            guard let spliced = self.whole(path, text) else { return nil }
            made[path] = spliced.contents
        }
        let rows = [
            (DataFiles.tariffs, DataTables.measures(change.oldOwnMeasures).rowsText, DataTables.measures(change.newOwnMeasures).rowsText),
            (DataFiles.trade, DataTables.trade(change.oldOwnBalances).rowsText, DataTables.trade(change.newOwnBalances).rowsText),
        ]
        for (path, old, new) in rows where old != new {
            guard let spliced = self.rows(path, old: old, new: new) else { return nil }
            made[path] = spliced
        }
        return made
    }

    /// A file made again whole: `contents` nil when its bytes are the ones the output has.
    struct Remade {
        var contents: OutputFile.Contents?
    }

    /// `text` as a file of the output; nil when the output has no such file.
    func whole(_ path: String, _ text: String) -> Remade? {
        guard let old = FileManager.default.contents(atPath: output.path + "/" + path) else { return nil }
        let bytes = Data(text.utf8)
        return Remade(contents: bytes == old ? nil : .bytes(bytes))
    }

    /// A CSV whose rows are by brief, with the brief's `new` rows in place of its `old` ones: found after the
    /// line end before them (a row of another brief may end with the same text), the only such place.
    private func rows(_ path: String, old: String, new: String) -> OutputFile.Contents? {
        let source = output.path + "/" + path
        guard !old.isEmpty, let data = FileManager.default.contents(atPath: source) else { return nil }
        let needle = Array(("\r\n" + old).utf8)
        guard let found = data.withUnsafeBytes({ ByteSearch.firstIndex(of: needle, in: $0, from: 0) }) else { return nil }
        let start = found + 2
        let end = found + needle.count
        // Sorted by slug, the brief's rows are one run: nothing of it may follow.
        guard data.withUnsafeBytes({ ByteSearch.firstIndex(of: needle, in: $0, from: end - 2) }) == nil else { return nil }
        return .spliced(SplicedFile(source: source, pieces: [.old(0..<start), .new(Data(new.utf8)), .old(end..<data.count)]))
    }

    /// A page of the brief with its tables made again, in its ```tariffs and ```trade blocks (the record then
    /// says where the body's blocks now are) and after its text, with the CSVs they link to; no page when it
    /// has the bytes it had; nil when the page is not as recorded or a block would now be a mistake.
    func splice(_ record: BodyEditRecord) -> (page: [UInt8]?, record: BodyEditRecord, files: [DataFile])? {
        guard let context = contexts[record.language],
              let original = FileTree.bytes(output.path + "/" + record.file) else { return nil }
        // A brief's own tables cite no brief: no titles needed.
        let views = DataViews(paths: paths, context: context, path: record.pagePath, briefLanguages: [:], briefTitles: [:])
        var page = original
        var updated = record
        var files: [DataFile] = []
        guard record.splice.bodyStart >= 0, record.splice.bodyCount >= 0, record.splice.bodyStart + record.splice.bodyCount <= page.count
        else { return nil }
        let (tariffs, trade) = (BlockKind.tariffs.rawValue, BlockKind.trade.rawValue)
        if record.blocks.contains(where: { $0.kind == tariffs || $0.kind == trade }) {
            // The feed carries the body, and with it the tables its blocks show.
            guard !record.inFeed else { return nil }
            var delta = 0
            var previousEnd = 0
            var usedIDs: [String: Int] = [:]
            // As `BlockRenderer.uniqueID` makes them: a table id unique on the page.
            func uniqueID(_ base: String) -> String {
                let count = usedIDs[base, default: 0]
                usedIDs[base] = count + 1
                return count == 0 ? base : "\(base)-\(count + 1)"
            }
            for (position, block) in record.blocks.enumerated() {
                guard block.start >= previousEnd, block.count >= 0, block.start + block.count <= record.splice.bodyCount else { return nil }
                previousEnd = block.start + block.count
                updated.blocks[position].start = block.start + delta
                let tables: (old: HTML, new: HTML, csv: DataFile)
                switch block.kind {
                case tariffs:
                    var diagnostics = Diagnostics()
                    guard let filter = BlockOptions.tariffFilter(block.options, kind: .tariffs, fence: SourceLocation(file: record.source),
                                                                 diagnostics: &diagnostics), diagnostics.all.isEmpty else { return nil }
                    let new = change.newOwnMeasures.filter { filter.matches($0.measure) }
                    guard !new.isEmpty else { return nil }
                    let id = uniqueID(filter.isEmpty ? "tariffs" : "tariffs-\(filter.fileSuffix)")
                    let made = views.briefTariffs(new, slug: change.slug, filter: filter, id: id)
                    let old = views.briefTariffs(change.oldOwnMeasures.filter { filter.matches($0.measure) }, slug: change.slug, filter: filter, id: id)
                    tables = (old.html, made.html, made.csv)
                case trade:
                    let id = uniqueID("trade")
                    let made = views.briefTrade(change.newOwnBalances, slug: change.slug, id: id)
                    tables = (views.briefTrade(change.oldOwnBalances, slug: change.slug, id: id).html, made.html, made.csv)
                default:
                    continue
                }
                let start = record.splice.bodyStart + block.start + delta
                guard ByteSearch.same(page[start..<(start + block.count)], tables.old.rendered) else { return nil }
                let newHTML = Array(tables.new.rendered.utf8)
                page.replaceSubrange(start..<(start + block.count), with: newHTML)
                updated.blocks[position].count = newHTML.count
                delta += newHTML.count - block.count
                files.append(tables.csv)
            }
            updated.splice.bodyCount += delta
        }
        // After the text, in this order: the tables no block placed.
        var from = updated.splice.bodyStart + updated.splice.bodyCount
        var appendix: [(old: HTML, new: HTML, csv: DataFile)] = []
        if !change.newOwnMeasures.isEmpty && !record.blocks.contains(where: { $0.kind == tariffs }) {
            let made = views.briefTariffs(change.newOwnMeasures, slug: change.slug, filter: TariffFilter(), id: "tariffs")
            appendix.append((views.briefTariffs(change.oldOwnMeasures, slug: change.slug, filter: TariffFilter(), id: "tariffs").html,
                             made.html, made.csv))
        }
        if !change.newOwnBalances.isEmpty && !record.blocks.contains(where: { $0.kind == trade }) {
            let made = views.briefTrade(change.newOwnBalances, slug: change.slug, id: "trade")
            appendix.append((views.briefTrade(change.oldOwnBalances, slug: change.slug, id: "trade").html, made.html, made.csv))
        }
        for table in appendix {
            let oldHTML = Array(table.old.rendered.utf8)
            guard let at = page.withUnsafeBytes({ ByteSearch.firstIndex(of: oldHTML, in: $0, from: from) }) else { return nil }
            let newHTML = Array(table.new.rendered.utf8)
            page.replaceSubrange(at..<(at + oldHTML.count), with: newHTML)
            from = at + newHTML.count
            files.append(table.csv)
        }
        return (page == original ? nil : page, updated, files)
    }
}
