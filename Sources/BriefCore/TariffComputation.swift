import Foundation

/// A tariff measure with the brief it came from: its place in the history.
public struct SiteMeasure: Sendable, Hashable {
    public var measure: TariffMeasure
    public var brief: String
    public var briefDate: Day
    /// 1-based position in the brief's `tariffs`.
    public var position: Int

    public init(measure: TariffMeasure, brief: String, briefDate: Day, position: Int) {
        self.measure = measure
        self.brief = brief
        self.briefDate = briefDate
        self.position = position
    }

    /// The measure's own change, from its own `previous`.
    public var change: TariffChange { TariffChange(rate: measure.rate, previous: measure.previous) }

    public var key: TariffKey { TariffKey(by: measure.by, on: measure.on, goods: measure.goods) }

    /// History order: date, then the brief's date, slug, and position.
    public static func historyOrder(_ lhs: SiteMeasure, _ rhs: SiteMeasure) -> Bool {
        if lhs.measure.date != rhs.measure.date { return lhs.measure.date < rhs.measure.date }
        if lhs.briefDate != rhs.briefDate { return lhs.briefDate < rhs.briefDate }
        if lhs.brief != rhs.brief { return lhs.brief < rhs.brief }
        return lhs.position < rhs.position
    }
}

/// Which tariff a measure sets: who imposes it, on whom, on what goods.
public struct TariffKey: Sendable, Hashable, Comparable {
    public var by: CountryCode
    public var on: CountryCode
    public var goods: String

    public init(by: CountryCode, on: CountryCode, goods: String) {
        self.by = by
        self.on = on
        self.goods = goods
    }

    public static func < (lhs: TariffKey, rhs: TariffKey) -> Bool {
        (lhs.by.code, lhs.on.code, lhs.goods) < (rhs.by.code, rhs.on.code, rhs.goods)
    }
}

/// A rate's change against its previous rate.
public struct TariffChange: Sendable, Hashable {
    public let rate: Decimal
    public let previous: Decimal?
    /// `rate - previous`, in percentage points; none without a previous rate.
    public let points: Decimal?
    /// `(rate - previous) / previous * 100`, rounded to one decimal, half away
    /// from zero; none without a previous rate or when it is 0. Worked out
    /// once: Decimal division is slow, and tables show a change many times.
    public let percent: Decimal?

    public init(rate: Decimal, previous: Decimal?) {
        self.rate = rate
        self.previous = previous
        points = previous.map { rate - $0 }
        percent = TariffChange.percent(rate: rate, previous: previous)
    }

    private struct Pair: Hashable {
        var rate: Decimal
        var previous: Decimal
    }

    private static let percents = Memo<Pair, Decimal>()

    static func percent(rate: Decimal, previous: Decimal?) -> Decimal? {
        guard let previous, previous != 0 else { return nil }
        return percents.value(for: Pair(rate: rate, previous: previous)) {
            var exact = (rate - previous) / previous * 100
            var rounded = Decimal()
            NSDecimalRound(&rounded, &exact, 1, .plain)
            return rounded
        }
    }
}

/// The current measure of one (by, on, goods) and its history.
public struct TrackerRow: Sendable, Hashable {
    public var key: TariffKey
    public var current: SiteMeasure
    /// The measure's own `previous`, else the rate before it in the history.
    public var previous: Decimal?
    /// Every measure of this key, in history order; the current one last.
    public var history: MeasureHistory

    public var change: TariffChange { TariffChange(rate: current.measure.rate, previous: previous) }
}

/// Measures of the site's list by their positions in it: a history shares the site's list instead of holding
/// copies of its measures (all 350,000 of them again at 100,000 briefs).
public struct MeasureHistory: RandomAccessCollection, Sendable, Hashable {
    private let all: [SiteMeasure]
    private let positions: [Int32]

    /// `positions` in `all`, each below `Int32.max`.
    init(_ all: [SiteMeasure], positions: [Int]) {
        self.all = all
        self.positions = positions.map { Int32(clamping: $0) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { positions.count }
    public subscript(position: Int) -> SiteMeasure { all[Int(positions[position])] }

    public static func == (lhs: MeasureHistory, rhs: MeasureHistory) -> Bool { lhs.elementsEqual(rhs) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for measure in self { hasher.combine(measure) }
    }
}

/// Two countries' current all-goods rates on each other; `a` < `b`.
public struct BilateralRow: Sendable, Hashable {
    public var a: CountryCode
    public var b: CountryCode
    public var aOnB: SiteMeasure
    public var bOnA: SiteMeasure

    public var rateAOnB: Decimal { aOnB.measure.rate }
    public var rateBOnA: Decimal { bOnA.measure.rate }
    /// `rate(a on b) - rate(b on a)`.
    public var gap: Decimal { rateAOnB - rateBOnA }
}

/// A trade balance with the brief it came from.
public struct SiteBalance: Sendable, Hashable {
    public var balance: TradeBalance
    public var brief: String
    public var briefDate: Day
    public var position: Int

    public init(balance: TradeBalance, brief: String, briefDate: Day, position: Int) {
        self.balance = balance
        self.brief = brief
        self.briefDate = briefDate
        self.position = position
    }
}

/// The current US all-goods rate on a partner beside its latest trade balance.
public struct TariffTradeRow: Sendable, Hashable {
    public var partner: CountryCode
    public var tariff: SiteMeasure
    public var balance: SiteBalance
}

/// An event with the brief it belongs to.
public struct SiteEvent: Sendable, Hashable {
    public var event: TimelineEvent
    public var brief: String
    public var briefDate: Day

    public init(event: TimelineEvent, brief: String, briefDate: Day) {
        self.event = event
        self.brief = brief
        self.briefDate = briefDate
    }

    /// Timeline order: date, then the brief's date, slug, and the event's id.
    public static func timelineOrder(_ lhs: SiteEvent, _ rhs: SiteEvent) -> Bool {
        if lhs.event.date != rhs.event.date { return lhs.event.date < rhs.event.date }
        if lhs.briefDate != rhs.briefDate { return lhs.briefDate < rhs.briefDate }
        if lhs.brief != rhs.brief { return lhs.brief < rhs.brief }
        return lhs.event.id < rhs.event.id
    }
}

/// Everything computed from the data of all published briefs.
public struct SiteData: Sendable {
    /// Every measure, by brief slug then position (the order of tariffs.csv).
    public var measures: [SiteMeasure]
    /// One row per (by, on, goods), by `by`, `on`, `goods`.
    public var tracker: [TrackerRow]
    public var bilateral: [BilateralRow]
    public var tariffTrade: [TariffTradeRow]
    /// Every balance, by brief slug then position (the order of trade.csv).
    public var balances: [SiteBalance]
    /// Every event in timeline order.
    public var timeline: [SiteEvent]

    public static let allGoods = "all"

    /// Pure: the same briefs give the same data, whatever order they come in.
    public static func compute(_ briefs: [Brief]) -> SiteData {
        let bySlug = briefs.sorted { $0.slug < $1.slug }
        var measures: [SiteMeasure] = []
        var balances: [SiteBalance] = []
        var events: [SiteEvent] = []
        // Sized once: grown by appending, the slack of the three lists was 9 MB at 10,000 briefs.
        measures.reserveCapacity(briefs.reduce(0) { $0 + $1.data.tariffs.count })
        balances.reserveCapacity(briefs.reduce(0) { $0 + $1.data.trade.count })
        events.reserveCapacity(briefs.reduce(0) { $0 + $1.data.events.count })
        for brief in bySlug {
            for (index, measure) in brief.data.tariffs.enumerated() {
                measures.append(SiteMeasure(measure: measure, brief: brief.slug, briefDate: brief.date, position: index + 1))
            }
            for (index, balance) in brief.data.trade.enumerated() {
                balances.append(SiteBalance(balance: balance, brief: brief.slug, briefDate: brief.date, position: index + 1))
            }
            for event in brief.data.events {
                events.append(SiteEvent(event: event, brief: brief.slug, briefDate: brief.date))
            }
        }
        let tracker = computeTracker(measures)
        return SiteData(measures: measures, tracker: tracker, bilateral: computeBilateral(tracker),
                        tariffTrade: computeTariffTrade(tracker, balances), balances: balances,
                        timeline: SiteData.sortedTimeline(events))
    }

    /// Sorts by timeline order through small keys, so the large event
    /// values are moved once rather than at every comparison.
    static func sortedTimeline(_ events: [SiteEvent]) -> [SiteEvent] {
        let order = events.indices.sorted { SiteEvent.timelineOrder(events[$0], events[$1]) }
        return order.map { events[$0] }
    }

    public static func computeTracker(_ measures: [SiteMeasure]) -> [TrackerRow] {
        // Positions are grouped and sorted, and each history keeps them: grouping and sorting the measures
        // themselves moved every one about twice over (350,000 of them at 100,000 briefs).
        var positions: [TariffKey: [Int]] = [:]
        for index in measures.indices { positions[measures[index].key, default: []].append(index) }
        return positions.sorted { $0.key < $1.key }.compactMap { key, group in
            let history = MeasureHistory(measures, positions: group.sorted { SiteMeasure.historyOrder(measures[$0], measures[$1]) })
            guard let current = history.last else { return nil }
            let previous = current.measure.previous ?? (history.count > 1 ? history[history.count - 2].measure.rate : nil)
            return TrackerRow(key: key, current: current, previous: previous, history: history)
        }
    }

    public static func computeBilateral(_ tracker: [TrackerRow]) -> [BilateralRow] {
        var current: [TariffKey: SiteMeasure] = [:]
        for row in tracker where row.key.goods == allGoods { current[row.key] = row.current }
        var rows: [BilateralRow] = []
        for (key, measure) in current where key.by < key.on {
            guard let reverse = current[TariffKey(by: key.on, on: key.by, goods: SiteData.allGoods)] else { continue }
            rows.append(BilateralRow(a: key.by, b: key.on, aOnB: measure, bOnA: reverse))
        }
        return rows.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
    }

    public static func computeTariffTrade(_ tracker: [TrackerRow], _ balances: [SiteBalance]) -> [TariffTradeRow] {
        guard let us = CountryCode("US") else { return [] }
        var latest: [CountryCode: SiteBalance] = [:]
        for candidate in balances {
            let partner = candidate.balance.partner
            guard let existing = latest[partner] else {
                latest[partner] = candidate
                continue
            }
            if (candidate.balance.year, candidate.briefDate, candidate.brief, candidate.position)
                > (existing.balance.year, existing.briefDate, existing.brief, existing.position) {
                latest[partner] = candidate
            }
        }
        return tracker.compactMap { row -> TariffTradeRow? in
            guard row.key.by == us, row.key.goods == allGoods, let balance = latest[row.key.on] else { return nil }
            return TariffTradeRow(partner: row.key.on, tariff: row.current, balance: balance)
        }.sorted { $0.partner < $1.partner }
    }
}
