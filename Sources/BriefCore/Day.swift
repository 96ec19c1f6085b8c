import Foundation

/// A calendar day written `YYYY-MM-DD`: the only kind of date a brief has.
/// Kept as numbers so that comparing and printing never depend on a time zone.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// Year, month and day in one word (`year << 9 | month << 5 | day`), which orders as the days do: every
    /// event and measure carries two or three days, and three `Int`s each were 6 % of a build's peak memory.
    private let packed: UInt32

    public var year: Int { Int(packed >> 9) }
    public var month: Int { Int((packed >> 5) & 0xF) }
    public var day: Int { Int(packed & 0x1F) }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.init(checkedYear: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD`; anything else (times, other separators,
    /// impossible days such as 2025-02-30) is nil.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var iso: String {
        // Written from digits (a year has one to four): every event, measure and page carries dates.
        let hyphen = UInt8(ascii: "-")
        return String(decoding: [Day.digit(year / 1000), Day.digit(year / 100), Day.digit(year / 10), Day.digit(year), hyphen,
                                 Day.digit(month / 10), Day.digit(month), hyphen, Day.digit(day / 10), Day.digit(day)], as: UTF8.self)
    }

    /// `YYYYMMDD`, as iCalendar writes a date.
    public var compact: String {
        String(decoding: [Day.digit(year / 1000), Day.digit(year / 100), Day.digit(year / 10), Day.digit(year),
                          Day.digit(month / 10), Day.digit(month), Day.digit(day / 10), Day.digit(day)], as: UTF8.self)
    }

    /// The last decimal digit of a non-negative number, as an ASCII byte.
    static func digit(_ value: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: 0x30 + value % 10)
    }

    public var description: String { iso }

    /// Midnight UTC of this day, for formatters and feeds: counted from 1970 by arithmetic where it can be, asked of
    /// the calendar before 1600 (every event's date is formatted, and the calendar's answer was most of it).
    public var date: Date {
        if let days = daysSince1970 { return Date(timeIntervalSince1970: Double(days) * 86_400) }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        return Day.utcCalendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    /// Days from 1970-01-01 to this day, counted without a calendar object (the civil-from-days arithmetic of the
    /// Gregorian calendar); nil before 1600, where a calendar's switch from the Julian one may stand between.
    var daysSince1970: Int? {
        guard year >= 1600 else { return nil }
        let shifted = month <= 2 ? year - 1 : year
        let era = shifted / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone.current
        return calendar
    }()

    public static func today() -> Day {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return Day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
            ?? .epoch
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        lhs.packed < rhs.packed
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD day: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

extension Day {
    /// 1970-01-01, built without optionals so it can stand as a last resort.
    static let epoch: Day = Day(checkedYear: 1970, month: 1, day: 1)

    private init(checkedYear year: Int, month: Int, day: Int) {
        packed = UInt32(year) << 9 | UInt32(month) << 5 | UInt32(day)
    }
}
