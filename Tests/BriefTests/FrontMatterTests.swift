import BriefCore
import Foundation
import Testing

/// Decodes a brief's front matter from the text of a whole file.
func decodeBrief(_ text: String, file: String = "Content/briefs/x.en.md") -> (BriefFrontMatter?, [Diagnostic]) {
    var diagnostics = Diagnostics()
    switch FrontMatterSplitter.split(text, file: file) {
    case .failure(let diagnostic): return (nil, [diagnostic])
    case .success(let split):
        switch YAMLDocument.parse(split.frontMatter, file: file, firstLine: split.frontMatterFirstLine) {
        case .failure(let diagnostic): return (nil, [diagnostic])
        case .success(let document):
            let matter = FrontMatterDecoder.brief(document, diagnostics: &diagnostics)
            return (matter, diagnostics.all)
        }
    }
}

@Suite struct FrontMatterTests {
    /// The same list of countries, in a brief's front matter or an event's, is held once; a different list (or
    /// order) is its own, and every list keeps what was written.
    @Test func sameCountryListsAreHeldOnce() throws {
        func countries(_ list: String, event: String) throws -> (brief: [CountryCode], event: [CountryCode]) {
            let (matter, diagnostics) = decodeBrief("""
            ---
            title: Lists
            date: 2025-05-17
            countries: \(list)
            timeline:
              - {id: talks, date: 2025-05-10, title: Talks, countries: \(event)}
            ---

            Text.
            """)
            #expect(diagnostics.isEmpty, "\(diagnostics)")
            let found = try #require(matter)
            return (found.countries, try #require(found.timeline?.value.first?.countries))
        }
        func storage(_ list: [CountryCode]) -> UnsafeRawPointer? {
            list.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
        }
        let first = try countries("[TW, US]", event: "[TW, US]")
        let second = try countries("[TW, US]", event: "[US, TW]")
        #expect(first.brief.map(\.code) == ["TW", "US"] && second.event.map(\.code) == ["US", "TW"])
        #expect(storage(first.brief) != nil && storage(first.brief) == storage(first.event))
        #expect(storage(first.brief) == storage(second.brief))
        #expect(storage(second.event) != storage(second.brief))
    }

    @Test func aCompleteBriefIsTyped() throws {
        let (matter, diagnostics) = decodeBrief("""
        ---
        title: Tariffs
        date: 2025-05-17
        author: A. Author
        draft: false
        topics: [trade, security]
        countries: [US, CN, EU, WORLD, NO]
        tariffs:
          - by: US
            on: CN
            rate: 30
            previous: 145
            effective: 39.5
            date: 2025-05-11
          - {by: CN, on: US, goods: autos, rate: 10, date: 2025-05-11}
        trade:
          - {partner: JP, year: 2024, balance: -68400000000}
        timeline:
          - {id: geneva, date: 2025-05-10, end: 2025-05-11, title: Geneva, countries: [US, CN]}
        ---
        Body.
        """)
        #expect(diagnostics.isEmpty)
        let brief = try #require(matter)
        #expect(brief.title == "Tariffs")
        #expect(brief.date == Day(year: 2025, month: 5, day: 17))
        #expect(brief.countries.map(\.code) == ["US", "CN", "EU", "WORLD", "NO"])
        let tariffs = try #require(brief.tariffs?.value)
        #expect(tariffs.count == 2)
        #expect(tariffs[0].by.code == "US" && tariffs[0].on.code == "CN")
        #expect(tariffs[0].rate == 30 && tariffs[0].previous == 145 && tariffs[0].effective == Decimal(string: "39.5"))
        #expect(tariffs[0].goods == "all")
        #expect(tariffs[1].goods == "autos")
        #expect(brief.trade?.value.first?.balance == Decimal(string: "-68400000000"))
        #expect(brief.timeline?.value.first?.end == Day(year: 2025, month: 5, day: 11))
    }

    @Test func yamlDoesNotReinterpretKeysOrCodes() throws {
        // In YAML 1.1 `on` and `NO` are booleans; here they stay a key and Norway.
        let (matter, diagnostics) = decodeBrief("""
        ---
        title: yes
        date: 2025-01-02
        countries: [NO, JP]
        tariffs:
          - {by: NO, on: JP, rate: 5, date: 2025-01-02}
        ---
        """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let brief = try #require(matter)
        #expect(brief.title == "yes")
        #expect(brief.tariffs?.value.first?.by.code == "NO")
        #expect(brief.tariffs?.value.first?.on.code == "JP")
    }

    @Test func unknownKeyIsReportedWithSuggestionAndLocation() {
        let (_, diagnostics) = decodeBrief("---\ntitle: T\ndate: 2025-01-01\nauthour: me\n---\n")
        #expect(diagnostics.map(\.description) == ["Content/briefs/x.en.md:4:1: error: unknown key 'authour' in the front matter; did you mean 'author'?"])
    }

    @Test func everyMistakeOfAFileIsReportedAtOnce() {
        let (_, diagnostics) = decodeBrief("""
        ---
        title: T
        date: 2025-02-30
        draft: maybe
        countries: [JPN, jp]
        tariffs:
          - {by: US, on: CN, rate: 1200, date: 2025-05-11}
          - {by: US, rate: "30", date: 2025-05-11}
        timeline:
          - {id: a, date: 2025-05-11, end: 2025-05-10, title: A}
          - {id: a, date: 2025-05-12, title: B}
          - {id: Bad_ID, date: 2025-05-12, title: C}
        ---
        """)
        let lines = diagnostics.map(\.description)
        #expect(lines.contains("Content/briefs/x.en.md:3:7: error: 'date' is not a valid date: '2025-02-30'; write it as YYYY-MM-DD, e.g. 2025-05-17"))
        #expect(lines.contains("Content/briefs/x.en.md:4:8: error: 'draft' must be true or false, not 'maybe'"))
        #expect(lines.contains { $0.hasPrefix("Content/briefs/x.en.md:5:13: error: 'JPN' is not a country code") })
        #expect(lines.contains("Content/briefs/x.en.md:5:18: error: 'jp' is not a country code; did you mean 'JP'? (codes are upper case)"))
        #expect(lines.contains("Content/briefs/x.en.md:7:28: error: 'rate' is 1200%, outside 0 to 1000; a rate is a percentage such as 25 for 25%"))
        #expect(lines.contains("Content/briefs/x.en.md:8:5: error: a tariff measure has no 'on'; add a line 'on: US'"))
        #expect(lines.contains { $0.hasPrefix("Content/briefs/x.en.md:8:20: error: 'rate' must be a number") })
        #expect(lines.contains { $0.hasPrefix("Content/briefs/x.en.md:10:36: error: event 'a' ends (2025-05-10) before it starts (2025-05-11)") })
        #expect(lines.contains { $0.hasPrefix("Content/briefs/x.en.md:11:10: error: event id 'a' is used twice in this brief") })
        #expect(lines.contains { $0.hasPrefix("Content/briefs/x.en.md:12:10: error: event id 'Bad_ID' is not a slug") })
        #expect(diagnostics.allSatisfy { $0.severity == .error })
    }

    @Test func missingRequiredKeysAndWrongShapes() {
        let (_, diagnostics) = decodeBrief("---\nauthor: [a, b]\ntopics: trade\n---\n")
        let lines = diagnostics.map(\.description)
        #expect(lines.contains("Content/briefs/x.en.md:2:1: error: the front matter has no 'title'; add a line 'title: The brief's title'"))
        #expect(lines.contains("Content/briefs/x.en.md:2:1: error: the front matter has no 'date'; add a line 'date: YYYY-MM-DD'"))
        #expect(lines.contains("Content/briefs/x.en.md:2:9: error: 'author' must be text, not a list"))
        #expect(lines.contains { $0.hasPrefix("Content/briefs/x.en.md:3:9: error: 'topics' must be a list") })
    }

    @Test func brokenFilesGiveOneClearError() {
        #expect(decodeBrief("").1.map(\.description) == ["Content/briefs/x.en.md:1:1: error: the file is empty; a page starts with front matter: a line '---', 'title: ...', 'date: YYYY-MM-DD', and a closing '---'"])
        #expect(decodeBrief("---\ntitle: T\n").1.first?.message.contains("never closed") == true)
        #expect(decodeBrief("# Just markdown\n").1.first?.message.contains("does not start with front matter") == true)
        let tab = decodeBrief("---\ntitle: T\ntariffs:\n\t- by: US\n---\n").1
        #expect(tab.map(\.description) == ["Content/briefs/x.en.md:4:1: error: a tab indents this line; YAML allows only spaces for indentation, replace the tab with spaces"])
        let quote = decodeBrief("---\ntitle: \"unclosed\ndate: 2025-01-01\n---\n").1
        #expect(quote.count == 1 && quote[0].location.line >= 2 && quote[0].message.hasPrefix("invalid YAML"))
        let duplicate = decodeBrief("---\ntitle: A\ntitle: B\ndate: 2025-01-01\n---\n").1
        #expect(duplicate.first?.message.contains("written twice") == true)
    }

    @Test func byteOrderMarkAndCRLFAreAccepted() throws {
        let (matter, diagnostics) = decodeBrief("\u{FEFF}---\r\ntitle: T\r\ndate: 2025-01-01\r\n---\r\nBody\r\n")
        #expect(diagnostics.isEmpty)
        #expect(matter?.title == "T")
    }

    @Test func countryCodesAreISOAlpha2() {
        #expect(CountryCode("TW") != nil)
        #expect(CountryCode("EU") != nil)
        #expect(CountryCode("WORLD") != nil)
        #expect(CountryCode("XK") == nil)
        #expect(CountryCode("UK") == nil)
        #expect(CountryCode("us") == nil)
        #expect(CountryCode.iso3166Alpha2.count == 249)
    }

    /// A code read back from the build's own files is checked for its form only: every valid code passes,
    /// and nothing that is not two capitals or a special code does.
    @Test func cachedCountryCodesAreCheckedForTheirForm() {
        for code in CountryCode.iso3166Alpha2.union(CountryCode.specialCodes) {
            #expect(CountryCode(cached: code)?.code == code)
        }
        for text in ["", "T", "tw", "Tw", "TWN", "T1", "world", "ＴＷ", "T\u{0}"] {
            #expect(CountryCode(cached: text) == nil, "\(text) passed")
        }
    }

    @Test func daysAreStrict() {
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2025-02-29") == nil)
        #expect(Day(iso: "2025-5-17") == nil)
        #expect(Day(iso: "2025-05-17T00:00") == nil)
        #expect(Day(iso: "2025-05-17")?.iso == "2025-05-17")
    }
}
