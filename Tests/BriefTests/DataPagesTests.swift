import BriefCore
import BriefSite
import Foundation
import Testing

/// The seed's data in a small site: computed tables, blocks, timeline,
/// tracker and exports, read back from the built pages and files.
@Suite struct DataPagesTests {
    static let mainZh = """
    ---
    title: 印太貿易談判
    date: 2025-05-20
    topics: [關稅]
    countries: [US, CN, JP]
    tariffs:
      - {by: US, on: CN, rate: 30, previous: 145, effective: 39, date: 2025-05-11}
      - {by: CN, on: US, rate: 10, previous: 125, date: 2025-05-11}
      - {by: US, on: KR, goods: autos, rate: 25, date: 2025-04-03}
    trade:
      - {partner: WORLD, year: 2024, balance: -1200000000000}
      - {partner: JP, year: 2024, balance: -68400000000}
      - {partner: CN, year: 2024, balance: -295000000000}
    timeline:
      - {id: round-1, date: 2025-04-17, title: 美日第一輪談判, countries: [US, JP]}
      - {id: geneva, date: 2025-05-10, end: 2025-05-11, title: 日內瓦談判, countries: [US, CN]}
      - {id: untranslated, date: 2024-12-03, title: 只有中文標題}
    ---

    美中在日內瓦達成協議。

    ```tariffs
    by: US
    on: CN
    ```

    其餘資料在文末。
    """

    static let mainEn = """
    ---
    title: Indo-Pacific trade talks
    date: 2025-05-20
    countries: [US, CN, JP]
    timeline:
      - {id: round-1, title: First US–Japan round}
      - {id: geneva, title: Geneva talks}
    ---

    The US and China agreed in Geneva.

    ```trade
    ```

    ```timeline
    ```
    """

    static let earlierZh = """
    ---
    title: 關稅升高
    date: 2025-04-12
    tariffs:
      - {by: US, on: CN, rate: 145, date: 2025-04-10}
    ---

    關稅升高。
    """

    static var files: [String: String] {
        ["Content/briefs/main.zh-Hant.md": mainZh, "Content/briefs/main.en.md": mainEn,
         "Content/briefs/earlier.zh-Hant.md": earlierZh]
    }

    func built() throws -> TemporarySite {
        let site = try TemporarySite(DataPagesTests.files)
        try site.buildSucceeding()
        return site
    }

    /// The text of every cell of every row of the table with this id.
    func rows(_ page: ParsedPage, table id: String) throws -> [[String]] {
        let start = try #require(page.html.range(of: "<figure class=\"data-table\" id=\"\(id)\">"), "no table \(id) on \(page.path)")
        let end = try #require(page.html.range(of: "</figure>", range: start.upperBound..<page.html.endIndex))
        let table = String(page.html[start.upperBound..<end.lowerBound])
        let body = table.components(separatedBy: "<tbody>").last ?? ""
        return body.components(separatedBy: "<tr>").dropFirst().map { row in
            row.components(separatedBy: "<td").dropFirst().map { cell in
                let inner = cell.drop { $0 != ">" }.dropFirst()
                let text = String(inner).components(separatedBy: "</td>").first ?? ""
                let visible = text.replacing(/<span class="visually-hidden">[^<]*<\/span>/, with: "")
                    .replacing(/<span class="change-mark"[^>]*>[^<]*<\/span>/, with: "")
                return ParsedPage.decodeEntities(visible.replacing(/<[^>]*>/, with: "")).trimmingCharacters(in: .whitespaces)
            }
        }
    }

    @Test func briefPagePlacesBlocksAndAppendsTheRest() throws {
        let site = try built()
        let zh = try site.page("zh-hant/briefs/main/index.html")
        let blockTable = try rows(zh, table: "tariffs-by-us-on-cn")
        #expect(blockTable == [["美國", Locale(identifier: "zh-Hant").localizedString(forRegionCode: "CN") ?? "?", "全部商品", "145%", "30%",
                                "\u{2212}115 個百分點", "\u{2212}79.3%", "39%", "2025年5月11日"]])
        let blockOffset = try #require(zh.html.range(of: "id=\"tariffs-by-us-on-cn\""))
        let bodyStart = try #require(zh.html.range(of: "<div class=\"brief-body\">"))
        let afterText = try #require(zh.html.range(of: "其餘資料在文末", range: bodyStart.upperBound..<zh.html.endIndex))
        #expect(blockOffset.lowerBound < afterText.lowerBound, "the block is rendered in place")
        let trade = try rows(zh, table: "trade")
        #expect(trade.map { $0[2] } == ["\u{2212}1.2 兆美元", "\u{2212}684 億美元", "\u{2212}2950 億美元"])
        #expect(zh.html.range(of: "class=\"brief-data\"")!.lowerBound > afterText.lowerBound, "data without a block follows the text")
        #expect(zh.html.contains("<time datetime=\"2025-05-10\">2025年5月10日至11日</time>"))
        #expect(!zh.html.contains("id=\"tariffs\""), "the tariffs were placed by a block, so they are not appended")

        let en = try site.page("en/briefs/main/index.html")
        let enTrade = try rows(en, table: "trade")
        #expect(enTrade.map { $0[2] } == ["\u{2212}$1.2 trillion", "\u{2212}$68.4 billion", "\u{2212}$295 billion"])
        let enTariffs = try rows(en, table: "tariffs")
        #expect(enTariffs.count == 3)
        #expect(enTariffs[1] == ["China mainland", "United States", "All goods", "125%", "10%", "\u{2212}115 pp", "\u{2212}92.0%", "—", "May 11, 2025"]
                || enTariffs[1][5...6] == ["\u{2212}115 pp", "\u{2212}92.0%"])
        #expect(enTariffs[2][3] == "—" && enTariffs[2][5] == "—", "no value is shown as a dash with hidden text")
        #expect(en.html.contains("<span class=\"no-value\"><span aria-hidden=\"true\">—</span><span class=\"visually-hidden\">no value</span></span>"))
        #expect(en.html.contains("<span lang=\"zh-Hant\">只有中文標題</span>"), "a missing title falls back, marked with its language")
        #expect(en.html.contains("<caption>"))
        #expect(en.html.contains("<th scope=\"col\""))
    }

    @Test func everyTableLinksToACSVOfExactlyItsRows() throws {
        let site = try built()
        for page in try site.allPages() {
            var searchStart = page.html.startIndex
            while let figure = page.html.range(of: "<figure class=\"data-table\" id=\"", range: searchStart..<page.html.endIndex) {
                let idEnd = try #require(page.html[figure.upperBound...].firstIndex(of: "\""))
                let id = String(page.html[figure.upperBound..<idEnd])
                let close = try #require(page.html.range(of: "</figure>", range: idEnd..<page.html.endIndex))
                let chunk = String(page.html[figure.lowerBound..<close.upperBound])
                let href = try #require(chunk.firstMatch(of: /<a href="([^"]+)" type="text\/csv"/)?.1)
                let csvPath = try #require(page.resolve(String(href)))
                let csv = try site.text(csvPath)
                let csvRows = csv.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
                #expect(csvRows.count == (try rows(page, table: id)).count, "\(page.path)#\(id) and \(csvPath) differ in rows")
                searchStart = close.upperBound
            }
        }
    }

    @Test func exportsFollowTheContract() throws {
        let site = try built()
        #expect(try site.text("data/tariffs.csv") == """
        brief,position,by,on,goods,date,previous,rate,change_pp,change_pct,effective\r
        earlier,1,US,CN,all,2025-04-10,,145,,,\r
        main,1,US,CN,all,2025-05-11,145,30,-115,-79.3,39\r
        main,2,CN,US,all,2025-05-11,125,10,-115,-92.0,\r
        main,3,US,KR,autos,2025-04-03,,25,,,\r

        """)
        #expect(try site.text("data/tracker.csv") == """
        by,on,goods,date,previous,rate,change_pp,change_pct,effective,brief,position\r
        CN,US,all,2025-05-11,125,10,-115,-92.0,,main,2\r
        US,CN,all,2025-05-11,145,30,-115,-79.3,39,main,1\r
        US,KR,autos,2025-04-03,,25,,,,main,3\r

        """)
        #expect(try site.text("data/bilateral.csv") == "a,b,rate_a_on_b,rate_b_on_a,gap\r\nCN,US,10,30,-20\r\n")
        #expect(try site.text("data/tariff-trade.csv") == "partner,rate,year,balance\r\nCN,30,2024,-295000000000\r\n")
        #expect(try site.text("data/trade.csv") == """
        brief,partner,year,balance\r
        main,WORLD,2024,-1200000000000\r
        main,JP,2024,-68400000000\r
        main,CN,2024,-295000000000\r

        """)
        let json = try site.text("data/timeline.json")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(events.map { $0["id"] as? String } == ["untranslated", "round-1", "geneva"])
        #expect(events[0]["end"] is NSNull)
        #expect((events[0]["countries"] as? [Any])?.isEmpty == true)
        #expect((events[0]["title"] as? [String: String]) == ["zh-Hant": "只有中文標題"])
        #expect((events[2]["title"] as? [String: String]) == ["zh-Hant": "日內瓦談判", "en": "Geneva talks"])
        #expect(events[2]["end"] as? String == "2025-05-11")
        #expect(json.hasPrefix("[\n  {\"id\": \"untranslated\", \"brief\": \"main\", \"date\": \"2024-12-03\", \"end\": null, \"countries\": [], \"title\": {\"zh-Hant\": \"只有中文標題\"}}"))
    }

    @Test func csvCellsCannotRunAsFormulas() throws {
        var files = DataPagesTests.files
        files["Content/briefs/earlier.zh-Hant.md"] = DataPagesTests.earlierZh.replacingOccurrences(of: "rate: 145,", with: "goods: \"=HYPERLINK(\\\"x\\\")\", rate: 145,")
        let site = try TemporarySite(files)
        try site.buildSucceeding()
        let csv = try site.text("data/tariffs.csv")
        #expect(csv.contains("earlier,1,US,CN,\"'=HYPERLINK(\"\"x\"\")\",2025-04-10,,145,,,\r\n"))
    }

    @Test func timelinePageIsInDateOrderGroupedByYear() throws {
        let site = try built()
        let zh = try site.page("zh-hant/timeline/index.html")
        #expect(zh.tags("section").compactMap { $0.attributes["id"] } == ["y2024", "y2025"])
        #expect(zh.textOf("h2") == "2024年")
        let ids = zh.tags("li").compactMap { $0.attributes["id"] }
        #expect(ids == ["event-main-untranslated", "event-main-round-1", "event-main-geneva"])
        #expect(zh.html.contains("<a href=\"../briefs/main/\">日內瓦談判</a>"))
        let en = try site.page("en/timeline/index.html")
        #expect(en.html.contains("<a href=\"../briefs/main/\"><span lang=\"zh-Hant\">只有中文標題</span></a>"))
        #expect(en.html.contains(">Geneva talks</a>"))
        #expect(en.html.contains("data-end=\"2025-05-11\""))
        // Names listed as each language lists them: a comma in English, 、 in Chinese.
        func names(_ language: String) -> [String] {
            ["US", "CN"].map { Locale(identifier: language).localizedString(forRegionCode: $0) ?? $0 }
        }
        #expect(en.html.contains("<span class=\"event-countries\">\(names("en").joined(separator: ", "))</span>"))
        #expect(zh.html.contains("<span class=\"event-countries\">\(names("zh-Hant").joined(separator: "、"))</span>"))
        #expect(en.alternates["zh-Hant"] == "https://example.test/zh-hant/timeline/")
        let calendar = try site.text("data/timeline.en.ics")
        #expect(calendar.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(calendar.contains("UID:main.geneva@example.test\r\n"))
        #expect(calendar.contains("DTSTART;VALUE=DATE:20250510\r\nDTEND;VALUE=DATE:20250512\r\n"))
        #expect(calendar.contains("SUMMARY:Geneva talks\r\n"))
        #expect(calendar.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(calendar.components(separatedBy: "BEGIN:VEVENT").count == 4)
    }

    @Test func trackerPageShowsCurrentRatesComparisonAndHistory() throws {
        let site = try built()
        let en = try site.page("en/tariffs/index.html")
        let current = try rows(en, table: "current-tariffs")
        #expect(current.count == 3)
        #expect(current[1][3...6] == ["145%", "30%", "\u{2212}115 pp", "\u{2212}79.3%"])
        #expect(current[1][9] == "Indo-Pacific trade talks")
        let bilateral = try rows(en, table: "bilateral-table")
        #expect(bilateral.count == 1 && bilateral[0][2...4] == ["10%", "30%", "\u{2212}20 pp"])
        let history = try rows(en, table: "history-us-cn-all")
        #expect(history.map { $0[4] } == ["145%", "30%"], "each history is in date order")
        #expect(history[0][9] == "關稅升高", "a brief without an English translation is linked in the default language")
        #expect(en.html.contains("hreflang=\"zh-Hant\" lang=\"zh-Hant\">關稅升高</a>"))
        // A history's heading names its table: the caption says it again for screen readers only.
        let sections = en.html.components(separatedBy: "<section class=\"tariff-history\">").dropFirst()
        #expect(sections.count == 3)
        for section in sections {
            let heading = try #require(section.range(of: "<h3>").flatMap { start in
                section.range(of: "</h3>", range: start.upperBound..<section.endIndex).map { String(section[start.upperBound..<$0.lowerBound]) }
            })
            #expect(section.contains("<caption class=\"visually-hidden\">\(heading)</caption>"), "\(heading)")
        }
        #expect(en.html.components(separatedBy: "<caption>").count - 1 == 3, "the three overview tables keep a visible caption")
        let zh = try site.page("zh-hant/tariffs/index.html")
        let tariffTrade = try rows(zh, table: "tariff-trade-table")
        #expect(tariffTrade == [[Locale(identifier: "zh-Hant").localizedString(forRegionCode: "CN") ?? "?", "30%", "2024", "\u{2212}2950 億美元", "印太貿易談判"]])
    }

    @Test func blockMistakesAreErrorsWithTheirLine() throws {
        func errors(_ body: String) throws -> [String] {
            var files = DataPagesTests.files
            files["Content/briefs/main.zh-Hant.md"] = DataPagesTests.mainZh.components(separatedBy: "\n\n美中")[0] + "\n\n" + body
            let site = try TemporarySite(files)
            return try site.buildFailing().filter { $0.severity == .error }.map(\.description)
        }
        let file = "Content/briefs/main.zh-Hant.md"
        #expect(try errors("```tariffs\ncolour: red\n```\n") == ["\(file):21:1: error: unknown key 'colour' in the options of a ```tariffs block; the keys are by, on, goods"])
        #expect(try errors("```tariffs\nby: JP\n```\n") == ["\(file):20:1: error: the filter 'by: JP' matches none of this brief's tariffs; correct it or remove the block"])
        #expect(try errors("```trade\npartner: JP\n```\n") == ["\(file):21:1: error: unknown option 'partner' in a ```trade block, which takes no options; remove it"])
        #expect(try errors("```tariffs\nby: [US\n```\n").first?.hasPrefix("\(file):22:1: error: the options of this ```tariffs block are not valid YAML") == true)
        #expect(try errors("```tariffs\nby: usa\n```\n").first?.hasPrefix("\(file):21:5: error: 'usa' is not a country code") == true)
        let pageErrors = try {
            var files = DataPagesTests.files
            files["Content/pages/about.zh-Hant.md"] = "---\ntitle: 關於\n---\n\n```timeline\n```\n"
            return try TemporarySite(files).buildFailing().filter { $0.severity == .error }.map(\.description)
        }()
        #expect(pageErrors == ["Content/pages/about.zh-Hant.md:5:1: error: a ```timeline block shows a brief's data, and plain pages have none; remove it or move it into a brief"])
    }

    @Test func checkReportsTitleFallbacks() throws {
        let site = try TemporarySite(DataPagesTests.files)
        guard case .success(let report) = SiteBuilder.check(root: site.root) else {
            Issue.record("check failed")
            return
        }
        #expect(report.warnings.map(\.description).contains("Content/briefs/main.en.md:1:1: warning: event 'untranslated' has no en title; the page shows the zh-Hant title instead — add 'title:' for it under 'timeline:' with 'id: untranslated'"))
    }
}
