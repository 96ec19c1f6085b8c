import Foundation
import Synchronization

/// Everything a page shows of dates, numbers and country names, formatted
/// through Foundation's locale data (ICU) for the page's language.
public struct LocaleFormat: Sendable {
    public let languageCode: String
    public let locale: Locale
    /// This language's remembered figures: a lookup hashes the figure alone, not the language's name too.
    let memo: Memo<FormatKey, String>
    /// The language without its region or script: `zh` for `zh-Hant`.
    let baseLanguage: String

    public init(languageCode: String) {
        self.languageCode = languageCode
        locale = Locale(identifier: languageCode)
        memo = FormatMemo.of(languageCode)
        baseLanguage = String(languageCode.split(separator: "-").first ?? Substring(languageCode))
    }

    /// `2025年5月17日`, `May 17, 2025`.
    public func date(_ day: Day) -> String {
        memo.value(for: .date(day)) { formatDate(day) }
    }

    func formatDate(_ day: Day) -> String {
        LongDate.format(day, languageCode: languageCode, style: formatDateWithStyle) ?? formatDateWithStyle(day)
    }

    func formatDateWithStyle(_ day: Day) -> String {
        let style = Date.FormatStyle(date: .long, time: .omitted, locale: locale, calendar: Day.utcCalendar,
                                     timeZone: Day.utcCalendar.timeZone)
        return day.date.formatted(style)
    }

    /// `2025年5月`, `May 2025`.
    public func month(_ day: Day) -> String {
        let style = Date.FormatStyle(locale: locale, calendar: Day.utcCalendar, timeZone: Day.utcCalendar.timeZone)
            .year(.defaultDigits).month(.wide)
        return day.date.formatted(style)
    }

    /// A year as the locale writes a year on its own: `2025年`, `2025`.
    public func year(_ year: Int) -> String {
        guard let day = Day(year: year, month: 1, day: 1) else { return String(year) }
        let style = Date.FormatStyle(locale: locale, calendar: Day.utcCalendar, timeZone: Day.utcCalendar.timeZone)
            .year(.defaultDigits)
        return day.date.formatted(style)
    }

    /// Remembered: every brief page writes its reading time in minutes.
    public func integer(_ value: Int) -> String {
        memo.value(for: .integer(value)) { value.formatted(.number.locale(locale)) }
    }

    /// The country's name in this language; `EU` and `WORLD` are named by the
    /// site, since they are not ISO country codes.
    public func countryName(_ code: CountryCode) -> String {
        memo.value(for: .countryName(code.code)) { lookUpCountryName(code) }
    }

    func lookUpCountryName(_ code: CountryCode) -> String {
        if let name = LocaleFormat.siteNames[code.code]?[languageCode] ?? LocaleFormat.siteNames[code.code]?[baseLanguage] {
            return name
        }
        let region = code.code == "WORLD" ? "001" : code.code
        return locale.localizedString(forRegionCode: region) ?? code.code
    }

    static let siteNames: [String: [String: String]] = [
        "EU": ["zh-Hant": "歐盟", "zh": "欧盟", "en": "European Union"],
        "WORLD": ["zh-Hant": "全球", "zh": "全球", "en": "World"],
    ]
}

/// Formatted dates and names by language: ICU is asked once for each, since
/// a timeline repeats the same days and countries thousands of times.
public final class Memo<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = ReadMostlyLock()
    private var values: [Key: Value] = [:]

    public init() {}

    public func value(for key: Key, make: () -> Value) -> Value {
        if let known = lock.reading({ values[key] }) { return known }
        let made = make()
        lock.writing {
            if values.count > 200_000 { values.removeAll() }
            values[key] = made
        }
        return made
    }
}

enum FormatMemo {
    /// Figures written the same in every language (`Decimal.plainText`).
    static let shared = Memo<FormatKey, String>()
    private static let byLanguage = Mutex<[String: Memo<FormatKey, String>]>([:])

    /// The memo of one language's figures, made the first time it is asked for.
    static func of(_ languageCode: String) -> Memo<FormatKey, String> {
        byLanguage.withLock { memos in
            if let memo = memos[languageCode] { return memo }
            let memo = Memo<FormatKey, String>()
            memos[languageCode] = memo
            return memo
        }
    }
}

/// What a remembered figure was made from, typed: looking one up hashes a
/// few words instead of first writing the number out as text (a Decimal's
/// `description` divides by ten digit by digit). The language is the memo's.
enum FormatKey: Hashable {
    case date(Day)
    case dateRange(Day, Day)
    case countryName(String)
    case rate(DecimalBits)
    case points(DecimalBits)
    case percentChange(DecimalBits)
    case dollars(DecimalBits)
    case plain(DecimalBits)
    case integer(Int)
    /// The language's own words for the dollar, looked up once: every amount not formatted before asks for them.
    case currencyName
    case currencySymbol
}

extension Decimal {
    /// `description` (`-115`, `27.5`), remembered: data exports write the same rates thousands of times.
    public var plainText: String {
        FormatMemo.shared.value(for: .plain(DecimalBits(self))) { description }
    }
}

/// A Decimal's stored bytes. The same value may be stored two ways (`1.1`,
/// `1.10`), which only costs a second formatting; two values never share bytes.
struct DecimalBits: Hashable {
    private var words: (UInt64, UInt64, UInt64) = (0, 0, 0)

    init(_ value: Decimal) {
        withUnsafeMutableBytes(of: &words) { target in
            withUnsafeBytes(of: value) { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source.prefix(target.count)))
            }
        }
    }

    static func == (left: DecimalBits, right: DecimalBits) -> Bool {
        left.words == right.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
    }
}
