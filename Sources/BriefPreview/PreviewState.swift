import BriefCore
import Foundation

/// What the preview serves right now: the last site that built, the errors
/// of the latest attempt (if it failed), and the browsers listening for
/// changes. Read by every request, written by the rebuild loop.
final class PreviewState: @unchecked Sendable {
    private let lock = NSLock()
    private var site: ServedSite
    private var errors: [Diagnostic] = []
    private var status: String?
    private var detail: String?
    private(set) var generation = 0
    private var listeners: [UUID: AsyncStream<String>.Continuation] = [:]
    /// Tells a browser that reconnects after a restart that it must reload.
    let serverID = UUID().uuidString

    init(site: ServedSite) {
        self.site = site
    }

    var current: ServedSite {
        lock.lock()
        defer { lock.unlock() }
        return site
    }

    var currentErrors: [Diagnostic] {
        lock.lock()
        defer { lock.unlock() }
        return errors
    }

    /// A new good build: serve it, and tell browsers which files changed, so that each reloads only when what
    /// it shows did (every browser reloaded on every rebuild, even one that changed nothing). A build that
    /// changed nothing moves no generation on; it only takes down the errors of a failed build, if shown.
    /// Returns the paths that changed.
    @discardableResult
    func publish(_ newSite: ServedSite) -> [String] {
        lock.lock()
        let changed = newSite.changedPaths(since: site)
        site = newSite
        let showedMessage = !errors.isEmpty || status != nil
        errors = []
        status = nil
        detail = nil
        var events: [String] = []
        if showedMessage { events.append(PreviewState.event("state", stateJSON())) }
        if !changed.isEmpty {
            generation += 1
            events.append(PreviewState.event("reload", reloadJSON(changed)))
        }
        let targets = Array(listeners.values)
        lock.unlock()
        for event in events { targets.forEach { $0.yield(event) } }
        return changed
    }

    /// Past this many changed files a reload event names none: every browser reloads.
    static let changedPathsListed = 2_000

    /// Must be called with the lock held.
    private func reloadJSON(_ changed: [String]) -> String {
        let list = changed.count > PreviewState.changedPathsListed
            ? "null" : "[" + changed.map(JSONString.literal).joined(separator: ", ") + "]"
        return "{\"generation\": \(generation), \"changed\": \(list)}"
    }

    /// A failed build: keep serving the last good site, show the errors.
    func fail(_ diagnostics: [Diagnostic], status: String? = nil, detail: String? = nil) {
        lock.lock()
        errors = diagnostics
        self.status = status
        self.detail = detail
        let event = PreviewState.event("state", stateJSON())
        let targets = Array(listeners.values)
        lock.unlock()
        targets.forEach { $0.yield(event) }
    }

    /// A message for the overlay while something is under way (rebuilding templates).
    func announce(_ message: String) {
        lock.lock()
        status = message
        detail = nil
        let event = PreviewState.event("state", stateJSON())
        let targets = Array(listeners.values)
        lock.unlock()
        targets.forEach { $0.yield(event) }
    }

    /// A stream of server-sent events for one browser, starting with "hello".
    func subscribe() -> (id: UUID, events: AsyncStream<String>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(16))
        lock.lock()
        listeners[id] = continuation
        let hello = PreviewState.event("hello", stateJSON())
        lock.unlock()
        continuation.yield("retry: 500\n\n")
        continuation.yield(hello)
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            self.lock.lock()
            self.listeners[id] = nil
            self.lock.unlock()
        }
        return (id, stream)
    }

    /// Ends one browser's stream (at shutdown).
    func end(_ id: UUID) {
        lock.lock()
        let continuation = listeners.removeValue(forKey: id)
        lock.unlock()
        continuation?.finish()
    }

    var listenerCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return listeners.count
    }

    /// Keeps idle connections open through proxies and lets dead ones be noticed.
    func heartbeat() {
        lock.lock()
        let targets = Array(listeners.values)
        lock.unlock()
        targets.forEach { $0.yield(": keep-alive\n\n") }
    }

    func finishAll() {
        lock.lock()
        let targets = Array(listeners.values)
        listeners = [:]
        lock.unlock()
        targets.forEach { $0.finish() }
    }

    /// Must be called with the lock held.
    private func stateJSON() -> String {
        let list = errors.map { diagnostic in
            "{\"location\": \(JSONString.literal(diagnostic.location.description)), \"severity\": \(JSONString.literal(diagnostic.severity.rawValue)), \"message\": \(JSONString.literal(diagnostic.message))}"
        }
        return "{\"server\": \(JSONString.literal(serverID)), \"generation\": \(generation), \"status\": \(status.map(JSONString.literal) ?? "null"), "
            + "\"detail\": \(detail.map(JSONString.literal) ?? "null"), \"errors\": [\(list.joined(separator: ", "))]}"
    }

    static func event(_ name: String, _ data: String) -> String {
        "event: \(name)\n" + data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)" }.joined(separator: "\n") + "\n\n"
    }
}
