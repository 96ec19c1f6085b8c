import BriefHTML
import BriefTemplates
import Testing

@Suite struct TemplateTests {
    func chrome(title: String) -> PageChrome {
        PageChrome(language: "en", labels: Labels(language: "en"), siteTitle: "Site \"&\" <Co>", pageTitle: title,
                   description: "d\"<", canonicalURL: "https://example.test/en/x/?a=1&b=2",
                   alternates: [Alternate(hreflang: "en", href: "https://example.test/en/x/")],
                   stylesheetHref: "../s.css", feedHref: "../feed.xml", homeHref: "../",
                   navigation: [Link(label: "Briefs", href: "../briefs/", isCurrent: true)],
                   languageSwitch: [Link(label: "English", href: "./", isCurrent: true, language: "en"),
                                    Link(label: "繁體中文", href: "../../zh-hant/x/", language: "zh-Hant")])
    }

    @Test func layoutEscapesEveryFieldAndMarksTheCurrentPage() {
        let html = plainPage(PlainPageView(chrome: chrome(title: "<b>T</b>"), title: "<b>T</b>", body: "<p>ok</p>")).rendered
        #expect(html.contains("<title>&lt;b&gt;T&lt;/b&gt; | Site &quot;&amp;&quot; &lt;Co&gt;</title>"))
        #expect(html.contains("<link rel=\"canonical\" href=\"https://example.test/en/x/?a=1&amp;b=2\">"))
        #expect(html.contains("<meta name=\"description\" content=\"d&quot;&lt;\">"))
        #expect(html.contains("<li><a href=\"../briefs/\" aria-current=\"page\">Briefs</a></li>"))
        #expect(html.contains("<a href=\"../../zh-hant/x/\" hreflang=\"zh-Hant\" lang=\"zh-Hant\">繁體中文</a>"))
        #expect(html.contains("<h1>&lt;b&gt;T&lt;/b&gt;</h1>\n<p>ok</p>"))
        #expect(!html.contains("draft-banner"))
    }

    /// A long list is written in parts (its top, its teasers a batch at a time, its bottom): the same page as
    /// made whole, with or without teasers.
    @Test func aListInPartsIsTheListMadeWhole() {
        let teasers = (1...5).map { number in
            BriefTeaser(title: "Brief <\(number)>", href: "../briefs/b\(number)/", isoDate: "2025-05-0\(number)", dateText: "May \(number)",
                        summary: "Summary & \(number)", author: number.isMultiple(of: 2) ? "A. Author" : nil, topics: [], isDraft: number == 3)
        }
        let labels = Labels(language: "en")
        for briefs in [teasers, []] {
            var view = BriefListView(chrome: chrome(title: "All"), heading: "All <briefs>", introduction: "Intro",
                                     briefs: briefs, moreLink: Link(label: "More", href: "../more/"),
                                     sideLinks: [Link(label: "Topics", href: "../topics/")])
            let whole = briefListPage(view, bodyClass: "page-briefs").rendered
            view.briefs = []
            let parts = briefListPageTop(view, bodyClass: "page-briefs", hasBriefs: !briefs.isEmpty)
                + BriefTemplates.teasers(Array(briefs.prefix(2)), labels: labels)
                + BriefTemplates.teasers(Array(briefs.dropFirst(2)), labels: labels)
                + briefListPageBottom(view, hasBriefs: !briefs.isEmpty)
            #expect(parts.rendered == whole)
            #expect(whole.contains("<ol class=\"brief-list\">") == !briefs.isEmpty)
            #expect(whole.contains("<p>\(labels.noBriefs)</p>") == briefs.isEmpty)
            #expect(whole.components(separatedBy: "<li class=\"brief-teaser\">").count == briefs.count + 1)
            #expect(whole.contains("<h2><a href=\"../briefs/b1/\">Brief &lt;1&gt;</a></h2>") == !briefs.isEmpty)
        }
    }

    @Test func draftPagesCarryABannerAndNoindex() {
        var page = chrome(title: "T")
        page.isDraft = true
        let html = plainPage(PlainPageView(chrome: page, title: "T", body: HTML())).rendered
        #expect(html.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(html.contains("<div class=\"draft-banner\" role=\"note\"><strong>Draft</strong>"))
    }

    @Test func labelsFollowTheLanguage() {
        #expect(Labels(language: "zh-Hant").readingTime("3") == "閱讀時間約 3 分鐘")
        #expect(Labels(language: "en").readingTime("3") == "3 min read")
        #expect(Labels(language: "fr").briefs == "Briefs")
    }
}
