import BriefCore
import BriefHTML
import BriefSite
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

public struct PreviewConfiguration: Sendable {
    public var root: URL
    public var host: String
    public var port: Int
    public var openBrowser: Bool
    /// The package to rebuild when Templates/ changes; nil to not watch templates.
    public var packageRoot: URL?
    /// How to start this program again after the templates were rebuilt.
    public var executable: String
    public var arguments: [String]
    /// The command that rebuilds the program after a template changed; by
    /// default `swift build` of this package, as the running program was built (`RebuildCommand`).
    public var buildCommand: [String]?

    public init(root: URL, host: String = "127.0.0.1", port: Int = 8080, openBrowser: Bool = false, packageRoot: URL? = nil,
                executable: String = CommandLine.arguments.first ?? "briefsite", arguments: [String] = CommandLine.arguments,
                buildCommand: [String]? = nil) {
        self.root = root
        self.host = host
        self.port = port
        self.openBrowser = openBrowser
        self.packageRoot = packageRoot
        self.executable = executable
        self.arguments = arguments
        self.buildCommand = buildCommand
    }
}

/// `briefsite serve`: the site with drafts, built in memory, served on
/// loopback, rebuilt as its files change, with live reload and an overlay
/// for every error. Never writes Public/.
public final class PreviewServer: @unchecked Sendable {
    public let configuration: PreviewConfiguration
    let session: SiteSession
    let state: PreviewState
    private var watcher: FileWatcher?
    private let output: @Sendable (String) -> Void
    private let rebuildLock = NSLock()
    /// Set after a rebuild: milliseconds from the change being seen to the reload event.
    public private(set) var lastRebuild: (milliseconds: Double, pagesRendered: Int, pagesReused: Int)?

    public init(configuration: PreviewConfiguration, output: @escaping @Sendable (String) -> Void = PreviewServer.printLine) {
        self.configuration = configuration
        self.output = output
        var settings = RenderSettings(includeDrafts: true, headExtra: LiveReload.headMarkup)
        settings.freesInBackground = true
        session = SiteSession(root: configuration.root, settings: settings)
        switch session.build() {
        case .success(let build):
            state = PreviewState(site: ServedSite(build: build))
            output("Built the preview in \(Int(build.milliseconds)) ms.")
        case .failure(let failure):
            state = PreviewState(site: PreviewServer.errorSite(failure.diagnostics))
            state.fail(failure.diagnostics.filter { $0.severity == .error })
            failure.diagnostics.forEach { output($0.description) }
        }
    }

    /// Standard output, flushed at once so that a log file shows each line as it happens.
    public static let printLine: @Sendable (String) -> Void = { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// The Hummingbird application that serves the preview.
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let closer = StreamCloser(state: state)
        var logger = Logger(label: "briefsite.serve")
        logger.logLevel = .warning
        return Application(
            responder: PreviewResponder(state: state),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "briefsite"),
            services: [closer],
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Serves until SIGINT or SIGTERM.
    public func run() async throws {
        startWatching()
        let heartbeat = Task { [state] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                state.heartbeat()
            }
        }
        defer {
            heartbeat.cancel()
            watcher?.stop()
        }
        let app = application { [self] port in
            announce(port: port)
        }
        // After a restart the old socket may take a moment to close: try again for a few seconds.
        var attempts = ProcessInfo.processInfo.environment[PreviewServer.restartMarker] == nil ? 1 : 30
        while true {
            do {
                try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
                return
            } catch {
                let problem = PreviewError.describe(error, host: configuration.host, port: configuration.port)
                attempts -= 1
                guard attempts > 0, problem.description.contains("in use") else { throw problem }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    static let restartMarker = "BRIEFSITE_SERVE_RESTARTED"

    func announce(port: Int) {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        if ["0.0.0.0", "::", ""].contains(configuration.host) {
            output("warning: serving on all network interfaces (\(configuration.host)): anyone who can reach this machine can read the drafts")
        }
        let shownHost = ["0.0.0.0", "::", ""].contains(configuration.host) ? "127.0.0.1" : host
        output("Serving the preview (drafts included) — Ctrl-C to stop:")
        for language in state.current.languages {
            output("  \(language.name): http://\(shownHost):\(port)/\(language.prefix)/")
        }
        if configuration.openBrowser, let first = state.current.languages.first {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["xdg-open", "http://\(shownHost):\(port)/\(first.prefix)/"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try? process.run()
        }
    }

    public func startWatching() {
        var roots = [configuration.root.appendingPathComponent("Content")]
        if let package = configuration.packageRoot { roots.append(package.appendingPathComponent("Templates")) }
        let watcher = FileWatcher(roots: roots) { [weak self] paths in
            self?.changed(paths, seenAt: DispatchTime.now())
        }
        watcher.start()
        self.watcher = watcher
    }

    func changed(_ paths: [String], seenAt: DispatchTime) {
        if let package = configuration.packageRoot {
            let templates = package.appendingPathComponent("Templates").standardizedFileURL.path + "/"
            if paths.contains(where: { $0.hasPrefix(templates) }) {
                rebuildTemplates()
                return
            }
        }
        rebuild(changes: paths, seenAt: seenAt)
    }

    /// Builds again from the files as they are; on success every browser
    /// reloads, on failure they show the errors over the last good site.
    @discardableResult
    public func rebuild(changes: [String]? = nil, seenAt: DispatchTime = DispatchTime.now()) -> Bool {
        rebuildLock.lock()
        defer { rebuildLock.unlock() }
        switch session.build(changes: changes) {
        case .success(let build):
            let changed = state.publish(ServedSite(build: build, previous: state.current))
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - seenAt.uptimeNanoseconds) / 1_000_000
            lastRebuild = (elapsed, build.counters.pagesRendered, build.counters.pagesReused)
            output(String(format: "Rebuilt in %.1f ms: %d files parsed, %d bodies and %d pages rendered, %d pages unchanged; ",
                          elapsed, build.parsed, build.counters.bodiesRendered, build.counters.pagesRendered, build.counters.pagesReused)
                   + (changed.isEmpty ? "no file changed, no browser reloads." : "\(changed.count) files changed."))
            return true
        case .failure(let failure):
            state.fail(failure.diagnostics.filter { $0.severity == .error })
            output("The edit has \(failure.diagnostics.filter { $0.severity == .error }.count) error(s); still serving the last good site:")
            failure.diagnostics.forEach { output($0.description) }
            return false
        }
    }

    /// Templates are Swift: build the package again and, if it compiles,
    /// start the new program on the same address.
    func rebuildTemplates() {
        guard let package = configuration.packageRoot else { return }
        state.announce("Rebuilding templates…")
        output("Templates changed: rebuilding the package…")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = configuration.buildCommand
            ?? RebuildCommand.arguments(package: package.path, executable: configuration.executable,
                                        runtimeLinkedIn: RebuildCommand.runtimeLinkedIn)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            state.fail([], status: "Could not run swift build", detail: error.localizedDescription)
            return
        }
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let errors = log.split(separator: "\n").filter { $0.contains("error:") }.map(String.init)
            state.fail([], status: "The templates do not compile; still serving the last good site",
                       detail: (errors.isEmpty ? [String(log.suffix(4000))] : errors).joined(separator: "\n"))
            output(log)
            return
        }
        output("Templates rebuilt; restarting.")
        watcher?.stop()
        state.finishAll()
        PreviewServer.restart(executable: configuration.executable, arguments: configuration.arguments)
    }

    /// Replaces this process with the freshly built program; the listening
    /// socket closes with it and the new one binds the same address.
    static func restart(executable: String, arguments: [String]) {
        let path = executable.hasPrefix("/") ? executable : FileManager.default.currentDirectoryPath + "/" + executable
        // The listening socket and every other descriptor must not pass to the new program, or the port stays taken.
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for name in descriptors {
            if let descriptor = Int32(name), descriptor > 2 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        }
        setenv(PreviewServer.restartMarker, "1", 1)
        var cArguments = arguments.map { strdup($0) }
        cArguments.append(nil)
        execv(path, &cArguments)
        // Only reached when exec failed.
        FileHandle.standardError.write(Data("error: could not restart \(path): \(String(cString: strerror(errno)))\n".utf8))
        exit(1)
    }

    /// What the preview shows when the site has never built: the errors.
    static func errorSite(_ diagnostics: [Diagnostic]) -> ServedSite {
        let items: [HTML] = diagnostics.map { HTML("<li><code>\($0.location.description)</code> \($0.message)</li>\n") }
        let page: HTML = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>briefsite: the site does not build</title>
        \(LiveReload.headMarkup)</head>
        <body>
        <h1>The site does not build yet</h1>
        <ul>
        \(items)</ul>
        </body>
        </html>

        """
        let data = Data(page.rendered.utf8)
        let file = ServedFile(source: .bytes(data), contentType: "text/html; charset=utf-8",
                              etag: ServedSite.etag(StableHash.of { $0.combine(data) }))
        return ServedSite(files: ["index.html": file, "404.html": file], languages: [])
    }
}

/// Ends the event streams when the server shuts down, so that graceful
/// shutdown does not wait for browsers that never hang up.
struct StreamCloser: Service {
    let state: PreviewState

    func run() async throws {
        try? await gracefulShutdown()
        state.finishAll()
    }
}

public struct PreviewError: Error, CustomStringConvertible {
    public var description: String

    static func describe(_ error: any Error, host: String, port: Int) -> PreviewError {
        let text = String(describing: error)
        if text.contains("Address already in use") || text.contains("EADDRINUSE") || text.contains("errno: 98") {
            return PreviewError(description: "error: port \(port) on \(host) is in use; stop the program using it or choose another port with --port, e.g. --port \(port == 65535 ? 8081 : port + 1)")
        }
        if text.contains("Permission denied") || text.contains("errno: 13") {
            return PreviewError(description: "error: not allowed to listen on port \(port); choose a port above 1023 with --port")
        }
        return PreviewError(description: "error: the preview server stopped: \(text)")
    }
}
