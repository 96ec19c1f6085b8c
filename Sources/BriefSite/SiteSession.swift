import BriefCore
import BriefHTML
import Foundation

/// A site built again and again as its files change, as `serve` does:
/// parsed files, rendered bodies and pages are kept between builds, so an
/// edit re-renders only what it affects.
public final class SiteSession: @unchecked Sendable {
    public let root: URL
    public let settings: RenderSettings
    private let parseCache = ParseCache()
    private let renderCache = RenderCache()
    private let lock = NSLock()
    private var layout: ContentLayout?

    public init(root: URL, settings: RenderSettings) {
        self.root = root.standardizedFileURL
        self.settings = settings
    }

    public struct Build: Sendable {
        public var files: [OutputFile]
        public var warnings: [Diagnostic]
        public var config: SiteConfig
        public var parsed: Int
        public var reusedFiles: Int
        public var counters: RenderCounters
        public var milliseconds: Double
    }

    /// Builds the site in memory from the files as they are now. One build at a time.
    /// `changes` (absolute paths), when given and all of them files the last
    /// build read, lets the build skip scanning Content/.
    public func build(changes: [String]? = nil) -> Result<Build, BuildFailure> {
        lock.lock()
        defer { lock.unlock() }
        let started = DispatchTime.now()
        var known: ContentLayout?
        if let changes, let layout, layout.covers(changes: changes, root: root) { known = layout }
        var scanned: ContentLayout?
        let result = SiteBuilder.render(root: root, settings: settings, parseCache: parseCache, renderCache: renderCache,
                                        layout: known, changed: known == nil ? nil : Set(changes ?? []), loadedLayout: { scanned = $0 })
        layout = scanned?.indexingPaths()
        let counts = parseCache.takeCounts()
        let counters = renderCache.takeCounters()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000
        switch result {
        case .failure(let failure):
            return .failure(failure)
        case .success(let rendered):
            return .success(Build(files: rendered.site.files, warnings: rendered.warnings, config: rendered.config,
                                  parsed: counts.parsed, reusedFiles: counts.reused, counters: counters, milliseconds: elapsed))
        }
    }
}
