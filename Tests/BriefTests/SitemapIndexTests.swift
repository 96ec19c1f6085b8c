import BriefCore
@testable import BriefSite
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The sitemap protocol allows 50,000 URLs in one file (a 100,000-brief site
/// has about 200,000 pages): past that, `/sitemap.xml` is an index of parts.
@Suite struct SitemapIndexTests {
    let paths = SitePaths(config: SiteConfig(title: ["en": "T"], baseURL: "https://example.test/base/",
                                             languages: [Language(code: "zh-Hant", name: "中文", prefix: "zh-hant"),
                                                         Language(code: "en", name: "English")]))

    func entries(_ count: Int) -> [SitemapEntry] {
        (0..<count).reversed().map { index in
            SitemapEntry(path: "en/briefs/b\(index)/", alternates: [("en", "en/briefs/b\(index)/"), ("zh-Hant", "zh-hant/briefs/b\(index)/")],
                         xDefault: "zh-hant/briefs/b\(index)/", lastModified: "2025-05-17")
        }
    }

    func locations(_ file: OutputFile, _ element: String) throws -> [String] {
        guard case .bytes(let data) = file.contents else { throw TestFailure("\(file.path) is not in memory") }
        let document = try XMLDocument(data: data)
        let items = try #require(document.rootElement()).elements(forName: element)
        return items.compactMap { $0.elements(forName: "loc").first?.stringValue }
    }

    @Test func aSmallSiteHasOneSitemapWithItsAlternates() throws {
        let files = SitemapWriter(paths: paths).files(entries(5), urlsPerFile: 5)
        #expect(files.map(\.path) == ["sitemap.xml"])
        #expect(try locations(files[0], "url").count == 5)
        guard case .bytes(let data) = files[0].contents else { return }
        #expect(String(decoding: data, as: UTF8.self).contains("hreflang=\"x-default\""))
    }

    @Test func aLargeSiteGetsAnIndexOfParts() throws {
        let files = SitemapWriter(paths: paths).files(entries(7), urlsPerFile: 3)
        #expect(files.map(\.path) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"])
        #expect(try locations(files[0], "sitemap") == ["https://example.test/base/sitemap-1.xml", "https://example.test/base/sitemap-2.xml",
                                                       "https://example.test/base/sitemap-3.xml"])
        let parts = try files.dropFirst().map { try locations($0, "url") }
        #expect(parts.map(\.count) == [3, 3, 1])
        // Every page once, in path order across the parts.
        let all = parts.flatMap { $0 }
        #expect(all == all.sorted() && Set(all).count == 7)
        #expect(all.first == "https://example.test/base/en/briefs/b0/")
    }

    /// A build that spills writes each sitemap a piece at a time into the spill file: the bytes are those of the
    /// sitemap made whole in memory.
    @Test func aSpilledSitemapIsWrittenInPiecesWithTheSameBytes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitemap-spill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spill = try #require(SpillFile(in: folder))
        let many = entries(3_000)
        let whole = SitemapWriter(paths: paths).files(many, urlsPerFile: 2_000)
        let pieces = SitemapWriter(paths: paths).files(many, urlsPerFile: 2_000, spill: spill)
        #expect(pieces.map(\.path) == whole.map(\.path))
        for (made, expected) in zip(pieces.dropFirst(), whole.dropFirst()) {
            guard case .spilled(let spilled) = made.contents, case .bytes(let bytes) = expected.contents else {
                throw TestFailure("\(made.path) should be in the spill file")
            }
            #expect(spilled.extents.count > 1, "\(made.path) should be in several pieces")
            #expect(spilled.read() == bytes)
        }
        #expect(try locations(whole[1], "url").count == 2_000)
    }

    /// Entries logged by page jobs read back as they were, whatever their shape: a path among its alternates or
    /// not, an x-default among them, outside them or none, a date or none, three languages.
    @Test func loggedEntriesReadBackAsTheyWere() throws {
        let logged = [
            SitemapEntry(path: "en/briefs/a/", alternates: [("zh-Hant", "zh-hant/briefs/a/"), ("en", "en/briefs/a/")],
                         xDefault: "zh-hant/briefs/a/", lastModified: "2025-05-17"),
            SitemapEntry(path: "zh-hant/index.html", alternates: [], xDefault: nil, lastModified: nil),
            SitemapEntry(path: "404.html", alternates: [("en", "en/x/")], xDefault: "elsewhere/", lastModified: nil),
            SitemapEntry(path: "fr/c/", alternates: [("zh-Hant", "zh-hant/c/"), ("en", "en/c/"), ("fr", "fr/c/")],
                         xDefault: "fr/c/", lastModified: "2026-01-02"),
        ]
        let log = SitemapLog(logged)
        #expect(log.count == logged.count)
        for (index, expected) in logged.enumerated() {
            let entry = try #require(log[index])
            #expect(entry.path == expected.path && entry.xDefault == expected.xDefault && entry.lastModified == expected.lastModified)
            #expect(entry.alternates.map(\.language) == expected.alternates.map(\.language))
            #expect(entry.alternates.map(\.path) == expected.alternates.map(\.path))
            #expect(log.withBytes { String(decoding: UnsafeBufferPointer(rebasing: $0[log.pathRange(at: index)]), as: UTF8.self) } == expected.path)
        }
    }

    /// The entries of several logs come out in the order of their paths as strings sort them, CJK paths and
    /// letters that differ only in how they are composed included.
    @Test func entriesOfSeveralLogsSortByPathAsStringsDo() throws {
        let paths = ["en/topics/貿易/", "en/briefs/b2/", "zh-hant/topics/e\u{301}z/", "en/briefs/b10/", "zh-hant/topics/\u{e9}a/",
                     "zh-hant/topics/關稅/", "en/", "zh-hant/topics/ez/", "en/briefs/b1/"]
        let logs = [SitemapLog(paths.prefix(4).map { SitemapEntry(path: $0, alternates: [], xDefault: nil, lastModified: nil) }),
                    SitemapLog(paths.dropFirst(4).map { SitemapEntry(path: $0, alternates: [], xDefault: nil, lastModified: nil) })]
        let sorted = logs.placesByPath().compactMap { logs[$0.log][$0.index]?.path }
        #expect(sorted == paths.sorted())
        var inOrder: [String] = []
        for log in logs { inOrder += (0..<log.count).compactMap { log[$0]?.path } }
        #expect(inOrder == paths)
    }
}
