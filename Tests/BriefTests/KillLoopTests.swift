import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Builds killed with SIGKILL at random moments never leave a torn site:
/// Public/ is always exactly the old site or exactly the new one, and the
/// next build recovers.
@Suite(.serialized) struct KillLoopTests {
    /// Paths and a hash of the bytes of every file under `folder`.
    static func digest(_ folder: URL) -> [String: Int] {
        filesWithBytes(under: folder).mapValues(\.hashValue)
    }

    /// A `briefsite build` of `root` started, its output and errors going to a log file.
    struct StartedBuild {
        let process = Process()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("build-\(UUID().uuidString).txt")

        init(_ root: URL) throws {
            process.executableURL = CommandLineTests.executable
            process.arguments = ["build", "--root", root.path]
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        }

        /// What it printed so far.
        var printed: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        /// Waits for it to end; returns what it printed and removes the log.
        func finish() -> String {
            process.waitUntilExit()
            defer { try? FileManager.default.removeItem(at: log) }
            return printed
        }
    }

    /// Runs `briefsite build`, killed after `microseconds` if given; returns what it printed.
    @discardableResult
    func runBuild(_ root: URL, killAfter microseconds: UInt32?) throws -> String {
        let build = try StartedBuild(root)
        if let microseconds {
            usleep(microseconds)
            kill(build.process.processIdentifier, SIGKILL)
        }
        return build.finish()
    }

    @Test func killedBuildsNeverTearPublic() async throws {
        try await offPool {
            let site = try TemporarySite(SampleBriefs.twoBriefSite)
            let versionA = SampleBriefs.genevaEn
            let versionB = SampleBriefs.genevaEn.replacingOccurrences(of: "agreed in Geneva", with: "agreed, in the end, in Geneva")
                + "\nA second version of the text.\n"
            try self.killLoop(site, "Content/briefs/geneva.en.md", versionA, versionB)
        }
    }

    /// First builds (no output yet: pages written into the staging folder as they are made) killed at random
    /// moments: they leave no output or a whole one, and the next build makes the site and no staging folder stays.
    @Test func killedFirstBuildsLeaveNoOutputOrAWholeOne() async throws {
        try await offPool {
            let site = try TemporarySite(SampleBriefs.twoBriefSite)
            let started = DispatchTime.now().uptimeNanoseconds
            try self.runBuild(site.root, killAfter: nil)
            // Kills spread over the whole of a first build, from before it starts to after it ends, however fast it is here.
            let lasted = UInt32(min(5_000_000, (DispatchTime.now().uptimeNanoseconds - started) / 1_000))
            let target = KillLoopTests.digest(site.output)
            #expect(!target.isEmpty)
            var generator = SeededGenerator(seed: 11)
            var killed = 0
            for run in 0..<40 {
                try FileManager.default.removeItem(at: site.output)
                try? FileManager.default.removeItem(at: site.root.appendingPathComponent(".briefsite-cache"))
                try self.runBuild(site.root, killAfter: UInt32.random(in: 0...(lasted + lasted / 4), using: &generator))
                if FileManager.default.fileExists(atPath: site.output.path) {
                    #expect(KillLoopTests.digest(site.output) == target, "run \(run): a killed first build left part of a site")
                } else {
                    killed += 1
                }
                let recovery = try self.runBuild(site.root, killAfter: nil)
                #expect(KillLoopTests.digest(site.output) == target, "run \(run): \(recovery)")
                #expect(StagingFolderTests.stagingFolders(site.root).isEmpty, "run \(run): a staging folder was left")
            }
            print("first-build kill loop: 40 runs, \(killed) killed before the output was made")
            #expect(killed > 5 && killed < 40, "\(killed) of 40 first builds were killed before they made the output; the loop does not test much")
        }
    }

    /// The same with edits of a body alone, made from the old page (`BodyEdit`) whenever the build before finished.
    @Test func killedBodyEditsNeverTearPublic() async throws {
        try await offPool {
            let site = try BodyEditTests.site()
            let path = "Content/briefs/brief-03.en.md"
            let versionA = try BodyEditTests.source(site, path)
            let madeFromOldPages = try self.killLoop(site, path, versionA, versionA + "\nA second version of the text, 2 < 3.\n")
            #expect(madeFromOldPages > 20, "only \(madeFromOldPages) builds made the page from the old one")
        }
    }

    /// The same with edits of a brief's events alone, put into the pages and files that show them (`EventEdit`).
    @Test func killedEventEditsNeverTearPublic() async throws {
        try await offPool {
            let site = try EventEditTests.site()
            let path = "Content/briefs/brief-03.zh-Hant.md"
            let versionA = try BodyEditTests.source(site, path)
            let versionB = versionA.replacingOccurrences(of: "date: 2024-04-13", with: "date: 2024-02-02")
            let spliced = try self.killLoop(site, path, versionA, versionB, madeBy: "the edited events put into")
            #expect(spliced > 20, "only \(spliced) builds put the events into the old files")
        }
    }

    /// The same with edits of a brief's tariffs and trade alone (`TariffEdit`): its blocks, the tracker pages,
    /// the exports.
    @Test func killedTariffEditsNeverTearPublic() async throws {
        try await offPool {
            let site = try TariffEditTests.site()
            let path = "Content/briefs/brief-05.zh-Hant.md"
            let versionA = try BodyEditTests.source(site, path)
            let versionB = versionA.replacingOccurrences(of: "rate: 25\n", with: "rate: 26.25\n")
                .replacingOccurrences(of: "balance: -5050000000", with: "balance: -4000000000")
            let spliced = try self.killLoop(site, path, versionA, versionB, madeBy: "the edited tariffs and trade put into")
            #expect(spliced > 20, "only \(spliced) builds put the tariffs into the old files")
        }
    }

    /// Builds `site` with `path` alternately at `versionA` and `versionB`, each killed at a random moment, then
    /// built to the end; returns how many of those builds said `edit` (made the edited files from the old ones).
    @discardableResult
    func killLoop(_ site: TemporarySite, _ path: String, _ versionA: String, _ versionB: String,
                  madeBy edit: String = "the edited body put into its page") throws -> Int {
        // The two sites, built cleanly once each.
        try site.write(path, versionB)
        try runBuild(site.root, killAfter: nil)
        let siteB = KillLoopTests.digest(site.output)
        try site.write(path, versionA)
        try runBuild(site.root, killAfter: nil)
        let siteA = KillLoopTests.digest(site.output)
        #expect(siteA != siteB && !siteA.isEmpty)

        var generator = SeededGenerator(seed: 7)
        var current = siteA
        var torn = 0
        var killed = 0
        var madeFromOldPages = 0
        for run in 0..<200 {
            let target = run % 2 == 0 ? siteB : siteA
            try site.write(path, run % 2 == 0 ? versionB : versionA)
            // Kill anywhere from before the program has started to after it has finished.
            try runBuild(site.root, killAfter: UInt32.random(in: 0...120_000, using: &generator))
            let seen = KillLoopTests.digest(site.output)
            if seen != current && seen != target { torn += 1 }
            if seen != target { killed += 1 }
            // The next build, left to finish, always recovers.
            let recovery = try runBuild(site.root, killAfter: nil)
            if recovery.contains(edit) { madeFromOldPages += 1 }
            let recovered = KillLoopTests.digest(site.output)
            #expect(recovered == target, "run \(run): the build after a killed one did not produce the new site: \(recovery)")
            current = recovered
            // The incremental cache the recovering build left is sound: the build after it has nothing to do.
            let again = try runBuild(site.root, killAfter: nil)
            #expect(again.contains(" 0 written") && again.contains(" 0 removed"), "run \(run): \(again)")
            #expect(KillLoopTests.digest(site.output) == target)
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: site.root.path))?.filter { $0.contains("staging") } ?? []
            #expect(leftovers.count <= 1, "staging folders pile up: \(leftovers)")
        }
        print("kill loop: 200 runs, \(killed) killed before finishing, \(torn) torn")
        #expect(torn == 0, "\(torn) of 200 killed builds left a mix of the old and new site")
        #expect(killed > 20, "only \(killed) builds were killed before they finished; the loop does not test much")
        return madeFromOldPages
    }

    /// A build waits while another build of the site holds the lock, says
    /// so, and goes on when it is released; two builds started at once take
    /// turns and both end with the same, right site.
    @Test func buildsOfOneSiteTakeTurns() async throws {
        try await offPool {
            let site = try TemporarySite(SampleBriefs.twoBriefSite)
            try self.runBuild(site.root, killAfter: nil)
            try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nA later version.\n")

            let lockPath = site.root.appendingPathComponent(".briefsite-cache/build.lock").path
            let held = open(lockPath, O_RDWR | O_CREAT, 0o644)
            #expect(held >= 0 && flock(held, LOCK_EX) == 0)
            let waiting = try StartedBuild(site.root)
            usleep(1_500_000)
            #expect(waiting.process.isRunning, "the build did not wait for the lock")
            #expect(waiting.printed.contains("waiting for another build of this site to finish"))
            close(held)
            let printed = waiting.finish()
            #expect(waiting.process.terminationStatus == 0)
            #expect(printed.contains("Built "))

            try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nA third version.\n")
            let outputs = OutputBox()
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                outputs.append((try? self.runBuild(site.root, killAfter: nil)) ?? "")
            }
            #expect(outputs.all.count == 2 && outputs.all.allSatisfy { $0.contains("Built ") }, "\(outputs.all)")
            let differences = IncrementalBuildTests.differences(filesWithBytes(under: site.output),
                                                                try IncrementalBuildTests.coldBuild(of: site))
            #expect(differences.isEmpty, "\(differences)")
            let again = try self.runBuild(site.root, killAfter: nil)
            #expect(again.contains(" 0 written") && again.contains(" 0 removed"), "\(again)")
        }
    }
}

private final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []

    func append(_ value: String) {
        lock.lock()
        values.append(value)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
