import Foundation
#if canImport(_FoundationICU)
import _FoundationICU
#endif

/// ICU's compact-long notation ("68.4 billion", "684億"), which Foundation's
/// FormatStyle does not expose: at most one decimal, as ICU rounds it.
enum CompactNumber {
    static func format(_ value: Double, localeIdentifier: String) -> String? {
        #if canImport(_FoundationICU)
        guard let formatter = FormatterCache.shared.formatter(for: localeIdentifier) else { return nil }
        var status = U_ZERO_ERROR
        guard let result = swift_unumf_openResult(&status) else { return nil }
        defer { swift_unumf_closeResult(result) }
        swift_unumf_formatDouble(formatter, value, result, &status)
        guard status.rawValue <= 0 else { return nil }
        var buffer = [UChar](repeating: 0, count: 128)
        let length = swift_unumf_resultToString(result, &buffer, Int32(buffer.count), &status)
        guard status.rawValue <= 0, length >= 0, Int(length) <= buffer.count else { return nil }
        return String(decoding: buffer[0..<Int(length)], as: UTF16.self)
        #else
        return nil
        #endif
    }

    #if canImport(_FoundationICU)
    /// One ICU formatter per locale; ICU's number formatters are immutable
    /// and safe to share between threads, results are per call.
    final class FormatterCache: @unchecked Sendable {
        static let shared = FormatterCache()
        private let lock = NSLock()
        private var formatters: [String: OpaquePointer] = [:]
        static let skeleton = Array("compact-long .#".utf16)

        func formatter(for locale: String) -> OpaquePointer? {
            lock.lock()
            defer { lock.unlock() }
            if let existing = formatters[locale] { return existing }
            var status = U_ZERO_ERROR
            let icuLocale = locale.replacingOccurrences(of: "-", with: "_")
            guard let created = swift_unumf_openForSkeletonAndLocale(FormatterCache.skeleton, Int32(FormatterCache.skeleton.count),
                                                                     icuLocale, &status), status.rawValue <= 0
            else { return nil }
            formatters[locale] = created
            return created
        }
    }
    #endif
}
