@testable import BriefCore
import Foundation
import Testing

/// A day written out as ISO 8601 and as iCalendar's date: from digits, for every year a `Day` holds.
@Suite struct DayTests {
    /// Days since 1970 by arithmetic, against the UTC Gregorian calendar's midnight, on every day of 1600–2400 at
    /// a stride and around the leap days; none before 1600.
    @Test func daysSince1970AgreeWithTheCalendar() throws {
        var checked = 0
        for year in stride(from: 1600, through: 2400, by: 7) {
            for (month, day) in [(1, 1), (2, 28), (2, 29), (3, 1), (12, 31), (7, 15)] {
                guard let date = Day(year: year, month: month, day: day) else { continue }
                let midnight = Day.utcCalendar.date(from: DateComponents(year: year, month: month, day: day))
                let expected = midnight.map { Int(($0.timeIntervalSince1970 / 86_400).rounded()) }
                #expect(date.daysSince1970 == expected, "\(date)")
                checked += 1
            }
        }
        #expect(checked > 600)
        #expect(try #require(Day(year: 1970, month: 1, day: 1)).daysSince1970 == 0)
        #expect(try #require(Day(year: 1599, month: 12, day: 31)).daysSince1970 == nil)
    }

    @Test(arguments: [1, 9, 10, 99, 100, 999, 1000, 1999, 2025, 9999])
    func isoAndCompactFormsAreZeroPadded(_ year: Int) throws {
        for (month, day) in [(1, 1), (2, 9), (9, 30), (10, 10), (12, 31)] {
            let value = try #require(Day(year: year, month: month, day: day))
            #expect(value.iso == String(format: "%04d-%02d-%02d", year, month, day))
            #expect(value.compact == String(format: "%04d%02d%02d", year, month, day))
            #expect(Day(iso: value.iso) == value)
        }
    }

    /// A day is kept as one packed word: its parts come back as given, and days order as (year, month, day)
    /// do, across every boundary of the packing.
    @Test func packedDaysKeepTheirPartsAndOrder() throws {
        let parts = [(1, 1, 1), (1, 12, 31), (2, 1, 1), (1999, 12, 31), (2000, 1, 1), (2000, 2, 29), (2000, 3, 1),
                     (2025, 9, 30), (2025, 10, 1), (2025, 11, 30), (2025, 12, 1), (9999, 12, 31)]
        let days = try parts.map { try #require(Day(year: $0.0, month: $0.1, day: $0.2)) }
        for (day, part) in zip(days, parts) {
            #expect(day.year == part.0 && day.month == part.1 && day.day == part.2)
        }
        for (earlier, later) in zip(days, days.dropFirst()) {
            #expect(earlier < later && !(later < earlier) && earlier != later)
        }
        #expect(days.shuffled().sorted() == days)
        #expect(Day(year: 2025, month: 2, day: 29) == nil && Day(year: 10000, month: 1, day: 1) == nil)
    }

    /// An event's titles are kept as a short list in the order of their languages, and read and changed as a
    /// dictionary of them would be.
    @Test func eventTitlesActAsADictionaryInLanguageOrder() {
        var titles = EventTitles(["zh-Hant": "會談", "en": "Talks"])
        #expect(titles.keys == ["en", "zh-Hant"] && titles.values == ["Talks", "會談"] && titles.count == 2)
        #expect(titles["en"] == "Talks" && titles["fr"] == nil)
        titles["fr"] = "Pourparlers"
        #expect(titles.keys == ["en", "fr", "zh-Hant"])
        titles["en"] = "Round of talks"
        titles["zh-Hant"] = nil
        #expect(Array(titles.map(\.key)) == ["en", "fr"] && titles["en"] == "Round of talks")
        #expect(titles.filter { $0.key == "fr" }.keys == ["fr"])
        #expect(EventTitles(["en": "A", "ja": "B"]) == EventTitles(["ja": "B", "en": "A"]))
        #expect(EventTitles(["en": "A"]) != EventTitles(["en": "B"]) && EventTitles().isEmpty)
    }
}
