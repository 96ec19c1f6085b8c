import BriefCore
@testable import BriefSite
import Foundation
import Testing

/// What the render keeps of each output until it is written: each job's files merged in order, and the
/// body-edit records moved to the spill file when their job ends.
@Suite struct RenderRecordsTests {
    static func scratch() throws -> (folder: URL, spill: SpillFile) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-records-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, try #require(SpillFile(in: folder.appendingPathComponent("scratch"))))
    }

    static func record(_ index: Int) -> BodyEditRecord {
        BodyEditRecord(source: "Content/briefs/brief-\(index).zh-Hant.md", language: "zh-Hant", file: "zh-hant/briefs/b\(index)/index.html",
                       pagePath: "/zh-hant/briefs/b\(index)/", bundlePath: index.isMultiple(of: 2) ? "Content/briefs/b\(index)" : nil,
                       bodyFirstLine: index + 3, frontMatterHash: UInt64(index) &* 7_919, bodyHash: UInt64(index) &* 104_729,
                       derivedSummary: index.isMultiple(of: 3) ? UInt64(index) : nil, pageFingerprint: UInt64(index) << 20,
                       splice: BodySplice(readingStart: index, readingCount: 4, bodyStart: 900 + index, bodyCount: 5_000 + index),
                       feedFile: index.isMultiple(of: 5) ? "en/feed.xml" : nil, readingMinutes: index % 17)
    }

    @Test func filesOfMergedJobsComeOutInOrderWithEachDataFileOnce() {
        let cache = RenderCache()
        var output = OutputCollector(cache: cache, siteHash: StableHash(), spill: nil)
        output.files.append(OutputFile(path: "style.css", text: "body{}"))
        output.addDataFile(OutputFile(path: "data/shared.csv", text: "a,b\n"))
        var first = OutputCollector(cache: cache, siteHash: StableHash(), spill: nil)
        first.files.append(OutputFile(path: "en/a/index.html", text: "A"))
        first.addDataFile(OutputFile(path: "data/a.csv", text: "1\n"))
        first.addDataFile(OutputFile(path: "data/shared.csv", text: "a,b\n"))
        first.addDataFile(OutputFile(path: "data/a.csv", text: "1\n"))
        var second = OutputCollector(cache: cache, siteHash: StableHash(), spill: nil)
        second.addDataFile(OutputFile(path: "data/a.csv", text: "1\n"))
        second.files.append(OutputFile(path: "zh-hant/a/index.html", text: "甲"))
        second.addDataFile(OutputFile(path: "data/b.csv", text: "2\n"))
        // A page's file that has the path of a data file is not a data file: it stays, for the build to report.
        second.files.append(OutputFile(path: "data/shared.csv", text: "page"))
        output.merge(taking: &first)
        output.merge(taking: &second)
        #expect(first.files.isEmpty && second.files.isEmpty)
        output.addDataFile(OutputFile(path: "data/b.csv", text: "2\n"))
        output.files.append(OutputFile(path: "sitemap.xml", text: "<urlset/>"))
        #expect(output.files.map(\.path) == [
            "style.css", "data/shared.csv", "en/a/index.html", "data/a.csv", "zh-hant/a/index.html", "data/b.csv",
            "data/shared.csv", "sitemap.xml",
        ])
    }

    @Test func bodyEditRecordsMovedToTheSpillFileReadBackAsTheyWere() throws {
        let (folder, spill) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        var inMemory = BodyEditLog()
        var spilled = BodyEditLog()
        for index in 0..<500 {
            inMemory.append(Self.record(index))
            spilled.append(Self.record(index))
        }
        spilled.spill(to: spill)
        let loaded = try #require(spilled.loaded())
        #expect(loaded.count == 500)
        for index in [0, 1, 250, 499] {
            #expect(loaded[index].source == inMemory[index].source)
            #expect(Array(loaded[index].bytes) == Array(inMemory[index].bytes))
            var reader = CacheReader(loaded[index].bytes)
            #expect(try BodyEditRecord(from: &reader) == Self.record(index))
        }
        // A record added after the move goes after the others, where its offsets say.
        spilled.append(Self.record(500))
        #expect(spilled.count == 501)
        var reader = CacheReader(spilled[500].bytes)
        #expect(try BodyEditRecord(from: &reader) == Self.record(500))
    }

    @Test func anIndexOfSpilledLogsIsSavedAndFindsEachRecord() throws {
        let (folder, spill) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("site")
        let output = root.appendingPathComponent("Public")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        // Two jobs' logs, their sources interleaved: the index holds them in the order of their sources.
        var logs = [BodyEditLog(), BodyEditLog()]
        for index in 0..<300 { logs[index % 2].append(Self.record(index)) }
        for log in logs.indices { logs[log].spill(to: spill) }
        let sources = (0..<300).map { (path: Self.record($0).source, page: Optional(Self.record($0).pagePath)) }
        let index = BodyEditIndex(token: 42, allowsRawHTML: false, sources: sources, records: logs)
        #expect(index.save(root: root, output: output))
        for wanted in [0, 7, 150, 299] {
            let found = try #require(LoadedBodyEdit.load(root: root, output: output, token: 42, source: Self.record(wanted).source))
            #expect(found.record == Self.record(wanted))
        }
        #expect(LoadedBodyEdit.load(root: root, output: output, token: 43, source: Self.record(0).source) == nil)
    }

    final class Marker: Sendable {}

    @Test func slotsTakenAreLeftEmptyAndHoldNoReference() {
        let slots = IndexedSlots<(Int, Marker)>(count: 64)
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            if index != 10 { slots.set(index, (index * index, Marker())) }
        }
        weak var watched: Marker?
        do {
            let taken = slots.take()
            #expect(taken.map(\.0) == (0..<64).filter { $0 != 10 }.map { $0 * $0 })
            watched = taken[0].1
            #expect(watched != nil)
        }
        // The caller's list was the only holder: gone with it.
        #expect(watched == nil)
        #expect(slots.take().isEmpty)
        #expect(slots.collect().isEmpty)
    }

    @Test func settingsHandedOverLeaveTheWalksStampsWithTheTaker() {
        var settings = RenderSettings(includeDrafts: true)
        settings.walkedInputs = ["briefs/a.en.md": .folder]
        let taken = settings.handedOver()
        #expect(settings.walkedInputs == nil)
        #expect(taken.walkedInputs?.keys.sorted() == ["briefs/a.en.md"])
        #expect(taken.includeDrafts && settings.includeDrafts)
    }
}
