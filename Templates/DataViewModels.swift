/// A figure in a table: its display text, or none, and which way it moved.
public struct Figure: Sendable {
    public enum Direction: Sendable { case up, down, none }

    public var text: String?
    public var direction: Direction

    public init(_ text: String?, direction: Direction = .none) {
        self.text = text
        self.direction = direction
    }

    public static let missing = Figure(nil)
}

/// A country as a table cell: its name and its code.
public struct CountryCell: Sendable {
    public var name: String
    public var code: String

    public init(name: String, code: String) {
        self.name = name
        self.code = code
    }
}

public struct TariffRowView: Sendable {
    public var by: CountryCell
    public var on: CountryCell
    public var goods: String
    public var previous: Figure
    public var rate: Figure
    public var changePoints: Figure
    public var changePercent: Figure
    public var effective: Figure
    public var isoDate: String
    public var date: String
    public var source: Link?

    public init(by: CountryCell, on: CountryCell, goods: String, previous: Figure, rate: Figure, changePoints: Figure,
                changePercent: Figure, effective: Figure, isoDate: String, date: String, source: Link? = nil) {
        self.by = by
        self.on = on
        self.goods = goods
        self.previous = previous
        self.rate = rate
        self.changePoints = changePoints
        self.changePercent = changePercent
        self.effective = effective
        self.isoDate = isoDate
        self.date = date
        self.source = source
    }
}

/// A table with its caption and the CSV of exactly its rows.
public struct DataTable<Row: Sendable>: Sendable {
    public var id: String
    public var caption: String
    public var csvHref: String
    public var rows: [Row]
    /// Whether rows link to the brief they come from.
    public var showsSource: Bool
    /// The caption names the table for screen readers only: a heading just above shows the same words.
    public var captionIsHidden = false

    public init(id: String, caption: String, csvHref: String, rows: [Row], showsSource: Bool = false) {
        self.id = id
        self.caption = caption
        self.csvHref = csvHref
        self.rows = rows
        self.showsSource = showsSource
    }
}

public struct TradeRowView: Sendable {
    public var partner: CountryCell
    public var year: String
    public var balance: Figure
    public var source: Link?

    public init(partner: CountryCell, year: String, balance: Figure, source: Link? = nil) {
        self.partner = partner
        self.year = year
        self.balance = balance
        self.source = source
    }
}

public struct BilateralRowView: Sendable {
    public var a: CountryCell
    public var b: CountryCell
    public var rateAOnB: Figure
    public var rateBOnA: Figure
    public var gap: Figure
    public var sources: [Link]

    public init(a: CountryCell, b: CountryCell, rateAOnB: Figure, rateBOnA: Figure, gap: Figure, sources: [Link]) {
        self.a = a
        self.b = b
        self.rateAOnB = rateAOnB
        self.rateBOnA = rateBOnA
        self.gap = gap
        self.sources = sources
    }
}

public struct TariffTradeRowView: Sendable {
    public var partner: CountryCell
    public var rate: Figure
    public var year: String
    public var balance: Figure
    public var sources: [Link]

    public init(partner: CountryCell, rate: Figure, year: String, balance: Figure, sources: [Link]) {
        self.partner = partner
        self.rate = rate
        self.year = year
        self.balance = balance
        self.sources = sources
    }
}

/// An event as a list shows it.
public struct EventView: Sendable {
    public var id: String
    public var isoDate: String
    public var isoEnd: String?
    public var when: String
    public var title: String
    /// Set when the title is the default language's, shown for want of a translation.
    public var titleLanguage: String?
    /// The countries' names as the page's language lists them (empty for none).
    public var countries: String
    public var brief: Link?

    public init(id: String, isoDate: String, isoEnd: String?, when: String, title: String, titleLanguage: String?,
                countries: String, brief: Link?) {
        self.id = id
        self.isoDate = isoDate
        self.isoEnd = isoEnd
        self.when = when
        self.title = title
        self.titleLanguage = titleLanguage
        self.countries = countries
        self.brief = brief
    }
}

public struct EventListView: Sendable {
    public var heading: String
    public var events: [EventView]

    public init(heading: String, events: [EventView]) {
        self.heading = heading
        self.events = events
    }
}

public struct TimelineYear: Sendable {
    public var anchor: String
    public var label: String
    public var events: [EventView]

    public init(anchor: String, label: String, events: [EventView]) {
        self.anchor = anchor
        self.label = label
        self.events = events
    }
}

public struct TimelinePageView: Sendable {
    public var chrome: PageChrome
    public var years: [TimelineYear]
    public var jsonHref: String
    public var calendarHref: String

    public init(chrome: PageChrome, years: [TimelineYear], jsonHref: String, calendarHref: String) {
        self.chrome = chrome
        self.years = years
        self.jsonHref = jsonHref
        self.calendarHref = calendarHref
    }
}

public struct TariffHistoryView: Sendable {
    public var heading: String
    public var table: DataTable<TariffRowView>

    public init(heading: String, table: DataTable<TariffRowView>) {
        self.heading = heading
        self.table = table
    }
}

public struct TrackerPageView: Sendable {
    public var chrome: PageChrome
    public var current: DataTable<TariffRowView>
    public var bilateral: DataTable<BilateralRowView>
    public var tariffTrade: DataTable<TariffTradeRowView>
    public var histories: [TariffHistoryView]

    public init(chrome: PageChrome, current: DataTable<TariffRowView>, bilateral: DataTable<BilateralRowView>,
                tariffTrade: DataTable<TariffTradeRowView>, histories: [TariffHistoryView]) {
        self.chrome = chrome
        self.current = current
        self.bilateral = bilateral
        self.tariffTrade = tariffTrade
        self.histories = histories
    }
}
