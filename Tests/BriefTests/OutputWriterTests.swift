import BriefCore
@testable import BriefSite
import Foundation
import Synchronization
import Testing

@Suite struct OutputWriterTests {
    @Test func theFoldersHoldingPathsAreEachFolderOfEachPathOnce() {
        let paths = ["index.html", "en/index.html", "en/briefs/geneva/index.html", "en/briefs/geneva/chart.svg",
                     "en/briefs/japan/index.html", "zh-hant/briefs/geneva/index.html", "en/briefs/index.html",
                     "data/tariffs.csv", "en/briefs/geneva/deeper/still/file.txt", "en/briefs/geneva/deeper/other.txt"]
        // In every order: a folder found first from a deep path or from a shallow one.
        for order in [paths, paths.reversed(), paths.sorted(), paths.sorted { $0.count > $1.count }] {
            #expect(OutputWriter.folders(holding: order) == Set(order.flatMap(OutputWriter.folders(of:))))
        }
        #expect(OutputWriter.folders(holding: ["en/briefs/a/index.html"]) == ["en", "en/briefs", "en/briefs/a"])
        #expect(OutputWriter.folders(holding: ["index.html", "sitemap.xml"]).isEmpty)
    }

    @Test func rebuildWritesOnlyChangedFilesAndRemovesStaleOnes() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        let first = try site.buildSucceeding()
        #expect(first.files?.unchanged == 0)
        #expect(first.files?.removed == 0)
        let before = site.snapshot()

        let second = try site.buildSucceeding()
        #expect(second.files?.written == 0)
        #expect(second.files?.removed == 0)
        #expect(second.files?.unchanged == before.count)
        let same = site.snapshot()
        for (path, (data, modified)) in before {
            #expect(same[path]?.0 == data)
            #expect(same[path]?.1 == modified, "an unchanged file was rewritten: \(path)")
        }

        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn.replacingOccurrences(of: "agreed in Geneva", with: "agreed, in Geneva,"))
        try site.remove("Content/pages/about.en.md")
        let third = try site.buildSucceeding()
        let after = site.snapshot()
        #expect(after["en/about/index.html"] == nil)
        #expect(third.files?.removed == 1)
        #expect(after["en/briefs/geneva/index.html"]?.0 != before["en/briefs/geneva/index.html"]?.0)
        #expect(after["zh-hant/briefs/japan/index.html"]?.1 == before["zh-hant/briefs/japan/index.html"]?.1)
        #expect((third.files?.written ?? 0) < before.count / 2, "an edit of one brief rewrote \(third.files?.written ?? 0) files")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.contains("staging") }
        #expect(leftovers.isEmpty)
    }

    /// The spare folder is the writer's own: a fault in it (here a folder where a page goes, which no walk of
    /// files lists) makes the site afresh instead of failing every build until someone deletes it.
    @Test func aFaultInTheSpareFolderIsRepairedNotReported() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        try site.buildSucceeding()
        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nA first addition.\n")
        try site.buildSucceeding()
        let spare = site.root.appendingPathComponent(".Public.spare")
        let blocked = spare.appendingPathComponent("en/briefs/geneva/index.html")
        #expect(FileManager.default.fileExists(atPath: blocked.path), "the second build left no spare to damage")
        try FileManager.default.removeItem(at: blocked)
        try FileManager.default.createDirectory(at: blocked, withIntermediateDirectories: false)

        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nA second addition.\n")
        let report = try site.buildSucceeding()
        #expect(try site.text("en/briefs/geneva/index.html").contains("A second addition."))
        let built = filesWithBytes(under: site.output)

        let fresh = try TemporarySite(SampleBriefs.twoBriefSite)
        try fresh.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nA second addition.\n")
        try fresh.buildSucceeding()
        #expect(built == filesWithBytes(under: fresh.output))
        #expect((report.files?.written ?? 0) + (report.files?.unchanged ?? 0) == built.count)
        // And the next edit goes through the spare again: only what changed is written, and the output it
        // replaces becomes the spare.
        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nA third addition.\n")
        let next = try site.buildSucceeding()
        #expect((next.files?.written ?? 0) < built.count / 2)
        #expect(try site.text("en/briefs/geneva/index.html").contains("A third addition."))
        let spared = try String(contentsOf: blocked, encoding: .utf8)
        #expect(spared.contains("A second addition."))
    }

    @Test func outputOptionWritesElsewhereAndRefusesForeignFolders() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        let elsewhere = site.root.appendingPathComponent("out", isDirectory: true)
        guard case .success = SiteBuilder.build(root: site.root, output: elsewhere) else {
            Issue.record("build to --output failed")
            return
        }
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("en/index.html").path))
        #expect(!FileManager.default.fileExists(atPath: site.output.path))

        let foreign = site.root.appendingPathComponent("documents", isDirectory: true)
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: foreign.appendingPathComponent("thesis.txt"))
        guard case .failure(let failure) = SiteBuilder.build(root: site.root, output: foreign) else {
            Issue.record("a build replaced a folder it did not make")
            return
        }
        #expect(failure.diagnostics.first?.message.contains("was not built by briefsite") == true)
        #expect(FileManager.default.fileExists(atPath: foreign.appendingPathComponent("thesis.txt").path))

        guard case .failure(let rootFailure) = SiteBuilder.build(root: site.root, output: site.root) else {
            Issue.record("a build was allowed to replace the site itself")
            return
        }
        #expect(rootFailure.diagnostics.first?.message.contains("holds the site itself") == true)
    }

    @Test func relativeLinksBetweenPaths() {
        #expect(SitePaths.relative(from: "zh-hant/briefs/a/", to: "en/briefs/a/") == "../../../en/briefs/a/")
        #expect(SitePaths.relative(from: "zh-hant/briefs/a/", to: "zh-hant/briefs/") == "../")
        #expect(SitePaths.relative(from: "zh-hant/briefs/", to: "zh-hant/briefs/") == "./")
        #expect(SitePaths.relative(from: "", to: "zh-hant/") == "zh-hant/")
        #expect(SitePaths.relative(from: "en/", to: "assets/site.css") == "../assets/site.css")
        #expect(SitePaths.relative(from: "zh-hant/topics/", to: "zh-hant/topics/關稅/") == "%E9%97%9C%E7%A8%85/")
        #expect(SitePaths.relative(from: "en/briefs/a/", to: "en/feed.xml") == "../../feed.xml")
        #expect(SitePaths.relative(from: "en/briefs/a/", to: "en/briefs/a/chart.svg") == "chart.svg")
        #expect(SitePaths.relative(from: "en/briefs/a/", to: "en/briefs/ab/") == "../ab/")
        #expect(SitePaths.relative(from: "/en//briefs/", to: "en/topics/a b/") == "../topics/a%20b/")
        #expect(SitePaths.relative(from: "zh-hant/topics/關稅/", to: "zh-hant/topics/關稅/") == "./")
        #expect(SitePaths.relative(from: "zh-hant/topics/關稅/", to: "zh-hant/topics/貿易/")
            == "../%E8%B2%BF%E6%98%93/")
        #expect(SitePaths.relative(from: "en/", to: "") == "../")
    }
}

extension OutputWriterTests {
    @Test func aBuildWithNothingToDoIsFoundOutFromStamps() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        let first = try site.buildSucceeding()
        let manifests = try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent(".briefsite-cache").path)
            .filter { $0.hasPrefix("build-") }
        #expect(manifests.count == 1)
        let again = try site.buildSucceeding()
        #expect(again.files?.written == 0 && again.files?.removed == 0)
        #expect(again.files?.unchanged == first.files?.written)
        #expect(again.pagesPerLanguage.map(\.pages) == first.pagesPerLanguage.map(\.pages))

        // A page deleted behind briefsite's back is noticed and written again.
        try FileManager.default.removeItem(at: site.output.appendingPathComponent("en/about/index.html"))
        let repaired = try site.buildSucceeding()
        #expect(repaired.files?.written == 1)
        #expect(site.exists("en/about/index.html"))

        // A corrupt manifest is ignored, not trusted.
        let manifest = site.root.appendingPathComponent(".briefsite-cache").appendingPathComponent(manifests[0])
        try Data("{ not json".utf8).write(to: manifest)
        let afterCorruption = try site.buildSucceeding()
        #expect(afterCorruption.files?.written == 0)
        #expect(afterCorruption.files?.unchanged == first.files?.written)

        // An edit is a full build again, and --drafts is a build of its own.
        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nAnother line.\n")
        let edited = try site.buildSucceeding()
        #expect((edited.files?.written ?? 0) >= 1)
        let drafts = try site.buildSucceeding(drafts: true)
        #expect(drafts.files?.unchanged == edited.files.map { $0.written + $0.unchanged })
    }
}

/// Every walk of a folder reads each entry's name up to its end and no further (`DirectoryEntry`).
@Suite struct DirectoryWalkTests {
    @Test func namesOfEveryLengthComeBackExactly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // 1 to 255 bytes (the longest name the file system takes), ASCII and three-byte CJK.
        var names = (1...255).map { String(repeating: "n", count: $0) }
        names += (1...85).map { String(repeating: "關", count: $0) }
        for name in names {
            try Data(name.utf8).write(to: folder.appendingPathComponent("sub").appendingPathComponent(name))
        }
        let expected = Set(names.map { "sub/" + $0 })
        #expect(Set(FileStamps.all(under: folder.path).keys) == expected)
        #expect(FileTree.regularFiles(under: folder.path) == expected)
        FileTree.remove(folder.path)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    /// Folders are known from the listing; a link to a folder is a link, never entered.
    @Test func foldersAreEnteredAndLinksToThemAreNot() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-folders-\(UUID().uuidString)")
        let deep = folder.appendingPathComponent("a/b/c", isDirectory: true)
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("x".utf8).write(to: deep.appendingPathComponent("file.md"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link").path, withDestinationPath: "a/b")
        let stamps = FileStamps.all(under: folder.path, includingFolders: true)
        #expect(Set(stamps.keys) == ["a", "a/b", "a/b/c", "a/b/c/file.md", "link"])
        #expect(stamps["a/b"] == EntryStamp.folder)
        #expect(stamps["link"]?.kind == .link && stamps["link"]?.linkTarget == "a/b")
        let file = try #require(stamps["a/b/c/file.md"])
        #expect(file.kind == .file && file.file.size == 1 && file.file.changed > 0)
        #expect(FileStamps.all(under: folder.path, withChangeTime: false)["a/b/c/file.md"]?.file.changed == 0)
        #expect(Set(FileStamps.all(under: folder.path).keys) == ["a/b/c/file.md", "link"])
    }

    /// Batches put their results straight into the array: every element once, in the input's order, at sizes
    /// below, at and around a batch's edges (32 batches), with values that own memory (strings on the heap).
    @Test func parallelChunksGivesEveryResultInOrder() {
        for size in [0, 1, 2, 31, 32, 33, 63, 64, 65, 1_000, 4_097] {
            let input = Array(0..<size)
            let made = input.parallelChunks { number in String(repeating: "x", count: 20) + String(number) }
            #expect(made == input.map { String(repeating: "x", count: 20) + String($0) })
            let optional = input.parallelChunks { number -> Int? in number % 3 == 0 ? nil : number * 2 }
            #expect(optional == input.map { $0 % 3 == 0 ? nil : $0 * 2 })
        }
    }

    /// The spare's walk starts once however many ask for it, from whatever thread; every wait gets its one
    /// result; a wait for a walk never started gets none at once.
    @Test func theSparesWalkRunsOnceAndEveryWaitGetsIt() {
        let idle = SpareWalk()
        #expect(idle.result() == nil)
        let walk = SpareWalk()
        let runs = Mutex(0)
        let results = Array(0..<16).parallelMap { _ -> Int in
            walk.start {
                runs.withLock { $0 += 1 }
                Thread.sleep(forTimeInterval: 0.05)
                var folder = FoundOutputs.Folder()
                folder.missing = 7
                return folder
            }
            return walk.result()?.missing ?? -1
        }
        #expect(runs.withLock { $0 } == 1)
        #expect(results == Array(repeating: 7, count: 16))
    }
}
