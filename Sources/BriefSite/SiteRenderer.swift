import BriefCore
import BriefHTML
import BriefMarkdown
import BriefTemplates
import Foundation
import Synchronization

public struct RenderSettings: Sendable {
    public var includeDrafts: Bool
    /// Markup added to every page's head by the preview server; empty in builds.
    public var headExtra: HTML
    /// Where rendered bytes wait to be written; nil keeps them in memory
    /// (the preview serves them from there).
    public var spill: SpillFile?
    /// Where pages are written as they are made, in a build with no output yet (see `StagingFolder`).
    public var staging: StagingFolder?
    /// The process ends after this build: what it made is left for the system to take back (see `ProcessEnd`).
    public var leavesMemoryToExit: Bool
    /// A long-running process (the preview): what a build made is freed on a background queue after it.
    public var freesInBackground: Bool = false
    /// Stamps of Content/'s entries from the build's walk, by path under Content/: a file found there needs no
    /// `stat` of its own to be looked up in the parse cache.
    var walkedInputs: [String: EntryStamp]?

    /// These settings, this copy left without the walk's stamps: the render that takes them is then the only
    /// holder of the stamps, and lets them go once the sources are loaded (see `SiteBuilder.render`).
    mutating func handedOver() -> RenderSettings {
        let whole = self
        walkedInputs = nil
        return whole
    }
    /// Up to this much source text, a build keeps each body in memory from loading to rendering even when it
    /// spills; beyond it bodies are read again when rendered, so that memory stays bounded.
    public static let defaultBodiesKeptUpToBytes: Int64 = 64 * 1024 * 1024
    var bodiesKeptUpToBytes = RenderSettings.defaultBodiesKeptUpToBytes
    /// A build that spills holds each body's HTML from its rendering to its pages, rather than in the spill file,
    /// when it keeps the bodies' text too (up to `bodiesKeptUpToBytes` of sources).
    var keepsBodyHTML = false
    /// The build keeps what an edit of one body needs (`BodyEdit`) beside its manifest.
    var recordsBodyEdits = false

    public init(includeDrafts: Bool = false, headExtra: HTML = HTML(), spill: SpillFile? = nil, leavesMemoryToExit: Bool = false) {
        self.includeDrafts = includeDrafts
        self.headExtra = headExtra
        self.spill = spill
        self.leavesMemoryToExit = leavesMemoryToExit
    }
}

public struct RenderedSite: Sendable {
    public var files: [OutputFile]
    /// HTML pages per language code (the root page and 404 not counted).
    public var pagesPerLanguage: [String: Int]
    public var diagnostics: Diagnostics
    /// What an edit of one body needs from this render (see `BodyEdit`), when the settings ask for it: every
    /// source with its page when published, and the pages such an edit can make.
    var bodyEdits: (sources: [(path: String, page: String?)], records: [BodyEditLog])?
    /// What an edit of one brief's events needs from this render (see `EventEdit`), when the settings ask for it.
    var timelineIndex: TimelineIndex?
    /// What an edit of one brief's tariffs or trade needs from this render (see `TariffEdit`), the same way.
    var trackerIndex: TrackerIndex?

    public init(files: [OutputFile], pagesPerLanguage: [String: Int], diagnostics: Diagnostics) {
        self.files = files
        self.pagesPerLanguage = pagesPerLanguage
        self.diagnostics = diagnostics
    }
}

/// The render stage: from validated content to every file of the site, in memory.
public struct SiteRenderer: Sendable {
    let content: SiteContent
    let root: URL
    let settings: RenderSettings
    let paths: SitePaths
    let stylesheetPath: String
    /// Computed once from all published briefs.
    let data: SiteData
    let briefLanguages: [String: Set<String>]
    /// The same, each as one sorted list in a string: what the data pages' hashes take for every event and
    /// measure (made once a brief, not once an event: 550,000 events at 100,000 briefs).
    let briefLanguageLists: [String: String]
    /// Each brief's title per language, for links from data tables.
    let briefTitles: [String: [String: String]]
    let countryLanguages: [CountryCode: Set<String>]
    /// The computed data of each brief, by slug, so that a page finds its own without a scan.
    let measuresByBrief: ItemsByBrief<SiteMeasure>
    let balancesByBrief: ItemsByBrief<SiteBalance>
    let eventsByBrief: ItemsByBrief<SiteEvent>
    let siteHash: StableHash
    /// The tariffs and trade of all briefs (the tracker and its exports).
    let tariffHash: StableHash
    /// The events of all briefs (the timeline and its exports).
    let eventHash: StableHash
    let dataHashByBrief: [String: StableHash]
    /// The timeline cut into months: the timeline page and its exports are written a month at a time.
    let timelineMonths: [TimelineMonth]
    /// The titles of all briefs per language, which data tables show in their source links.
    let titlesHash: [String: StableHash]

    public init(content: SiteContent, root: URL, settings: RenderSettings) {
        self.root = root
        self.settings = settings
        paths = SitePaths(config: content.config)
        stylesheetPath = "assets/site.\(Fingerprint.hex(Stylesheet.css).prefix(10)).css"
        // The site's data is computed (and grouped by brief) on one core while the other hashes each brief's data.
        typealias Computed = (data: SiteData, measures: ItemsByBrief<SiteMeasure>, balances: ItemsByBrief<SiteBalance>,
                              events: ItemsByBrief<SiteEvent>)
        @Sendable func compute(_ briefs: [Brief]) -> Computed {
            let data = SiteData.compute(briefs)
            return (data, ItemsByBrief(data.measures, brief: \.brief), ItemsByBrief(data.balances, brief: \.brief),
                    ItemsByBrief(data.timeline, brief: \.brief))
        }
        let computed = IndexedSlots<Computed>(count: 1)
        let computing = DispatchGroup()
        let briefs = content.briefs
        DispatchQueue.global().async(group: computing) { computed.set(0, compute(briefs)) }
        var languages: [String: Set<String>] = [:]
        var languageLists: [String: String] = [:]
        languages.reserveCapacity(briefs.count)
        languageLists.reserveCapacity(briefs.count)
        var titles: [String: [String: String]] = [:]
        var countries: [CountryCode: Set<String>] = [:]
        // One set for each different list of languages (most briefs have every one), not one set a brief.
        var setsByList: [String: Set<String>] = [:]
        for brief in content.briefs {
            let list = brief.translations.keys.sorted().joined(separator: ",")
            if setsByList[list] == nil { setsByList[list] = Set(brief.translations.keys) }
            languages[brief.slug] = setsByList[list]
            languageLists[brief.slug] = list
            for (code, translation) in brief.translations {
                titles[code, default: [:]][brief.slug] = translation.frontMatter.title
                for country in translation.frontMatter.countries { countries[country, default: []].insert(code) }
            }
        }
        let lists = languageLists
        siteHash = SiteRenderer.siteHash(content.config, content, settings, stylesheetPath: stylesheetPath)
        // Each brief's data hashed on every core (the computing above takes one only part of the time), then
        // combined in brief order.
        let briefHashes = briefs.parallelChunks { brief -> (tariffs: StableHash, events: StableHash) in
            var own = StableHash()
            own.combine(brief.slug); own.combine(brief.date.year); own.combine(brief.date.month); own.combine(brief.date.day)
            own.combine(lists[brief.slug] ?? "")
            var briefTariffs = own
            briefTariffs.combine(brief.data.tariffs.count); brief.data.tariffs.forEach { briefTariffs.combine($0) }
            briefTariffs.combine(brief.data.trade.count); brief.data.trade.forEach { briefTariffs.combine($0) }
            var briefEvents = own
            briefEvents.combine(brief.data.events.count); brief.data.events.forEach { briefEvents.combine($0) }
            return (briefTariffs, briefEvents)
        }
        var byBrief: [String: StableHash] = [:]
        byBrief.reserveCapacity(briefs.count)
        var tariffs = StableHash()
        var events = StableHash()
        for (brief, hashes) in zip(briefs, briefHashes) {
            tariffs.combine(hashes.tariffs)
            events.combine(hashes.events)
            var both = hashes.tariffs
            both.combine(hashes.events)
            byBrief[brief.slug] = both
        }
        dataHashByBrief = byBrief
        tariffHash = tariffs
        eventHash = events
        titlesHash = titles.mapValues { bySlug in
            StableHash.of { hash in for slug in bySlug.keys.sorted() { hash.combine(slug); hash.combine(bySlug[slug]) } }
        }
        computing.wait()
        let result = computed.collect().first ?? compute(briefs)
        // Each brief's tariffs, trade and events are in the computed data now, which pages take them from: the
        // briefs keep none (held twice, they were a tenth of the peak at 10,000 briefs).
        var kept = content
        kept.briefs = content.briefs.map { brief in
            var brief = brief
            brief.data = BriefData()
            return brief
        }
        self.content = kept
        data = result.data
        timelineMonths = TimelineMonth.cut(result.data.timeline, briefLanguageLists: languageLists)
        measuresByBrief = result.measures
        balancesByBrief = result.balances
        eventsByBrief = result.events
        briefLanguages = languages
        briefLanguageLists = languageLists
        briefTitles = titles
        countryLanguages = countries
    }

    var config: SiteConfig { content.config }

    /// `sources`: every source file found under Content/, let go once the bodies are rendered.
    public func render(cache: RenderCache = RenderCache(), sources: consuming [SourceFile]) -> RenderedSite {
        var diagnostics = Diagnostics()
        var clock = StageClock()
        defer { clock.report() }
        let (bodies, links) = renderBodies(cache: cache, sources: consume sources, diagnostics: &diagnostics)
        // Taken from the links' tables now, which then go: held through the pages for this, they were 2 % of the
        // peak of a build of 100,000 briefs.
        let bodyEditSources = settings.recordsBodyEdits ? links.knownSources.sorted().map { ($0, links.pageBySource[$0]) } : []
        _ = consume links
        clock.lap("bodies")
        var output = OutputCollector(cache: cache, siteHash: siteHash, spill: settings.spill, staging: settings.staging)
        output.files.append(OutputFile(path: stylesheetPath, text: Stylesheet.css))
        for result in bodies.values.sorted(by: { $0.order < $1.order }) {
            result.files.forEach { output.addDataFile($0) }
        }

        // Each language's published briefs, then every piece of the pages stage as one list of jobs on every core.
        let published = config.languages.map { language in
            content.briefs.parallelChunks { brief -> PublishedBrief? in
                guard let translation = brief.translations[language.code],
                      let body = bodies[BodyKey.brief(brief.slug, language.code)] else { return nil }
                return PublishedBrief(brief: brief, translation: translation, rendered: body)
            }.compactMap { $0 }
        }
        let jobs = PageJob.list(briefCounts: published.map(\.count))
        let contexts = config.languages.map(LanguageContext.init)
        let feeds = published.map { Set(AtomFeed.entries($0).map(\.brief.slug)) }
        let timesJobs = clock.enabled
        let results = jobs.parallelMap { job -> (OutputCollector, Double) in
            let start = timesJobs ? DispatchTime.now().uptimeNanoseconds : 0
            var local = OutputCollector(cache: cache, siteHash: siteHash, spill: settings.spill, staging: settings.staging)
            run(job, contexts: contexts, published: published, bodies: bodies, feeds: feeds, into: &local)
            local.shrinkToFit()
            return (local, timesJobs ? Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000 : 0)
        }
        clock.note(PageJob.timings(jobs, results.map(\.1)))
        var rendered = results.map(\.0)
        output.reserveCapacity(toMerge: rendered)
        // Each job's lists are let go as they are taken in: kept to the end beside the merged ones, they were
        // 9 MB of the peak at 10,000 briefs.
        for index in PageJob.mergeOrder(jobs) { output.merge(taking: &rendered[index]) }
        let defaultLanguageBriefs = config.languages.firstIndex(of: config.defaultLanguage).map { published[$0] } ?? []
        clock.lap("pages")
        renderRoot(defaultLanguageBriefs, &output)
        output.addPage(SitePaths.notFound, language: nil, inputs: StableHash(), entry: nil) { _ in notFoundPage(notFoundView()) }
        clock.lap("feeds")
        let entries = output.sitemap
        output.sitemap = []
        output.addFiles(key: SitePaths.sitemap, inputs: StableHash.of { hash in
            // The logs' bytes hold every field of every entry: hashed as they are, not decoded first.
            for log in entries { log.combine(into: &hash) }
        }) { SitemapWriter(paths: paths).files(entries, spill: settings.spill) }
        clock.lap("sitemap")
        cache.keepOnly(bodies: { Set(bodies.keys.map(\.cacheKey)) }, bodyCount: bodies.count, pages: output.keys)
        ProcessEnd.dispose((bodies, published), settings)
        var site = RenderedSite(files: output.files, pagesPerLanguage: output.pagesPerLanguage, diagnostics: diagnostics)
        if settings.recordsBodyEdits {
            site.bodyEdits = (bodyEditSources, output.bodyEdits)
            site.timelineIndex = timelineIndex(cache: cache)
            site.trackerIndex = trackerIndex(cache: cache)
        }
        return site
    }

    /// What every page depends on: the site's settings and navigation.
    static func siteHash(_ config: SiteConfig, _ content: SiteContent, _ settings: RenderSettings, stylesheetPath: String) -> StableHash {
        StableHash.of { hash in
            hash.combine("briefsite-render-1")
            hash.combine(config.baseURL)
            hash.combine(config.allowsRawHTML)
            for language in config.languages {
                hash.combine(language.code); hash.combine(language.name); hash.combine(language.prefix)
                hash.combine(config.title[language.code]); hash.combine(config.description[language.code])
            }
            hash.combine(stylesheetPath)
            hash.combine(settings.includeDrafts)
            hash.combine(settings.headExtra.rendered)
            for page in content.pages {
                for (code, translation) in page.translations.sorted(by: { $0.key < $1.key }) {
                    hash.combine(page.slug); hash.combine(code); hash.combine(translation.frontMatter.title)
                    hash.combine(translation.frontMatter.menu ?? -1)
                }
            }
        }
    }

    // MARK: Bodies

    enum BodyKey: Hashable, Sendable {
        case brief(String, String)
        case page(String, String)

        var cacheKey: String {
            switch self {
            case .brief(let slug, let language): return "brief:\(slug):\(language)"
            case .page(let slug, let language): return "page:\(slug):\(language)"
            }
        }
    }

    /// A class: twenty thousand of them pass through a parallel map on every build, and a copy of the
    /// struct it was cost a score of reference counts.
    final class BodyJob: Sendable {
        let key: BodyKey
        /// Nil for a translation from the build cache: read from `source` when needed.
        let markdown: String?
        let markdownHash: UInt64
        let source: SourceFile?
        let file: String
        let firstLine: Int
        let pagePath: String
        let bundlePath: String?
        let brief: Brief?
        let language: Language

        init(key: BodyKey, markdown: String?, markdownHash: UInt64, source: SourceFile?, file: String, firstLine: Int,
             pagePath: String, bundlePath: String?, brief: Brief?, language: Language) {
            self.key = key
            self.markdown = markdown
            self.markdownHash = markdownHash
            self.source = source
            self.file = file
            self.firstLine = firstLine
            self.pagePath = pagePath
            self.bundlePath = bundlePath
            self.brief = brief
            self.language = language
        }
    }

    /// A class: the pages stage looks each one up and the results are put in order, and a copy of the struct
    /// it was retained each of its arrays (a quarter of the reference counts of an edit's render).
    final class BodyResult: Sendable {
        let body: RenderedBody
        let html: BodyHTML
        let files: [OutputFile]
        let fingerprint: UInt64
        /// The job's place in the list, for a stable order of outputs.
        let order: Int
        let bundlePath: String?

        init(body: RenderedBody, html: BodyHTML, files: [OutputFile], fingerprint: UInt64, order: Int, bundlePath: String?) {
            self.body = body
            self.html = html
            self.files = files
            self.fingerprint = fingerprint
            self.order = order
            self.bundlePath = bundlePath
        }
    }

    func renderBodies(cache: RenderCache, sources: consuming [SourceFile],
                      diagnostics: inout Diagnostics) -> (bodies: [BodyKey: BodyResult], links: SourceTables) {
        var pageBySource: [String: String] = [:]
        var jobs: [BodyJob] = []
        pageBySource.reserveCapacity(sources.count)
        jobs.reserveCapacity(sources.count)
        let knownSources = Set(sources.map(\.path))
        let sourceByPath = Dictionary((consume sources).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for brief in content.briefs {
            for (code, translation) in brief.translations {
                guard let language = config.language(code) else { continue }
                let path = paths.brief(brief.slug, language)
                pageBySource[translation.file] = path
                jobs.append(BodyJob(key: .brief(brief.slug, code), markdown: translation.body,
                                    markdownHash: translation.bodyHash, source: sourceByPath[translation.file], file: translation.file,
                                    firstLine: translation.bodyFirstLine, pagePath: path,
                                    bundlePath: sourceByPath[translation.file]?.bundlePath, brief: brief, language: language))
            }
        }
        for page in content.pages {
            for (code, translation) in page.translations {
                guard let language = config.language(code) else { continue }
                let path = paths.page(page.slug, language)
                pageBySource[translation.file] = path
                jobs.append(BodyJob(key: .page(page.slug, code), markdown: translation.body,
                                    markdownHash: translation.bodyHash, source: sourceByPath[translation.file], file: translation.file,
                                    firstLine: translation.bodyFirstLine, pagePath: path, bundlePath: nil, brief: nil,
                                    language: language))
            }
        }
        // Links resolve against every source and page, and asset links against the files on disk: a change of
        // either renders every body again.
        // Sources and their pages as a set: the sum of each pair's hash, which needs no sorting (20,000 of each).
        var pairs: UInt64 = 0
        for (source, page) in pageBySource { pairs &+= StableHash.of { $0.combine(source); $0.combine(page) }.value }
        var known: UInt64 = 0
        for source in knownSources { known &+= StableHash.of { $0.combine(source) }.value }
        let structure = StableHash.of { hash in
            hash.combine(siteHash)
            hash.combine(pageBySource.count); hash.combine(Int(truncatingIfNeeded: pairs))
            hash.combine(knownSources.count); hash.combine(Int(truncatingIfNeeded: known))
            for brief in content.briefs { brief.assets.forEach { hash.combine($0.relativePath) } }
        }
        let links = SourceTables(pageBySource: pageBySource, knownSources: knownSources)
        let resolver = LinkResolver(sources: links, root: root)
        let renderer = MarkdownRenderer(options: MarkdownOptions(allowsRawHTML: config.allowsRawHTML,
                                                                 blockKinds: Set(BlockKind.allCases.map(\.rawValue)),
                                                                 listsHeadings: false))
        // Shared by reference: the render of each body is kept for its HTML to be made again if asked for, and a
        // closure that captured this renderer itself held a copy of it for each body (21 MB at 10,000 briefs).
        let rendering = BodyRendering(site: self, markdown: renderer, resolver: resolver, cache: cache)
        let results = Array(jobs.enumerated()).parallelMap { order, job -> BodyResult in
            var fingerprint = structure
            fingerprint.combine(job.key.cacheKey); fingerprint.combine(Int(truncatingIfNeeded: job.markdownHash)); fingerprint.combine(job.file)
            fingerprint.combine(job.firstLine); fingerprint.combine(job.bundlePath)
            if let brief = job.brief { fingerprint.combine(dataHashByBrief[brief.slug] ?? StableHash()); fingerprint.combine(brief.slug) }
            let render: @Sendable () -> (RenderedBody, [OutputFile]) = { rendering.render(job) }
            if let cached = cache.body(job.key.cacheKey, fingerprint: fingerprint.value) {
                // A body from the disk cache has no HTML: it is rendered again only if a page or feed asks for it.
                let html = cached.hasHTML ? BodyHTML(cached.body.html) : BodyHTML { render().0.html }
                return BodyResult(body: cached.body, html: html, files: cached.files, fingerprint: fingerprint.value, order: order,
                                  bundlePath: job.bundlePath)
            }
            var (body, files) = render()
            guard let spill = settings.spill else {
                cache.store(body: RenderCache.Body(fingerprint: fingerprint.value, body: body, files: files), for: job.key.cacheKey)
                return BodyResult(body: body, html: BodyHTML(body.html), files: files, fingerprint: fingerprint.value, order: order,
                                  bundlePath: job.bundlePath)
            }
            // A large site's HTML waits in the spill file for the page and feed that show it, read back each time; a
            // small site's is held (writing and reading it back was 3 % of a cold build of 1,000 briefs). The build
            // cache keeps none: this process ends with the build.
            let html = settings.keepsBodyHTML ? BodyHTML(body.html)
                : spill.keep(body.html).map { BodyHTML(spilled: $0, faults: cache) } ?? BodyHTML(body.html)
            files = OutputCollector.waiting(files, staging: settings.staging, spill: spill)
            body.html = ""
            cache.store(body: RenderCache.Body(fingerprint: fingerprint.value, body: body, files: files, hasHTML: false), for: job.key.cacheKey)
            return BodyResult(body: body, html: html, files: files, fingerprint: fingerprint.value, order: order, bundlePath: job.bundlePath)
        }
        var bodies: [BodyKey: BodyResult] = [:]
        bodies.reserveCapacity(jobs.count)
        for (job, result) in zip(jobs, results) {
            diagnostics.append(contentsOf: result.body.diagnostics)
            bodies[job.key] = result
        }
        return (bodies, links)
    }
}

/// What renders a body, shared by every body of a build.
final class BodyRendering: Sendable {
    let site: SiteRenderer
    let markdown: MarkdownRenderer
    let resolver: LinkResolver
    let cache: RenderCache

    init(site: SiteRenderer, markdown: MarkdownRenderer, resolver: LinkResolver, cache: RenderCache) {
        self.site = site
        self.markdown = markdown
        self.resolver = resolver
        self.cache = cache
    }

    func render(_ job: SiteRenderer.BodyJob) -> (RenderedBody, [OutputFile]) {
        guard let text = job.markdown ?? job.source.flatMap({
            ContentLoader.rereadBody(of: $0, hash: job.markdownHash, firstLine: job.firstLine)
        }) else {
            // The file changed while the build ran.
            cache.reportFault()
            return (RenderedBody(html: "", headings: [], leadParagraphs: [], reading: ReadingMeasure(), blocksRendered: [],
                                 diagnostics: []), [])
        }
        var blocks = BlockRenderer(renderer: site, job: job)
        let resolver = resolver
        let body = markdown.render(text, file: job.file, firstLine: job.firstLine, resolveLink: { request in
            resolver.resolve(request, file: job.file, bundlePath: job.bundlePath, pagePath: job.pagePath)
        }, renderBlock: { request in blocks.render(request) })
        return (body, OutputCollector.stampedByContent(blocks.files))
    }
}

/// A brief's translation in one language with its rendered body. A class:
/// lists, feeds and term pages pass it around by the thousand, and a copy of
/// the struct it was cost some forty reference counts.
final class PublishedBrief: Sendable {
    let brief: Brief
    let translation: BriefTranslation
    /// The body as rendered, by reference: copied here, its fields were half of each of these (20,000 at
    /// 10,000 briefs).
    let rendered: SiteRenderer.BodyResult
    let summary: String
    /// Everything a list shows of the brief.
    let teaserHash: StableHash

    var body: RenderedBody { rendered.body }
    var html: BodyHTML { rendered.html }
    /// The fingerprint of the body's inputs: equal fingerprints, equal HTML.
    var bodyFingerprint: UInt64 { rendered.fingerprint }
    /// The brief's folder, for a brief written as one (its files are published beside its page).
    var bundlePath: String? { rendered.bundlePath }

    init(brief: Brief, translation: BriefTranslation, rendered: SiteRenderer.BodyResult) {
        self.brief = brief
        self.translation = translation
        self.rendered = rendered
        let summary = translation.frontMatter.summary ?? rendered.body.derivedSummary
        self.summary = summary
        teaserHash = StableHash.of { hash in
            hash.combine(brief.slug)
            hash.combine(brief.date)
            hash.combine(brief.isDraft)
            hash.combine(translation.frontMatter)
            hash.combine(summary)
        }
    }
    /// Shown only with drafts included: this translation or the whole brief is a draft.
    var isDraft: Bool { translation.frontMatter.draft || brief.isDraft }
}

/// A body's HTML: rendered already, read back from the spill file on each ask (cheaper than holding it), or
/// rendered when first asked for (a body from the build cache on disk, whose page may well be kept as it is).
final class BodyHTML: Sendable {
    private enum Source {
        case text(String)
        /// A spill file that can no longer be read is a fault of the build, which then starts again without one
        /// (a closure to render the body again instead held each body's job to the end of the build).
        case spilled(Spilled, faults: RenderCache)
        case produced(@Sendable () -> String)
    }

    private let source: Source
    private let made = Mutex<String?>(nil)

    init(_ text: String) {
        source = .text(text)
    }

    init(spilled: Spilled, faults: RenderCache) {
        source = .spilled(spilled, faults: faults)
    }

    /// HTML made when first asked for, and kept.
    init(produce: @escaping @Sendable () -> String) {
        source = .produced(produce)
    }

    var value: String {
        switch source {
        case .text(let text): return text
        case .spilled(let spilled, let faults):
            guard let bytes = spilled.read() else {
                faults.reportFault()
                return ""
            }
            return String(decoding: bytes, as: UTF8.self)
        case .produced(let produce):
            return made.withLock { text in
                if let text { return text }
                let html = produce()
                text = html
                return html
            }
        }
    }
}

/// The language a page is rendered in, with its words and formats.
struct LanguageContext: Sendable {
    let language: Language
    let labels: Labels
    let format: LocaleFormat

    init(language: Language) {
        self.language = language
        labels = Labels(language: language.code)
        format = LocaleFormat(languageCode: language.code)
    }
}

/// The files of a build as they are made, with what the sitemap needs.
struct OutputCollector: Sendable {
    let cache: RenderCache
    let siteHash: StableHash
    let spill: SpillFile?
    /// Where pages are written as they are made, in a build with no output yet (see `StagingFolder`).
    let staging: StagingFolder?
    var files: [OutputFile] = []
    /// Each job's sitemap entries as it logged them, not merged into one (see `SitemapLog`).
    var sitemap: [SitemapLog] = []
    var pagesPerLanguage: [String: Int] = [:]
    /// The brief pages an edit of their body alone can make again (see `BodyEdit`).
    /// Each job's log as it is, not merged into one (see `BodyEditLog`).
    var bodyEdits: [BodyEditLog] = []
    private(set) var keys = Set<String>()
    private var dataFilePaths = Set<String>()

    init(cache: RenderCache, siteHash: StableHash, spill: SpillFile?, staging: StagingFolder? = nil) {
        self.cache = cache
        self.siteHash = siteHash
        self.spill = spill
        self.staging = staging
    }

    /// Files as they wait for the writer: placed in the staging folder when the build has one (a path that several
    /// pages add is written once, see `StagingFolder.placeShared`), else in the spill file when it has one, else in memory.
    static func waiting(_ files: [OutputFile], staging: StagingFolder?, spill: SpillFile?) -> [OutputFile] {
        files.map { file in
            let placed = staging?.placeShared(file) ?? file
            return placed.isPlaced ? placed : spill?.spilled(placed) ?? placed
        }
    }

    /// Room for what `merge` will take in from these: grown by appending, the lists' slack was 20 MB at the
    /// end of a build of 10,000 briefs.
    mutating func reserveCapacity(toMerge others: [OutputCollector]) {
        files.reserveCapacity(files.count + others.reduce(0) { $0 + $1.files.count } + 64)
    }

    /// Lets go of the room its lists keep for more (they grow by doubling): a job's lists wait for the merge
    /// beside every other job's.
    mutating func shrinkToFit() {
        files.trimCapacity()
        for index in sitemap.indices { sitemap[index].shrinkToFit() }
        for index in bodyEdits.indices {
            if let spill { bodyEdits[index].spill(to: spill) } else { bodyEdits[index].shrinkToFit() }
        }
    }

    /// Takes in what another collector gathered (one job's pages), leaving it empty.
    mutating func merge(taking other: inout OutputCollector) {
        for file in other.files {
            if other.dataFilePaths.contains(file.path) { addDataFile(file) } else { files.append(file) }
        }
        sitemap.append(contentsOf: other.sitemap)
        bodyEdits.append(contentsOf: other.bodyEdits)
        for (language, count) in other.pagesPerLanguage { pagesPerLanguage[language, default: 0] += count }
        if keys.isEmpty { swap(&keys, &other.keys) } else { keys.formUnion(other.keys) }
        other.files = []
        other.sitemap = []
        other.bodyEdits = []
        other.keys = []
        other.dataFilePaths = []
    }

    /// What an edit of one brief page's body needs, in this collector's own log.
    mutating func addBodyEdit(_ record: BodyEditRecord) {
        if bodyEdits.isEmpty { bodyEdits.append(BodyEditLog()) }
        bodyEdits[bodyEdits.count - 1].append(record)
    }

    /// A data file that several pages may ask for (a brief's table CSV, the
    /// same in every language): written once.
    mutating func addDataFile(_ file: OutputFile) {
        if dataFilePaths.insert(file.path).inserted { files.append(file) }
    }

    /// A page, rendered only when the fingerprint of its inputs changed; the
    /// data files it adds are kept with it.
    /// `splice`: for a brief's page, finds where its body is in the rendered text (see `BodySplice`).
    @discardableResult
    mutating func addPage(_ path: String, language: String?, inputs: StableHash, entry: SitemapEntry?,
                          splice: (String) -> BodySplice? = { _ in nil }, render: (inout [OutputFile]) -> HTML) -> RenderCache.Page {
        let spill = spill
        let staging = staging
        return addPageFiles(path, language: language, inputs: inputs, entry: entry) { file, fingerprint in
            var extras: [OutputFile] = []
            let html = render(&extras).rendered
            let found = splice(html)
            // A page's text goes to its file in the staging folder, or to the spill file, as it is: a data page of the
            // whole site is tens of megabytes.
            let page = staging.flatMap { folder in
                folder.place(html, at: file).map { OutputFile(path: file, contents: .placed(count: html.utf8.count, failure: 0, written: $0)) }
            }
                ?? spill.flatMap { $0.keep(html) }.map { OutputFile(path: file, contents: .spilled($0)) }
                ?? OutputFile(path: file, text: html)
            let shared = OutputCollector.waiting(OutputCollector.stampedByContent(extras), staging: staging, spill: spill)
            return (OutputCollector.stamped([page], fingerprint) + shared, [], found)
        }
    }

    /// A page written in parts (`PageParts`), rendered only when the fingerprint of its inputs changed.
    mutating func addPageInParts(_ path: String, language: String?, inputs: StableHash, entry: SitemapEntry?,
                                 write: (inout PageParts) -> Void) {
        let spill = spill
        let cache = cache
        let staging = staging
        addPageFiles(path, language: language, inputs: inputs, entry: entry) { file, fingerprint in
            var parts = PageParts(spill: spill, earlier: OutputCollector.earlierParts(file, cache: cache),
                                  placing: staging.map { ($0, file) })
            write(&parts)
            let files = OutputCollector.stamped([OutputFile(path: file, contents: parts.finish())], fingerprint)
            cache.count(partsReused: parts.reused, rendered: parts.parts.count - parts.reused)
            return (files, parts.parts, nil)
        }
    }

    /// Data files with the same bytes, written in parts (see `PageParts`): from the cache when the fingerprint
    /// of their inputs is unchanged, else made with each keyed part copied from the first file as it was last
    /// written when that part's inputs did not change.
    mutating func addFilesInParts(_ paths: [String], inputs: StableHash, write: (inout PageParts) -> Void) {
        guard let key = paths.first, let fingerprint = fingerprintUnlessCached(key, inputs: inputs) else { return }
        // Written under several names, the bytes are kept for the writer; under one, placed where the staging folder has it.
        var parts = PageParts(spill: spill, earlier: OutputCollector.earlierParts(key, cache: cache),
                              placing: paths.count == 1 ? staging.map { ($0, key) } : nil)
        write(&parts)
        let contents = parts.finish()
        let made = OutputCollector.stamped(paths.map { OutputFile(path: $0, contents: contents) }, fingerprint)
        cache.count(partsReused: parts.reused, rendered: parts.parts.count - parts.reused)
        cache.store(page: RenderCache.Page(fingerprint: fingerprint.value, files: made, parts: parts.parts), for: key)
        files.append(contentsOf: made)
    }

    /// The page's files from the cache when its fingerprint is unchanged, else made by `produce` (the page
    /// first, then the data files it adds) and cached.
    @discardableResult
    private mutating func addPageFiles(_ path: String, language: String?, inputs: StableHash, entry: SitemapEntry?,
                                       produce: (_ file: String, _ fingerprint: StableHash)
                                           -> (files: [OutputFile], parts: [PagePart], splice: BodySplice?)) -> RenderCache.Page {
        var fingerprint = siteHash
        fingerprint.combine(path)
        fingerprint.combine(inputs)
        let file = path.hasSuffix(".html") ? path : SitePaths.file(forPage: path)
        keys.insert(file)
        let page: RenderCache.Page
        if let cached = cache.page(file, fingerprint: fingerprint.value) {
            page = cached
        } else {
            let made = produce(file, fingerprint)
            page = RenderCache.Page(fingerprint: fingerprint.value, files: made.files, parts: made.parts, splice: made.splice)
            cache.store(page: page, for: file)
        }
        if let first = page.files.first { files.append(first) }
        page.files.dropFirst().forEach { addDataFile($0) }
        if let language { pagesPerLanguage[language, default: 0] += 1 }
        if let entry {
            if sitemap.isEmpty { sitemap.append(SitemapLog()) }
            sitemap[sitemap.count - 1].append(entry)
        }
        return page
    }

    /// Marks files with the fingerprint of the inputs they came from.
    static func stamped(_ files: [OutputFile], _ fingerprint: StableHash) -> [OutputFile] {
        files.map { file in
            var file = file
            var own = fingerprint
            own.combine(file.path)
            file.fingerprint = own.value
            return file
        }
    }

    /// Marks data files with the hash of their bytes: a table's CSV is the
    /// same file whichever language's page or body made it, and the build
    /// cache must find it the same from either.
    static func stampedByContent(_ files: [OutputFile]) -> [OutputFile] {
        files.map { file in
            var file = file
            if case .bytes(let data) = file.contents {
                file.fingerprint = StableHash.of { $0.combine(file.path); $0.combine(data) }.value
            }
            return file
        }
    }

    /// The fingerprint of a file entry's inputs; nil when the cache had the entry, whose files are then added.
    private mutating func fingerprintUnlessCached(_ key: String, inputs: StableHash) -> StableHash? {
        var fingerprint = siteHash
        fingerprint.combine(key)
        fingerprint.combine(inputs)
        keys.insert(key)
        guard let cached = cache.page(key, fingerprint: fingerprint.value) else { return fingerprint }
        files.append(contentsOf: cached.files)
        return nil
    }

    /// The file a key's entry last made, read a part at a time, when it was made in parts.
    static func earlierParts(_ key: String, cache: RenderCache) -> EarlierParts? {
        cache.earlierPage(key).flatMap { page in page.files.first.flatMap { EarlierParts(contents: $0.contents, parts: page.parts) } }
    }

    /// Files that are not pages (exports, calendars), cached the same way.
    mutating func addFiles(key: String, inputs: StableHash, make: () -> [OutputFile]) {
        guard let fingerprint = fingerprintUnlessCached(key, inputs: inputs) else { return }
        let made = OutputCollector.waiting(OutputCollector.stamped(make(), fingerprint), staging: staging, spill: spill)
        cache.store(page: RenderCache.Page(fingerprint: fingerprint.value, files: made), for: key)
        files.append(contentsOf: made)
    }
}
