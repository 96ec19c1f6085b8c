import BriefCore
import BriefHTML
import BriefMarkdown
import BriefTemplates
import Foundation

extension SiteRenderer {
    /// The chrome of a page at `path` whose versions in each language are `versions`.
    func chrome(_ context: LanguageContext, path: String, title: String?, description: String,
                versions: [String: String], openGraphType: String = "website", isDraft: Bool = false,
                canonicalPath: String? = nil) -> PageChrome {
        let language = context.language
        var alternates: [Alternate] = config.languages.compactMap { other in
            versions[other.code].map { Alternate(hreflang: other.code, href: paths.absolute($0)) }
        }
        if let fallback = versions[config.defaultLanguage.code] ?? config.languages.lazy.compactMap({ versions[$0.code] }).first {
            alternates.append(Alternate(hreflang: "x-default", href: paths.absolute(fallback)))
        }
        let switcher = config.languages.map { other in
            Link(label: other.name, href: SitePaths.relative(from: path, to: versions[other.code] ?? paths.home(other)),
                 isCurrent: other.code == language.code, language: other.code)
        }
        return PageChrome(
            language: language.code, labels: context.labels, siteTitle: config.title(in: language.code), pageTitle: title,
            description: description, canonicalURL: paths.absolute(canonicalPath ?? path), alternates: alternates,
            openGraphType: openGraphType, stylesheetHref: SitePaths.relative(from: path, to: stylesheetPath),
            feedHref: SitePaths.relative(from: path, to: paths.feed(language)),
            homeHref: SitePaths.relative(from: path, to: paths.home(language)),
            navigation: navigation(context, path: path), languageSwitch: switcher, isDraft: isDraft,
            headExtra: settings.headExtra)
    }

    func navigation(_ context: LanguageContext, path: String) -> [Link] {
        let language = context.language
        var links: [Link] = []
        func add(_ label: String, _ target: String) {
            links.append(Link(label: label, href: SitePaths.relative(from: path, to: target), isCurrent: path.hasPrefix(target)))
        }
        add(context.labels.briefs, paths.briefs(language))
        add(context.labels.topics, paths.topics(language))
        add(context.labels.countries, paths.countries(language))
        add(context.labels.timeline, timelinePath(language))
        add(context.labels.tariffTracker, trackerPath(language))
        let menuPages = content.pages.compactMap { page -> (Int, String, String)? in
            guard let translation = page.translations[language.code], let order = translation.frontMatter.menu else { return nil }
            return (order, translation.frontMatter.title, paths.page(page.slug, language))
        }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        for (_, title, target) in menuPages { add(title, target) }
        return links
    }

    func siteDescription(_ context: LanguageContext) -> String {
        config.description(in: context.language.code) ?? config.title(in: context.language.code)
    }

    func versions(_ make: (Language) -> String?) -> [String: String] {
        var result: [String: String] = [:]
        for language in config.languages {
            if let path = make(language) { result[language.code] = path }
        }
        return result
    }

    func sitemapEntry(_ path: String, versions: [String: String], lastModified: Day? = nil) -> SitemapEntry {
        let alternates = config.languages.compactMap { language in versions[language.code].map { (language.code, $0) } }
        let xDefault = versions[config.defaultLanguage.code] ?? alternates.first?.1
        return SitemapEntry(path: path, alternates: alternates, xDefault: xDefault, lastModified: lastModified?.iso)
    }

    func teaser(_ item: PublishedBrief, _ context: LanguageContext, from path: String) -> BriefTeaser {
        let matter = item.translation.frontMatter
        return BriefTeaser(title: matter.title, href: SitePaths.relative(from: path, to: paths.brief(item.brief.slug, context.language)),
                           isoDate: matter.date.iso, dateText: context.format.date(matter.date), summary: item.summary,
                           author: matter.author, topics: topicLinks(matter, context, from: path), isDraft: item.isDraft)
    }

    func topicLinks(_ matter: BriefFrontMatter, _ context: LanguageContext, from path: String) -> [Link] {
        matter.topics.map { topic in
            Link(label: topic.value, href: SitePaths.relative(from: path, to: paths.topic(TextSegment.make(topic.value), context.language)))
        }
    }

    // MARK: Brief pages

    /// `inFeed`: the slugs of the briefs whose text the language's feed carries too.
    func renderBriefPages(_ briefs: [PublishedBrief], _ context: LanguageContext, inFeed: Set<String>, _ output: inout OutputCollector) {
        let language = context.language
        for item in briefs {
            let path = paths.brief(item.brief.slug, language)
            let matter = item.translation.frontMatter
            // Both made only when the page is rendered (a page kept from the last build needs neither: formatting
            // the reading time for each of them was a fifth of an edited event's brief pages).
            var readingTime = ""
            var bodyText = ""
            let briefVersions = versions { item.brief.translations[$0.code] != nil ? paths.brief(item.brief.slug, $0) : nil }
            let inputs = StableHash.of { hash in
                hash.combine(item.teaserHash)
                hash.combine(Int(truncatingIfNeeded: item.bodyFingerprint))
                hash.combine(dataHashByBrief[item.brief.slug] ?? StableHash())
                hash.combine(briefVersions.keys.sorted().joined(separator: ","))
            }
            let page = output.addPage(path, language: language.code, inputs: inputs,
                                      entry: item.isDraft ? nil : sitemapEntry(path, versions: briefVersions, lastModified: matter.date),
                                      splice: { BodySplice.find(in: $0, body: bodyText, readingTime: readingTime) }) { extras in
                bodyText = item.html.value
                readingTime = SiteRenderer.readingTime(item.body.reading.minutes, context)
                let translations = config.languages.compactMap { other -> Link? in
                    guard other.code != language.code, item.brief.translations[other.code] != nil else { return nil }
                    return Link(label: other.name, href: SitePaths.relative(from: path, to: paths.brief(item.brief.slug, other)),
                                language: other.code)
                }
                let countries = matter.countries.map { code in
                    Link(label: context.format.countryName(code), href: SitePaths.relative(from: path, to: paths.country(code, language)))
                }
                var pageChrome = chrome(context, path: path, title: matter.title, description: item.summary, versions: briefVersions,
                                        openGraphType: "article", isDraft: item.isDraft)
                pageChrome.structuredData = articleData(item, url: paths.absolute(path), language: language)
                let view = BriefPageView(
                    chrome: pageChrome,
                    title: matter.title, isoDate: matter.date.iso, dateText: context.format.date(matter.date),
                    author: matter.author, affiliation: matter.affiliation, summary: item.summary,
                    readingTime: readingTime,
                    topics: topicLinks(matter, context, from: path), countries: countries, translations: translations,
                    briefsHref: SitePaths.relative(from: path, to: paths.briefs(language)),
                    body: HTML(unsafeRaw: bodyText),
                    appendix: briefAppendix(item, context, path: path, files: &extras))
                return briefPage(view)
            }
            if let record = bodyEditRecord(item, page: page, path: path, feedFile: inFeed.contains(item.brief.slug) ? paths.feed(language) : nil) {
                output.addBodyEdit(record)
            }
            for asset in item.brief.assets {
                output.files.append(OutputFile(path: path + asset.relativePath, contents: .copy(asset.sourceURL)))
            }
        }
    }

    /// The reading time a brief's page shows (`BodyEdit` makes it again for an edited body).
    static func readingTime(_ minutes: Int, _ context: LanguageContext) -> String {
        context.labels.readingTime(context.format.integer(minutes))
    }

    /// What an edit of this page's body alone needs (see `BodyEdit`), and an edit of its events (`EventEdit`);
    /// nil when the page cannot be cut where the body and its blocks are. A body the feed carries too names the
    /// feed's file: an edit of it, or of events its blocks show, changes the feed.
    func bodyEditRecord(_ item: PublishedBrief, page: RenderCache.Page, path: String, feedFile: String?) -> BodyEditRecord? {
        let translation = item.translation
        guard item.body.diagnostics.isEmpty,
              item.body.blocksRendered.isEmpty || !item.body.placedBlocks.isEmpty,
              translation.frontMatterHash != 0, let splice = page.splice,
              let file = page.files.first, let fingerprint = file.fingerprint else { return nil }
        return BodyEditRecord(source: translation.file, language: translation.language, file: file.path, pagePath: path,
                              bundlePath: item.bundlePath, bodyFirstLine: translation.bodyFirstLine,
                              frontMatterHash: translation.frontMatterHash, bodyHash: translation.bodyHash,
                              derivedSummary: translation.frontMatter.summary == nil
                                  ? StableHash.of { $0.combine(item.body.derivedSummary) }.value : nil,
                              pageFingerprint: fingerprint, splice: splice, blocks: item.body.placedBlocks,
                              feedFile: feedFile, readingMinutes: item.body.reading.minutes)
    }

    // MARK: Home and the list of briefs

    static let briefsOnHome = 10

    func renderLists(_ briefs: [PublishedBrief], _ context: LanguageContext, _ output: inout OutputCollector) {
        let language = context.language
        let homePath = paths.home(language)
        let homeVersions = versions { paths.home($0) }
        output.addPage(homePath, language: language.code, inputs: teasersHash(briefs.prefix(SiteRenderer.briefsOnHome)),
                       entry: sitemapEntry(homePath, versions: homeVersions, lastModified: briefs.first?.brief.date)) { _ in
            homePage(briefs, context, path: homePath)
        }

        let listPath = paths.briefs(language)
        let listVersions = versions { paths.briefs($0) }
        addBriefList(listPath, briefs: briefs, context, bodyClass: "page-briefs", inputs: teasersHash(briefs[...]),
                     entry: sitemapEntry(listPath, versions: listVersions, lastModified: briefs.first?.brief.date), &output) {
            BriefListView(
                chrome: chrome(context, path: listPath, title: context.labels.allBriefs, description: siteDescription(context),
                               versions: listVersions),
                heading: context.labels.allBriefs, briefs: [])
        }
    }

    static let teasersPerPart = 256

    /// A page listing briefs (all of a language's, a topic's, a country's), written in parts of a few hundred
    /// teasers: the list of all briefs is some ten megabytes of HTML a language at 10,000 briefs, and made whole,
    /// with the teasers' views, it was the peak of the build. `list`: the page without its teasers.
    func addBriefList(_ path: String, briefs: [PublishedBrief], _ context: LanguageContext, bodyClass: String, inputs: StableHash,
                      entry: SitemapEntry?, _ output: inout OutputCollector, list: () -> BriefListView) {
        output.addPageInParts(path, language: context.language.code, inputs: inputs, entry: entry) { parts in
            let view = list()
            parts.append(briefListPageTop(view, bodyClass: bodyClass, hasBriefs: !briefs.isEmpty))
            for start in stride(from: 0, to: briefs.count, by: SiteRenderer.teasersPerPart) {
                let batch = briefs[start..<min(briefs.count, start + SiteRenderer.teasersPerPart)]
                parts.append(teasers(batch.map { teaser($0, context, from: path) }, labels: context.labels))
            }
            parts.append(briefListPageBottom(view, hasBriefs: !briefs.isEmpty))
        }
    }

    /// schema.org Article for search engines: every string through JSONString, which escapes `<`.
    func articleData(_ item: PublishedBrief, url: String, language: Language) -> String {
        let matter = item.translation.frontMatter
        var fields = [
            "\"@context\": \"https://schema.org\"",
            "\"@type\": \"Article\"",
            "\"headline\": \(JSONString.literal(matter.title))",
            "\"datePublished\": \(JSONString.literal(matter.date.iso))",
            "\"inLanguage\": \(JSONString.literal(language.code))",
            "\"url\": \(JSONString.literal(url))",
            "\"description\": \(JSONString.literal(item.summary))",
            "\"publisher\": {\"@type\": \"Organization\", \"name\": \(JSONString.literal(config.title(in: language.code)))}",
        ]
        if let author = matter.author {
            var person = "{\"@type\": \"Person\", \"name\": \(JSONString.literal(author))"
            if let affiliation = matter.affiliation { person += ", \"affiliation\": \(JSONString.literal(affiliation))" }
            fields.append("\"author\": \(person)}")
        }
        if !matter.topics.isEmpty {
            fields.append("\"keywords\": \(JSONString.literal(matter.topics.map(\.value).joined(separator: ", ")))")
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    func teasersHash(_ briefs: ArraySlice<PublishedBrief>) -> StableHash {
        StableHash.of { hash in
            hash.combine(briefs.count)
            for item in briefs { hash.combine(item.teaserHash) }
        }
    }

    func homePage(_ briefs: [PublishedBrief], _ context: LanguageContext, path: String, canonicalPath: String? = nil) -> HTML {
        let language = context.language
        let view = BriefListView(
            chrome: chrome(context, path: path, title: nil, description: siteDescription(context),
                           versions: versions { paths.home($0) }, canonicalPath: canonicalPath),
            heading: context.labels.latestBriefs, introduction: config.description[language.code],
            briefs: briefs.prefix(SiteRenderer.briefsOnHome).map { teaser($0, context, from: path) },
            moreLink: Link(label: context.labels.allBriefs, href: SitePaths.relative(from: path, to: paths.briefs(language))),
            sideLinks: [])
        return briefListPage(view, bodyClass: "page-home")
    }

    /// `/`: the default language's home, canonical to `/<prefix>/`.
    func renderRoot(_ briefs: [PublishedBrief], _ output: inout OutputCollector) {
        let language = config.defaultLanguage
        let context = LanguageContext(language: language)
        output.addPage(SitePaths.root, language: nil, inputs: teasersHash(briefs.prefix(SiteRenderer.briefsOnHome)), entry: nil) { _ in
            homePage(briefs, context, path: SitePaths.root, canonicalPath: paths.home(language))
        }
    }

    func notFoundView() -> NotFoundView {
        NotFoundView(language: config.defaultLanguage.code, siteTitle: config.title(in: config.defaultLanguage.code),
                     messages: config.languages.map { language in
                         NotFoundView.Message(language: language.code, labels: Labels(language: language.code),
                                              homeHref: SitePaths.relative(from: SitePaths.root, to: paths.home(language)))
                     })
    }

    // MARK: Plain pages

    func renderPlainPages(_ context: LanguageContext, _ bodies: [BodyKey: BodyResult], _ output: inout OutputCollector) {
        let language = context.language
        for page in content.pages {
            guard let translation = page.translations[language.code], let body = bodies[.page(page.slug, language.code)] else { continue }
            let path = paths.page(page.slug, language)
            let pageVersions = versions { page.translations[$0.code] != nil ? paths.page(page.slug, $0) : nil }
            let matter = translation.frontMatter
            let inputs = StableHash.of { hash in
                hash.combine(Int(truncatingIfNeeded: body.fingerprint)); hash.combine(matter.title); hash.combine(matter.summary)
                hash.combine(matter.draft); hash.combine(matter.date); hash.combine(pageVersions.keys.sorted().joined(separator: ","))
            }
            output.addPage(path, language: language.code, inputs: inputs,
                           entry: matter.draft ? nil : sitemapEntry(path, versions: pageVersions, lastModified: matter.date)) { _ in
                let view = PlainPageView(
                    chrome: chrome(context, path: path, title: matter.title, description: matter.summary ?? body.body.derivedSummary,
                                   versions: pageVersions, isDraft: matter.draft),
                    title: matter.title, body: HTML(unsafeRaw: body.html.value))
                return plainPage(view)
            }
        }
    }
}
