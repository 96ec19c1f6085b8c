@testable import BriefCore
import Foundation
import Testing

/// Figures are remembered by the bytes of their Decimal: equal bytes must
/// mean equal values, and a value stored two ways must still format the same.
@Suite struct FormatMemoTests {
    @Test func decimalBitsTellEveryValueApart() throws {
        let texts = ["0", "1", "-1", "1.1", "1.10", "27.5", "-68400000000", "1200000000000", "0.001", "1000", "-0"]
        let values = try texts.map { try #require(Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX"))) }
        for (first, a) in values.enumerated() {
            for b in values[(first + 1)...] where a != b {
                #expect(DecimalBits(a) != DecimalBits(b), "\(a) and \(b) share their bits")
            }
            #expect(DecimalBits(a) == DecimalBits(a))
        }
        #expect(MemoryLayout<Decimal>.size <= 24, "DecimalBits holds 24 bytes")
    }

    @Test func aValueStoredTwoWaysFormatsTheSame() throws {
        let format = LocaleFormat(languageCode: "zh-Hant")
        let plain = try #require(Decimal(string: "27.5", locale: Locale(identifier: "en_US_POSIX")))
        let padded = try #require(Decimal(string: "27.50", locale: Locale(identifier: "en_US_POSIX")))
        #expect(format.rate(plain) == "27.5%")
        #expect(format.rate(padded) == format.rate(plain))
        #expect(format.rate(plain) != LocaleFormat(languageCode: "en").dollars(plain))
        #expect(format.dollars(-68_400_000_000) == "−684 億美元")
    }

    /// The dollar's words and the integers are remembered per language: asked of one language, then another,
    /// then the first again, each keeps its own.
    @Test func rememberedWordsAreEachLanguagesOwn() {
        let zh = LocaleFormat(languageCode: "zh-Hant")
        let en = LocaleFormat(languageCode: "en")
        let de = LocaleFormat(languageCode: "de")
        for _ in 0..<2 {
            #expect(zh.dollars(68_400_000_000) == "684 億美元")
            #expect(en.dollars(68_500_000_000) == "$68.5 billion")
            #expect(zh.dollars(68_500_000_000) == "685 億美元")
            #expect(en.integer(12_345) == "12,345")
            #expect(de.integer(12_345) == "12.345")
        }
    }
}

/// Long dates from the one ICU formatter per language, against `Date.FormatStyle(date: .long)`.
@Suite struct LongDateTests {
    @Test(arguments: ["zh-Hant", "en", "de", "ja", "th"])
    func writesWhatTheStyleWrites(language: String) throws {
        let format = LocaleFormat(languageCode: language)
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<1_500 {
            let day = try #require(Day(year: Int.random(in: 1900...2100, using: &generator), month: Int.random(in: 1...12, using: &generator),
                                       day: Int.random(in: 1...28, using: &generator)))
            #expect(format.formatDate(day) == format.formatDateWithStyle(day), "\(day)")
        }
    }

    /// The formatter is used for the site's languages, and refused for a language whose probes it does not write.
    @Test func usedOnlyWhereItWritesTheProbes() throws {
        let day = try #require(Day(year: 2025, month: 5, day: 17))
        for language in ["zh-Hant", "en"] {
            let format = LocaleFormat(languageCode: language)
            #expect(LongDate.format(day, languageCode: language, style: format.formatDateWithStyle) != nil, "\(language) fell back")
        }
        #expect(LongDate.format(day, languageCode: "fr-CA", style: { _ in "autre chose" }) == nil)
        #expect(LocaleFormat(languageCode: "zh-Hant").formatDate(day) == "2025年5月17日")
        #expect(LocaleFormat(languageCode: "en").formatDate(day) == "May 17, 2025")
    }
}
