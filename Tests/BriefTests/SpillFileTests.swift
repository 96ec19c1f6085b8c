@testable import BriefSite
@testable import BriefHTML
import Foundation
import Testing

/// A build keeps what it rendered in an unlinked scratch file instead of
/// memory: what it writes must be what an in-memory render holds, and the
/// scratch file must never be left behind.
@Suite struct SpillFileTests {
    static func sampleSite() throws -> TemporarySite {
        let site = try TemporarySite()
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content"))
        try FileManager.default.copyItem(at: TemporarySite.packageRoot.appendingPathComponent("Content"),
                                         to: site.root.appendingPathComponent("Content"))
        return site
    }

    static func leftovers(_ site: TemporarySite) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent(".briefsite-cache").path)) ?? []
        return names.filter { $0.hasPrefix(".spill-") }
    }

    @Test func aBuildThatSpillsWritesWhatAnInMemoryRenderHolds() throws {
        let site = try Self.sampleSite()
        let report = try site.buildSucceeding()
        #expect((report.files?.written ?? 0) > 50)
        let written = filesWithBytes(under: site.output)
        guard case .success(let rendered) = SiteBuilder.render(root: site.root, settings: RenderSettings()) else {
            throw TestFailure("the in-memory render failed")
        }
        #expect(rendered.site.files.count == written.count)
        for file in rendered.site.files {
            let expected: Data?
            switch file.contents {
            case .bytes(let data): expected = data
            case .copy(let url): expected = FileManager.default.contents(atPath: url.path)
            case .kept, .spilled, .spliced, .placed: expected = nil
            }
            #expect(expected != nil, "\(file.path) is not held in memory by a render without a spill file")
            #expect(written[file.path] == expected, "\(file.path) differs")
        }
        #expect(Self.leftovers(site).isEmpty)
    }

    /// A site larger than the limit lets each body go once loaded and reads it again to render it: the same bytes.
    @Test func bodiesReadAgainMakeTheSameSite() throws {
        let kept = try Self.sampleSite()
        try kept.buildSucceeding()
        let reread = try Self.sampleSite()
        guard case .success(let report) = SiteBuilder.build(root: reread.root, bodiesKeptUpToBytes: 0) else {
            throw TestFailure("the build that reads bodies again failed")
        }
        #expect((report.files?.written ?? 0) > 50)
        // Not built a second time with every body held: the bodies read again were the ones loaded.
        #expect(!report.builtAgainAfterAChange)
        let expected = filesWithBytes(under: kept.output)
        #expect(filesWithBytes(under: reread.output) == expected)
        #expect(Self.leftovers(reread).isEmpty)
    }

    @Test func nothingIsLeftBehindByAFailedBuild() throws {
        let site = try Self.sampleSite()
        try site.buildSucceeding()
        let before = filesWithBytes(under: site.output)
        try site.write("Content/briefs/broken.en.md", "---\ntitle: x\ndate: 2025-13-01\n---\n\nText.\n")
        #expect(try !site.buildFailing().isEmpty)
        #expect(filesWithBytes(under: site.output) == before)
        #expect(Self.leftovers(site).isEmpty)
    }

    @Test func bytesComeBackAsTheyWentFromEveryThread() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-spill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let spill = try #require(SpillFile(in: folder))
        // Unlinked as soon as it is made: the folder stays empty.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        let texts = (0..<400).map { index in String(repeating: "關稅 \(index) ", count: index % 37 + 1) }
        let kept = texts.parallelMap { text in spill.spilled(OutputFile(path: "p", text: text)) }
        for (text, file) in zip(texts, kept) {
            guard case .spilled(let spilled) = file.contents else {
                Issue.record("not spilled")
                continue
            }
            #expect(spilled.read() == Data(text.utf8))
        }
        #expect(SpillFile(in: URL(fileURLWithPath: "/proc/briefsite-no-such-folder")) == nil)
    }
}

/// The command-line build leaves what it made for the system to take back at exit instead of freeing it.
@Suite struct ProcessEndTests {
    @Test func aBuildThatLeavesItsMemoryToExitWritesTheSameSite() throws {
        let freeing = try SpillFileTests.sampleSite()
        try freeing.buildSucceeding()
        let leaving = try SpillFileTests.sampleSite()
        guard case .success(let report) = SiteBuilder.build(root: leaving.root, leavesMemoryToExit: true) else {
            throw TestFailure("the build that leaves its memory to exit failed")
        }
        #expect((report.files?.written ?? 0) > 50)
        let expected = filesWithBytes(under: freeing.output)
        #expect(!expected.isEmpty)
        #expect(filesWithBytes(under: leaving.output) == expected)
        // And its next build, from the caches it left on disk, keeps every file.
        guard case .success(let again) = SiteBuilder.build(root: leaving.root, leavesMemoryToExit: true) else {
            throw TestFailure("the second build failed")
        }
        #expect(again.files?.written == 0)
        #expect(filesWithBytes(under: leaving.output) == expected)
    }
}

/// A page of the whole site's data is written in parts to the spill file and read back a piece at a time.
@Suite struct PagePartsTests {
    @Test func aPageWrittenInPartsIsWrittenAndComparedWhole() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-parts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spill = try #require(SpillFile(in: folder.appendingPathComponent("scratch")))
        var parts = PageParts(spill: spill)
        var expected = ""
        for index in 0..<60_000 {
            let row = HTML("<tr><td>\("關稅 \(index) & <b>")</td></tr>\n")
            parts.append(row)
            expected += row.rendered
        }
        #expect(expected.utf8.count > 2 * PageParts.flushSize)
        guard case .spilled(let spilled) = parts.finish() else { throw TestFailure("a page of megabytes stayed in memory") }
        #expect(spilled.extents.count >= 2, "\(spilled.extents.count) parts")
        #expect(spilled.count == expected.utf8.count)
        #expect(spilled.read() == Data(expected.utf8))

        let written = folder.appendingPathComponent("page.html").path
        #expect(FileTree.write(spilled, to: written))
        #expect(FileManager.default.contents(atPath: written) == Data(expected.utf8))
        #expect(FileTree.sameBytes(written, spilled))
        // One byte changed past the first megabyte, or one byte fewer: not the same.
        var changed = Data(expected.utf8)
        changed[changed.count - 10] ^= 0x20
        try changed.write(to: URL(fileURLWithPath: written))
        #expect(!FileTree.sameBytes(written, spilled))
        try Data(expected.utf8).dropLast().write(to: URL(fileURLWithPath: written))
        #expect(!FileTree.sameBytes(written, spilled))

        // Bytes the spill file did not take stay in memory after the others.
        let withTail = try #require(Spilled(joining: [spilled], tail: Data("</html>\n".utf8)))
        #expect(withTail.read() == Data((expected + "</html>\n").utf8))
        // Without a spill file (the preview), the page is in memory.
        var inMemory = PageParts(spill: nil)
        inMemory.append(HTML("<p>\("a < b")</p>"))
        guard case .bytes(let bytes) = inMemory.finish() else { throw TestFailure("no spill file, yet not in memory") }
        #expect(bytes == Data("<p>a &lt; b</p>".utf8))
    }

    /// A body's HTML is read back from the spill file each time it is shown; bytes that cannot be read back are a
    /// fault of the build (which starts again without a spill file), never an empty body taken for the real one.
    @Test func aBodyReadBackFromTheSpillFileOrAFault() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-spill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spill = try #require(SpillFile(in: folder))
        let kept = try #require(spill.keep("<p>美國與日本</p>\n"))
        let cache = RenderCache()
        let html = BodyHTML(spilled: kept, faults: cache)
        #expect(html.value == "<p>美國與日本</p>\n")
        #expect(html.value == "<p>美國與日本</p>\n")
        #expect(!cache.hadFault)
        // Past the end of the file: the read fails.
        let lost = Spilled(file: spill, extent: Spilled.Extent(offset: 1 << 30, count: 16))
        #expect(BodyHTML(spilled: lost, faults: cache).value == "")
        #expect(cache.hadFault)
    }
}
