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
}
