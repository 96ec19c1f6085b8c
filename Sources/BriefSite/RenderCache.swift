import BriefCore
import BriefMarkdown
import Foundation

/// What rendering one site produced last time, by fingerprint of the
/// inputs: a body or a page whose inputs did not change is reused, not
/// rendered again. Shared by the threads of one render.
public final class RenderCache: @unchecked Sendable {
    struct Body {
        var fingerprint: UInt64
        var body: RenderedBody
        var files: [OutputFile]
        /// False for a body from the build cache on disk, which keeps no HTML.
        var hasHTML = true
    }

    struct Page {
        var fingerprint: UInt64
        var files: [OutputFile]
        /// For a page written in parts: its first file's parts, in order.
        var parts: [PagePart] = []
        /// For a brief's page: where its reading time and body are (see `BodySplice`).
        var splice: BodySplice?
    }

    private let lock = NSLock()
    private var bodies: [String: Body] = [:]
    private var pages: [String: Page] = [:]
    private var counters = RenderCounters()
    private var faulted = false
    /// The build's cache file, when what is stored goes there at once instead of being held to the end of the
    /// build (`writeStores(to:)`).
    private var writer: StoredCaches.FileWriter?
    /// How many entries went to the file, which `keepOnly` counts as asked for.
    private var written = (bodies: 0, pages: 0)

    public init() {}

    func body(_ key: String, fingerprint: UInt64) -> Body? {
        lock.lock()
        defer { lock.unlock() }
        guard let cached = bodies[key], cached.fingerprint == fingerprint else { return nil }
        counters.bodiesReused += 1
        return cached
    }

    func store(body: Body, for key: String) {
        lock.lock()
        counters.bodiesRendered += 1
        let writer = keep(body, for: key, in: &bodies, toFile: true, counting: &written.bodies)
        lock.unlock()
        if let writer, let entry = StoredCaches.Entry(key: key, body: body) { writer.add(entry) }
    }

    /// Under the lock: `value` kept in `held`; or, when stores go to the cache file and `toFile`, the key's old
    /// entry taken out of `held` and the store counted, and the writer returned for the caller to hand the entry
    /// to once the lock is let go (encoding it is the slow part).
    private func keep<Value>(_ value: Value, for key: String, in held: inout [String: Value], toFile: Bool,
                             counting count: inout Int) -> StoredCaches.FileWriter? {
        guard let writer, toFile else {
            held[key] = value
            return nil
        }
        held[key] = nil
        count += 1
        return writer
    }

    /// From now on, a body or page stored goes to `writer` at once (and the entry the cache had for it goes):
    /// a one-shot build asks for nothing it stored, and held to the end, the entries were a tenth of the peak
    /// at 10,000 briefs. A page in parts stays: it is read again after the render (`timelineIndex(cache:)`).
    func writeStores(to writer: StoredCaches.FileWriter) {
        lock.lock()
        self.writer = writer
        lock.unlock()
    }

    func page(_ key: String, fingerprint: UInt64) -> Page? {
        lock.lock()
        defer { lock.unlock() }
        guard let cached = pages[key], cached.fingerprint == fingerprint else { return nil }
        counters.pagesReused += 1
        return cached
    }

    /// The page as the last render left it, whatever its fingerprint: for the parts that did not change.
    func earlierPage(_ key: String) -> Page? {
        lock.lock()
        defer { lock.unlock() }
        return pages[key]
    }

    func count(partsReused reused: Int, rendered: Int) {
        lock.lock()
        counters.partsReused += reused
        counters.partsRendered += rendered
        lock.unlock()
    }

    func store(page: Page, for key: String) {
        lock.lock()
        counters.pagesRendered += 1
        let writer = keep(page, for: key, in: &pages, toFile: page.parts.isEmpty, counting: &written.pages)
        lock.unlock()
        if let writer, let entry = StoredCaches.Entry(key: key, page: page) { writer.add(entry) }
    }

    /// Forgets entries that the last render did not ask for (deleted briefs). Every key a render asks for
    /// ends up in the cache (found there or stored) or in the cache file, so when the counts agree there is
    /// nothing to forget, and the keys (20,000 of each at 10,000 briefs) are not even gathered.
    func keepOnly(bodies bodyKeys: () -> Set<String>, bodyCount: Int, pages pageKeys: Set<String>) {
        lock.lock()
        if bodies.count + written.bodies != bodyCount {
            let keys = bodyKeys()
            bodies = bodies.filter { keys.contains($0.key) }
        }
        if pages.count + written.pages != pageKeys.count { pages = pages.filter { pageKeys.contains($0.key) } }
        lock.unlock()
    }

    /// Something the build cache promised was not there (a source file
    /// changed under the build): the build must start again without it.
    func reportFault() {
        lock.lock()
        faulted = true
        lock.unlock()
    }

    var hadFault: Bool {
        lock.lock()
        defer { lock.unlock() }
        return faulted
    }

    /// Everything cached, for the build cache on disk.
    func entriesForStorage() -> (bodies: [String: Body], pages: [String: Page]) {
        lock.lock()
        defer { lock.unlock() }
        return (bodies, pages)
    }

    /// Entries read from the build cache on disk; a lookup still needs the same fingerprint.
    func prefill(bodies stored: [String: Body], pages storedPages: [String: Page]) {
        lock.lock()
        // A build's cache starts empty: the stored entries are taken as they are, not inserted one by one.
        if bodies.isEmpty { bodies = stored } else { bodies.merge(stored) { current, _ in current } }
        if pages.isEmpty { pages = storedPages } else { pages.merge(storedPages) { current, _ in current } }
        lock.unlock()
    }

    /// Counts since the last call, then starts again from zero.
    public func takeCounters() -> RenderCounters {
        lock.lock()
        defer { counters = RenderCounters(); lock.unlock() }
        return counters
    }
}

public struct RenderCounters: Sendable, Equatable {
    public var bodiesRendered = 0
    public var bodiesReused = 0
    public var pagesRendered = 0
    public var pagesReused = 0
    /// Parts of pages written in parts (a year of the timeline), copied from the page the last build wrote or rendered.
    public var partsReused = 0
    public var partsRendered = 0
}
