import BriefCore
import BriefHTML
import BriefTemplates
import Foundation

extension SiteRenderer {
    func dataViews(_ context: LanguageContext, path: String) -> DataViews {
        DataViews(paths: paths, context: context, path: path, briefLanguages: briefLanguages, briefTitles: briefTitles)
    }

    /// The contract's tariff and trade exports, and the CSV of each history table.
    func tariffExports() -> [OutputFile] {
        var files = [
            OutputFile(path: DataFiles.tariffs, text: DataTables.measures(data.measures).text),
            OutputFile(path: DataFiles.tracker, text: DataTables.tracker(data.tracker).text),
            OutputFile(path: DataFiles.bilateral, text: DataTables.bilateral(data.bilateral).text),
            OutputFile(path: DataFiles.tariffTrade, text: DataTables.tariffTrade(data.tariffTrade).text),
            OutputFile(path: DataFiles.trade, text: DataTables.trade(data.balances).text),
        ]
        for row in data.tracker {
            files.append(OutputFile(path: DataFiles.history(row.key), text: DataTables.measures(Array(row.history)).text))
        }
        return files
    }

    /// `timeline.json` (language nil) or a language's calendar, in parts by month: one moved event renders one
    /// month of each, the other months are copied from the file as last written. The site's calendar is the
    /// default language's, made once and written under both names.
    func addTimelineExport(_ language: Language?, to output: inout OutputCollector) {
        guard let language else {
            output.addFilesInParts([DataFiles.timelineJSON], inputs: eventHash) { parts in
                TimelineJSON.write(timelineMonths, languages: config.languages, into: &parts) { month, isLast in
                    timelinePartHash(month, page: DataFiles.timelineJSON, isLast: isLast)
                }
            }
            return
        }
        var paths = [DataFiles.timelineICS(language)]
        if language == config.defaultLanguage { paths.append(DataFiles.timelineICS) }
        output.addFilesInParts(paths, inputs: eventHash) { parts in
            TimelineCalendar(paths: self.paths, language: language).write(timelineMonths, briefLanguages: briefLanguages, into: &parts) { month in
                timelinePartHash(month, page: paths[0])
            }
        }
    }

    func timelinePath(_ language: Language) -> String { paths.timeline(language) }
    func trackerPath(_ language: Language) -> String { paths.tracker(language) }

    func renderTimeline(_ context: LanguageContext, _ output: inout OutputCollector) {
        let language = context.language
        let path = timelinePath(language)
        let pageVersions = versions { timelinePath($0) }
        output.addPageInParts(path, language: language.code, inputs: eventHash, entry: sitemapEntry(path, versions: pageVersions)) { parts in
            let views = dataViews(context, path: path)
            // The years' labels and anchors first (the page opens with links to them), then each year's events a
            // month at a time: the views of one month at a time.
            let years = TimelineMonth.years(timelineMonths).map { year, months in
                (year: TimelineYear(anchor: "y\(year)", label: context.format.year(year), events: []), months: months)
            }
            let view = TimelinePageView(
                chrome: chrome(context, path: path, title: context.labels.timeline, description: context.labels.timelineIntro,
                               versions: pageVersions),
                years: years.map(\.year), jsonHref: SitePaths.relative(from: path, to: DataFiles.timelineJSON),
                calendarHref: SitePaths.relative(from: path, to: DataFiles.timelineICS(language)))
            parts.append(timelinePageTop(view))
            for (year, months) in years {
                parts.append(timelineYearTop(year))
                for month in months {
                    parts.append(fingerprint: timelinePartHash(month, page: path)) { views.timelineMonth(month.events) }
                }
                parts.append(timelineYearBottom())
            }
            parts.append(layoutBottom(view.chrome))
        }
    }

    /// What one month's part of a timeline file shows: its events (`TimelineMonth.hash`), the site, and the file.
    func timelinePartHash(_ month: TimelineMonth, page: String, isLast: Bool = false) -> UInt64 {
        StableHash.of { hash in
            hash.combine("timeline-part")
            hash.combine(siteHash)
            hash.combine(page)
            hash.combine(month.year); hash.combine(month.month)
            hash.combine(isLast)
            hash.combine(Int(truncatingIfNeeded: month.hash))
        }.value
    }

    /// Everything one history of the tracker shows: its measures, and the
    /// title and translations of each brief it cites as the source.
    func tariffHistoryHash(_ row: TrackerRow, language: Language, page: String) -> UInt64 {
        StableHash.of { hash in
            hash.combine("tariff-history")
            hash.combine(siteHash)
            hash.combine(page)
            hash.combine(row.key.by.code); hash.combine(row.key.on.code); hash.combine(row.key.goods)
            hash.combine(row.history.count)
            for item in row.history {
                hash.combine(item.measure)
                hash.combine(item.brief)
                hash.combine(item.briefDate)
                hash.combine(item.position)
                hash.combine(briefLanguageLists[item.brief] ?? "")
                hash.combine(briefTitles[language.code]?[item.brief])
                hash.combine(briefTitles[config.defaultLanguage.code]?[item.brief])
            }
        }.value
    }

    func renderTracker(_ context: LanguageContext, _ output: inout OutputCollector) {
        let language = context.language
        let labels = context.labels
        let path = trackerPath(language)
        let pageVersions = versions { trackerPath($0) }
        let inputs = trackerTablesHash(language: language, page: path)
        output.addPageInParts(path, language: language.code, inputs: inputs, entry: sitemapEntry(path, versions: pageVersions)) { parts in
            let views = dataViews(context, path: path)
            let chrome = chrome(context, path: path, title: labels.tariffTracker, description: labels.trackerIntro, versions: pageVersions)
            parts.append(trackerPageHead(chrome))
            // The tables a part of their own, and every measure of the site in some history: one history's views at a time.
            parts.append(fingerprint: inputs.value) { views.trackerTables(data.tracker, data.bilateral, data.tariffTrade) }
            parts.append(trackerHistoriesTop(labels: labels, hasHistories: !data.tracker.isEmpty))
            for row in data.tracker {
                parts.append(fingerprint: tariffHistoryHash(row, language: language, page: path)) { views.trackerHistory(row) }
            }
            parts.append(trackerHistoriesBottom(hasHistories: !data.tracker.isEmpty) + layoutBottom(chrome))
        }
    }

    /// What the tracker page's tables show: every measure and balance, and every brief's title in the page's
    /// language and the default one (the page as a whole depends on no more).
    func trackerTablesHash(language: Language, page: String) -> StableHash {
        StableHash.of { hash in
            hash.combine("tracker-tables")
            hash.combine(siteHash)
            hash.combine(page)
            hash.combine(tariffHash)
            hash.combine(titlesHash[language.code] ?? StableHash())
            hash.combine(titlesHash[config.defaultLanguage.code] ?? StableHash())
        }
    }

    /// The data a brief's body did not place with a block, after its text.
    func briefAppendix(_ item: PublishedBrief, _ context: LanguageContext, path: String, files: inout [OutputFile]) -> HTML {
        let brief = item.brief
        let views = dataViews(context, path: path)
        var html = HTML()
        if measuresByBrief.has(brief.slug) && !item.body.blocksRendered.contains(BlockKind.tariffs.rawValue) {
            let table = views.briefTariffs(measuresByBrief[brief.slug] ?? [], slug: brief.slug, filter: TariffFilter(), id: "tariffs")
            files.append(table.csv.file)
            html += table.html
        }
        if balancesByBrief.has(brief.slug) && !item.body.blocksRendered.contains(BlockKind.trade.rawValue) {
            let table = views.briefTrade(balancesByBrief[brief.slug] ?? [], slug: brief.slug, id: "trade")
            files.append(table.csv.file)
            html += table.html
        }
        if eventsByBrief.has(brief.slug) && !item.body.blocksRendered.contains(BlockKind.timeline.rawValue) {
            html += views.briefEvents(eventsByBrief[brief.slug] ?? [], block: nil)
        }
        guard !html.isEmpty else { return html }
        return "<section class=\"brief-data\">\n\(html)</section>\n"
    }
}
