import Foundation
import Testing

/// Runs the built `briefsite` executable as an editor would.
@Suite struct CommandLineTests {
    static var executable: URL {
        TemporarySite.packageRoot.appendingPathComponent(".build/debug/briefsite")
    }

    func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test func buildPrintsASummary() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        let result = try run(["build"], in: site.root)
        #expect(result.status == 0, "\(result.err)")
        let summary = result.out.trimmingCharacters(in: .newlines)
        #expect(try Regex(#"Built \d+ pages \(zh-Hant \d+, en \d+\); files: \d+ written, 0 unchanged, 0 removed; 0 warnings; (\d+) of \1 outputs rendered; (\d+) of \2 sources read; \d+ ms"#).wholeMatch(in: summary) != nil, "\(summary)")
        #expect(site.exists("en/index.html"))
    }

    /// The program allocates through jemalloc, configured from `malloc_conf`: its own statistics count what
    /// the build allocated, which they would not if the system's malloc had been bound instead.
    @Test func theProgramAllocatesThroughJemalloc() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        let result = try run(["build"], in: site.root, environment: ["BRIEFSITE_TIMING": "1"])
        #expect(result.status == 0, "\(result.err)")
        let pattern = try Regex(#"timing: allocator jemalloc 5\.[0-9.]+-\S+, freed pages kept 250 ms \(dirty\) and 0 ms \(muzzy\), ([0-9.]+) MB allocated at the end"#)
        let match = try #require(result.err.firstMatch(of: pattern), "\(result.err)")
        let captured = match.output[1].substring.map(String.init) ?? ""
        let megabytes = try #require(Double(captured), "\(result.err)")
        #expect(megabytes > 1, "\(result.err)")
        // The stage timings show the heap each stage left, which only the allocator's statistics can tell.
        #expect(result.err.contains(try Regex(#"load [0-9.]+ ms \(peak [0-9]+ MB, heap [0-9]+ MB\)"#)), "\(result.err)")
    }

    @Test func anEditOfABodyAloneSaysItsPageWasMadeFromTheOldOne() throws {
        let site = try BodyEditTests.site()
        #expect(try run(["build"], in: site.root).status == 0)
        let path = "Content/briefs/brief-03.en.md"
        try site.write(path, try BodyEditTests.source(site, path) + "\nA new line.\n")
        let result = try run(["build"], in: site.root)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("files: 1 written, ") && result.out.contains("; 1 of ")
                && result.out.contains(" outputs rendered (the edited body put into its page as last built); 1 of 1 sources read; "), "\(result.out)")
    }

    @Test func errorsGoToStandardErrorWithLocationsAndNonzeroExit() throws {
        var files = SampleBriefs.twoBriefSite
        files["Content/briefs/bad.zh-Hant.md"] = "---\ntitle: x\ndate: tomorrow\nbogus: 1\n---\n"
        let site = try TemporarySite(files)
        let result = try run(["build", "--root", site.root.path], in: FileManager.default.temporaryDirectory)
        #expect(result.status != 0)
        #expect(result.err.contains("Content/briefs/bad.zh-Hant.md:3:7: error: 'date' is not a valid date: 'tomorrow'; write it as YYYY-MM-DD, e.g. 2025-05-17\n"))
        #expect(result.err.contains("Content/briefs/bad.zh-Hant.md:4:1: error: unknown key 'bogus' in the front matter;"))
        #expect(result.err.contains("2 errors; nothing was written."))
        #expect(!site.exists("index.html"))
    }

    @Test func checkReportsMissingTranslationsAndWritesNothing() throws {
        var files = SampleBriefs.twoBriefSite
        files["Content/briefs/only-zh.zh-Hant.md"] = "---\ntitle: 只有中文\ndate: 2025-01-01\n---\n內容。\n"
        let site = try TemporarySite(files)
        let result = try run(["check"], in: site.root)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.contains("Content/briefs/only-zh.zh-Hant.md:1:1: warning: brief 'only-zh' has no en translation"))
        #expect(result.out.hasPrefix("Checked "))
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }

    @Test func newBriefCreatesADraftInEveryLanguageThatBuilds() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        let result = try run(["new", "brief", "fresh-analysis"], in: site.root)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("created Content/briefs/fresh-analysis/index.zh-Hant.md"))
        #expect(result.out.contains("created Content/briefs/fresh-analysis/index.en.md"))
        let text = try String(contentsOf: site.root.appendingPathComponent("Content/briefs/fresh-analysis/index.en.md"), encoding: .utf8)
        #expect(text.contains("draft: true"))
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        #expect(text.contains("date: \(formatter.string(from: Date()))"))
        #expect(try run(["build"], in: site.root).status == 0)
        #expect(!site.exists("en/briefs/fresh-analysis/index.html"))
        #expect(try run(["build", "--drafts"], in: site.root).status == 0)
        #expect(site.exists("en/briefs/fresh-analysis/index.html"))
        let again = try run(["new", "brief", "fresh-analysis"], in: site.root)
        #expect(again.status != 0 && again.err.contains("already exists"))
        let bad = try run(["new", "brief", "Not A Slug"], in: site.root)
        #expect(bad.status != 0 && bad.err.contains("is not a valid slug"))
    }

    @Test func versionAndHelp() throws {
        let folder = FileManager.default.temporaryDirectory
        let version = try run(["--version"], in: folder)
        #expect(version.status == 0 && version.out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let help = try run(["--help"], in: folder)
        #expect(help.out.contains("build") && help.out.contains("check") && help.out.contains("new"))
    }
}

extension CommandLineTests {
    @Test func checkFindsWhatBuildWouldRejectAndMistakesInDrafts() throws {
        var files = SampleBriefs.twoBriefSite
        files["Content/briefs/unfinished.zh-Hant.md"] = "---\ntitle: 未完成\ndate: 2025-01-01\ndraft: true\n---\n[壞](gone.zh-Hant.md)\n"
        files["Content/briefs/geneva.zh-Hant.md"] = SampleBriefs.genevaZh + "\n\n[草稿](unfinished.zh-Hant.md)\n"
        let site = try TemporarySite(files)
        let result = try run(["check"], in: site.root)
        #expect(result.status != 0)
        #expect(result.err.contains("Content/briefs/geneva.zh-Hant.md:20:1: error: 'unfinished.zh-Hant.md' links to Content/briefs/unfinished.zh-Hant.md, which is a draft or not published in this build"))
        #expect(result.err.contains("Content/briefs/unfinished.zh-Hant.md:6:1: error: 'gone.zh-Hant.md' links to Content/briefs/gone.zh-Hant.md, which does not exist"))
    }
}

extension CommandLineTests {
    @Test func serveStopsGracefullyOnSIGTERM() async throws {
        try await offPool { try self.serveAndTerminate() }
    }

    func serveAndTerminate() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["serve", "--port", "0"]
        process.currentDirectoryURL = site.root
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(10)
        while !text.contains("English: http://127.0.0.1:"), Date() < deadline {
            text += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        #expect(text.contains("繁體中文: http://127.0.0.1:"), "serve did not print the homes: \(text)")
        process.terminate()
        let stopped = Date().addingTimeInterval(5)
        while process.isRunning, Date() < stopped { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!process.isRunning, "serve did not stop on SIGTERM")
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }
}
