import BriefCore
import BriefHTML
@testable import BriefSite
import Foundation
import Testing

/// An edit of one brief's body alone makes its page from the old one
/// (`BodyEdit`): the output must be, byte for byte, what a build from
/// nothing gives, and every edit that shows beyond the page must go the
/// whole way.
@Suite struct BodyEditTests {
    /// 24 briefs in two languages, a day apart: the four oldest are in no feed (a feed carries 20).
    /// `brief-00` is a folder with an image; `brief-01` has no summary of its own; `brief-02` places its tariffs.
    static func site() throws -> TemporarySite {
        var files: [String: String] = [:]
        for index in 0..<24 {
            let slug = String(format: "brief-%02d", index)
            let date = String(format: "2025-03-%02d", index + 1)
            let folder = index == 0 ? "Content/briefs/\(slug)/index" : "Content/briefs/\(slug)"
            let up = index == 0 ? "../" : ""
            let next = (index + 1) % 24 == 0 ? "brief-00/index" : String(format: "brief-%02d", index + 1)
            let summary = index == 1 ? "" : "summary: Brief \(index) in short.\n"
            let tariffs = "tariffs:\n  - {by: US, on: CN, rate: \(10 + index), previous: \(5 + index), date: \(date)}\n"
            let block = index == 2 ? "\n```tariffs\n```\n" : ""
            files["\(folder).en.md"] = """
            ---
            title: Brief \(index) & <co>
            date: \(date)
            \(summary)topics: [Tariffs]
            countries: [US, CN]
            \(tariffs)---

            The opening paragraph of brief \(index), which lists cut their summary from.

            ## Background

            See [the next brief](\(up)\(next).en.md) and [a source](https://example.org/\(index)).[^1]
            \(block)
            [^1]: A note.
            """
            files["\(folder).zh-Hant.md"] = """
            ---
            title: 簡報\(index)
            date: \(date)
            summary: 簡報\(index)摘要。
            topics: [關稅]
            countries: [US, CN]
            ---

            簡報\(index)的第一段，
            說明背景。

            ## 背景

            見[下一篇](\(up)\(next).zh-Hant.md)。
            """
        }
        let site = try TemporarySite(files)
        try site.write("Content/briefs/brief-00/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        return site
    }

    static func source(_ site: TemporarySite, _ path: String) throws -> String {
        try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
    }

    static func expectSameAsFromNothing(_ site: TemporarySite, _ what: String) throws {
        let differences = IncrementalBuildTests.differences(filesWithBytes(under: site.output), try IncrementalBuildTests.coldBuild(of: site))
        #expect(differences.isEmpty, "after \(what): \(differences)")
    }

    /// `change` applied to the source at `path`, then a build: its report, and the output's files whose bytes changed.
    static func edited(_ site: TemporarySite, _ path: String, _ change: (String) -> String) throws -> (report: BuildReport, changed: [String]) {
        try site.write(path, change(try source(site, path)))
        let before = site.snapshot()
        let report = try site.buildSucceeding()
        let after = site.snapshot()
        return (report, after.keys.filter { after[$0]?.0 != before[$0]?.0 }.sorted())
    }

    @Test func anEditedBodyIsPutIntoItsOldPage() throws {
        let site = try BodyEditTests.site()
        try site.buildSucceeding()
        let english = "Content/briefs/brief-03.en.md"
        let chinese = "Content/briefs/brief-00/index.zh-Hant.md"
        let edits: [(String, String, (String) -> String)] = [
            ("a paragraph with a link, a footnote and markup-like text", english, {
                $0 + "\nA new paragraph about <tariffs> & [brief 5](brief-05.en.md), 2 < 3.[^2]\n\n[^2]: Another note.\n"
            }),
            ("the same page again", english, { $0.replacingOccurrences(of: "A new paragraph", with: "A changed paragraph") }),
            // 1,200 more Han characters: the reading time grows by minutes.
            ("a long Chinese body, in a folder brief linking its image", chinese, {
                $0 + "\n" + String(repeating: "關稅談判的進展與各國的回應。", count: 90) + "\n\n![圖](chart.svg)\n"
            }),
            ("a paragraph removed", english, { $0.replacingOccurrences(of: "A changed paragraph", with: "Short") }),
            // Its tariff table is the site's computed data: taken from the old page.
            ("text around a data block", "Content/briefs/brief-02.en.md", {
                $0.replacingOccurrences(of: "```tariffs", with: "Before the table.\n\n```tariffs") + "\nAfter the table.\n"
            }),
        ]
        for (what, path, change) in edits {
            let (report, changed) = try BodyEditTests.edited(site, path, change)
            #expect(report.madeFromTheOldPage, "after \(what)")
            #expect(report.files?.written == 1, "after \(what)")
            #expect(changed.count == 1, "after \(what): \(changed)")
            try BodyEditTests.expectSameAsFromNothing(site, what)
        }
        // Nothing to do now; then a file saved again unchanged; then a whole build over what the edits left.
        let idle = try site.buildSucceeding()
        #expect(idle.files?.written == 0 && !idle.madeFromTheOldPage)
        try site.write(english, try BodyEditTests.source(site, english))
        let saved = try site.buildSucceeding()
        #expect(saved.files?.written == 0)
        let titled = "Content/briefs/brief-03.en.md"
        try site.write(titled, try BodyEditTests.source(site, titled).replacingOccurrences(of: "title: Brief 3", with: "title: Brief three"))
        let whole = try site.buildSucceeding()
        #expect(!whole.madeFromTheOldPage)
        try BodyEditTests.expectSameAsFromNothing(site, "a title changed after the edits")
        // And the edits work again after that whole build.
        try site.write(english, try BodyEditTests.source(site, english) + "\nOne more line.\n")
        #expect(try site.buildSucceeding().madeFromTheOldPage)
        try BodyEditTests.expectSameAsFromNothing(site, "an edit after a whole build")
    }

    /// A body its language's feed carries: the page and the feed are made from the old ones, and only they change.
    @Test func aBodyTheFeedCarriesIsPutIntoItsPageAndTheFeed() throws {
        let site = try BodyEditTests.site()
        try site.buildSucceeding()
        let edits: [(String, String, String, (String) -> String)] = [
            ("markup-like text, quotes, a link and a footnote", "Content/briefs/brief-23.en.md", "en", {
                $0 + "\nA paragraph on <tariffs> & \"quotes\" 'too', [brief 5](brief-05.en.md), 2 < 3.[^2]\n\n[^2]: Another note.\n"
            }),
            ("the same body again", "Content/briefs/brief-23.en.md", "en", {
                $0.replacingOccurrences(of: "A paragraph on", with: "A second paragraph on")
            }),
            ("a Chinese body that grows by minutes", "Content/briefs/brief-20.zh-Hant.md", "zh-hant", {
                $0 + "\n" + String(repeating: "關稅談判的進展與各國的回應。", count: 90) + "\n"
            }),
        ]
        for (what, path, prefix, change) in edits {
            let (report, changed) = try BodyEditTests.edited(site, path, change)
            #expect(report.madeFromTheOldPage, "after \(what)")
            #expect(report.files?.written == 2, "after \(what)")
            let slug = URL(fileURLWithPath: path).deletingPathExtension().deletingPathExtension().lastPathComponent
            #expect(changed == ["\(prefix)/briefs/\(slug)/index.html", "\(prefix)/feed.xml"], "after \(what)")
            try BodyEditTests.expectSameAsFromNothing(site, what)
        }
        let feed = try String(contentsOf: site.output.appendingPathComponent("en/feed.xml"), encoding: .utf8)
        #expect(feed.contains("A second paragraph on &amp;lt;tariffs&amp;gt; &amp;amp; &amp;quot;quotes&amp;quot;"))
        // A whole build over what the edits left, then the edit again from its pages.
        let titled = "Content/briefs/brief-23.en.md"
        try site.write(titled, try BodyEditTests.source(site, titled).replacingOccurrences(of: "title: Brief 23", with: "title: Brief twenty-three"))
        #expect(try !site.buildSucceeding().madeFromTheOldPage)
        try site.write(titled, try BodyEditTests.source(site, titled) + "\nOne more line.\n")
        #expect(try site.buildSucceeding().madeFromTheOldPage)
        try BodyEditTests.expectSameAsFromNothing(site, "an edit after a whole build")
    }

    /// The feed's old content is replaced only where it is found once, as a whole content element's text.
    @Test func theFeedSpliceReplacesOnlyAContentFoundOnce() {
        let entry = { (body: String) in "<content type=\"html\" xml:base=\"https://example.org/a/\">\(XMLText.escape(body))</content>\n" }
        let old = "<p>Old & \"quoted\" <em>text</em></p>\n"
        let feed = Array(("<feed>\n<entry>\n" + entry(old) + "</entry>\n<entry>\n" + entry("<p>Other</p>\n") + "</entry>\n</feed>\n").utf8)
        let new = "<p>New & <strong>bold</strong></p>\n"
        let replaced = FeedSplice.replace(old, with: new, in: feed).map { String(decoding: $0, as: UTF8.self) }
        #expect(replaced == "<feed>\n<entry>\n" + entry(new) + "</entry>\n<entry>\n" + entry("<p>Other</p>\n") + "</entry>\n</feed>\n")
        // Twice (two entries with the same body), not at all, or only as part of a longer content: not replaced.
        let twice = Array(("<feed>\n" + entry(old) + entry(old) + "</feed>\n").utf8)
        #expect(FeedSplice.replace(old, with: new, in: twice) == nil)
        #expect(FeedSplice.replace("<p>Missing</p>\n", with: new, in: feed) == nil)
        #expect(FeedSplice.replace("<em>text</em></p>\n", with: new, in: feed) == nil)
    }

    static let wholeBuildEdits: [(String, @Sendable (TemporarySite) throws -> Void)] = [
        ("a body carried by the feed, the feed changed in Public", { site in
            let feed = site.output.appendingPathComponent("en/feed.xml")
            try (try String(contentsOf: feed, encoding: .utf8) + "<!-- by hand -->").write(to: feed, atomically: false, encoding: .utf8)
            try site.write("Content/briefs/brief-23.en.md", try source(site, "Content/briefs/brief-23.en.md") + "\nNew text.\n")
        }),
        ("the front matter with the body", { site in
            let path = "Content/briefs/brief-03.en.md"
            try site.write(path, try source(site, path).replacingOccurrences(of: "Brief 3 in short", with: "Brief three") + "\nNew text.\n")
        }),
        ("a data block added", { site in
            try site.write("Content/briefs/brief-03.en.md", try source(site, "Content/briefs/brief-03.en.md") + "\n```tariffs\n```\n")
        }),
        ("a data block removed", { site in
            let path = "Content/briefs/brief-02.en.md"
            try site.write(path, try source(site, path).replacingOccurrences(of: "```tariffs\n```", with: "No table.") + "\nNew text.\n")
        }),
        ("a data block's options changed", { site in
            let path = "Content/briefs/brief-02.en.md"
            try site.write(path, try source(site, path).replacingOccurrences(of: "```tariffs\n```", with: "```tariffs\nby: US\n```"))
        }),
        ("a second data block like the first", { site in
            let path = "Content/briefs/brief-02.en.md"
            try site.write(path, try source(site, path) + "\n```tariffs\n```\n")
        }),
        ("the paragraph a list's summary is cut from", { site in
            let path = "Content/briefs/brief-01.en.md"
            try site.write(path, try source(site, path).replacingOccurrences(of: "The opening paragraph", with: "The first paragraph"))
        }),
        ("two bodies at once", { site in
            for path in ["Content/briefs/brief-03.en.md", "Content/briefs/brief-04.en.md"] {
                try site.write(path, try source(site, path) + "\nNew text.\n")
            }
        }),
        ("a body edited after its page was changed in Public", { site in
            try site.write("Public/en/briefs/brief-03/index.html", "changed by hand")
            try site.write("Content/briefs/brief-03.en.md", try source(site, "Content/briefs/brief-03.en.md") + "\nNew text.\n")
        }),
        ("a body edited with the index damaged", { site in
            let folder = site.root.appendingPathComponent(".briefsite-cache")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasPrefix("body-edits-") {
                var bytes = try Data(contentsOf: folder.appendingPathComponent(name))
                bytes[bytes.count / 2] ^= 0x55
                try bytes.write(to: folder.appendingPathComponent(name))
            }
            try site.write("Content/briefs/brief-03.en.md", try source(site, "Content/briefs/brief-03.en.md") + "\nNew text.\n")
        }),
    ]

    @Test(arguments: 0..<BodyEditTests.wholeBuildEdits.count)
    func editsThatShowBeyondThePageTakeTheWholeBuild(_ index: Int) throws {
        let (what, edit) = BodyEditTests.wholeBuildEdits[index]
        let site = try BodyEditTests.site()
        try site.buildSucceeding()
        try edit(site)
        let report = try site.buildSucceeding()
        #expect(!report.madeFromTheOldPage, "after \(what)")
        try BodyEditTests.expectSameAsFromNothing(site, what)
    }

    /// The index of an earlier build, whole and with a valid checksum, is not this build's: its token differs.
    @Test func anIndexLeftByAnotherBuildIsNotUsed() throws {
        let site = try BodyEditTests.site()
        try site.buildSucceeding()
        let folder = site.root.appendingPathComponent(".briefsite-cache")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix("body-edits-") })
        let earlier = try Data(contentsOf: folder.appendingPathComponent(name))
        let other = "Content/briefs/brief-05.en.md"
        try site.write(other, try BodyEditTests.source(site, other).replacingOccurrences(of: "title: Brief 5", with: "title: Brief five"))
        #expect(try !site.buildSucceeding().madeFromTheOldPage)
        try earlier.write(to: folder.appendingPathComponent(name))
        let path = "Content/briefs/brief-03.en.md"
        try site.write(path, try BodyEditTests.source(site, path) + "\nNew text.\n")
        #expect(try !site.buildSucceeding().madeFromTheOldPage)
        try BodyEditTests.expectSameAsFromNothing(site, "an edit with an earlier build's index")
    }

    /// An edit resolves its links against the index's sources as written, scanned, not made into tables: every
    /// lookup gives what the tables of a whole render give, for published, unpublished and missing sources, paths
    /// that only share a beginning with one, and paths in Han characters.
    @Test func theIndexsSourcesAnswerAsTheRendersTablesDo() {
        let sources: [(path: String, page: String?)] = [
            ("Content/briefs/a.en.md", "en/briefs/a/"), ("Content/briefs/a.en.mdx", nil), ("Content/briefs/b.en.md", nil),
            ("Content/briefs/關稅/index.zh-Hant.md", "zh-hant/briefs/關稅/"), ("Content/pages/about.en.md", "en/about/"),
        ]
        var writer = CacheWriter()
        writer.varint(UInt64(sources.count))
        for source in sources { writer.string(source.path); writer.string(source.page ?? "") }
        let encoded = EncodedSourcePages(bytes: writer.bytes[...])
        let tables = SourceTables(pageBySource: Dictionary(uniqueKeysWithValues: sources.compactMap { source in source.page.map { (source.path, $0) } }),
                                  knownSources: Set(sources.map(\.path)))
        let asked = sources.map(\.path) + ["Content/briefs/a.en", "Content/briefs/c.en.md", "Content/briefs/關稅/index.en.md", ""]
        for path in asked {
            #expect(encoded.page(of: path) == tables.page(of: path), "\(path)")
        }
        #expect(encoded.page(of: "Content/briefs/關稅/index.zh-Hant.md") == .published(page: "zh-hant/briefs/關稅/"))
        #expect(encoded.page(of: "Content/briefs/b.en.md") == .unpublished)
        #expect(encoded.page(of: "Content/briefs/c.en.md") == .missing)
    }

    /// A body edit saves its index and the manifest at once. When the index cannot be saved (here a folder stands
    /// where its temporary file would be written), the edit is still made and the manifest names no index: the
    /// next edit takes the whole build, which saves an index again, and the edit after that is made from the page.
    @Test func anIndexThatCannotBeSavedIsNotNamedByTheManifest() throws {
        let site = try BodyEditTests.site()
        try site.buildSucceeding()
        let blocker = URL(fileURLWithPath: BodyEditIndex.file(root: site.root, output: site.output).path + ".tmp-\(getpid())")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: false)
        let path = "Content/briefs/brief-03.en.md"
        try site.write(path, try BodyEditTests.source(site, path) + "\nNew text.\n")
        let edited = try site.buildSucceeding()
        #expect(edited.madeFromTheOldPage && edited.files?.written == 1)
        try BodyEditTests.expectSameAsFromNothing(site, "an edit whose index could not be saved")
        let manifest = try #require(BuildManifest.load(root: site.root, output: site.output))
        #expect(manifest.bodyEditToken == nil)
        try FileManager.default.removeItem(at: blocker)
        try site.write(path, try BodyEditTests.source(site, path) + "\nMore text.\n")
        #expect(try !site.buildSucceeding().madeFromTheOldPage)
        try BodyEditTests.expectSameAsFromNothing(site, "the edit after it")
        try site.write(path, try BodyEditTests.source(site, path) + "\nAnd more.\n")
        #expect(try site.buildSucceeding().madeFromTheOldPage)
        try BodyEditTests.expectSameAsFromNothing(site, "the edit after the whole build")
    }

    @Test func aMistakeInTheEditedBodyIsReportedAndChangesNothing() throws {
        let site = try BodyEditTests.site()
        try site.buildSucceeding()
        let before = site.snapshot()
        let path = "Content/briefs/brief-03.en.md"
        try site.write(path, try BodyEditTests.source(site, path) + "\nSee [a brief that is not there](brief-99.en.md).\n")
        let diagnostics = try site.buildFailing()
        #expect(diagnostics.contains { $0.location.file == path && $0.message.contains("does not exist") }, "\(diagnostics)")
        let after = site.snapshot()
        #expect(after.keys.sorted() == before.keys.sorted())
        #expect(after.allSatisfy { before[$0.key]?.0 == $0.value.0 && before[$0.key]?.1 == $0.value.1 })
        // Corrected, the edit is made from the old page.
        try site.write(path, try BodyEditTests.source(site, path).replacingOccurrences(of: "brief-99", with: "brief-09"))
        #expect(try site.buildSucceeding().madeFromTheOldPage)
        try BodyEditTests.expectSameAsFromNothing(site, "the link corrected")
    }

    @Test func theSpliceFindsTheBodyOnlyWhereTheTemplatePutsIt() throws {
        let body = "<p>Text</p>\n"
        let page = """
        <html><head><title>&lt;div class=&quot;brief-body&quot;&gt;</title></head><body>
        <p class="brief-meta"><time datetime="2025-01-01">1 January 2025</time><span class="separator">·</span><span>3 min read</span></p>
        <div class="brief-body">
        \(body)</div>
        </body></html>
        """
        let splice = try #require(BodySplice.find(in: page, body: body, readingTime: "3 min read"))
        let made = try #require(splice.apply(to: Array(page.utf8), readingTime: "12 min <read>", body: "<p>New</p>\n"))
        let text = String(decoding: made.page, as: UTF8.self)
        #expect(text == page.replacingOccurrences(of: "3 min read", with: "12 min &lt;read&gt;").replacingOccurrences(of: body, with: "<p>New</p>\n"))
        #expect(BodySplice.find(in: text, body: "<p>New</p>\n", readingTime: "12 min <read>") == made.splice)
        // With no new reading time, the page keeps the text it shows.
        let kept = try #require(splice.apply(to: Array(page.utf8), readingTime: nil, body: "<p>New</p>\n"))
        #expect(String(decoding: kept.page, as: UTF8.self) == page.replacingOccurrences(of: body, with: "<p>New</p>\n"))
        #expect(BodySplice.find(in: String(decoding: kept.page, as: UTF8.self), body: "<p>New</p>\n", readingTime: "3 min read") == kept.splice)
        // A body that is not where the marker ends: no splice.
        #expect(BodySplice.find(in: page, body: "<p>Other</p>\n", readingTime: "3 min read") == nil)
        #expect(BodySplice.find(in: page, body: body, readingTime: "4 min read") == nil)
    }
}
