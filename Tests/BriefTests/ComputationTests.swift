import BriefCore
import Foundation
import Testing

func code(_ text: String) -> CountryCode {
    guard let code = CountryCode(text) else { fatalError("bad code \(text)") }
    return code
}

func day(_ text: String) -> Day {
    guard let day = Day(iso: text) else { fatalError("bad day \(text)") }
    return day
}

func measure(_ by: String, _ on: String, _ rate: Decimal, previous: Decimal? = nil, goods: String = "all",
             effective: Decimal? = nil, date: String) -> TariffMeasure {
    TariffMeasure(by: code(by), on: code(on), goods: goods, rate: rate, previous: previous, effective: effective,
                  date: day(date), location: SourceLocation(file: "test"))
}

func brief(_ slug: String, _ date: String, tariffs: [TariffMeasure] = [], trade: [TradeBalance] = [],
           events: [TimelineEvent] = []) -> Brief {
    Brief(slug: slug, translations: [:], data: BriefData(tariffs: tariffs, trade: trade, events: events), date: day(date))
}

func balance(_ partner: String, _ year: Int, _ amount: Decimal) -> TradeBalance {
    TradeBalance(partner: code(partner), year: year, balance: amount, location: SourceLocation(file: "test"))
}

func event(_ id: String, _ date: String, end: String? = nil) -> TimelineEvent {
    TimelineEvent(id: id, date: day(date), end: end.map(day), titles: ["en": id], location: SourceLocation(file: "test"))
}

@Suite struct ComputationTests {
    /// The seed brief's figures, computed by hand.
    static let seed = brief("seed", "2025-05-20", tariffs: [
        measure("US", "CN", 30, previous: 145, effective: 39, date: "2025-05-11"),
        measure("CN", "US", 10, previous: 125, date: "2025-05-11"),
        measure("US", "KR", 25, goods: "autos", date: "2025-04-03"),
        measure("US", "GB", 10, date: "2025-04-05"),
    ], trade: [balance("WORLD", 2024, -1_200_000_000_000), balance("JP", 2024, -68_400_000_000),
               balance("CN", 2024, -295_000_000_000), balance("GB", 2024, 12_000_000_000)])

    @Test func changesOfTheSeedMeasures() {
        let data = SiteData.compute([ComputationTests.seed])
        let usOnChina = data.measures[0].change
        #expect(usOnChina.points == -115)
        #expect(usOnChina.percent == Decimal(string: "-79.3"))
        let chinaOnUS = data.measures[1].change
        #expect(chinaOnUS.points == -115)
        #expect(chinaOnUS.percent == Decimal(string: "-92"))
        #expect(data.measures[2].change.points == nil)
        #expect(data.measures[2].change.percent == nil)
    }

    @Test func changeIsRoundedHalfAwayFromZeroAndHasNoPercentFromZero() {
        #expect(TariffChange(rate: Decimal(string: "10.025")!, previous: 10).percent == Decimal(string: "0.3"))
        #expect(TariffChange(rate: Decimal(string: "9.975")!, previous: 10).percent == Decimal(string: "-0.3"))
        #expect(TariffChange(rate: 3, previous: 8).percent == Decimal(string: "-62.5"))
        #expect(TariffChange(rate: 25, previous: 0).points == 25)
        #expect(TariffChange(rate: 25, previous: 0).percent == nil)
        #expect(TariffChange(rate: 1, previous: 3).percent == Decimal(string: "-66.7"))
        #expect(TariffChange(rate: 2, previous: 3).percent == Decimal(string: "-33.3"))
    }

    @Test func bilateralGapFollowsTheContract() throws {
        let data = SiteData.compute([ComputationTests.seed])
        let row = try #require(data.bilateral.first)
        #expect(data.bilateral.count == 1)
        // a < b: CN on US is 10, US on CN is 30; the gap is 10 − 30, 20 points in the US's disfavour.
        #expect(row.a.code == "CN" && row.b.code == "US")
        #expect(row.rateAOnB == 10 && row.rateBOnA == 30)
        #expect(row.gap == -20)
    }

    @Test func tariffAgainstTradeTakesTheLatestYear() {
        let newer = brief("later", "2025-06-01", trade: [balance("CN", 2023, -279_000_000_000), balance("CN", 2024, -290_000_000_000)])
        let data = SiteData.compute([ComputationTests.seed, newer])
        #expect(data.tariffTrade.map(\.partner.code) == ["CN", "GB"])
        // Both briefs give 2024 for CN: the later brief wins.
        #expect(data.tariffTrade[0].balance.balance.balance == -290_000_000_000)
        #expect(data.tariffTrade[0].balance.brief == "later")
        #expect(data.tariffTrade[0].tariff.measure.rate == 30)
        #expect(data.tariffTrade[1].balance.balance.balance == 12_000_000_000)
    }

    @Test func trackerTakesTheLastMeasureAndItsPreviousFromHistory() throws {
        let early = brief("a-early", "2025-04-10", tariffs: [measure("US", "CN", 145, previous: 20, date: "2025-04-10")])
        let geneva = brief("geneva", "2025-05-13", tariffs: [measure("US", "CN", 30, date: "2025-05-11")])
        let data = SiteData.compute([geneva, early])
        let row = try #require(data.tracker.first)
        #expect(row.current.brief == "geneva")
        #expect(row.previous == 145, "the rate before it in the history stands in for a missing previous")
        #expect(row.change.points == -115)
        #expect(row.history.map(\.brief) == ["a-early", "geneva"])
        let first = SiteData.compute([geneva]).tracker[0]
        #expect(first.previous == nil)
    }

    @Test func trackerTiesAreBrokenByBriefDateThenSlugThenPosition() throws {
        let sameDay = "2025-05-11"
        let olderBrief = brief("zzz", "2025-05-12", tariffs: [measure("US", "CN", 1, date: sameDay)])
        let newerBrief = brief("aaa", "2025-05-13", tariffs: [measure("US", "CN", 2, date: sameDay)])
        #expect(SiteData.compute([newerBrief, olderBrief]).tracker[0].current.measure.rate == 2)
        let slugA = brief("a", "2025-05-13", tariffs: [measure("US", "CN", 1, date: sameDay)])
        let slugB = brief("b", "2025-05-13", tariffs: [measure("US", "CN", 2, date: sameDay)])
        #expect(SiteData.compute([slugB, slugA]).tracker[0].current.measure.rate == 2)
        let positions = brief("p", "2025-05-13", tariffs: [measure("US", "CN", 1, date: sameDay), measure("US", "CN", 2, date: sameDay)])
        let row = SiteData.compute([positions]).tracker[0]
        #expect(row.current.position == 2 && row.previous == 1)
    }

    @Test func historyAndTimelineOrdersHoldForAnyInputOrder() {
        var generator = SeededGenerator(seed: 42)
        let codes = ["US", "CN", "JP", "KR"]
        for _ in 0..<50 {
            var briefs: [Brief] = []
            for index in 0..<8 {
                let tariffs = (0..<3).map { _ -> TariffMeasure in
                    let pair = codes.shuffled(using: &generator).prefix(2).map { $0 }
                    return measure(pair[0], pair[1], Decimal(Int.random(in: 0...100, using: &generator)),
                                   previous: Bool.random(using: &generator) ? Decimal(Int.random(in: 0...100, using: &generator)) : nil,
                                   goods: ["all", "autos"].randomElement(using: &generator) ?? "all",
                                   date: "2025-0\(Int.random(in: 1...3, using: &generator))-1\(Int.random(in: 0...2, using: &generator))")
                }
                let events = (0..<3).map { number in event("e\(number)", "2025-0\(Int.random(in: 1...3, using: &generator))-10") }
                briefs.append(brief("b\(index)", "2025-0\(Int.random(in: 1...3, using: &generator))-2\(index % 3)", tariffs: tariffs, events: events))
            }
            let data = SiteData.compute(briefs)
            let shuffled = SiteData.compute(briefs.shuffled(using: &generator))
            #expect(data.tracker == shuffled.tracker)
            #expect(data.timeline == shuffled.timeline)
            #expect(data.bilateral == shuffled.bilateral)
            for row in data.tracker {
                for (earlier, later) in zip(row.history, row.history.dropFirst()) {
                    #expect(SiteMeasure.historyOrder(earlier, later))
                }
                #expect(row.history.allSatisfy { $0.key == row.key })
                #expect(row.current == row.history.last)
            }
            #expect(zip(data.tracker, data.tracker.dropFirst()).allSatisfy { $0.key < $1.key })
            for (earlier, later) in zip(data.timeline, data.timeline.dropFirst()) {
                #expect(SiteEvent.timelineOrder(earlier, later))
            }
            #expect(data.measures.count == 24)
            for row in data.bilateral {
                #expect(row.a < row.b)
                #expect(row.gap == row.rateAOnB - row.rateBOnA)
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) for property tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct DataFormatTests {
    let zh = LocaleFormat(languageCode: "zh-Hant")
    let en = LocaleFormat(languageCode: "en")

    @Test func moneyIsCompactInBothLanguages() {
        #expect(zh.dollars(68_400_000_000) == "684 億美元")
        #expect(zh.dollars(1_200_000_000_000) == "1.2 兆美元")
        #expect(en.dollars(68_400_000_000) == "$68.4 billion")
        #expect(en.dollars(1_200_000_000_000) == "$1.2 trillion")
        #expect(en.dollars(-295_000_000_000) == "\u{2212}$295 billion")
        #expect(zh.dollars(-68_400_000_000) == "\u{2212}684 億美元")
        #expect(en.dollars(12_000_000_000) == "$12 billion")
    }

    @Test func changesCarryTheirSign() {
        #expect(zh.points(-115) == "\u{2212}115 個百分點")
        #expect(en.points(-115) == "\u{2212}115 pp")
        #expect(en.points(74) == "+74 pp")
        #expect(zh.points(74) == "+74 個百分點")
        #expect(en.points(0) == "0 pp")
        #expect(en.percentChange(Decimal(string: "-79.3")!) == "\u{2212}79.3%")
        #expect(zh.percentChange(Decimal(string: "-92")!) == "\u{2212}92.0%")
        #expect(en.percentChange(Decimal(string: "12")!) == "+12.0%")
        #expect(en.rate(145) == "145%")
        #expect(zh.rate(Decimal(string: "27.5")!) == "27.5%")
    }

    @Test func datesAndRanges() {
        #expect(zh.date(day("2025-05-17")) == "2025年5月17日")
        #expect(en.date(day("2025-05-17")) == "May 17, 2025")
        #expect(zh.dateRange(day("2025-05-10"), day("2025-05-11")) == "2025年5月10日至11日")
        #expect(en.dateRange(day("2025-05-10"), day("2025-05-11")).replacingOccurrences(of: "\u{2009}", with: " ") == "May 10 – 11, 2025")
        #expect(en.dateRange(day("2025-05-10"), nil) == "May 10, 2025")
    }

    @Test func countriesAreNamedInThePageLanguage() {
        #expect(zh.countryName(code("JP")) == "日本")
        #expect(en.countryName(code("JP")) == "Japan")
        #expect(zh.countryName(code("EU")) == "歐盟")
        #expect(en.countryName(code("WORLD")) == "World")
    }
}
