import BriefCore
import BriefPreview
import BriefSite
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct PreviewRouterTests {
    static var files: [String: String] {
        var files = SampleBriefs.twoBriefSite
        files["Content/briefs/work-in-progress.zh-Hant.md"] = "---\ntitle: 草稿中\ndate: 2025-06-01\ndraft: true\n---\n還在寫。\n"
        return files
    }

    func server(_ site: TemporarySite) -> PreviewServer {
        PreviewServer(configuration: PreviewConfiguration(root: site.root, port: 0), output: { _ in })
    }

    @Test func servesEveryKindOfFileWithItsType() async throws {
        let site = try TemporarySite(PreviewRouterTests.files)
        let app = server(site).application()
        try await app.test(.router) { client in
            let expectations: [(String, String)] = [
                ("/zh-hant/", "text/html; charset=utf-8"),
                ("/", "text/html; charset=utf-8"),
                ("/zh-hant/feed.xml", "application/atom+xml; charset=utf-8"),
                ("/sitemap.xml", "application/xml; charset=utf-8"),
                ("/data/tariffs.csv", "text/csv; charset=utf-8"),
                ("/data/timeline.json", "application/json; charset=utf-8"),
                ("/data/timeline.ics", "text/calendar; charset=utf-8"),
                ("/zh-hant/briefs/japan/chart.svg", "image/svg+xml; charset=utf-8"),
                ("/_briefsite/live.js", "text/javascript; charset=utf-8"),
            ]
            for (path, type) in expectations {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.headers[.contentType] == type, "\(path)")
                    #expect(response.headers[.eTag] != nil)
                }
            }
            let css = try await client.execute(uri: "/zh-hant/", method: .get) { response in
                String(buffer: response.body).firstMatch(of: /href="(\.\.\/assets\/[^"]+\.css)"/)?.1
            }
            let stylesheet = try #require(css).dropFirst(2)
            try await client.execute(uri: String(stylesheet), method: .get) { response in
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
            }
        }
    }

    @Test func entityTagsAnswer304AndHeadHasNoBody() async throws {
        let site = try TemporarySite(PreviewRouterTests.files)
        let app = server(site).application()
        try await app.test(.router) { client in
            let tag = try await client.execute(uri: "/en/briefs/geneva/", method: .get) { response in
                response.headers[.eTag]
            }
            let etag = try #require(tag)
            try await client.execute(uri: "/en/briefs/geneva/", method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/en/briefs/geneva/", method: .get, headers: [.ifNoneMatch: "\"other\""]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/en/briefs/geneva/", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
                #expect(Int(response.headers[.contentLength] ?? "0") ?? 0 > 1000)
            }
            try await client.execute(uri: "/en/briefs/geneva/", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
            }
        }
    }

    @Test func missingPagesGetTheSites404AndFoldersARedirect() async throws {
        let site = try TemporarySite(PreviewRouterTests.files)
        let app = server(site).application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/en/briefs/nothing-here/", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("Page not found"))
            }
            try await client.execute(uri: "/en/briefs/geneva?x=1", method: .get) { response in
                #expect(response.status == .movedPermanently)
                #expect(response.headers[.location] == "/en/briefs/geneva/?x=1")
            }
            try await client.execute(uri: "/zh-hant/topics/%E9%97%9C%E7%A8%85/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<h1>主題：關稅</h1>"))
            }
        }
    }

    @Test func pathsCannotLeaveTheSite() async throws {
        let site = try TemporarySite(PreviewRouterTests.files)
        let app = server(site).application()
        let attempts = [
            "/../Content/site.yaml", "/%2e%2e/Content/site.yaml", "/%2E%2E/%2E%2E/etc/passwd", "/en/..%2f..%2fContent%2fsite.yaml",
            "/en/briefs/japan/..%2F..%2F..%2F..%2FPackage.swift", "/en/%2e%2e/%2e%2e/Content/briefs/geneva.en.md",
            "/Content/site.yaml", "/..%5c..%5cContent/site.yaml", "/en/%00", "/./././../Content/site.yaml",
        ]
        try await app.test(.router) { client in
            for path in attempts {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound, "\(path) was answered with \(response.status)")
                    #expect(!String(buffer: response.body).contains("baseURL"), "\(path) served site.yaml")
                }
            }
        }
    }

    @Test func draftsShowABannerAndOnlyTheServerInjectsItsScript() async throws {
        let site = try TemporarySite(PreviewRouterTests.files)
        let app = server(site).application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/zh-hant/briefs/work-in-progress/", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(html.contains("class=\"draft-banner\""))
                #expect(html.contains("<meta name=\"robots\" content=\"noindex\">"))
                #expect(html.contains("<script src=\"/_briefsite/live.js\" defer></script>"))
                #expect(html.contains("PREVIEW"))
            }
        }
        try site.buildSucceeding(drafts: true)
        for page in try site.allPages() {
            #expect(!page.html.contains("_briefsite"), "\(page.path) of a build carries the preview script")
        }
        #expect(site.exists("zh-hant/briefs/work-in-progress/index.html"))
    }

    @Test func linksOutOfContentAreRefused() throws {
        let site = try TemporarySite(PreviewRouterTests.files)
        try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("Content/briefs/japan/secret.txt").path,
                                                   withDestinationPath: "/etc/hostname")
        let errors = try site.buildFailing().map(\.description)
        #expect(errors.contains { $0.contains("secret.txt is a link to /etc/hostname, outside Content/") })
    }
}

/// Starts `server` on an ephemeral loopback port; cancel the task to stop it.
func listen(_ server: PreviewServer) async throws -> (port: Int, task: Task<Void, any Error>) {
    let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
    let app = server.application { port in portContinuation.yield(port) }
    let running = Task { try await app.runService(gracefulShutdownSignals: []) }
    var ports = portStream.makeAsyncIterator()
    guard let port = await ports.next() else { throw TestFailure("the server did not start") }
    return (port, running)
}

/// Polls `condition` for up to `timeout` seconds.
func eventually(timeout: Double = 5, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.05)
    }
    return try condition()
}

@Suite(.serialized) struct PreviewLiveTests {
    /// Over a real socket: subscribe to the event stream, edit a brief, get
    /// the reload, see the edit; break the front matter, get the errors while
    /// the last good page is still served; fix it and get a reload.
    @Test func editReloadAndErrorOverlayOverARealSocket() async throws {
        let site = try TemporarySite(PreviewRouterTests.files)
        let server = PreviewServer(configuration: PreviewConfiguration(root: site.root, port: 0), output: { _ in })
        let (port, running) = try await listen(server)
        defer { running.cancel() }
        server.startWatching()

        let events = try RawHTTP(port: port)
        events.send("/_briefsite/events")
        let hello = try #require(await events.waitFor("event: hello", timeout: 5))
        #expect(hello.contains("text/event-stream"))
        events.reset()

        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn.replacingOccurrences(of: "agreed in Geneva", with: "agreed, after long talks, in Geneva"))
        #expect(await events.waitFor("event: reload", timeout: 5) != nil, "no reload event after an edit")
        let page = try await RawHTTP.fetch(port: port, "/en/briefs/geneva/")
        #expect(page.contains("agreed, after long talks, in Geneva"))
        events.reset()

        try site.write("Content/briefs/geneva.en.md", "---\ntitle: [unclosed\ndate: 2025-05-13\n---\nBroken.\n")
        let state = try #require(await events.waitFor("event: state", timeout: 5), "no error event after a broken edit")
        #expect(state.contains("\"location\": \"Content/briefs/geneva.en.md:3:"))
        #expect(state.contains("invalid YAML"))
        let stillServed = try await RawHTTP.fetch(port: port, "/en/briefs/geneva/")
        #expect(stillServed.contains("HTTP/1.1 200 OK"))
        #expect(stillServed.contains("agreed, after long talks, in Geneva"), "the last good page stays served")
        events.reset()

        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn)
        #expect(await events.waitFor("event: reload", timeout: 5) != nil, "fixing the error does not reload")
        #expect(try await RawHTTP.fetch(port: port, "/en/briefs/geneva/").contains("The US and China agreed in Geneva."))

        try site.remove("Content/pages/about.en.md")
        #expect(try await eventuallyOffPool { try RawHTTP.get(port: port, "/en/about/").contains("HTTP/1.1 404 Not Found") }, "a deleted page is still served")
        try site.write("Content/briefs/moved.en.md", "---\ntitle: Moved\ndate: 2025-05-16\n---\nA new address.\n")
        try site.write("Content/briefs/moved.zh-Hant.md", "---\ntitle: 搬家\ndate: 2025-05-16\n---\n新網址。\n")
        #expect(try await eventuallyOffPool { try RawHTTP.get(port: port, "/zh-hant/briefs/moved/").contains("新網址。") }, "a new brief does not appear")
    }
}

extension PreviewLiveTests {
    /// A reload event names the files the rebuild changed, so that a browser showing another page stays as it
    /// is; a save that changes no output sends no reload at all (every browser reloaded on every rebuild).
    @Test func reloadsNameWhatChangedAndAnEmptyRebuildSendsNone() async throws {
        let site = try TemporarySite(PreviewRouterTests.files)
        let log = PreviewRebuildTests.Seen()
        let server = PreviewServer(configuration: PreviewConfiguration(root: site.root, port: 0), output: { log.add([$0]) })
        let (port, running) = try await listen(server)
        defer { running.cancel() }
        server.startWatching()
        let events = try await subscribedToEvents(port: port)

        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn.replacingOccurrences(of: "agreed in Geneva", with: "agreed, at last, in Geneva"))
        let stream = try #require(await events.waitFor("event: reload", timeout: 5), "no reload event after an edit")
        let data = try #require(stream.firstMatch(of: /event: reload\ndata: (.*)\n/)?.1)
        let reload = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
        let changed = try #require(reload["changed"] as? [String], "\(data)")
        #expect(changed.contains("en/briefs/geneva/index.html"))
        #expect(!changed.contains("zh-hant/briefs/geneva/index.html"), "the other language's page did not change: \(changed)")
        #expect(!changed.contains { $0.hasSuffix(".css") })
        #expect(changed == changed.sorted())
        let generation = try #require(reload["generation"] as? Int)
        events.reset()

        // The same bytes saved again: a rebuild runs, and nothing changed, so no browser is told to reload.
        let rebuildsBefore = log.paths.filter { $0.hasPrefix("Rebuilt in") }.count
        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn.replacingOccurrences(of: "agreed in Geneva", with: "agreed, at last, in Geneva"))
        #expect(try await eventuallyOffPool { log.paths.filter { $0.hasPrefix("Rebuilt in") }.count > rebuildsBefore }, "no rebuild after a save")
        #expect(await events.waitFor("event: reload", timeout: 1) == nil, "a rebuild that changed nothing reloads browsers")
        // A browser that connects now is told the generation of the last change, which did not move.
        let late = try RawHTTP(port: port)
        late.send("/_briefsite/events")
        let hello = try #require(await late.waitFor("event: hello", timeout: 5))
        #expect(hello.contains("\"generation\": \(generation),"), "\(hello)")
    }

    /// The live-reload script as served, run by Node against a stand-in for the browser: it reloads a page when
    /// a reload event names that page's file (in any spelling of its address), a stylesheet or an image, or
    /// names no list; not when only other pages changed, and then a reconnect does not reload it either.
    @Test func theScriptReloadsOnlyPagesWhoseFilesChanged() async throws {
        let site = try TemporarySite(PreviewRouterTests.files)
        let app = PreviewServer(configuration: PreviewConfiguration(root: site.root, port: 0), output: { _ in }).application()
        let script = try await app.test(.router) { client in
            try await client.execute(uri: "/_briefsite/live.js", method: .get) { String(buffer: $0.body) }
        }
        try site.write("live.js", script)
        try site.write("harness.js", PreviewLiveTests.harness)
        let node = Process()
        node.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        node.arguments = ["node", site.root.appendingPathComponent("harness.js").path, site.root.appendingPathComponent("live.js").path]
        let pipe = Pipe()
        node.standardOutput = pipe
        node.standardError = pipe
        try node.run()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        node.waitUntilExit()
        #expect(node.terminationStatus == 0, "\(printed)")
        #expect(printed.contains("9 of 9 cases as expected"), "\(printed)")
    }

    /// Runs the script with a stand-in `location`, `EventSource` and storage; prints each case whose number of
    /// reloads is not the one expected.
    static let harness = #"""
    const code = require("fs").readFileSync(process.argv[2], "utf8");
    function run(pathname, events) {
      let reloads = 0; const listeners = {};
      const page = {
        location: { pathname, reload: () => { reloads++; } },
        sessionStorage: { getItem: () => null, setItem: () => {}, removeItem: () => {} },
        document: { readyState: "complete", getElementById: () => null, body: { appendChild() {} },
                    createElement: () => ({ style: {}, setAttribute() {}, appendChild() {}, remove() {} }), createTextNode: () => ({}) },
        window: { scrollY: 0, scrollTo() {}, addEventListener() {} },
        EventSource: function () { this.addEventListener = (name, listener) => { listeners[name] = listener; }; },
      };
      new Function(...Object.keys(page), code)(...Object.values(page));
      listeners.hello({ data: JSON.stringify({ server: "a", generation: 1, errors: [] }) });
      for (const [name, data] of events) listeners[name]({ data: JSON.stringify(data) });
      return reloads;
    }
    const geneva = { generation: 2, changed: ["en/briefs/geneva/index.html", "en/feed.xml", "sitemap.xml"] };
    const cases = [
      ["/en/briefs/geneva/", [["reload", geneva]], 1],
      ["/zh-hant/briefs/geneva/", [["reload", geneva]], 0],
      ["/zh-hant/briefs/geneva/", [["reload", geneva], ["hello", { server: "a", generation: 2, errors: [] }]], 0],
      ["/zh-hant/briefs/geneva/", [["reload", { generation: 2, changed: ["assets/site.0123456789.css"] }]], 1],
      ["/zh-hant/briefs/geneva/", [["reload", { generation: 2, changed: ["zh-hant/briefs/geneva/chart.svg"] }]], 1],
      ["/", [["reload", { generation: 2, changed: ["index.html"] }]], 1],
      ["/zh-hant/briefs/%E6%97%A5%E6%9C%AC/", [["reload", { generation: 2, changed: ["zh-hant/briefs/日本/index.html"] }]], 1],
      ["/en/about", [["reload", { generation: 2, changed: ["en/about/index.html"] }]], 1],
      ["/en/", [["reload", { generation: 2, changed: null }]], 1],
    ];
    let failed = 0;
    for (const [path, events, expected] of cases) {
      const reloads = run(path, events);
      if (reloads !== expected) { failed++; console.log(`${path} after ${JSON.stringify(events)}: ${reloads} reloads, expected ${expected}`); }
    }
    console.log(`${cases.length - failed} of ${cases.length} cases as expected`);
    process.exit(failed ? 1 : 0);
    """#

    /// A connection to the preview's event stream, past its "hello".
    func subscribedToEvents(port: Int) async throws -> RawHTTP {
        let events = try RawHTTP(port: port)
        events.send("/_briefsite/events")
        #expect(await events.waitFor("event: hello", timeout: 5) != nil)
        events.reset()
        return events
    }

}

extension PreviewLiveTests {
    /// A template change runs the build; a compile error is shown in the
    /// overlay while the last good site is still served.
    @Test func templateChangesRebuildAndShowCompilerErrors() async throws {
        let site = try TemporarySite(PreviewRouterTests.files)
        try site.write("Templates/Page.swift", "// a template\n")
        let server = PreviewServer(configuration: PreviewConfiguration(
            root: site.root, port: 0, packageRoot: site.root,
            buildCommand: ["sh", "-c", "echo 'Compiling'; echo 'Templates/Page.swift:2:5: error: cannot find <b>x</b> in scope'; sleep 0.3; exit 1"]),
            output: { _ in })
        let (port, running) = try await listen(server)
        defer { running.cancel() }
        server.startWatching()

        let events = try await subscribedToEvents(port: port)
        try site.write("Templates/Page.swift", "// a template\nlet broken = x\n")
        let rebuilding = try #require(await events.waitFor("Rebuilding templates", timeout: 5), "no 'rebuilding templates' state")
        #expect(rebuilding.contains("event: state"))
        let failed = try #require(await events.waitFor("do not compile", timeout: 5), "no compiler errors shown")
        #expect(failed.contains("Templates/Page.swift:2:5: error: cannot find \\u003cb\\u003ex\\u003c/b\\u003e in scope"))
        #expect(try await RawHTTP.fetch(port: port, "/en/briefs/geneva/").contains("HTTP/1.1 200 OK"))
    }
}

@Suite struct PreviewRebuildTests {
    /// A body edit re-renders that brief's body and the pages that show it;
    /// a data edit also the timeline; nothing else.
    @Test func rebuildsRenderOnlyWhatAnEditAffects() throws {
        var files = PreviewRouterTests.files
        files["Content/briefs/geneva.zh-Hant.md"] = DataPagesTests.mainZh.replacingOccurrences(of: "title: 印太貿易談判", with: "title: 日內瓦協議")
        let site = try TemporarySite(files)
        let session = SiteSession(root: site.root, settings: RenderSettings(includeDrafts: true))
        guard case .success(let first) = session.build() else { throw TestFailure("first build failed") }
        #expect(first.counters.pagesReused == 0)
        let total = first.counters.pagesRendered

        guard case .success(let unchanged) = session.build() else { throw TestFailure("second build failed") }
        #expect(unchanged.counters.pagesRendered == 0 && unchanged.counters.bodiesRendered == 0)
        #expect(unchanged.counters.pagesReused == total)
        #expect(unchanged.parsed == 0)

        // A first paragraph long enough to be the whole summary, so that a later edit leaves the summary alone.
        let long = SampleBriefs.japanEn.replacingOccurrences(of: "The US and Japan met.", with: String(repeating: "The US and Japan met once more. ", count: 9))
        try site.write("Content/briefs/japan/index.en.md", long)
        guard case .success = session.build() else { throw TestFailure("build failed") }
        try site.write("Content/briefs/japan/index.en.md", long + "\nOne more sentence at the end.\n")
        guard case .success(let bodyEdit) = session.build() else { throw TestFailure("build after a body edit failed") }
        #expect(bodyEdit.parsed == 1)
        #expect(bodyEdit.counters.bodiesRendered == 1)
        #expect(bodyEdit.counters.pagesRendered == 2, "the edited brief's page and the feed that carries its text; the lists show an unchanged summary")

        try site.write("Content/briefs/japan/index.en.md", SampleBriefs.japanEn.replacingOccurrences(of: "The US and Japan met.", with: "The US and Japan met again."))
        guard case .success(let summaryEdit) = session.build() else { throw TestFailure("build after a summary edit failed") }
        #expect(summaryEdit.counters.pagesRendered > 1, "a new summary re-renders the lists that show it")
        #expect(summaryEdit.counters.pagesRendered < total / 3)

        let zh = DataPagesTests.mainZh.replacingOccurrences(of: "title: 印太貿易談判", with: "title: 日內瓦協議")
        try site.write("Content/briefs/geneva.zh-Hant.md", zh.replacingOccurrences(of: "date: 2025-04-17", with: "date: 2025-04-18"))
        guard case .success(let dataEdit) = session.build() else { throw TestFailure("build after a data edit failed") }
        #expect(dataEdit.counters.bodiesRendered == 2, "both translations show the brief's data")
        let timeline = try #require(dataEdit.files.first { $0.path == "en/timeline/index.html" })
        guard case .bytes(let bytes) = timeline.contents else { throw TestFailure("timeline is not bytes") }
        #expect(String(decoding: bytes, as: UTF8.self).contains("datetime=\"2025-04-18\""))
        #expect(dataEdit.counters.pagesRendered < total / 3)
    }

    @Test func pollingWatcherSeesChanges() throws {
        let site = try TemporarySite(PreviewRouterTests.files)
        let seen = Seen()
        let watcher = FileWatcher(roots: [site.root.appendingPathComponent("Content")], forcePolling: true) { paths in seen.add(paths) }
        watcher.start()
        defer { watcher.stop() }
        Thread.sleep(forTimeInterval: 0.4)
        try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nMore.\n")
        #expect(eventually { seen.paths.contains { $0.hasSuffix("Content/briefs/geneva.en.md") } })
        try site.remove("Content/pages/about.en.md")
        #expect(eventually { seen.paths.contains { $0.hasSuffix("Content/pages/about.en.md") } })
    }

    /// A file saved right after `start` returns is seen: the watches are in
    /// place before it returns, not when the watching thread first runs.
    @Test(arguments: [false, true]) func aWatcherSeesAnEditMadeRightAfterItStarts(polling: Bool) throws {
        for round in 0..<(polling ? 5 : 20) {
            let (site, seen, watcher) = try watchedSite(polling: polling)
            defer { watcher.stop() }
            try site.write("Content/briefs/geneva.en.md", SampleBriefs.genevaEn + "\nRound \(round).\n")
            #expect(eventually { seen.paths.contains { $0.hasSuffix("Content/briefs/geneva.en.md") } }, "round \(round) missed")
        }
    }

    /// A save made as editors and scripts make it, a hidden temporary file renamed over the brief, is one change
    /// to the brief, even when the rename comes well after the write: the hidden file is never reported (it
    /// was, in a batch of its own, and the rebuild it caused reloaded browsers before the edit was in).
    @Test(arguments: [false, true]) func aSaveThroughAHiddenTemporaryFileIsOneChangeToTheBrief(polling: Bool) throws {
        let (site, seen, watcher) = try watchedSite(polling: polling)
        defer { watcher.stop() }
        try site.write("Content/briefs/.geneva.en.md.tmp", SampleBriefs.genevaEn + "\nSaved through a temporary file.\n")
        Thread.sleep(forTimeInterval: 0.5)
        let temporary = site.root.appendingPathComponent("Content/briefs/.geneva.en.md.tmp")
        #expect(rename(temporary.path, site.root.appendingPathComponent("Content/briefs/geneva.en.md").path) == 0)
        #expect(eventually { seen.paths.contains { $0.hasSuffix("Content/briefs/geneva.en.md") } })
        #expect(!seen.paths.contains { $0.hasSuffix(".geneva.en.md.tmp") }, "\(seen.paths)")
    }

    /// A site whose Content/ is watched from now on, and what the watcher reports.
    func watchedSite(polling: Bool) throws -> (TemporarySite, Seen, FileWatcher) {
        let site = try TemporarySite(PreviewRouterTests.files)
        let seen = Seen()
        let watcher = FileWatcher(roots: [site.root.appendingPathComponent("Content")], forcePolling: polling) { paths in seen.add(paths) }
        watcher.start()
        return (site, seen, watcher)
    }

    /// Lines or paths gathered from another thread (the watcher's, the server's output).
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var all: [String] = []
        func add(_ paths: [String]) { lock.lock(); all += paths; lock.unlock() }
        var paths: [String] { lock.lock(); defer { lock.unlock() }; return all }
    }

    @Test func aPortInUseIsAClearErrorAndServeNeverWritesPublic() async throws {
        let site = try TemporarySite(PreviewRouterTests.files)
        let first = PreviewServer(configuration: PreviewConfiguration(root: site.root, port: 0), output: { _ in })
        let (port, running) = try await listen(first)
        defer { running.cancel() }
        let second = PreviewServer(configuration: PreviewConfiguration(root: site.root, port: port), output: { _ in })
        do {
            try await second.run()
            Issue.record("a second server bound a port in use")
        } catch let error as PreviewError {
            #expect(error.description.contains("port \(port) on 127.0.0.1 is in use"))
            #expect(error.description.contains("--port"))
        }
        #expect(!FileManager.default.fileExists(atPath: site.output.path), "serve wrote Public/")
    }
}
