import Foundation

/// A translation file of a brief as the loader found it.
public struct BriefSource: Sendable {
    public var slug: String
    public var translation: BriefTranslation
    /// The bundle's files other than translations; empty for a single file.
    public var assets: [BundleAsset]

    public init(slug: String, translation: BriefTranslation, assets: [BundleAsset] = []) {
        self.slug = slug
        self.translation = translation
        self.assets = assets
    }
}

public struct PageSource: Sendable {
    public var slug: String
    public var translation: PageTranslation

    public init(slug: String, translation: PageTranslation) {
        self.slug = slug
        self.translation = translation
    }
}

/// Pairs translations into briefs and pages, merges the data they share and
/// checks what no single file can: duplicates, missing default translations,
/// conflicting data, topic names that collide, reserved slugs.
public struct SiteAssembler: Sendable {
    public var config: SiteConfig
    public var includeDrafts: Bool

    /// URL segments under a language prefix that the site itself uses.
    public static let reservedPageSlugs: Set<String> = ["briefs", "topics", "countries", "timeline", "tariffs", "feed", "data", "assets"]

    public init(config: SiteConfig, includeDrafts: Bool) {
        self.config = config
        self.includeDrafts = includeDrafts
    }

    /// `unreadable` holds the source files that could not be read; their
    /// errors are reported already, so a brief is not also said to lack them.
    public func assemble(briefs sources: [BriefSource], pages pageSources: [PageSource], unreadable: Set<String> = [],
                         diagnostics: inout Diagnostics) -> SiteContent {
        let languageOrder = Dictionary(uniqueKeysWithValues: config.languages.enumerated().map { ($1.code, $0) })
        @Sendable func ordered(_ files: [String: BriefTranslation]) -> [BriefTranslation] {
            files.values.sorted { (languageOrder[$0.language] ?? .max) < (languageOrder[$1.language] ?? .max) }
        }

        var bySlug: [String: [String: BriefTranslation]] = [:]
        var assetsBySlug: [String: [BundleAsset]] = [:]
        for source in sources.sorted(by: { $0.translation.file < $1.translation.file }) {
            let language = source.translation.language
            if let existing = bySlug[source.slug]?[language] {
                diagnostics.error("brief '\(source.slug)' has two \(language) files: this one and \(existing.file); keep one (a bundle folder or a single file, not both)",
                                  at: SourceLocation(file: source.translation.file))
                continue
            }
            bySlug[source.slug, default: [:]][language] = source.translation
            if !source.assets.isEmpty { assetsBySlug[source.slug] = source.assets }
        }

        // Each brief is merged on its own, on every core, in slug order (a fifth of a preview's rebuild at 10,000 briefs).
        let assets = assetsBySlug
        let merged = bySlug.sorted(by: { $0.key < $1.key }).parallelMap { slug, files in
            var found = Diagnostics()
            let brief = assembleBrief(slug: slug, files: ordered(files), assets: assets[slug] ?? [], unreadable: unreadable,
                                      diagnostics: &found)
            return (brief: brief, diagnostics: found)
        }
        var briefs: [Brief] = []
        briefs.reserveCapacity(merged.count)
        for item in merged {
            diagnostics.append(contentsOf: item.diagnostics)
            if let brief = item.brief { briefs.append(brief) }
        }
        briefs.sort { $0.date != $1.date ? $0.date > $1.date : $0.slug < $1.slug }
        checkTopics(briefs, diagnostics: &diagnostics)

        return SiteContent(config: config, briefs: briefs, pages: assemblePages(pageSources, diagnostics: &diagnostics))
    }

    /// One brief from its translations (in the site's language order), or nil when it has no default
    /// translation or is a draft left out.
    private func assembleBrief(slug: String, files translations: [BriefTranslation], assets: [BundleAsset],
                               unreadable: Set<String>, diagnostics: inout Diagnostics) -> Brief? {
        let defaultCode = config.defaultLanguage.code
        guard let primary = translations.first(where: { $0.language == defaultCode }) else {
            let defaultFiles = ["Content/briefs/\(slug).\(defaultCode).md", "Content/briefs/\(slug)/index.\(defaultCode).md"]
            if defaultFiles.contains(where: unreadable.contains) { return nil }
            for translation in translations.sorted(by: { $0.file < $1.file }) {
                diagnostics.error("brief '\(slug)' has no \(defaultCode) translation, which every brief needs; add Content/briefs/\(slug).\(defaultCode).md (or index.\(defaultCode).md in its folder)",
                                  at: SourceLocation(file: translation.file))
            }
            return nil
        }
        let data = mergeData(translations, diagnostics: &diagnostics)
        for language in config.languages where !translations.contains(where: { $0.language == language.code }) {
            diagnostics.warning("brief '\(slug)' has no \(language.code) translation", at: SourceLocation(file: primary.file))
        }
        for event in data.events {
            for translation in translations where event.titles[translation.language] == nil {
                diagnostics.warning("event '\(event.id)' has no \(translation.language) title; the page shows the \(defaultCode) title instead — add 'title:' for it under 'timeline:' with 'id: \(event.id)'",
                                    at: SourceLocation(file: translation.file))
            }
        }
        guard includeDrafts || !primary.frontMatter.draft else { return nil }
        var published: [String: BriefTranslation] = [:]
        // Their data lists are merged into the brief's: each translation's own copy would be held to the end of the build.
        for translation in translations where includeDrafts || !translation.frontMatter.draft {
            published[translation.language] = translation.droppingData()
        }
        var brief = Brief(slug: slug, translations: published, assets: assets, data: data,
                          date: primary.frontMatter.date, isDraft: primary.frontMatter.draft)
        brief.data.events = brief.data.events.map { event in
            var event = event
            event.titles = event.titles.filter { published[$0.key] != nil }
            return event
        }
        return brief
    }

    func assemblePages(_ sources: [PageSource], diagnostics: inout Diagnostics) -> [PlainPage] {
        var bySlug: [String: [String: PageTranslation]] = [:]
        for source in sources.sorted(by: { $0.translation.file < $1.translation.file }) {
            let location = SourceLocation(file: source.translation.file)
            if SiteAssembler.reservedPageSlugs.contains(source.slug) {
                diagnostics.error("a page cannot be called '\(source.slug)': the site uses /\(source.slug)/ itself; rename the file", at: location)
                continue
            }
            if let existing = bySlug[source.slug]?[source.translation.language] {
                diagnostics.error("page '\(source.slug)' has two \(source.translation.language) files: this one and \(existing.file); keep one", at: location)
                continue
            }
            guard includeDrafts || !source.translation.frontMatter.draft else { continue }
            bySlug[source.slug, default: [:]][source.translation.language] = source.translation
        }
        return bySlug.sorted { $0.key < $1.key }.map { PlainPage(slug: $0.key, translations: $0.value) }
    }

    /// Tariffs and trade are written once or repeated exactly; events are
    /// paired by id, their date, end and countries written once or repeated.
    func mergeData(_ translations: [BriefTranslation], diagnostics: inout Diagnostics) -> BriefData {
        var data = BriefData()
        var tariffSource: (file: String, location: SourceLocation)?
        var tradeSource: (file: String, location: SourceLocation)?
        for translation in translations {
            let matter = translation.frontMatter
            if let tariffs = matter.tariffs {
                if let source = tariffSource {
                    if !sameList(tariffs.value, data.tariffs, by: { $0.sameData(as: $1) }) {
                        diagnostics.error("these tariffs differ from those in \(source.location); a brief's tariffs are shared by its translations: write them once, or repeat them exactly",
                                          at: firstDifference(tariffs.value, data.tariffs, by: { $0.sameData(as: $1) }) ?? tariffs.location)
                    }
                } else {
                    data.tariffs = tariffs.value
                    tariffSource = (translation.file, tariffs.location)
                }
            }
            if let trade = matter.trade {
                if let source = tradeSource {
                    if !sameList(trade.value, data.trade, by: { $0.sameData(as: $1) }) {
                        diagnostics.error("this trade data differs from that in \(source.location); write it once, or repeat it exactly",
                                          at: firstDifference(trade.value, data.trade, by: { $0.sameData(as: $1) }) ?? trade.location)
                    }
                } else {
                    data.trade = trade.value
                    tradeSource = (translation.file, trade.location)
                }
            }
        }
        data.events = mergeEvents(translations, diagnostics: &diagnostics)
        return data
    }

    private func sameList<T>(_ a: [T], _ b: [T], by same: (T, T) -> Bool) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy(same)
    }

    private func firstDifference<T>(_ a: [T], _ b: [T], by same: (T, T) -> Bool) -> SourceLocation? where T: LocatedData {
        for (index, item) in a.enumerated() where index >= b.count || !same(item, b[index]) {
            return item.location
        }
        return nil
    }

    func mergeEvents(_ translations: [BriefTranslation], diagnostics: inout Diagnostics) -> [TimelineEvent] {
        struct Partial {
            var date: (Day, SourceLocation)?
            var end: (Day, SourceLocation)?
            var countries: ([CountryCode], SourceLocation)?
            var titles: [String: String] = [:]
            var location: SourceLocation
        }
        var order: [String] = []
        var partials: [String: Partial] = [:]
        for translation in translations {
            for entry in translation.frontMatter.timeline?.value ?? [] {
                var partial = partials[entry.id] ?? Partial(location: entry.location)
                if partials[entry.id] == nil { order.append(entry.id) }
                if let date = entry.date, let location = entry.dateLocation {
                    if let existing = partial.date {
                        if existing.0 != date {
                            diagnostics.error("event '\(entry.id)' has date \(date) here but \(existing.0) in \(existing.1); write the date once, or repeat it exactly", at: location)
                        }
                    } else {
                        partial.date = (date, location)
                    }
                }
                if let end = entry.end, let location = entry.endLocation {
                    if let existing = partial.end {
                        if existing.0 != end {
                            diagnostics.error("event '\(entry.id)' ends \(end) here but \(existing.0) in \(existing.1); write 'end' once, or repeat it exactly", at: location)
                        }
                    } else {
                        partial.end = (end, location)
                    }
                }
                if let countries = entry.countries, let location = entry.countriesLocation {
                    if let existing = partial.countries {
                        if existing.0 != countries {
                            diagnostics.error("event '\(entry.id)' lists countries \(countries.map(\.code).joined(separator: ", ")) here but \(existing.0.map(\.code).joined(separator: ", ")) in \(existing.1); write them once, or repeat them exactly", at: location)
                        }
                    } else {
                        partial.countries = (countries, location)
                    }
                }
                if let title = entry.title { partial.titles[translation.language] = title }
                partials[entry.id] = partial
            }
        }
        var events: [TimelineEvent] = []
        for id in order {
            guard let partial = partials[id] else { continue }
            guard let date = partial.date else {
                diagnostics.error("event '\(id)' has no date in any translation; add 'date: YYYY-MM-DD' to it", at: partial.location)
                continue
            }
            if let end = partial.end, end.0 < date.0 {
                diagnostics.error("event '\(id)' ends (\(end.0)) before it starts (\(date.0)); 'end' must not be before 'date'", at: end.1)
            }
            if partial.titles.isEmpty {
                diagnostics.error("event '\(id)' has no title in any translation; add 'title: ...'", at: partial.location)
                continue
            }
            events.append(TimelineEvent(id: id, date: date.0, end: partial.end?.0, countries: partial.countries?.0 ?? [],
                                        titles: partial.titles, location: partial.location))
        }
        return events
    }

    /// Two topics that give the same URL segment in one language would share
    /// a page; that is an error, as is a topic with no letters at all.
    func checkTopics(_ briefs: [Brief], diagnostics: inout Diagnostics) {
        var seen: [String: [String: (String, SourceLocation)]] = [:]
        // A site has a few dozen topics over thousands of briefs: each name is made into a segment once.
        var segments: [String: String] = [:]
        // In slug order, so that the same brief is named first each time; indices sorted, not the briefs themselves.
        for index in briefs.indices.sorted(by: { briefs[$0].slug < briefs[$1].slug }) {
            for translation in briefs[index].translations.values.sorted(by: { $0.file < $1.file }) {
                for topic in translation.frontMatter.topics {
                    let segment = segments[topic.value] ?? TextSegment.make(topic.value)
                    segments[topic.value] = segment
                    guard !segment.isEmpty else {
                        diagnostics.error("topic '\(topic.value)' has no letters or digits, so it cannot have a page; rename it", at: topic.location)
                        continue
                    }
                    if let (other, location) = seen[translation.language]?[segment], other != topic.value {
                        diagnostics.error("topics '\(topic.value)' and '\(other)' (\(location)) would share the page topics/\(segment)/; write them the same way", at: topic.location)
                        continue
                    }
                    seen[translation.language, default: [:]][segment] = (topic.value, topic.location)
                }
            }
        }
    }
}

/// Data written at a place in a file.
protocol LocatedData {
    var location: SourceLocation { get }
}

extension TariffMeasure: LocatedData {}
extension TradeBalance: LocatedData {}
