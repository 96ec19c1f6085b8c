import BriefCore
import Foundation
import Testing

/// A translation's keys are taken from its whole front matter when it is made, and an assembled brief keeps its
/// data merged, not in each translation's front matter as well.
@Suite struct FrontMatterKeysTests {
    static let zh = """
    ---
    title: 日內瓦協議
    date: 2025-05-12
    tariffs:
      - {by: US, on: CN, rate: 30, previous: 145, date: 2025-05-14}
    trade:
      - {partner: CN, year: 2024, balance: -295.4e9}
    timeline:
      - {id: talks, date: 2025-05-10, end: 2025-05-11, title: 日內瓦會談, countries: [US, CN]}
    ---
    """
    static let en = """
    ---
    title: The Geneva deal
    date: 2025-05-12
    timeline:
      - {id: talks, title: Talks in Geneva}
    ---
    """

    func translation(_ text: String, language: String) throws -> BriefTranslation {
        let (matter, diagnostics) = decodeBrief(text, file: "Content/briefs/geneva.\(language).md")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return BriefTranslation(language: language, file: "Content/briefs/geneva.\(language).md",
                                frontMatter: try #require(matter), body: "Text.", bodyFirstLine: 10)
    }

    @Test func eachKeyLeavesOutItsOwnPartOnly() throws {
        let base = try translation(Self.zh, language: "zh-Hant").keys
        let rate = try translation(Self.zh.replacingOccurrences(of: "rate: 30", with: "rate: 34.5"), language: "zh-Hant").keys
        let balance = try translation(Self.zh.replacingOccurrences(of: "-295.4e9", with: "-295.5e9"), language: "zh-Hant").keys
        let date = try translation(Self.zh.replacingOccurrences(of: "date: 2025-05-10", with: "date: 2025-05-09"), language: "zh-Hant").keys
        let title = try translation(Self.zh.replacingOccurrences(of: "title: 日內瓦協議", with: "title: 日內瓦"), language: "zh-Hant").keys
        #expect(rate.butTariffsAndTrade == base.butTariffsAndTrade && rate.butEvents != base.butEvents)
        #expect(balance.butTariffsAndTrade == base.butTariffsAndTrade && balance.butEvents != base.butEvents)
        #expect(date.butEvents == base.butEvents && date.butTariffsAndTrade != base.butTariffsAndTrade)
        #expect(title.butEvents != base.butEvents && title.butTariffsAndTrade != base.butTariffsAndTrade)
        #expect(base.butEvents != 0 && base.butTariffsAndTrade != 0)
    }

    @Test func anAssembledBriefHoldsItsDataOnceWithTheKeysOfTheWholeFrontMatter() throws {
        let zh = try translation(Self.zh, language: "zh-Hant")
        let en = try translation(Self.en, language: "en")
        #expect(zh.frontMatter.tariffs != nil && zh.frontMatter.timeline != nil && en.frontMatter.timeline != nil)
        let config = SiteConfig(title: ["zh-Hant": "遠景基金會", "en": "Prospect Foundation"], baseURL: "https://www.example.org/",
                                languages: [Language(code: "zh-Hant", name: "繁體中文"), Language(code: "en", name: "English")])
        var diagnostics = Diagnostics()
        let content = SiteAssembler(config: config, includeDrafts: false).assemble(
            briefs: [BriefSource(slug: "geneva", translation: zh), BriefSource(slug: "geneva", translation: en)], pages: [],
            diagnostics: &diagnostics)
        #expect(!diagnostics.hasErrors, "\(diagnostics.all)")
        let brief = try #require(content.briefs.first)
        #expect(brief.data.tariffs.map(\.rate) == [30])
        #expect(brief.data.trade.count == 1)
        #expect(brief.data.events.map(\.id) == ["talks"])
        #expect(brief.data.events.first?.titles["en"] == "Talks in Geneva")
        for (language, original) in [("zh-Hant", zh), ("en", en)] {
            let kept = try #require(brief.translations[language])
            #expect(kept.frontMatter.tariffs == nil && kept.frontMatter.trade == nil && kept.frontMatter.timeline == nil)
            #expect(kept.frontMatter.title == original.frontMatter.title)
            #expect(kept.keys == original.keys)
            #expect(kept.keys != FrontMatterKeys(kept.frontMatter), "the keys are of the whole front matter")
        }
    }
}
