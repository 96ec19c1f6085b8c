import BriefCore
import BriefHTML
import BriefTemplates
import Foundation

/// A data file's path and text, before it is an output file.
struct DataFile {
    var path: String
    var text: String

    var file: OutputFile { OutputFile(path: path, text: text) }
}

/// Turns computed data into what the data templates show, in one language,
/// for a page at `path` (links are relative to it).
struct DataViews {
    let paths: SitePaths
    let context: LanguageContext
    let path: String
    /// The languages each brief is published in, for links to its page.
    let briefLanguages: [String: Set<String>]
    /// Each brief's title by language, then slug.
    let briefTitles: [String: [String: String]]

    var format: LocaleFormat { context.format }
    var labels: Labels { context.labels }
    var config: SiteConfig { paths.config }

    func country(_ code: CountryCode) -> CountryCell {
        CountryCell(name: format.countryName(code), code: code.code)
    }

    func rate(_ value: Decimal?) -> Figure {
        value.map { Figure(format.rate($0)) } ?? .missing
    }

    static func direction(_ value: Decimal?) -> Figure.Direction {
        guard let value else { return .none }
        return value > 0 ? .up : (value < 0 ? .down : .none)
    }

    func points(_ value: Decimal?) -> Figure {
        value.map { Figure(format.points($0), direction: DataViews.direction($0)) } ?? .missing
    }

    func percent(_ value: Decimal?) -> Figure {
        value.map { Figure(format.percentChange($0), direction: DataViews.direction($0)) } ?? .missing
    }

    /// A link to a brief's page in this language, or in the default language
    /// where it has no translation in this one.
    func briefLink(_ slug: String) -> Link {
        let languages = briefLanguages[slug] ?? []
        let target = languages.contains(context.language.code) ? context.language : config.defaultLanguage
        return Link(label: briefTitles[target.code]?[slug] ?? slug, href: SitePaths.relative(from: path, to: paths.brief(slug, target)),
                    language: target.code == context.language.code ? nil : target.code)
    }

    func csvHref(_ file: String) -> String {
        SitePaths.relative(from: path, to: file)
    }

    func tariffRow(_ item: SiteMeasure, previous: Decimal?, change: TariffChange) -> TariffRowView {
        let measure = item.measure
        return TariffRowView(by: country(measure.by), on: country(measure.on), goods: labels.goodsName(measure.goods),
                             previous: rate(previous), rate: rate(measure.rate), changePoints: points(change.points),
                             changePercent: percent(change.percent), effective: rate(measure.effective),
                             isoDate: measure.date.iso, date: format.date(measure.date),
                             source: briefLink(item.brief))
    }

    /// The measures of one brief (its own previous rates and changes).
    func measureTable(_ measures: [SiteMeasure], id: String, caption: String, csv: String, showsSource: Bool = false) -> DataTable<TariffRowView> {
        DataTable(id: id, caption: caption, csvHref: csvHref(csv),
                  rows: measures.map { tariffRow($0, previous: $0.measure.previous, change: $0.change) },
                  showsSource: showsSource)
    }

    func trackerTable(_ rows: [TrackerRow], csv: String) -> DataTable<TariffRowView> {
        DataTable(id: "current-tariffs", caption: labels.currentTariffsCaption, csvHref: csvHref(csv),
                  rows: rows.map { tariffRow($0.current, previous: $0.previous, change: $0.change) },
                  showsSource: true)
    }

    func tradeTable(_ balances: [SiteBalance], id: String, caption: String, csv: String) -> DataTable<TradeRowView> {
        DataTable(id: id, caption: caption, csvHref: csvHref(csv), rows: balances.map { item in
            TradeRowView(partner: country(item.balance.partner), year: String(item.balance.year),
                         balance: Figure(format.dollars(item.balance.balance)))
        })
    }

    func bilateralTable(_ rows: [BilateralRow], csv: String) -> DataTable<BilateralRowView> {
        DataTable(id: "bilateral-table", caption: labels.bilateralCaption, csvHref: csvHref(csv), rows: rows.map { row in
            let sources = Array(Set([row.aOnB.brief, row.bOnA.brief])).sorted().map(briefLink)
            return BilateralRowView(a: country(row.a), b: country(row.b), rateAOnB: rate(row.rateAOnB), rateBOnA: rate(row.rateBOnA),
                                    gap: points(row.gap), sources: sources)
        }, showsSource: true)
    }

    func tariffTradeTable(_ rows: [TariffTradeRow], csv: String) -> DataTable<TariffTradeRowView> {
        DataTable(id: "tariff-trade-table", caption: labels.tariffAndTradeCaption, csvHref: csvHref(csv), rows: rows.map { row in
            let sources = Array(Set([row.tariff.brief, row.balance.brief])).sorted().map(briefLink)
            return TariffTradeRowView(partner: country(row.partner), rate: rate(row.tariff.measure.rate),
                                      year: String(row.balance.balance.year), balance: Figure(format.dollars(row.balance.balance.balance)),
                                      sources: sources)
        }, showsSource: true)
    }

    /// The tracker page's three tables: current rates, bilateral comparison, tariff against trade.
    func trackerTables(_ tracker: [TrackerRow], _ bilateral: [BilateralRow], _ tariffTrade: [TariffTradeRow]) -> HTML {
        BriefTemplates.trackerTables(current: trackerTable(tracker, csv: DataFiles.tracker),
                                     bilateral: bilateralTable(bilateral, csv: DataFiles.bilateral),
                                     tariffTrade: tariffTradeTable(tariffTrade, csv: DataFiles.tariffTrade), labels: labels)
    }

    /// One row of the tracker's table of current rates.
    func trackerRow(_ row: TrackerRow) -> HTML {
        BriefTemplates.tariffRow(tariffRow(row.current, previous: row.previous, change: row.change), showsSource: true, labels: labels)
    }

    func trackerBilateral(_ rows: [BilateralRow]) -> HTML {
        BriefTemplates.trackerBilateral(bilateralTable(rows, csv: DataFiles.bilateral), labels: labels)
    }

    func trackerTariffTrade(_ rows: [TariffTradeRow]) -> HTML {
        BriefTemplates.trackerTariffTrade(tariffTradeTable(rows, csv: DataFiles.tariffTrade), labels: labels)
    }

    /// One (by, on, goods) history of the tracker page, every measure with its source.
    func trackerHistory(_ row: TrackerRow) -> HTML {
        let heading = labels.historyHeading(by: format.countryName(row.key.by), on: format.countryName(row.key.on),
                                            goods: labels.goodsName(row.key.goods))
        let id = "history-\(row.key.by.lowercased)-\(row.key.on.lowercased)-\(DataFiles.fileName(row.key.goods))"
        let history = TariffHistoryView(heading: heading, table: measureTable(Array(row.history), id: id, caption: heading,
                                                                            csv: DataFiles.history(row.key), showsSource: true))
        return tariffHistory(history, labels: labels)
    }

    /// A brief's measures as its page shows them, after its text (no filter, id `tariffs`) or in a ```tariffs
    /// block, with the CSV the table links to.
    func briefTariffs(_ measures: [SiteMeasure], slug: String, filter: TariffFilter, id: String) -> (html: HTML, csv: DataFile) {
        let csv = DataFiles.briefTariffs(slug, filter: filter)
        let caption = filter.isEmpty ? labels.briefTariffs : labels.filteredCaption(labels.briefTariffs, filter.description)
        return (tariffTable(measureTable(measures, id: id, caption: caption, csv: csv), labels: labels),
                DataFile(path: csv, text: DataTables.measures(measures).text))
    }

    /// A brief's balances as its page shows them, with the CSV the table links to.
    func briefTrade(_ balances: [SiteBalance], slug: String, id: String) -> (html: HTML, csv: DataFile) {
        let csv = DataFiles.briefTrade(slug)
        return (BriefTemplates.tradeTable(tradeTable(balances, id: id, caption: labels.briefTrade, csv: csv), labels: labels),
                DataFile(path: csv, text: DataTables.trade(balances).text))
    }

    /// One month of the timeline page: each event linked to its brief.
    func timelineMonth(_ events: ArraySlice<SiteEvent>) -> HTML {
        timelineEvents(events.map { event($0, anchor: "event-\($0.brief)-\($0.event.id)", linked: true) })
    }

    /// A brief's events on its page: after its text (`block` nil), or where the body's n-th ```timeline block
    /// is — every event's anchor is then made unique on the page by `-n` after the first block.
    func briefEvents(_ events: [SiteEvent], block: Int?) -> HTML {
        let suffix = block.map { $0 > 1 ? "-\($0)" : "" } ?? ""
        return eventList(EventListView(heading: labels.briefEvents,
                                       events: events.map { event($0, anchor: "event-\($0.event.id)" + suffix, linked: false) }))
    }

    /// An event in this language: its own title, else the default language's, marked.
    func event(_ item: SiteEvent, anchor: String, linked: Bool) -> EventView {
        let event = item.event
        let own = event.titles[context.language.code]
        let fallbackLanguage = config.languages.first { event.titles[$0.code] != nil }?.code
        let fallback = event.titles[config.defaultLanguage.code].map { (config.defaultLanguage.code, $0) }
            ?? fallbackLanguage.flatMap { code in event.titles[code].map { (code, $0) } }
        return EventView(id: anchor, isoDate: event.date.iso, isoEnd: event.end?.iso, when: format.dateRange(event.date, event.end),
                         title: own ?? fallback?.1 ?? event.id, titleLanguage: own == nil ? fallback?.0 : nil,
                         countries: event.countries.map(format.countryName).joined(separator: labels.listSeparator),
                         brief: linked ? briefLink(item.brief) : nil)
    }
}

/// Data files of the site: the contract's exports and each table's own CSV.
enum DataFiles {
    static let tariffs = "data/tariffs.csv"
    static let tracker = "data/tracker.csv"
    static let bilateral = "data/bilateral.csv"
    static let tariffTrade = "data/tariff-trade.csv"
    static let trade = "data/trade.csv"
    static let timelineJSON = "data/timeline.json"
    static let timelineICS = "data/timeline.ics"

    static func timelineICS(_ language: Language) -> String { "data/timeline.\(language.code).ics" }

    static func briefTariffs(_ slug: String, filter: TariffFilter) -> String {
        guard !filter.isEmpty else { return "data/briefs/\(slug).tariffs.csv" }
        let suffix = filter.fileSuffix
        let safe = suffix.utf8.allSatisfy { $0 < 0x80 } ? suffix : String(Fingerprint.hex(filter.description).prefix(10))
        return "data/briefs/\(slug).tariffs-\(safe).csv"
    }

    static func briefTrade(_ slug: String) -> String { "data/briefs/\(slug).trade.csv" }

    static func history(_ key: TariffKey) -> String {
        "data/history/\(key.by.lowercased)-\(key.on.lowercased)-\(fileName(key.goods)).csv"
    }

    /// Goods as a file name: its segment, with a hash where the segment
    /// alone could stand for other goods too ("Autos" and "autos").
    static func fileName(_ goods: String) -> String {
        let segment = TextSegment.make(goods)
        if segment == goods && segment.utf8.allSatisfy({ $0 < 0x80 }) { return segment }
        let hash = String(Fingerprint.hex(goods).prefix(8))
        let ascii = String(segment.unicodeScalars.filter { $0.isASCII }.map(Character.init))
        return ascii.isEmpty ? hash : "\(ascii)-\(hash)"
    }
}
