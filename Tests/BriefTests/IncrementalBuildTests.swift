import BriefCore
@testable import BriefSite
import Foundation
import Testing

/// `build` after an edit uses the build cache (parsed files, body facts, page
/// fingerprints) and the spare output folder: it must give, byte for byte,
/// the site a build from nothing gives, while rendering only what changed.
@Suite struct IncrementalBuildTests {
    /// The site a first build of the same Content/ gives, in a fresh folder with no cache.
    static func coldBuild(of site: TemporarySite) throws -> [String: Data] {
        let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-cold-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: fresh, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: fresh) }
        try FileManager.default.copyItem(at: site.root.appendingPathComponent("Content"), to: fresh.appendingPathComponent("Content"))
        guard case .success(let report) = SiteBuilder.build(root: fresh) else { throw TestFailure("the cold build failed") }
        #expect(report.rendering?.pagesReused == 0)
        return filesWithBytes(under: fresh.appendingPathComponent("Public"))
    }

    static func differences(_ seen: [String: Data], _ expected: [String: Data]) -> [String] {
        Set(seen.keys).union(expected.keys).filter { seen[$0] != expected[$0] }.sorted()
    }

    struct Edit: Sendable, CustomStringConvertible {
        var description: String
        var apply: @Sendable (TemporarySite) throws -> Void
        /// At most this many pages and files rendered again.
        var maxRendered: Int
        /// At most this many sources read.
        var maxParsed = 2
    }

    static let edits: [Edit] = [
        Edit(description: "one brief's body", apply: { site in
            // A new paragraph near the top changes the derived summary, so the lists that show it too.
            try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nOne more sentence.\n")
        }, maxRendered: 8),
        Edit(description: "one brief's title", apply: { site in
            try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn.replacingOccurrences(of: "The Geneva deal", with: "The deal in Geneva"))
        }, maxRendered: 30),
        Edit(description: "an event's date", apply: { site in
            try site.write("Content/briefs/geneva.zh-Hant.md", SampleBriefs.genevaZh.replacingOccurrences(of: "date: 2025-05-10", with: "date: 2025-05-09"))
        }, maxRendered: 30),
        // A year after the others: the year that was last, unchanged, gains a comma in timeline.json; then back.
        Edit(description: "an event in a new last year", apply: { site in
            try site.write("Content/briefs/japan/index.zh-Hant.md", SampleBriefs.japanZh.replacingOccurrences(
                of: "countries: [JP]\n", with: "countries: [JP]\ntimeline:\n  - {id: follow-up, date: 2026-01-15, title: 後續會談}\n"))
        }, maxRendered: 30),
        Edit(description: "that event removed", apply: { site in
            try site.write("Content/briefs/japan/index.zh-Hant.md", SampleBriefs.japanZh)
        }, maxRendered: 30),
        Edit(description: "an event moved into a new last year", apply: { site in
            try site.write("Content/briefs/geneva.zh-Hant.md", SampleBriefs.genevaZh.replacingOccurrences(of: "date: 2025-05-10, end: 2025-05-11", with: "date: 2026-01-15, end: 2026-01-16"))
        }, maxRendered: 30),
        Edit(description: "that event moved back", apply: { site in
            try site.write("Content/briefs/geneva.zh-Hant.md", SampleBriefs.genevaZh)
        }, maxRendered: 30),
        Edit(description: "a tariff rate", apply: { site in
            try site.write("Content/briefs/geneva.zh-Hant.md", SampleBriefs.genevaZh.replacingOccurrences(of: "rate: 30", with: "rate: 34.50"))
        }, maxRendered: 40),
        Edit(description: "a new brief", apply: { site in
            try site.write("Content/briefs/korea.en.md", """
            ---
            title: Seoul talks
            date: 2025-06-02
            topics: [Tariffs, Korea]
            countries: [KR]
            tariffs:
              - {by: US, on: KR, rate: 25, previous: 10, date: 2025-06-01}
            ---

            Talks in Seoul. See [Geneva](geneva.en.md).
            """)
            try site.write("Content/briefs/korea.zh-Hant.md", """
            ---
            title: 首爾談判
            date: 2025-06-02
            topics: [關稅, 韓國]
            countries: [KR]
            tariffs:
              - {by: US, on: KR, rate: 25, previous: 10, date: 2025-06-01}
            ---

            首爾談判。
            """)
            // Its two files, and the one whose tariff the edit before put into the pages and files from the old
            // ones (`TariffEdit`, which leaves the build cache as it was).
        }, maxRendered: 100, maxParsed: 3),
        Edit(description: "a brief's image", apply: { site in
            try site.write("Content/briefs/japan/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"2\" height=\"2\"/></svg>")
        }, maxRendered: 0),
        Edit(description: "a translation made a draft", apply: { site in
            let path = site.root.appendingPathComponent("Content/briefs/korea.en.md")
            let text = try String(contentsOf: path, encoding: .utf8)
            try site.write("Content/briefs/korea.en.md", text.replacingOccurrences(of: "date: 2025-06-02", with: "date: 2025-06-02\ndraft: true"))
        }, maxRendered: 100),
        Edit(description: "a brief made a bundle folder", apply: { site in
            for language in ["en", "zh-Hant"] {
                let text = try String(contentsOf: site.root.appendingPathComponent("Content/briefs/korea.\(language).md"), encoding: .utf8)
                try site.remove("Content/briefs/korea.\(language).md")
                try site.write("Content/briefs/korea/index.\(language).md", text.replacingOccurrences(of: "(geneva.en.md)", with: "(../geneva.en.md)"))
            }
        }, maxRendered: 100),
        Edit(description: "a brief removed", apply: { site in
            try site.remove("Content/briefs/korea")
        }, maxRendered: 100),
        Edit(description: "a new page", apply: { site in
            try site.write("Content/pages/contact.en.md", "---\ntitle: Contact\nmenu: 2\n---\n\nWrite to us.\n")
        }, maxRendered: 100),
        Edit(description: "the site's title", apply: { site in
            try site.write("Content/site.yaml", TemporarySite.defaultSiteYAML.replacingOccurrences(of: "Test Foundation", with: "The Test Foundation"))
        }, maxRendered: 100),
    ]

    /// The checks of Content/ and of the output list only the folders that changed (`FolderRecord`): each
    /// edit below must be found by them.
    @Test func everyEditBuildsWhatABuildFromNothingBuilds() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        let first = try site.buildSucceeding()
        let total = (first.rendering?.pagesRendered ?? 0) + (first.rendering?.pagesReused ?? 0)
        #expect(first.rendering?.pagesReused == 0 && total > 30)
        for edit in IncrementalBuildTests.edits {
            try edit.apply(site)
            let report = try site.buildSucceeding()
            let differences = IncrementalBuildTests.differences(filesWithBytes(under: site.output),
                                                                try IncrementalBuildTests.coldBuild(of: site))
            #expect(differences.isEmpty, "after \(edit): \(differences)")
            let rendered = report.rendering?.pagesRendered ?? -1
            #expect(rendered >= 0 && rendered <= edit.maxRendered, "after \(edit): \(rendered) outputs rendered")
            #expect((report.parsing?.parsed ?? 99) <= edit.maxParsed, "after \(edit): \(report.parsing?.parsed ?? -1) sources read")
        }
    }

    /// The scan of Content/ is written into the build cache as soon as it is made (not held to the end of the
    /// render): the cache holds it once, with every source and bundle file, under the number of the tree it
    /// scanned, and a build after an edit that renders the site again finds it there and writes it again.
    @Test func theScanOfContentIsInTheBuildCacheForTheTreeItScanned() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        let program = try #require(BuildManifest.program)
        func storedLayout() throws -> ContentLayout {
            let stored = try #require(StoredCaches.load(root: site.root, output: site.output, program: program))
            let layouts = stored.entries.filter { if case .layout = $0 { return true } else { return false } }
            #expect(layouts.count == 1)
            let tree = StoredCaches.tree(FileStamps.all(under: site.root.appendingPathComponent("Content").path, includingFolders: true))
            return try #require(stored.layout(tree: tree), "no layout for the tree as it is now")
        }
        try site.buildSucceeding()
        let sources = SampleBriefs.twoBriefSite.keys.filter { $0.hasSuffix(".md") }.sorted()
        let first = try storedLayout()
        #expect(first.files.map(\.path).sorted() == sources)
        #expect(first.assetsByBundle.values.flatMap { $0 }.map(\.relativePath) == ["chart.svg"])
        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn.replacingOccurrences(of: "The Geneva deal", with: "The deal in Geneva"))
        let report = try site.buildSucceeding()
        #expect((report.rendering?.pagesRendered ?? 0) > 0, "the title edit renders the site again")
        #expect(try storedLayout().files.map(\.path).sorted() == sources)
    }

    @Test func oneBodyEditRendersOnePageAndWritesOneFile() throws {
        // With a summary of its own, a brief's body is shown only on its page and in the feed.
        let japan = SampleBriefs.japanEn.replacingOccurrences(of: "countries: [JP]", with: "countries: [JP]\nsummary: The talks in brief.")
        let site = try TemporarySite(SampleBriefs.twoBriefSite.merging(["Content/briefs/japan/index.en.md": japan]) { _, new in new })
        try site.buildSucceeding()
        try site.buildSucceeding()
        let before = site.snapshot()
        try site.write("Content/briefs/japan/index.en.md", japan + "\nA closing line.\n")
        let report = try site.buildSucceeding()
        #expect(report.parsing?.parsed == 1)
        // The brief's page, and the feed that carries its text; nothing else.
        #expect(report.rendering?.pagesRendered == 2, "\(String(describing: report.rendering))")
        let after = site.snapshot()
        let changed = after.keys.filter { after[$0]?.0 != before[$0]?.0 }.sorted()
        #expect(changed == ["en/briefs/japan/index.html", "en/feed.xml"])
        #expect(report.files?.written == 2)
        for (path, (_, modified)) in after where !changed.contains(path) {
            #expect(before[path]?.1 == modified, "an unchanged file was rewritten: \(path)")
        }
    }

    /// Whatever happened to the cache, the output or the spare, the build is right.
    @Test(arguments: ["corrupt cache", "truncated cache", "empty cache", "page edited in Public", "page removed from Public",
                      "file added to Public", "spare file edited", "spare file added", "spare removed", "cache removed",
                      "manifest corrupt", "source edited keeping its size and time"])
    func damageIsDetectedNotTrusted(_ damage: String) throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        try site.buildSucceeding()
        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nVersion two.\n")
        try site.buildSucceeding()
        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nVersion three.\n")
        let cacheFolder = site.root.appendingPathComponent(".briefsite-cache")
        let names = try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path)
        let cache = try #require(names.first { $0.hasPrefix("caches-") }.map { cacheFolder.appendingPathComponent($0) })
        let manifest = try #require(names.first { $0.hasPrefix("build-") }.map { cacheFolder.appendingPathComponent($0) })
        let spare = site.root.appendingPathComponent(".Public.spare")
        #expect(FileManager.default.fileExists(atPath: spare.appendingPathComponent("en/briefs/geneva/index.html").path))
        switch damage {
        case "corrupt cache":
            var bytes = try Data(contentsOf: cache)
            for index in stride(from: bytes.count / 3, to: bytes.count, by: 97) { bytes[index] ^= 0x5A }
            try bytes.write(to: cache)
        case "truncated cache": try Data(contentsOf: cache).prefix(1000).write(to: cache)
        case "empty cache": try Data().write(to: cache)
        case "page edited in Public": try Data("<p>edited by hand</p>".utf8).write(to: site.output.appendingPathComponent("en/about/index.html"))
        case "page removed from Public": try FileManager.default.removeItem(at: site.output.appendingPathComponent("zh-hant/briefs/japan/index.html"))
        case "file added to Public": try Data("stray".utf8).write(to: site.output.appendingPathComponent("en/stray.html"))
        case "spare file edited": try Data("<p>stale</p>".utf8).write(to: spare.appendingPathComponent("zh-hant/about/index.html"))
        case "spare file added": try Data("stray".utf8).write(to: spare.appendingPathComponent("en/stray.html"))
        case "spare removed": try FileManager.default.removeItem(at: spare)
        case "cache removed": try FileManager.default.removeItem(at: cacheFolder)
        case "manifest corrupt": try Data("not a manifest".utf8).write(to: manifest)
        case "source edited keeping its size and time":
            // Same size and modification time, other bytes: the change time and the inode still tell.
            let path = site.root.appendingPathComponent("Content/briefs/geneva.en.md")
            let modified = try FileManager.default.attributesOfItem(atPath: path.path)[.modificationDate]
            try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nVersion fou.\n")
            try FileManager.default.setAttributes([.modificationDate: modified as Any], ofItemAtPath: path.path)
        default: throw TestFailure("unknown damage \(damage)")
        }
        try site.buildSucceeding()
        let differences = IncrementalBuildTests.differences(filesWithBytes(under: site.output),
                                                            try IncrementalBuildTests.coldBuild(of: site))
        #expect(differences.isEmpty, "after \(damage): \(differences)")
        // And the build after it finds nothing to do.
        let again = try site.buildSucceeding()
        #expect(again.files?.written == 0 && again.files?.removed == 0, "after \(damage): \(String(describing: again.files))")
    }

    /// The cache file is written from the time the sources are loaded: a build that then fails leaves the last
    /// one as it was and nothing half written beside it, and the next build reads it.
    @Test func aFailedBuildLeavesTheCacheFileAsItWas() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        try site.buildSucceeding()
        let cacheFolder = site.root.appendingPathComponent(".briefsite-cache")
        func cacheFiles() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path) where name.hasPrefix("caches-") {
                files[name] = try Data(contentsOf: cacheFolder.appendingPathComponent(name))
            }
            return files
        }
        let before = try cacheFiles()
        #expect(before.count == 1)
        // Loads (the parse cache's entries are written), then fails when the brief is assembled.
        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn.replacingOccurrences(
            of: "{id: geneva, title: Geneva talks}", with: "{id: geneva, date: 2025-05-08, title: Geneva talks}"))
        let diagnostics = try site.buildFailing()
        #expect(diagnostics.contains { $0.message.contains("event 'geneva' has date") }, "\(diagnostics)")
        #expect(try cacheFiles() == before)
        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nMore text.\n")
        let report = try site.buildSucceeding()
        #expect(report.parsing?.reused ?? 0 > 0, "the cache file was read: \(String(describing: report.parsing))")
        #expect(try cacheFiles().count == 1)
        let differences = IncrementalBuildTests.differences(filesWithBytes(under: site.output), try IncrementalBuildTests.coldBuild(of: site))
        #expect(differences.isEmpty, "\(differences)")
    }

    /// What a build renders goes to the cache file as it is stored, not held to the end of the build: after the
    /// render the cache holds only the pages in parts (the edit indexes read them), and the file holds every body
    /// and page rendered, each once.
    @Test func storedEntriesGoToTheCacheFileAsTheyAreMade() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        let parseCache = ParseCache()
        let renderCache = RenderCache()
        let writer = StoredCaches.FileWriter(root: site.root, output: site.output, program: "test-program", previous: nil)
        renderCache.writeStores(to: writer)
        var settings = RenderSettings()
        settings.recordsBodyEdits = true
        guard case .success(let rendered) = SiteBuilder.render(root: site.root, settings: settings, parseCache: parseCache,
                                                               renderCache: renderCache) else {
            throw TestFailure("the render failed")
        }
        let held = renderCache.entriesForStorage()
        #expect(held.bodies.isEmpty)
        #expect(!held.pages.isEmpty && held.pages.values.allSatisfy { !$0.parts.isEmpty }, "\(held.pages.keys.sorted())")
        #expect(rendered.site.timelineIndex != nil && rendered.site.trackerIndex != nil)
        let counters = renderCache.takeCounters()
        StoredCaches.save(parseCache: parseCache, renderCache: renderCache, writer: writer)
        let stored = try #require(StoredCaches.load(root: site.root, output: site.output, program: "test-program"))
        var bodies: [String] = []
        var pages: [String] = []
        for entry in stored.entries {
            switch entry {
            case .body(let body): bodies.append(body.key)
            case .page(let page): pages.append(page.key)
            default: break
            }
        }
        #expect(bodies.count == counters.bodiesRendered && Set(bodies).count == bodies.count)
        #expect(pages.count == counters.pagesRendered && Set(pages).count == pages.count)
        #expect(pages.contains("en/briefs/japan/index.html") && bodies.contains("brief:japan:en"), "\(pages) \(bodies)")
    }

    /// A body the cache says is unchanged is read again from its file only
    /// when it must be rendered; if the file no longer holds that body (it
    /// changed while the build ran), the build notices and starts over.
    @Test func aBodyThatChangedUnderTheCacheIsAFaultNotARender() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        let loader = ContentLoader(root: site.root)
        let file = SourceFile(kind: .brief, slug: "geneva", language: "en", path: "Content/briefs/geneva.en.md",
                              url: site.root.appendingPathComponent("Content/briefs/geneva.en.md"), bundlePath: nil)
        var parsed = loader.parse(file)
        let translation = try #require(parsed.brief)
        let stamp = try #require(FileStamp(url: file.url))
        func render(bodyHash: UInt64) -> RenderCache {
            parsed.brief = BriefTranslation(language: "en", file: translation.file, frontMatter: translation.frontMatter,
                                            bodyHash: bodyHash, bodyFirstLine: translation.bodyFirstLine)
            let parseCache = ParseCache()
            parseCache.prefill([(file.path, stamp, parsed)])
            let renderCache = RenderCache()
            _ = SiteBuilder.render(root: site.root, settings: RenderSettings(), parseCache: parseCache, renderCache: renderCache)
            return renderCache
        }
        #expect(!render(bodyHash: translation.bodyHash).hadFault)
        #expect(render(bodyHash: translation.bodyHash ^ 1).hadFault)
    }

    /// A brief with an event in 2024 and one in January 2025, beside the sample's in May 2025: a timeline of
    /// two years and three months; and a tariff of the US on Japan beside the sample's on China: a tracker of
    /// two histories.
    static let twoYearSite = SampleBriefs.twoBriefSite.merging([
        "Content/briefs/older.zh-Hant.md": """
        ---
        title: 早先的談判
        date: 2024-03-02
        tariffs:
          - {by: US, on: JP, rate: 10, date: 2024-03-01}
        timeline:
          - {id: first-round, date: 2024-03-01, title: 第一輪談判, countries: [US]}
          - {id: second-round, date: 2025-01-15, title: 第二輪談判, countries: [JP]}
        ---

        早先的談判。
        """,
        "Content/briefs/older.en.md": """
        ---
        title: Earlier talks
        date: 2024-03-02
        timeline:
          - {id: first-round, title: First round}
          - {id: second-round, title: Second round}
        ---

        Earlier talks.
        """,
    ]) { _, new in new }

    static let movedEvent = SampleBriefs.genevaZh.replacingOccurrences(of: "date: 2025-05-10", with: "date: 2025-05-09")

    /// One event's new date renders its month of each timeline again; the other
    /// months, one of them in the same year, are copied from the page the last
    /// build wrote. (The author changes with it, so that the whole build runs:
    /// an edit of the events alone is put into the old files, see `EventEditTests`.)
    @Test func aMovedEventRendersOnlyItsMonthOfTheTimeline() throws {
        let site = try TemporarySite(IncrementalBuildTests.twoYearSite)
        let first = try site.buildSucceeding()
        #expect(first.rendering?.partsReused == 0)
        try site.write("Content/briefs/geneva.zh-Hant.md",
                       IncrementalBuildTests.movedEvent.replacingOccurrences(of: "author: 研究部", with: "author: 研究部門"))
        let report = try site.buildSucceeding()
        #expect(!report.splicedEvents)
        #expect(report.rendering?.partsReused == 10,
                "the March 2024 and January 2025 parts of each language's timeline, of timeline.json and of each calendar: \(String(describing: report.rendering))")
        #expect(try site.text("en/timeline/index.html").contains("datetime=\"2025-05-09\""))
        let differences = IncrementalBuildTests.differences(filesWithBytes(under: site.output), try IncrementalBuildTests.coldBuild(of: site))
        #expect(differences.isEmpty, "\(differences)")
    }

    /// Parts are copied only from a page the manifest vouches for: a timeline
    /// edited in Public/ (same length, other bytes) is rendered whole again.
    @Test func partsAreNotCopiedFromAPageChangedInPublic() throws {
        let site = try TemporarySite(IncrementalBuildTests.twoYearSite)
        try site.buildSucceeding()
        let timeline = site.output.appendingPathComponent("zh-hant/timeline/index.html")
        var bytes = try Data(contentsOf: timeline)
        let year = try #require(bytes.range(of: Data("2024".utf8)))
        bytes.replaceSubrange(year, with: Data("1999".utf8))
        try bytes.write(to: timeline)
        // And the English calendar, in the same way.
        let calendar = site.output.appendingPathComponent("data/timeline.en.ics")
        var calendarBytes = try Data(contentsOf: calendar)
        let stamp = try #require(calendarBytes.range(of: Data("DTSTAMP:2024".utf8)))
        calendarBytes.replaceSubrange(stamp, with: Data("DTSTAMP:1999".utf8))
        try calendarBytes.write(to: calendar)
        try site.write("Content/briefs/geneva.zh-Hant.md", IncrementalBuildTests.movedEvent)
        let report = try site.buildSucceeding()
        #expect(report.rendering?.partsReused == 6,
                "the March 2024 and January 2025 parts of the English timeline, timeline.json and the Chinese calendar: \(String(describing: report.rendering))")
        #expect(try !site.text("data/timeline.en.ics").contains("DTSTAMP:1999"))
        let written = try site.text("zh-hant/timeline/index.html")
        #expect(!written.contains("1999") && written.contains("2024"))
        let differences = IncrementalBuildTests.differences(filesWithBytes(under: site.output), try IncrementalBuildTests.coldBuild(of: site))
        #expect(differences.isEmpty, "\(differences)")
    }

    /// The caches forget a deleted brief's body and pages, and keep everything else.
    @Test func theRenderCacheForgetsADeletedBrief() throws {
        let site = try TemporarySite(IncrementalBuildTests.twoYearSite)
        let parseCache = ParseCache()
        let renderCache = RenderCache()
        func render() throws {
            if case .failure(let failure) = SiteBuilder.render(root: site.root, settings: RenderSettings(), parseCache: parseCache,
                                                               renderCache: renderCache) {
                throw TestFailure("the render failed: \(failure)")
            }
        }
        try render()
        let before = renderCache.entriesForStorage()
        #expect(before.bodies.keys.contains("brief:older:en") && before.pages.keys.contains { $0.contains("briefs/older/") })
        try render()
        #expect(renderCache.entriesForStorage().bodies.count == before.bodies.count)
        #expect(renderCache.entriesForStorage().pages.count == before.pages.count)
        // A brief no other links to.
        try site.remove("Content/briefs/older.en.md")
        try site.remove("Content/briefs/older.zh-Hant.md")
        try render()
        let after = renderCache.entriesForStorage()
        #expect(!after.bodies.keys.contains { $0.contains("older") }, "\(after.bodies.keys.sorted())")
        #expect(!after.pages.keys.contains { $0.contains("briefs/older/") }, "\(after.pages.keys.sorted())")
        #expect(after.bodies.keys.contains("brief:geneva:en") && after.bodies.count == before.bodies.count - 2)
    }

    /// The preview keeps pages in memory: the parts are copied from those bytes.
    @Test func theRenderInMemoryReusesPartsToo() throws {
        let site = try TemporarySite(IncrementalBuildTests.twoYearSite)
        let parseCache = ParseCache()
        let renderCache = RenderCache()
        func timeline(_ parse: ParseCache, _ render: RenderCache) throws -> Data {
            guard case .success(let rendered) = SiteBuilder.render(root: site.root, settings: RenderSettings(), parseCache: parse, renderCache: render),
                  let page = rendered.site.files.first(where: { $0.path == "zh-hant/timeline/index.html" }),
                  case .bytes(let bytes) = page.contents
            else { throw TestFailure("no timeline page in memory") }
            return bytes
        }
        _ = try timeline(parseCache, renderCache)
        _ = renderCache.takeCounters()
        try site.write("Content/briefs/geneva.zh-Hant.md", IncrementalBuildTests.movedEvent)
        let edited = try timeline(parseCache, renderCache)
        #expect(renderCache.takeCounters().partsReused == 10, "two months of two timelines, timeline.json, two calendars")
        let fresh = try timeline(ParseCache(), RenderCache())
        #expect(edited == fresh)
        #expect(String(decoding: edited, as: UTF8.self).contains("datetime=\"2025-05-09\""))
    }

    /// A new rate renders its history of each tracker again; a brief's new
    /// title, the histories that cite that brief, in that language only.
    /// (Whole builds: the rate changed with the brief's summary, which an
    /// edit of tariffs alone does not make.)
    @Test func aChangedRateOrTitleRendersOnlyTheHistoriesItShows() throws {
        let site = try TemporarySite(IncrementalBuildTests.twoYearSite)
        try site.buildSucceeding()
        try site.write("Content/briefs/geneva.zh-Hant.md", SampleBriefs.genevaZh.replacingOccurrences(of: "rate: 30", with: "rate: 34.50")
            .replacingOccurrences(of: "title: 日內瓦協議\n", with: "title: 日內瓦協議\nsummary: 日內瓦協議摘要。\n"))
        let rate = try site.buildSucceeding()
        #expect(!rate.splicedTariffs)
        #expect(rate.rendering?.partsReused == 2, "the US–Japan history of each language's tracker: \(String(describing: rate.rendering))")
        #expect(try site.text("en/tariffs/index.html").contains("34.5%"))
        var differences = IncrementalBuildTests.differences(filesWithBytes(under: site.output), try IncrementalBuildTests.coldBuild(of: site))
        #expect(differences.isEmpty, "after the rate: \(differences)")

        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn.replacingOccurrences(of: "The Geneva deal", with: "The deal in Geneva"))
        let title = try site.buildSucceeding()
        #expect(title.rendering?.partsReused == 1, "the US–Japan history of the English tracker: \(String(describing: title.rendering))")
        #expect(try site.text("en/tariffs/index.html").contains("The deal in Geneva"))
        differences = IncrementalBuildTests.differences(filesWithBytes(under: site.output), try IncrementalBuildTests.coldBuild(of: site))
        #expect(differences.isEmpty, "after the title: \(differences)")
    }
}
