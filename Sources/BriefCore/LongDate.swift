import Foundation
#if canImport(_FoundationICU)
import _FoundationICU
#endif

/// A day in the language's long form (`2025年5月17日`, `May 17, 2025`) from one ICU date formatter per language,
/// opened once: `Date.FormatStyle` finds its formatter anew on every call, which was most of the cost of a date
/// (every event shows one, and a build after an edit starts with none remembered). A language's formatter is used
/// only once it wrote, for a few probe days, exactly what `Date.FormatStyle(date: .long)` writes; otherwise nil is
/// returned and the caller formats with the style.
enum LongDate {
    static func format(_ day: Day, languageCode: String, style: (Day) -> String) -> String? {
        #if canImport(_FoundationICU)
        guard let formatter = FormatterCache.shared.formatter(for: languageCode, style: style) else { return nil }
        return formatter.format(day)
        #else
        return nil
        #endif
    }

    #if canImport(_FoundationICU)
    /// One opened formatter and the lock that keeps its calls apart (an ICU formatter is not safe to share mid-call).
    final class Formatter: @unchecked Sendable {
        private let handle: UnsafeMutablePointer<UDateFormat?>
        private let lock = NSLock()

        init?(languageCode: String) {
            var status = U_ZERO_ERROR
            // The Gregorian calendar and UTC, as every other date of the site is written.
            let locale = languageCode.replacingOccurrences(of: "-", with: "_") + "@calendar=gregorian"
            let zone = Array("UTC".utf16)
            guard let opened = swift_udat_open(UDAT_NONE, UDAT_LONG, locale, zone, Int32(zone.count), nil, 0, &status),
                  status.rawValue <= 0 else { return nil }
            handle = opened
        }

        deinit { swift_udat_close(handle) }

        func format(_ day: Day) -> String? {
            var buffer = [UChar](repeating: 0, count: 64)
            var status = U_ZERO_ERROR
            let milliseconds = day.date.timeIntervalSince1970 * 1000
            let length = lock.withLock { swift_udat_format(handle, milliseconds, &buffer, Int32(buffer.count), nil, &status) }
            guard status.rawValue <= 0, length >= 0, Int(length) <= buffer.count else { return nil }
            return String(decoding: buffer[0..<Int(length)], as: UTF16.self)
        }
    }

    final class FormatterCache: @unchecked Sendable {
        static let shared = FormatterCache()
        private let lock = NSLock()
        private var formatters: [String: Formatter?] = [:]
        /// Days whose long forms differ in every part a pattern can hold: months of each length, a leap day, days of
        /// one and two digits, years far apart.
        static let probes: [Day] = [(2025, 5, 17), (2024, 2, 29), (1999, 12, 31), (2001, 1, 1), (2030, 9, 9), (2026, 11, 25)]
            .compactMap { Day(year: $0.0, month: $0.1, day: $0.2) }

        func formatter(for languageCode: String, style: (Day) -> String) -> Formatter? {
            lock.lock()
            defer { lock.unlock() }
            if let known = formatters[languageCode] { return known }
            let made = Formatter(languageCode: languageCode).flatMap { formatter in
                FormatterCache.probes.allSatisfy { formatter.format($0) == style($0) } ? formatter : nil
            }
            formatters[languageCode] = .some(made)
            return made
        }
    }
    #endif
}
