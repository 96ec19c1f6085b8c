import Foundation

/// Figures of the data as a page in one language shows them, through the
/// locale data: rates, changes, money, date ranges. Negative numbers carry
/// U+2212, a positive change a plus sign.
extension LocaleFormat {
    static let minus = "\u{2212}"

    /// Writes the locale's hyphen-minus as the true minus sign.
    func withTrueMinus(_ text: String) -> String {
        text.replacingOccurrences(of: "-", with: LocaleFormat.minus)
    }

    /// A rate: `145%`, `27.5%`.
    public func rate(_ percent: Decimal) -> String {
        memo.value(for: .rate(DecimalBits(percent))) { formatRate(percent) }
    }

    func formatRate(_ percent: Decimal) -> String {
        withTrueMinus((percent / 100).formatted(.percent.precision(.fractionLength(0...2)).locale(locale)))
    }

    /// A change in percentage points: `−115 個百分點`, `+74 pp`, `0 pp`.
    public func points(_ points: Decimal) -> String {
        memo.value(for: .points(DecimalBits(points))) { formatPoints(points) }
    }

    func formatPoints(_ points: Decimal) -> String {
        let number = points.formatted(.number.sign(strategy: .always(includingZero: false)).precision(.fractionLength(0...2)).locale(locale))
        return withTrueMinus(number) + pointsUnit
    }

    /// A change in percent, always one decimal: `−79.3%`, `+12.0%`.
    public func percentChange(_ percent: Decimal) -> String {
        memo.value(for: .percentChange(DecimalBits(percent))) { formatPercentChange(percent) }
    }

    func formatPercentChange(_ percent: Decimal) -> String {
        withTrueMinus((percent / 100).formatted(.percent.sign(strategy: .always(includingZero: false)).precision(.fractionLength(1)).locale(locale)))
    }

    /// US dollars, compact: `684 億美元`, `1.2 兆美元`; `$68.4 billion`, `$1.2 trillion`.
    public func dollars(_ amount: Decimal) -> String {
        memo.value(for: .dollars(DecimalBits(amount))) { formatDollars(amount) }
    }

    func formatDollars(_ amount: Decimal) -> String {
        let magnitude = amount < 0 ? -amount : amount
        let sign = amount < 0 ? LocaleFormat.minus : ""
        let value = NSDecimalNumber(decimal: magnitude).doubleValue
        let compact = CompactNumber.format(value, localeIdentifier: languageCode)
            ?? magnitude.formatted(.number.notation(.compactName).locale(locale))
        if writesUnitsAfterNumbers {
            // CJK: the number, a space as in the foundation's typesetting, then the scale and the currency's name.
            let digits = compact.prefix { ("0"..."9").contains($0) || $0 == "." || $0 == "," }
            let scale = compact.dropFirst(digits.count).trimmedWhitespace
            return sign + digits + " " + scale + currencyName
        }
        return sign + currencySymbol + compact
    }

    /// `2025年5月10日至11日`, `May 10 – 11, 2025`; a single day when `end` is nil or the same day.
    public func dateRange(_ start: Day, _ end: Day?) -> String {
        guard let end, end != start else { return date(start) }
        return memo.value(for: .dateRange(start, end)) { formatRange(start, end) }
    }

    func formatRange(_ start: Day, _ end: Day) -> String {
        let style = Date.IntervalFormatStyle(date: .long, time: .omitted, locale: locale, calendar: Day.utcCalendar,
                                             timeZone: Day.utcCalendar.timeZone)
        return (start.date..<end.date).formatted(style)
    }

    var writesUnitsAfterNumbers: Bool {
        switch baseLanguage {
        case "zh", "ja", "ko": return true
        default: return false
        }
    }

    var currencyName: String {
        memo.value(for: .currencyName) { locale.localizedString(forCurrencyCode: "USD") ?? "USD" }
    }

    var currencySymbol: String {
        memo.value(for: .currencySymbol) {
            let zero = Decimal(0).formatted(.currency(code: "USD").precision(.fractionLength(0)).locale(locale))
            return zero.replacingOccurrences(of: "0", with: "").trimmedWhitespace
        }
    }

    /// The site names the unit: CLDR has no percentage point.
    var pointsUnit: String {
        switch baseLanguage {
        case "zh": return " 個百分點"
        default: return " pp"
        }
    }
}
