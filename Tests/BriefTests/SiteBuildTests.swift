import BriefCore
@testable import BriefSite
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct SiteBuildTests {
    @Test func buildsEveryPageOfTheContract() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        let report = try site.buildSucceeding()
        for path in [
            "index.html", "404.html", "sitemap.xml",
            "zh-hant/index.html", "en/index.html", "zh-hant/briefs/index.html", "en/briefs/index.html",
            "zh-hant/briefs/geneva/index.html", "en/briefs/geneva/index.html",
            "zh-hant/briefs/japan/index.html", "en/briefs/japan/index.html",
            "zh-hant/briefs/japan/chart.svg", "en/briefs/japan/chart.svg",
            "zh-hant/about/index.html", "en/about/index.html",
            "zh-hant/topics/關稅/index.html", "zh-hant/topics/美中關係/index.html", "en/topics/tariffs/index.html",
            "zh-hant/countries/us/index.html", "zh-hant/countries/cn/index.html", "zh-hant/countries/jp/index.html",
            "en/countries/jp/index.html", "zh-hant/feed.xml", "en/feed.xml",
        ] {
            #expect(site.exists(path), "missing Public/\(path)")
        }
        #expect(report.pagesPerLanguage.map(\.language) == ["zh-Hant", "en"])
        #expect(report.pagesPerLanguage.allSatisfy { $0.pages > 5 })
    }

    /// Lists longer than a part (`SiteRenderer.teasersPerPart`) are written in parts: every brief is on the
    /// list of all briefs and on its topic's page, once each, newest first.
    @Test func longListsHoldEveryBriefInOrder() throws {
        let count = 2 * SiteRenderer.teasersPerPart + 3
        var files: [String: String] = [:]
        for number in 1...count {
            let (year, month, day) = (2000 + (number - 1) / 336, 1 + ((number - 1) / 28) % 12, 1 + (number - 1) % 28)
            let date = String(format: "%04d-%02d-%02d", year, month, day)
            files["Content/briefs/b\(number).zh-Hant.md"] = "---\ntitle: 簡報 \(number)\ndate: \(date)\ntopics: [貿易]\n---\n\n內文。\n"
        }
        let site = try TemporarySite(files)
        try site.buildSucceeding()
        let newestFirst = (1...count).reversed().map { "b\($0)" }
        for page in ["zh-hant/briefs/index.html", "zh-hant/topics/貿易/index.html"] {
            let html = try site.text(page)
            let linked = html.components(separatedBy: "<li class=\"brief-teaser\">").dropFirst().compactMap { item -> String? in
                guard let start = item.range(of: "<h2><a href=\"")?.upperBound, let end = item[start...].firstIndex(of: "\"") else { return nil }
                return item[start..<end].split(separator: "/").last.map(String.init)
            }
            #expect(linked == newestFirst, "\(page): \(linked.count) teasers")
            #expect(html.hasSuffix("</html>\n"))
        }
    }

    @Test func briefPageShowsItsFacts() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        try site.buildSucceeding()
        let zh = try site.page("zh-hant/briefs/geneva/index.html")
        #expect(zh.title == "日內瓦協議 | 測試基金會")
        #expect(zh.tags("html").first?.attributes["lang"] == "zh-Hant")
        #expect(zh.html.contains("<time datetime=\"2025-05-13\">2025年5月13日</time>"))
        #expect(zh.html.contains("<span class=\"author\">研究部</span>"))
        #expect(zh.html.contains("美中在日內瓦達成協議"), "a soft break between Chinese characters must not become a space")
        #expect(zh.html.contains(">\(Locale(identifier: "zh-Hant").localizedString(forRegionCode: "CN") ?? "?")<"))
        #expect(zh.html.contains(">美國<"))
        #expect(zh.html.contains("閱讀時間約 1 分鐘"))
        let en = try site.page("en/briefs/geneva/index.html")
        #expect(en.html.contains("<time datetime=\"2025-05-13\">May 13, 2025</time>"))
        let english = Locale(identifier: "en")
        #expect(en.html.contains(">\(english.localizedString(forRegionCode: "US") ?? "?")<"))
        #expect(en.html.contains(">\(english.localizedString(forRegionCode: "CN") ?? "?")<"))
        #expect(en.html.contains("1 min read"))
    }

    @Test func linksToSourceFilesBecomeRelativeLinksToTheirPages() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        try site.buildSucceeding()
        let zh = try site.page("zh-hant/briefs/geneva/index.html")
        #expect(zh.html.contains("<a href=\"../japan/\">美日談判</a>"))
        let en = try site.page("en/briefs/geneva/index.html")
        #expect(en.html.contains("<a href=\"../japan/#background\">the Japan talks</a>"))
        let japan = try site.page("en/briefs/japan/index.html")
        #expect(japan.html.contains("<a href=\"../geneva/\">Geneva</a>"))
        #expect(japan.html.contains("<img src=\"chart.svg\""))
    }

    @Test func everyInternalLinkIsRelativeAndResolves() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        try site.buildSucceeding()
        let pages = try site.allPages()
        #expect(pages.count > 20)
        for page in pages {
            for tag in page.tags {
                for attribute in ["href", "src"] {
                    guard let link = tag.attributes[attribute] else { continue }
                    #expect(!link.hasPrefix("/"), "\(page.path): root-relative link \(link)")
                    if link.hasPrefix("https://example.test") {
                        // Only head metadata may use the absolute base URL.
                        #expect(tag.name == "link" || tag.name == "meta", "\(page.path): absolute link \(link) in <\(tag.name)>")
                    }
                }
            }
            for link in page.relativeLinks {
                let target = try #require(page.resolve(link), "\(page.path): \(link) climbs out of Public/")
                #expect(site.exists(target), "\(page.path): \(link) → \(target) does not exist")
            }
        }
    }

    @Test func hreflangAlternatesAreReciprocalAndIncludeXDefault() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        try site.buildSucceeding()
        let base = "https://example.test/"
        for page in try site.allPages() where page.path != "404.html" {
            let alternates = page.alternates.filter { $0.key != "x-default" && !$0.value.hasSuffix(".xml") }
            #expect(!alternates.isEmpty, "\(page.path) has no hreflang alternates")
            #expect(page.alternates["x-default"] != nil, "\(page.path) has no x-default")
            let canonical = try #require(page.canonical)
            if page.path != "index.html" {
                #expect(alternates.values.contains(canonical), "\(page.path) is not among its own alternates")
            }
            for (language, url) in alternates {
                #expect(url.hasPrefix(base))
                let other = try site.page(String(url.dropFirst(base.count)).removingPercentEncoding! + "index.html")
                #expect(other.alternates[language] == url)
                #expect(other.alternates.filter { $0.key != "x-default" } == alternates, "\(page.path) and \(other.path) disagree on alternates")
                #expect(other.tags("html").first?.attributes["lang"] == language)
            }
        }
    }

    @Test func languageSwitchLeadsToTheSamePageOrThatLanguagesHome() throws {
        var files = SampleBriefs.twoBriefSite
        files["Content/briefs/only-chinese.zh-Hant.md"] = "---\ntitle: 只有中文\ndate: 2025-01-01\n---\n內容。\n"
        let site = try TemporarySite(files)
        try site.buildSucceeding()
        let zh = try site.page("zh-hant/briefs/geneva/index.html")
        let switchLink = zh.tags("a").first { $0.attributes["hreflang"] == "en" && $0.attributes["lang"] == "en" }
        #expect(switchLink?.attributes["href"] == "../../../en/briefs/geneva/")
        let lonely = try site.page("zh-hant/briefs/only-chinese/index.html")
        let fallback = lonely.tags("a").first { $0.attributes["hreflang"] == "en" }
        #expect(fallback?.attributes["href"] == "../../../en/")
        #expect(lonely.alternates.keys.sorted() == ["x-default", "zh-Hant"])
    }

    @Test func rootPageIsTheDefaultHomeWithCanonicalToItsPrefix() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        try site.buildSucceeding()
        let root = try site.page("index.html")
        #expect(root.canonical == "https://example.test/zh-hant/")
        #expect(root.tags("html").first?.attributes["lang"] == "zh-Hant")
        #expect(root.html.contains("<a href=\"zh-hant/briefs/geneva/\">日內瓦協議</a>"))
        #expect(root.html.contains("美中在日內瓦達成協議"), "the root lists briefs with their summaries")
    }

    @Test func hostileFrontMatterIsEscapedEverywhere() throws {
        let hostile = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>"
        let site = try TemporarySite([
            "Content/briefs/attack.zh-Hant.md": """
            ---
            title: '\(hostile.replacingOccurrences(of: "'", with: "''"))'
            date: 2025-01-01
            author: '\(hostile.replacingOccurrences(of: "'", with: "''"))'
            affiliation: 'A & B <i>'
            summary: '\(hostile.replacingOccurrences(of: "'", with: "''"))'
            topics: ['<b>topic</b>']
            ---
            Body <script>alert(2)</script>
            """,
        ])
        try site.buildSucceeding()
        for page in try site.allPages() {
            #expect(!page.tags.contains { $0.name == "script" && $0.attributes["type"] != "application/ld+json" },
                    "\(page.path) contains a script element other than its JSON-LD")
            #expect(!page.tags.contains { $0.attributes.keys.contains { $0.hasPrefix("on") } }, "\(page.path) contains an event handler")
            #expect(!page.tags.contains { $0.name == "b" || $0.name == "i" }, "\(page.path) contains markup from front matter")
        }
        let brief = try site.page("zh-hant/briefs/attack/index.html")
        #expect(brief.textOf("h1") == hostile)
        #expect(brief.html.contains("A &amp; B &lt;i&gt;"))
        #expect(brief.tags("meta").first { $0.attributes["name"] == "description" }?.attributes["content"] == hostile)
        let feed = try site.text("zh-hant/feed.xml")
        #expect(!feed.contains("<script"))
        #expect(feed.contains("&lt;script&gt;"))
        let topic = try site.page("zh-hant/topics/b-topic-b/index.html")
        #expect(topic.textOf("h1") == "主題：<b>topic</b>")
    }

    @Test func draftsAreLeftOutUnlessAskedFor() throws {
        var files = SampleBriefs.twoBriefSite
        files["Content/briefs/draft-brief.zh-Hant.md"] = "---\ntitle: 草稿\ndate: 2025-06-01\ndraft: true\n---\n草稿內容。\n"
        files["Content/briefs/draft-brief.en.md"] = "---\ntitle: Draft\ndate: 2025-06-01\n---\nDraft text.\n"
        files["Content/pages/about.en.md"] = SampleBriefs.aboutEn.replacingOccurrences(of: "menu: 1", with: "menu: 1\ndraft: true")
        let site = try TemporarySite(files)
        try site.buildSucceeding()
        #expect(!site.exists("zh-hant/briefs/draft-brief/index.html"))
        #expect(!site.exists("en/briefs/draft-brief/index.html"), "a brief is published only with its default translation")
        #expect(!site.exists("en/about/index.html"), "a draft translation is left out on its own")
        #expect(site.exists("zh-hant/about/index.html"))
        #expect(try !site.text("sitemap.xml").contains("draft-brief"))
        #expect(try !site.text("zh-hant/briefs/index.html").contains("草稿"))

        try site.buildSucceeding(drafts: true)
        let draft = try site.page("zh-hant/briefs/draft-brief/index.html")
        #expect(draft.html.contains("class=\"draft-banner\""))
        #expect(draft.tags("meta").contains { $0.attributes["name"] == "robots" && $0.attributes["content"] == "noindex" })
    }

    @Test func feedsAreAtomWithTheNewestBriefs() throws {
        var files = SampleBriefs.twoBriefSite
        for index in 1...25 {
            files["Content/briefs/b\(index).en.md"] = "---\ntitle: Brief \(index)\ndate: 2024-01-\(String(format: "%02d", index))\n---\nText \(index).\n"
            files["Content/briefs/b\(index).zh-Hant.md"] = "---\ntitle: 簡報 \(index)\ndate: 2024-01-\(String(format: "%02d", index))\n---\n內容。\n"
        }
        let site = try TemporarySite(files)
        try site.buildSucceeding()
        let feed = try site.text("en/feed.xml")
        let document = try XMLDocument(xmlString: feed)
        let root = try #require(document.rootElement())
        #expect(root.name == "feed")
        #expect(root.uri == "http://www.w3.org/2005/Atom")
        let entries = root.elements(forName: "entry")
        #expect(entries.count == 20)
        #expect(entries.first?.elements(forName: "title").first?.stringValue == "US–Japan talks")
        #expect(entries.first?.elements(forName: "id").first?.stringValue == "https://example.test/en/briefs/japan/")
        #expect(entries.last?.elements(forName: "title").first?.stringValue == "Brief 8")
    }

    @Test func sitemapListsPagesWithAlternates() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        try site.buildSucceeding()
        let document = try XMLDocument(xmlString: try site.text("sitemap.xml"))
        let urls = try #require(document.rootElement()).elements(forName: "url")
        let locations = urls.compactMap { $0.elements(forName: "loc").first?.stringValue }
        #expect(locations.contains("https://example.test/zh-hant/briefs/geneva/"))
        #expect(locations.contains("https://example.test/en/briefs/geneva/"))
        #expect(locations.contains("https://example.test/zh-hant/topics/%E9%97%9C%E7%A8%85/"))
        #expect(!locations.contains("https://example.test/"))
        let geneva = try #require(urls.first { $0.elements(forName: "loc").first?.stringValue == "https://example.test/en/briefs/geneva/" })
        let links = geneva.elements(forName: "xhtml:link").map { ($0.value(of: "hreflang"), $0.value(of: "href")) }
        #expect(links.map(\.0) == ["zh-Hant", "en", "x-default"])
        #expect(links.map(\.1) == ["https://example.test/zh-hant/briefs/geneva/", "https://example.test/en/briefs/geneva/", "https://example.test/zh-hant/briefs/geneva/"])
    }

    @Test func stylesheetIsFingerprintedAndLinked() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        try site.buildSucceeding()
        let page = try site.page("en/briefs/geneva/index.html")
        let href = try #require(page.tags("link").first { $0.attributes["rel"] == "stylesheet" }?.attributes["href"])
        #expect(href.hasPrefix("../../../assets/site.") && href.hasSuffix(".css"))
        let css = try site.text(try #require(page.resolve(href)))
        #expect(css.contains("@media print"))
        #expect(css.contains("overflow-x: auto"))
    }
}

extension XMLElement {
    /// `attribute(forName:)` misses attributes of prefixed elements in swift-corelibs-foundation.
    func value(of attribute: String) -> String {
        attributes?.first { $0.name == attribute }?.stringValue ?? ""
    }
}

extension SiteBuildTests {
    @Test func structuredDataCannotBeBrokenOutOf() throws {
        let hostile = "</script><script>alert(1)</script> & \"quotes\""
        let site = try TemporarySite([
            "Content/briefs/attack.zh-Hant.md": """
            ---
            title: '\(hostile)'
            date: 2025-01-01
            author: '</SCRIPT>'
            topics: [a]
            ---
            Body.
            """,
        ])
        try site.buildSucceeding()
        let html = try site.text("zh-hant/briefs/attack/index.html")
        let start = try #require(html.range(of: "<script type=\"application/ld+json\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let json = String(html[start.upperBound..<end.lowerBound])
        #expect(!json.lowercased().contains("</script"), "the JSON-LD can close its script element")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["headline"] as? String == hostile)
        #expect(object["@type"] as? String == "Article")
        #expect((object["author"] as? [String: Any])?["name"] as? String == "</SCRIPT>")
        #expect(object["datePublished"] as? String == "2025-01-01")
        #expect(html.components(separatedBy: "<script").count == 2, "exactly one script element: the JSON-LD")
    }
}
