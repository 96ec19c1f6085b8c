@testable import BriefSite
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
            case .kept, .spilled: expected = nil
            }
            #expect(expected != nil, "\(file.path) is not held in memory by a render without a spill file")
            #expect(written[file.path] == expected, "\(file.path) differs")
        }
        #expect(Self.leftovers(site).isEmpty)
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
