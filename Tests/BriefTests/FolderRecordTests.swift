import BriefCore
@testable import BriefSite
import Foundation
import Testing

/// A rebuild checks the output by a stat of each recorded file and lists only
/// the folders whose stamp changed (`FolderRecord`). The builds below wait a
/// few ticks of the file system's clock between them, so that every folder's
/// record vouches and the damage must be found by that check, not by a walk.
@Suite struct FolderRecordTests {
    static func build(_ site: TemporarySite) throws -> BuildReport { try site.buildSucceeding() }

    static func settleDown() { Thread.sleep(forTimeInterval: 0.05) }

    /// The two-brief site after two writing builds, each after the folders settled (so that the output and the
    /// spare both have records that vouch), the English Geneva brief at version three and the spare at two.
    static func settledSiteWithASpare() throws -> TemporarySite {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        _ = try build(site)
        for version in ["two", "three"] {
            settleDown()
            try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nVersion \(version).\n")
            _ = try build(site)
        }
        settleDown()
        // A build with nothing to do lists any folder that could not vouch, then records that it does.
        let noOp = try build(site)
        #expect(noOp.files?.written == 0 && noOp.outputFoldersListed != nil)
        settleDown()
        let quiet = try build(site)
        #expect(quiet.outputFoldersListed == 0, "every folder vouches once settled")
        return site
    }

    @Test(arguments: ["page edited in place", "page removed", "file added", "folder added", "folder replaced by a file",
                      "folder replaced by a link", "spare page edited in place", "spare file added", "spare folder added",
                      "spare folder removed"])
    func damageUnderFoldersThatVouchIsFound(_ damage: String) throws {
        let site = try FolderRecordTests.settledSiteWithASpare()
        let spare = site.root.appendingPathComponent(".Public.spare")

        let manager = FileManager.default
        switch damage {
        case "page edited in place":
            // Written in place: the folder keeps its time, the file's own stamp tells.
            let handle = try FileHandle(forWritingTo: site.output.appendingPathComponent("en/about/index.html"))
            try handle.write(contentsOf: Data("<p>edited by hand</p>".utf8))
            try handle.close()
        case "page removed": try manager.removeItem(at: site.output.appendingPathComponent("zh-hant/briefs/japan/index.html"))
        case "file added": try Data("stray".utf8).write(to: site.output.appendingPathComponent("en/stray.html"))
        case "folder added":
            try manager.createDirectory(at: site.output.appendingPathComponent("en/about/extra/deeper"), withIntermediateDirectories: true)
            try Data("stray".utf8).write(to: site.output.appendingPathComponent("en/about/extra/deeper/index.html"))
        case "folder replaced by a file":
            try manager.removeItem(at: site.output.appendingPathComponent("en/about"))
            try Data("not a folder".utf8).write(to: site.output.appendingPathComponent("en/about"))
        case "folder replaced by a link":
            // The link leads to a copy of the folder: the same names, stats by path through it would find files.
            let copy = site.root.appendingPathComponent("elsewhere")
            try manager.copyItem(at: site.output.appendingPathComponent("en/about"), to: copy)
            try manager.removeItem(at: site.output.appendingPathComponent("en/about"))
            try manager.createSymbolicLink(at: site.output.appendingPathComponent("en/about"), withDestinationURL: copy)
        case "spare page edited in place":
            let handle = try FileHandle(forWritingTo: spare.appendingPathComponent("zh-hant/about/index.html"))
            try handle.write(contentsOf: Data("<p>stale</p>".utf8))
            try handle.close()
        case "spare file added": try Data("stray".utf8).write(to: spare.appendingPathComponent("en/stray.html"))
        case "spare folder added":
            try manager.createDirectory(at: spare.appendingPathComponent("en/briefs/stray"), withIntermediateDirectories: true)
            try Data("stray".utf8).write(to: spare.appendingPathComponent("en/briefs/stray/index.html"))
        case "spare folder removed": try manager.removeItem(at: spare.appendingPathComponent("en/about"))
        default: throw TestFailure("unknown damage \(damage)")
        }
        // The damage alone (a build with nothing else to do checks the output only), then an edit, whose build
        // brings the spare up to date and exchanges it with the output.
        // Two edits: damage the first exchange moved into the spare comes back with the second.
        _ = try FolderRecordTests.build(site)
        for version in ["four", "five"] {
            try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nVersion \(version).\n")
            _ = try FolderRecordTests.build(site)
        }
        let differences = IncrementalBuildTests.differences(filesWithBytes(under: site.output),
                                                            try IncrementalBuildTests.coldBuild(of: site))
        #expect(differences.isEmpty, "after \(damage): \(differences)")
        let about = try FileManager.default.attributesOfItem(atPath: site.output.appendingPathComponent("en/about").path)
        #expect(about[.type] as? FileAttributeType == .typeDirectory)
        let again = try FolderRecordTests.build(site)
        #expect(again.files?.written == 0 && again.files?.removed == 0, "after \(damage): \(String(describing: again.files))")
    }

    /// The spare's unchanged files are hard links to the output's: in a folder whose record vouches, one recorded
    /// with the stamp the output's check just found is taken on that check's word, without a stat. A page only
    /// the spare holds is still stat'ed, and so is a shared page whose name was given to another file (its folder
    /// changed). Each damage is to a page the next build takes from the spare as it is, if it trusts it.
    @Test(arguments: ["spare-only page edited in place", "shared page replaced in the spare"])
    func theSparesLinkedFilesRideOnTheOutputsCheck(_ damage: String) throws {
        let site = try FolderRecordTests.settledSiteWithASpare()
        let spare = site.root.appendingPathComponent(".Public.spare")

        switch damage {
        case "spare-only page edited in place":
            // Version two's page, which the spare holds and the output does not.
            let handle = try FileHandle(forWritingTo: spare.appendingPathComponent("en/briefs/geneva/index.html"))
            try handle.write(contentsOf: Data("<p>stale</p>".utf8))
            try handle.close()
        case "shared page replaced in the spare":
            let page = spare.appendingPathComponent("zh-hant/briefs/japan/index.html")
            try FileManager.default.removeItem(at: page)
            try Data("<p>stale</p>".utf8).write(to: page)
        default: throw TestFailure("unknown damage \(damage)")
        }
        // Back to version two: the spare's pages are what this build wants, as the spare's record says.
        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nVersion two.\n")
        let edited = try FolderRecordTests.build(site)
        #expect((edited.files?.written ?? 0) >= 1)
        let differences = IncrementalBuildTests.differences(filesWithBytes(under: site.output),
                                                            try IncrementalBuildTests.coldBuild(of: site))
        #expect(differences.isEmpty, "after \(damage): \(differences)")
    }

    /// Each path's folder by its position among the folders, as a lookup of each path's parent gives it: the
    /// root's files, the files of a folder one after another, a folder that sorts between a folder's files and its
    /// subfolders ("a-b" before "a/"), a parent that is none of the folders, and the root itself.
    @Test func eachPathsFolderIsFoundByPosition() {
        let folders = ["", "a", "a-b", "a/c", "b"]
        let positionOf = Dictionary(uniqueKeysWithValues: folders.enumerated().map { ($1, $0) })
        let paths = ["", "index.html", "a-b/x.html", "a/c/index.html", "a/c/more.json", "a/index.html", "a/z/deep.txt",
                     "a/zz.html", "b", "b/index.html", "sitemap.xml"]
        let expected = paths.map { path in path.isEmpty ? -1 : positionOf[FoundOutputs.parent(of: path)] ?? -1 }
        #expect(FoundOutputs.folderPositions(of: paths, among: positionOf) == expected)
        #expect(expected == [-1, 0, 2, 3, 3, 1, -1, 1, 0, 4, 0])
        #expect(FoundOutputs.folderPositions(of: folders, among: positionOf) == [-1, 0, 0, 1, 0])
    }

    /// A folder's record vouches only when its time is older than the file system's time read before its stat.
    @Test func aFolderChangedInTheTickOfItsStatDoesNotVouch() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("a"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("x".utf8).write(to: folder.appendingPathComponent("a/page.html"))
        var info = stat()
        #expect(lstat(folder.appendingPathComponent("a").path, &info) == 0)
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        let seen = try #require(FolderStat(info))
        var fileInfo = stat()
        #expect(lstat(folder.appendingPathComponent("a/page.html").path, &fileInfo) == 0)
        #expect(FolderStat(fileInfo) == nil, "a file's stat was taken for a folder's")
        #expect(seen.modified == modified && seen.inode == UInt64(info.st_ino))
        #expect(!FolderRecord(path: "a", info: seen, before: modified).vouches)
        #expect(!FolderRecord(path: "a", info: seen, before: nil).vouches)
        let record = FolderRecord(path: "a", info: seen, before: modified + 1)
        #expect(record.vouches && record.matches(seen))
        // The marker's reading is the file system's time: not before the folder's, which was stamped earlier.
        let clock = FolderClock(marker: folder.appendingPathComponent("clock").path)
        let reading = try #require(clock.read())
        #expect(reading >= modified)
        let taken = FolderRecord.taken(under: folder.path, holding: ["a/page.html"], clock: clock)
        #expect(taken.map(\.path) == ["", "a"])
        #expect(FolderRecord.taken(under: folder.path, holding: ["a/page.html"],
                                   clock: FolderClock(marker: folder.appendingPathComponent("no/such/folder/clock").path))
                    .allSatisfy { !$0.vouches })
        // Once an entry is added, the folder is no longer the one recorded.
        Thread.sleep(forTimeInterval: 0.02)
        try Data("y".utf8).write(to: folder.appendingPathComponent("a/other.html"))
        #expect(lstat(folder.appendingPathComponent("a").path, &info) == 0)
        #expect(FolderStat(info).map(record.matches) == false)
    }
}

/// An edit that changes one file of the site replaces it in the output
/// (`OutputWriter.patch`); the spare is neither checked nor touched, and the
/// next edit that changes more goes through the spare as its record says.
@Suite struct OutputPatchTests {
    /// Paths, inodes, sizes and modification times of every entry under `folder` (not the change times: a file
    /// of the spare is a hard link to the output's, whose replacement changes the count of links).
    static func stamps(_ folder: URL) -> [String: EntryStamp] {
        FileStamps.all(under: folder.path, withChangeTime: false, includingFolders: true)
    }

    @Test func oneChangedFileIsReplacedInTheOutputAndTheSpareIsLeftAlone() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        let spare = site.root.appendingPathComponent(".Public.spare")
        try site.buildSucceeding()
        // The brief's page, the feed and the lists that show its summary change: through the spare, which this makes.
        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nVersion two.\n")
        #expect((try site.buildSucceeding().files?.written ?? 0) > 1)
        let spareBefore = OutputPatchTests.stamps(spare)
        #expect(!spareBefore.isEmpty)

        // A plain page's text: one file.
        try site.write("Content/pages/about.en.md", SampleBriefs.aboutEn + "\nOne more line.\n")
        let patched = try site.buildSucceeding()
        #expect(patched.files == WriteSummary(written: 1, unchanged: (patched.files?.unchanged ?? 0), removed: 0))
        #expect(try String(contentsOf: site.output.appendingPathComponent("en/about/index.html"), encoding: .utf8).contains("One more line."))
        #expect(OutputPatchTests.stamps(spare) == spareBefore, "the spare was touched")
        #expect(IncrementalBuildTests.differences(filesWithBytes(under: site.output), try IncrementalBuildTests.coldBuild(of: site)).isEmpty)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.contains("staging") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        #expect(try site.buildSucceeding().files?.written == 0)

        // The spare damaged meanwhile, then edits of several files: the spare's record, carried over, finds it.
        try Data("stray".utf8).write(to: spare.appendingPathComponent("en/stray.html"))
        let handle = try FileHandle(forWritingTo: spare.appendingPathComponent("zh-hant/about/index.html"))
        try handle.write(contentsOf: Data("<p>stale</p>".utf8))
        try handle.close()
        for version in ["three", "four"] {
            try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nVersion \(version).\n")
            #expect((try site.buildSucceeding().files?.written ?? 0) > 1)
            let differences = IncrementalBuildTests.differences(filesWithBytes(under: site.output), try IncrementalBuildTests.coldBuild(of: site))
            #expect(differences.isEmpty, "\(differences)")
        }
        #expect(try site.buildSucceeding().files?.written == 0)
    }
}
