@testable import BriefSite
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A build with no output yet writes each page into the folder that becomes the output as the page is made
/// (`StagingFolder`): the same bytes the writer would have written, nothing left behind when it fails or is
/// killed, and a failure to write a page reported with its path.
@Suite struct StagingFolderTests {
    static func stagingFolders(_ root: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.contains(".staging-") }
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-staging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aFirstBuildPlacesItsPagesAndTheyAreWhatTheWriterWrites() throws {
        let placing = try SpillFileTests.sampleSite()
        let first = try placing.buildSucceeding()
        let summary = try #require(first.files)
        // The pages and exports are written by the render; the data files several pages share (a table's CSV in
        // each language) and the stylesheet are left to the writer.
        #expect(summary.placed > 50)
        #expect(summary.placed < summary.written)
        #expect(Self.stagingFolders(placing.root).isEmpty)

        // The same site built where the output exists already (empty): nothing placed, all written by the writer.
        let writing = try SpillFileTests.sampleSite()
        try FileManager.default.createDirectory(at: writing.output, withIntermediateDirectories: true)
        let second = try writing.buildSucceeding()
        #expect(second.files?.placed == 0)
        #expect(second.files?.written == summary.written)
        let placed = filesWithBytes(under: placing.output)
        #expect(placed.count == summary.written)
        #expect(placed == filesWithBytes(under: writing.output))

        // The manifest vouches for the placed files: the next build has nothing to do, the one after an edit
        // brings the spare up to date as after any build.
        #expect(try placing.buildSucceeding().files?.written == 0)
        let brief = try #require(try FileManager.default.contentsOfDirectory(atPath: placing.root.appendingPathComponent("Content/briefs").path)
            .first { $0.hasSuffix(".en.md") })
        let path = "Content/briefs/" + brief
        let text = try String(contentsOf: placing.root.appendingPathComponent(path), encoding: .utf8)
        try placing.write(path, text + "\nA sentence added after the first build.\n")
        try writing.write(path, text + "\nA sentence added after the first build.\n")
        let edited = try placing.buildSucceeding()
        #expect((edited.files?.written ?? 0) >= 1 && edited.files?.placed == 0)
        try writing.buildSucceeding()
        #expect(filesWithBytes(under: placing.output) == filesWithBytes(under: writing.output))
    }

    /// Two outputs at one path are found only after the pages are made, and so placed: the build fails, and
    /// neither an output nor the staging folder is left.
    @Test func aFailedFirstBuildLeavesNoOutputAndNoStagingFolder() throws {
        // A bundle's file copied next to the brief's page, under the page's own name.
        let site = try TemporarySite([
            "Content/briefs/geneva/index.zh-Hant.md": "---\ntitle: 日內瓦\ndate: 2025-05-12\n---\n\n本文。\n",
            "Content/briefs/geneva/index.en.md": "---\ntitle: Geneva\ndate: 2025-05-12\n---\n\nText.\n",
            "Content/briefs/geneva/index.html": "<p>not the page</p>\n",
        ])
        let errors = try site.buildFailing()
        #expect(errors.contains { $0.message.contains("two outputs would be written to en/briefs/geneva/index.html") }, "\(errors)")
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
        #expect(Self.stagingFolders(site.root).isEmpty)
    }

    @Test func aPageInPartsIsPlacedWholeAndAnEmptyOneHasItsFile() throws {
        let parent = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let staging = try #require(StagingFolder(path: parent.appendingPathComponent("made").path))
        var parts = PageParts(spill: nil, placing: (staging, "en/timeline/index.html"))
        var expected = Data()
        // Past the size at which parts are flushed, three times over, with CJK split nowhere but between parts.
        for index in 0..<14_000 {
            let text = "<li>\(index) 關稅措施 tariff measure</li>\n" + String(repeating: "x", count: index % 400)
            parts.append(text: text)
            expected.append(Data(text.utf8))
        }
        #expect(expected.count > 3 * PageParts.flushSize)
        let contents = parts.finish()
        guard case .placed(let count, let failure, let written) = contents else {
            Issue.record("not placed: \(contents)")
            return
        }
        #expect(count == expected.count && failure == 0)
        #expect(FileManager.default.contents(atPath: staging.path + "/en/timeline/index.html") == expected)
        Self.expectStamp(written, isThatOf: staging.path + "/en/timeline/index.html", size: expected.count)

        var empty = PageParts(spill: nil, placing: (staging, "en/timeline/empty.json"))
        guard case .placed(0, 0, let emptyWritten) = empty.finish() else {
            Issue.record("an empty page was not placed")
            return
        }
        #expect(FileManager.default.contents(atPath: staging.path + "/en/timeline/empty.json") == Data())
        Self.expectStamp(emptyWritten, isThatOf: staging.path + "/en/timeline/empty.json", size: 0)
    }

    /// The stamp a placed file carries (taken from its descriptor as it was written) is the one a stat by its path
    /// finds, as the writer would otherwise take it.
    static func expectStamp(_ written: PlacedStamp, isThatOf path: String, size: Int) {
        #expect(written.isTaken)
        let found = FileStamps.stamp(path, withChangeTime: false)
        #expect(found == EntryStamp(kind: .file, file: FileStamp(size: Int64(size), modified: written.modified, changed: 0, inode: written.inode),
                                    linkTarget: ""))
    }

    @Test func aPageThatCannotBePlacedFailsTheWriteWithItsPath() throws {
        let parent = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let writer = OutputWriter(output: parent.appendingPathComponent("Public"))
        let staging = try #require(writer.stagingForFirstBuild())
        // A folder where the page's file has to go.
        try FileManager.default.createDirectory(atPath: staging.path + "/en/index.html", withIntermediateDirectories: true)
        var parts = PageParts(spill: nil, placing: (staging, "en/index.html"))
        parts.append(text: "<p>關稅</p>")
        let contents = parts.finish()
        guard case .placed(_, let failure, let written) = contents else {
            Issue.record("not placed: \(contents)")
            return
        }
        #expect(failure == EISDIR && written == .none)
        let files = [OutputFile(path: "en/index.html", contents: contents), OutputFile(path: "index.html", text: "<p>root</p>")]
        Self.expectFirstWriteFails(files, writer: writer, staging: staging, at: "en/index.html", code: EISDIR)
    }

    /// Writing `files` from `staging` fails with `code` at `path`, and leaves neither an output nor the staging folder.
    static func expectFirstWriteFails(_ files: [OutputFile], writer: OutputWriter, staging: StagingFolder, at path: String, code: Int32) {
        do {
            _ = try writer.write(files, found: FoundOutputs.Folder(), spareFound: nil, staged: staging)
            Issue.record("the write succeeded")
        } catch let error as WriteError {
            #expect(error.path == path && error.code == code, "\(error)")
        } catch {
            Issue.record("the write failed otherwise: \(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: writer.output.path))
        #expect(stagingFolders(writer.output.deletingLastPathComponent()).isEmpty)
    }

    /// A table's CSV comes from each language's page: the first claim of its path writes it, a later one with the
    /// same bytes is placed by that, and one with other bytes is left to the writer.
    @Test func sharedDataFilesArePlacedOnceByTheirFirstClaim() throws {
        let parent = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let staging = try #require(StagingFolder(path: parent.appendingPathComponent("made").path))
        let csv = OutputCollector.stampedByContent([OutputFile(path: "data/briefs/geneva.tariffs.csv", text: "country,rate\r\nUS,10\r\n")])[0]
        let other = OutputCollector.stampedByContent([OutputFile(path: "data/briefs/geneva.tariffs.csv", text: "country,rate\r\nUS,30\r\n")])[0]
        // The first claim, then a second with the same bytes and one with other bytes, at once.
        let claims = [staging.placeShared(csv)] + [csv, other].parallelMap { staging.placeShared($0) }
        var placed = 0
        for claim in claims {
            if case .placed(let count, 0, _) = claim.contents, count == 21 { placed += 1 }
        }
        #expect(placed == 2, "\(claims.map(\.contents))")
        // The first claim wrote the file and carries its stamp; the second did not, and leaves the stat to the writer.
        if case .placed(_, _, let written) = claims[0].contents {
            Self.expectStamp(written, isThatOf: staging.path + "/data/briefs/geneva.tariffs.csv", size: 21)
        }
        if case .placed(_, _, let written) = claims[1].contents { #expect(written == .none) }
        guard case .bytes(let kept) = claims[2].contents else {
            Issue.record("other bytes at a claimed path were placed: \(claims[2].contents)")
            return
        }
        #expect(kept == Data("country,rate\r\nUS,30\r\n".utf8))
        #expect(FileManager.default.contents(atPath: staging.path + "/data/briefs/geneva.tariffs.csv") == Data("country,rate\r\nUS,10\r\n".utf8))
    }

    /// A file said to be placed that is short or missing when the site is moved into place fails the write.
    @Test(arguments: [("short", EIO), ("missing", ENOENT)])
    func aPlacedFileThatIsNotWholeFailsTheWrite(_ damage: String, _ code: Int32) throws {
        let parent = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let writer = OutputWriter(output: parent.appendingPathComponent("Public"))
        let staging = try #require(writer.stagingForFirstBuild())
        if damage == "short" { #expect(staging.place("abc", at: "data/x.csv") != nil) }
        Self.expectFirstWriteFails([OutputFile(path: "index.html", text: "<p>root</p>"),
                                    OutputFile(path: "data/x.csv", contents: .placed(count: 5, failure: 0, written: .none))],
                                   writer: writer, staging: staging, at: "data/x.csv", code: code)
    }

    /// Another build's staging folder, left by a kill, is removed; this build's own is not, by any sweep.
    @Test func leftoversAreSweptButNotTheBuildsOwnFolder() throws {
        let parent = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let writer = OutputWriter(output: parent.appendingPathComponent("Public"))
        let killed = parent.appendingPathComponent(".Public.staging-killed")
        try FileManager.default.createDirectory(at: killed.appendingPathComponent("en"), withIntermediateDirectories: true)
        let staging = try #require(writer.stagingForFirstBuild())
        #expect(!FileManager.default.fileExists(atPath: killed.path))
        let written = try #require(staging.place("<p>page</p>", at: "en/briefs/a/index.html"))
        writer.removeLeftovers(keeping: staging.path)
        #expect(FileManager.default.contents(atPath: staging.path + "/en/briefs/a/index.html") == Data("<p>page</p>".utf8))
        let result = try writer.write([OutputFile(path: "en/briefs/a/index.html", contents: .placed(count: 11, failure: 0, written: written))],
                                      found: FoundOutputs.Folder(), spareFound: nil, staged: staging)
        #expect(result.summary == WriteSummary(written: 1, unchanged: 0, removed: 0, placed: 1))
        #expect(FileManager.default.contents(atPath: writer.output.path + "/en/briefs/a/index.html") == Data("<p>page</p>".utf8))
        // The writer recorded the stamp the file carried, which is the stamp of the file now in the output.
        #expect(result.outputs.map(\.stamp) == [FileStamps.stamp(writer.output.path + "/en/briefs/a/index.html", withChangeTime: false)])
        #expect(Self.stagingFolders(parent).isEmpty)
        // With an output there, no staging folder is offered: unchanged pages are linked, which only the writer can do.
        #expect(writer.stagingForFirstBuild() == nil)
    }

    /// Many threads placing files into the same new folders: each folder made once, every file there.
    @Test func placingFromEveryThreadMakesEachFolderAndEveryFile() throws {
        let parent = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let staging = try #require(StagingFolder(path: parent.appendingPathComponent("made").path))
        let paths = (0..<2_000).map { index in "zh-hant/briefs/b\(index % 97)/t\(index % 7)/f\(index).html" }
        let placed = paths.parallelMap { path in staging.place(path, at: path) }
        #expect(placed.allSatisfy { $0 != nil })
        for path in paths {
            #expect(FileManager.default.contents(atPath: staging.path + "/" + path) == Data(path.utf8))
        }
        #expect(StagingFolder(path: staging.path) == nil, "a folder that exists was taken as a new staging folder")
    }
}
