import BriefCore
import BriefHTML
import BriefMarkdown
import BriefTemplates
import Foundation

public struct RenderSettings: Sendable {
    public var includeDrafts: Bool
    /// Markup added to every page's head by the preview server; empty in builds.
    public var headExtra: HTML

    public init(includeDrafts: Bool = false, headExtra: HTML = HTML()) {
        self.includeDrafts = includeDrafts
        self.headExtra = headExtra
    }
}

public struct RenderedSite: Sendable {
    public var files: [OutputFile]
    /// HTML pages per language code (the root page and 404 not counted).
    public var pagesPerLanguage: [String: Int]
    public var diagnostics: Diagnostics
}

/// The render stage: from validated content to every file of the site, in memory.
public struct SiteRenderer: Sendable {
    let content: SiteContent
    let sources: [SourceFile]
    let root: URL
    let settings: RenderSettings
    let paths: SitePaths
    let stylesheetPath: String
    /// Computed once from all published briefs.
    let data: SiteData
    let briefLanguages: [String: Set<String>]
    /// Each brief's title per language, for links from data tables.
    let briefTitles: [String: [String: String]]
    let countryLanguages: [CountryCode: Set<String>]
    /// The computed data of each brief, by slug, so that a page finds its own without a scan.
    let measuresByBrief: [String: [SiteMeasure]]
    let balancesByBrief: [String: [SiteBalance]]
    let eventsByBrief: [String: [SiteEvent]]

    public init(content: SiteContent, sources: [SourceFile], root: URL, settings: RenderSettings) {
        self.content = content
        self.sources = sources
        self.root = root
        self.settings = settings
        paths = SitePaths(config: content.config)
        stylesheetPath = "assets/site.\(Fingerprint.hex(Stylesheet.css).prefix(10)).css"
        data = SiteData.compute(content.briefs)
        var languages: [String: Set<String>] = [:]
        var titles: [String: [String: String]] = [:]
        var countries: [CountryCode: Set<String>] = [:]
        for brief in content.briefs {
            languages[brief.slug] = Set(brief.translations.keys)
            for (code, translation) in brief.translations {
                titles[code, default: [:]][brief.slug] = translation.frontMatter.title
                for country in translation.frontMatter.countries { countries[country, default: []].insert(code) }
            }
        }
        measuresByBrief = Dictionary(grouping: data.measures, by: \.brief)
        balancesByBrief = Dictionary(grouping: data.balances, by: \.brief)
        eventsByBrief = Dictionary(grouping: data.timeline, by: \.brief)
        briefLanguages = languages
        briefTitles = titles
        countryLanguages = countries
    }

    var config: SiteConfig { content.config }

    public func render() -> RenderedSite {
        var diagnostics = Diagnostics()
        let blockFiles = BlockFiles()
        let bodies = renderBodies(blockFiles: blockFiles, diagnostics: &diagnostics)
        var output = OutputCollector()
        output.files.append(OutputFile(path: stylesheetPath, text: Stylesheet.css))
        output.files.append(contentsOf: dataExports())

        var defaultLanguageBriefs: [PublishedBrief] = []
        for language in config.languages {
            let context = LanguageContext(language: language)
            let briefs = content.briefs.compactMap { brief -> PublishedBrief? in
                guard let translation = brief.translations[language.code],
                      let body = bodies[BodyKey.brief(brief.slug, language.code)] else { return nil }
                return PublishedBrief(brief: brief, translation: translation, body: body)
            }
            if language == config.defaultLanguage { defaultLanguageBriefs = briefs }
            renderBriefPages(briefs, context, &output)
            renderLists(briefs, context, &output)
            renderTerms(briefs, context, &output)
            renderPlainPages(context, bodies, &output)
            renderTimeline(context, &output)
            renderTracker(context, &output)
            output.files.append(OutputFile(path: paths.feed(language), text: AtomFeed(paths: paths, context: context).render(briefs)))
        }
        renderRoot(defaultLanguageBriefs, &output)
        blockFiles.files.forEach { output.addDataFile($0) }
        output.files.append(OutputFile(path: SitePaths.notFound, text: notFoundPage(notFoundView()).rendered))
        output.files.append(OutputFile(path: SitePaths.sitemap, text: SitemapWriter(paths: paths).render(output.sitemap)))
        return RenderedSite(files: output.files, pagesPerLanguage: output.pagesPerLanguage, diagnostics: diagnostics)
    }

    // MARK: Bodies

    enum BodyKey: Hashable, Sendable {
        case brief(String, String)
        case page(String, String)
    }

    struct BodyJob: Sendable {
        var key: BodyKey
        var markdown: String
        var file: String
        var firstLine: Int
        var pagePath: String
        var bundlePath: String?
        var brief: Brief?
        var language: Language
    }

    func renderBodies(blockFiles: BlockFiles, diagnostics: inout Diagnostics) -> [BodyKey: RenderedBody] {
        var pageBySource: [String: String] = [:]
        var jobs: [BodyJob] = []
        let bundleBySource = Dictionary(sources.map { ($0.path, $0.bundlePath) }, uniquingKeysWith: { first, _ in first })
        for brief in content.briefs {
            for (code, translation) in brief.translations {
                guard let language = config.language(code) else { continue }
                let path = paths.brief(brief.slug, language)
                pageBySource[translation.file] = path
                jobs.append(BodyJob(key: .brief(brief.slug, code), markdown: translation.body, file: translation.file,
                                    firstLine: translation.bodyFirstLine, pagePath: path,
                                    bundlePath: bundleBySource[translation.file] ?? nil, brief: brief, language: language))
            }
        }
        for page in content.pages {
            for (code, translation) in page.translations {
                guard let language = config.language(code) else { continue }
                let path = paths.page(page.slug, language)
                pageBySource[translation.file] = path
                jobs.append(BodyJob(key: .page(page.slug, code), markdown: translation.body, file: translation.file,
                                    firstLine: translation.bodyFirstLine, pagePath: path, bundlePath: nil, brief: nil,
                                    language: language))
            }
        }
        let resolver = LinkResolver(pageBySource: pageBySource, knownSources: Set(sources.map(\.path)), root: root)
        let renderer = MarkdownRenderer(options: MarkdownOptions(allowsRawHTML: config.allowsRawHTML,
                                                                 blockKinds: Set(BlockKind.allCases.map(\.rawValue))))
        let rendered = jobs.parallelMap { job in
            var blocks = BlockRenderer(renderer: self, job: job, files: blockFiles)
            return renderer.render(job.markdown, file: job.file, firstLine: job.firstLine, resolveLink: { request in
                resolver.resolve(request, file: job.file, bundlePath: job.bundlePath, pagePath: job.pagePath)
            }, renderBlock: { request in blocks.render(request) })
        }
        var bodies: [BodyKey: RenderedBody] = [:]
        for (job, body) in zip(jobs, rendered) {
            diagnostics.append(contentsOf: body.diagnostics)
            bodies[job.key] = body
        }
        return bodies
    }
}

/// A brief's translation in one language with its rendered body.
struct PublishedBrief: Sendable {
    var brief: Brief
    var translation: BriefTranslation
    var body: RenderedBody
    let summary: String

    init(brief: Brief, translation: BriefTranslation, body: RenderedBody) {
        self.brief = brief
        self.translation = translation
        self.body = body
        summary = translation.frontMatter.summary ?? body.derivedSummary
    }
    /// Shown only with drafts included: this translation or the whole brief is a draft.
    var isDraft: Bool { translation.frontMatter.draft || brief.isDraft }
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
struct OutputCollector {
    var files: [OutputFile] = []
    var sitemap: [SitemapEntry] = []
    var pagesPerLanguage: [String: Int] = [:]

    private var dataFilePaths = Set<String>()

    /// A data file that several pages may ask for (a brief's table CSV, the
    /// same in every language): written once.
    mutating func addDataFile(_ file: OutputFile) {
        if dataFilePaths.insert(file.path).inserted { files.append(file) }
    }

    mutating func addPage(_ path: String, language: String, html: HTML, entry: SitemapEntry?) {
        files.append(OutputFile(path: SitePaths.file(forPage: path), text: html.rendered))
        pagesPerLanguage[language, default: 0] += 1
        if let entry { sitemap.append(entry) }
    }
}
