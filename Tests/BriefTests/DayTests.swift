import BriefCore
import Foundation
import Testing

/// A day written out as ISO 8601 and as iCalendar's date: from digits, for every year a `Day` holds.
@Suite struct DayTests {
    @Test(arguments: [1, 9, 10, 99, 100, 999, 1000, 1999, 2025, 9999])
    func isoAndCompactFormsAreZeroPadded(_ year: Int) throws {
        for (month, day) in [(1, 1), (2, 9), (9, 30), (10, 10), (12, 31)] {
            let value = try #require(Day(year: year, month: month, day: day))
            #expect(value.iso == String(format: "%04d-%02d-%02d", year, month, day))
            #expect(value.compact == String(format: "%04d%02d%02d", year, month, day))
            #expect(Day(iso: value.iso) == value)
        }
    }
}
