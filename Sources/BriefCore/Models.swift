import Foundation

/// A language the site is published in, from site.yaml.
public struct Language: Sendable, Hashable {
    public var code: String
    public var name: String
    /// The URL segment of the language's pages.
    public var prefix: String

    public init(code: String, name: String, prefix: String? = nil) {
        self.code = code
        self.name = name
        self.prefix = prefix ?? code.lowercased()
    }
}

/// site.yaml, typed.
public struct SiteConfig: Sendable {
    public var title: [String: String]
    public var description: [String: String]
    /// Always ends in `/`.
    public var baseURL: String
    /// The first is the default language.
    public var languages: [Language]
    /// Trusted sites may let raw HTML in Markdown through; off by default.
    public var allowsRawHTML: Bool

    public init(title: [String: String], description: [String: String] = [:], baseURL: String,
                languages: [Language], allowsRawHTML: Bool = false) {
        self.title = title
        self.description = description
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.languages = languages
        self.allowsRawHTML = allowsRawHTML
    }

    public var defaultLanguage: Language { languages[0] }

    public func language(_ code: String) -> Language? {
        languages.first { $0.code == code }
    }

    public func title(in language: String) -> String {
        title[language] ?? title[defaultLanguage.code] ?? title.values.sorted().first ?? ""
    }

    public func description(in language: String) -> String? {
        description[language] ?? description[defaultLanguage.code]
    }
}

/// A tariff measure as a brief's front matter gives it. Rates are percent.
public struct TariffMeasure: Sendable, Hashable {
    public var by: CountryCode
    public var on: CountryCode
    public var goods: String
    public var rate: Decimal
    public var previous: Decimal?
    public var effective: Decimal?
    public var date: Day
    public var location: SourceLocation

    public init(by: CountryCode, on: CountryCode, goods: String = "all", rate: Decimal, previous: Decimal? = nil,
                effective: Decimal? = nil, date: Day, location: SourceLocation) {
        self.by = by
        self.on = on
        self.goods = goods
        self.rate = rate
        self.previous = previous
        self.effective = effective
        self.date = date
        self.location = location
    }

    /// Equal as data, wherever it was written.
    public func sameData(as other: TariffMeasure) -> Bool {
        by == other.by && on == other.on && goods == other.goods && rate == other.rate
            && previous == other.previous && effective == other.effective && date == other.date
    }
}

/// A trade balance in US dollars from the United States' side: negative is a
/// US deficit. `WORLD` is the total.
public struct TradeBalance: Sendable, Hashable {
    public var partner: CountryCode
    public var year: Int
    public var balance: Decimal
    public var location: SourceLocation

    public init(partner: CountryCode, year: Int, balance: Decimal, location: SourceLocation) {
        self.partner = partner
        self.year = year
        self.balance = balance
        self.location = location
    }

    public func sameData(as other: TradeBalance) -> Bool {
        partner == other.partner && year == other.year && balance == other.balance
    }
}

/// An event as one translation writes it: the date, end and countries may be
/// left to another translation, the title is this translation's own.
public struct EventEntry: Sendable, Hashable {
    public var id: String
    public var date: Day?
    public var end: Day?
    public var title: String?
    public var countries: [CountryCode]?
    public var location: SourceLocation
    // Where `date`, `end` and `countries` were written, in `location`'s file: a line and a column each. Three
    // more whole locations, each with its file, were a third of an event's size (every brief has a few dozen).
    private var datePlace: LinePlace?
    private var endPlace: LinePlace?
    private var countriesPlace: LinePlace?

    public var dateLocation: SourceLocation? { datePlace.map { $0.location(in: location.file) } }
    public var endLocation: SourceLocation? { endPlace.map { $0.location(in: location.file) } }
    public var countriesLocation: SourceLocation? { countriesPlace.map { $0.location(in: location.file) } }

    /// The key locations are in the file of `location` (the file the event is written in).
    public init(id: String, date: Day? = nil, end: Day? = nil, title: String? = nil, countries: [CountryCode]? = nil,
                location: SourceLocation, dateLocation: SourceLocation? = nil, endLocation: SourceLocation? = nil,
                countriesLocation: SourceLocation? = nil) {
        self.id = id
        self.date = date
        self.end = end
        self.title = title
        self.countries = countries
        self.location = location
        datePlace = dateLocation.map(LinePlace.init)
        endPlace = endLocation.map(LinePlace.init)
        countriesPlace = countriesLocation.map(LinePlace.init)
    }
}

/// A line and column in a file known from elsewhere.
struct LinePlace: Sendable, Hashable {
    let line: Int32
    let column: Int32

    init(_ location: SourceLocation) {
        line = Int32(clamping: location.line)
        column = Int32(clamping: location.column)
    }

    func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: Int(line), column: Int(column))
    }
}

/// A value of the front matter together with where it was written.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// The front matter of one translation of a brief.
///
/// Read-only and held in one shared box: a translation is copied often on
/// its way through the build (caches, lists, term pages), and a struct of a
/// dozen strings and arrays costs a dozen reference counts per copy, a box one.
public struct BriefFrontMatter: Sendable {
    private final class Storage: Sendable {
        let title: String
        let date: Day
        let author: String?
        let affiliation: String?
        let summary: String?
        let draft: Bool
        let topics: [Located<String>]
        let countries: [CountryCode]
        let tariffs: Located<[TariffMeasure]>?
        let trade: Located<[TradeBalance]>?
        let timeline: Located<[EventEntry]>?

        init(title: String, date: Day, author: String?, affiliation: String?, summary: String?, draft: Bool,
             topics: [Located<String>], countries: [CountryCode], tariffs: Located<[TariffMeasure]>?,
             trade: Located<[TradeBalance]>?, timeline: Located<[EventEntry]>?) {
            self.title = title
            self.date = date
            self.author = author
            self.affiliation = affiliation
            self.summary = summary
            self.draft = draft
            self.topics = topics
            self.countries = countries
            self.tariffs = tariffs
            self.trade = trade
            self.timeline = timeline
        }
    }

    private let storage: Storage

    public var title: String { storage.title }
    public var date: Day { storage.date }
    public var author: String? { storage.author }
    public var affiliation: String? { storage.affiliation }
    public var summary: String? { storage.summary }
    public var draft: Bool { storage.draft }
    public var topics: [Located<String>] { storage.topics }
    public var countries: [CountryCode] { storage.countries }
    public var tariffs: Located<[TariffMeasure]>? { storage.tariffs }
    public var trade: Located<[TradeBalance]>? { storage.trade }
    public var timeline: Located<[EventEntry]>? { storage.timeline }

    /// The same front matter without its tariffs, trade and events, which the brief holds merged.
    public func droppingData() -> BriefFrontMatter {
        guard storage.tariffs != nil || storage.trade != nil || storage.timeline != nil else { return self }
        return BriefFrontMatter(title: title, date: date, author: author, affiliation: affiliation, summary: summary, draft: draft,
                                topics: topics, countries: countries)
    }

    public init(title: String, date: Day, author: String? = nil, affiliation: String? = nil, summary: String? = nil,
                draft: Bool = false, topics: [Located<String>] = [], countries: [CountryCode] = [],
                tariffs: Located<[TariffMeasure]>? = nil, trade: Located<[TradeBalance]>? = nil,
                timeline: Located<[EventEntry]>? = nil) {
        storage = Storage(title: title, date: date, author: author, affiliation: affiliation, summary: summary, draft: draft,
                          topics: topics, countries: countries, tariffs: tariffs, trade: trade, timeline: timeline)
    }
}

/// The front matter of a plain page (about, contact).
public struct PageFrontMatter: Sendable {
    public var title: String
    public var date: Day?
    public var summary: String?
    public var draft: Bool
    /// Order in the site's navigation; pages without one are left out of it.
    public var menu: Int?

    public init(title: String, date: Day? = nil, summary: String? = nil, draft: Bool = false, menu: Int? = nil) {
        self.title = title
        self.date = date
        self.summary = summary
        self.draft = draft
        self.menu = menu
    }
}
