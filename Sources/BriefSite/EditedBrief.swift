import BriefCore
import Foundation

/// A brief as its files are now, for the builds that make an edit of its
/// events (`EventEdit`) or its tariffs and trade (`TariffEdit`) from the old
/// files: each checks that the part of the front matter it does not make
/// again is as the last build knew it, by a key of that part.
enum EditedBrief {
    /// A translation of the brief as its file is now, when it loads without a diagnostic and `key` of its front
    /// matter is the one the index knows.
    static func translation(_ known: TimelineIndex.BriefEntry.Source, slug: String, root: URL,
                            key: (BriefTranslation) -> UInt64) -> BriefTranslation? {
        let file = SourceFile(kind: .brief, slug: slug, language: known.language, path: known.path,
                              url: root.appendingPathComponent(known.path), bundlePath: nil)
        let parsed = ContentLoader(root: root).parse(file)
        guard parsed.diagnostics.isEmpty, let translation = parsed.brief, key(translation) == known.key else { return nil }
        return translation
    }

    /// The brief from its files as they are now (`edited` the one that changed, already read), when each
    /// translation's key and body are as the index and the pages' records know them and it merges without a
    /// diagnostic, with the slug, date and titles the index knows.
    static func load(_ entry: TimelineIndex.BriefEntry, edited: (source: String, translation: BriefTranslation), config: SiteConfig,
                     root: URL, includeDrafts: Bool, records: [BodyEditRecord], key: (BriefTranslation) -> UInt64) -> Brief? {
        var sources: [BriefSource] = []
        for known in entry.sources {
            guard let translation = known.path == edited.source ? edited.translation
                    : translation(known, slug: entry.slug, root: root, key: key),
                  let record = records.first(where: { $0.source == known.path }), record.bodyHash == translation.bodyHash
            else { return nil }
            sources.append(BriefSource(slug: entry.slug, translation: translation))
        }
        var diagnostics = Diagnostics()
        let content = SiteAssembler(config: config, includeDrafts: includeDrafts).assemble(briefs: sources, pages: [], diagnostics: &diagnostics)
        guard diagnostics.all.isEmpty, content.briefs.count == 1, let brief = content.briefs.first, brief.slug == entry.slug,
              brief.date == entry.date, brief.translations.mapValues(\.frontMatter.title) == entry.titles
        else { return nil }
        return brief
    }

    /// The slug of a brief's translation file (`Content/briefs/<slug>.<lang>.md` or
    /// `Content/briefs/<slug>/index.<lang>.md`).
    static func briefSlug(_ source: String) -> String? {
        guard source.hasPrefix("Content/briefs/") else { return nil }
        let rest = source.dropFirst("Content/briefs/".count)
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return ContentLoader.splitName(String(parts[0]))?.slug
        case 2: return parts[1].hasPrefix("index.") ? String(parts[0]) : nil
        default: return nil
        }
    }

    /// The checks both edits make before anything else, and what they need next: the output is exactly as the
    /// manifest records; every translation file of the brief is one the index knows (a draft translation left
    /// out is not), none had a warning, each page has its record and is as recorded; the site's settings load;
    /// and the brief loads as `load` says.
    static func checked(_ entry: TimelineIndex.BriefEntry, edited: (source: String, translation: BriefTranslation), root: URL, output: URL,
                        manifest: BuildManifest, inputs: [BuildManifest.Input], found: FoundOutputs.Folder,
                        key: (BriefTranslation) -> UInt64) -> (pages: LoadedBodyEdit, config: SiteConfig, brief: Brief)? {
        guard let bodyEditToken = manifest.bodyEditToken, found.listed >= 0, found.isExact else { return nil }
        let sourcePaths = Set(entry.sources.map(\.path))
        let prefixes = ["briefs/\(entry.slug).", "briefs/\(entry.slug)/"]
        let files = inputs.filter { input in input.path.hasSuffix(".md") && prefixes.contains { input.path.hasPrefix($0) } }
        guard Set(files.map { "Content/" + $0.path }) == sourcePaths, !manifest.warnings.contains(where: { sourcePaths.contains($0.file) }),
              let pages = LoadedBodyEdit.load(root: root, output: output, token: bodyEditToken, sources: sourcePaths),
              pages.records.allSatisfy({ found.verified[$0.file]?.fingerprint == $0.pageFingerprint }),
              let config = siteConfig(root),
              let brief = load(entry, edited: edited, config: config, root: root, includeDrafts: manifest.includeDrafts,
                               records: pages.records, key: key)
        else { return nil }
        return (pages, config, brief)
    }

    static func siteConfig(_ root: URL) -> SiteConfig? {
        var diagnostics = Diagnostics()
        let url = root.appendingPathComponent("Content/site.yaml")
        guard let text = ContentLoader.readText(url, path: "Content/site.yaml", diagnostics: &diagnostics),
              let config = SiteConfigDecoder.decode(text, file: "Content/site.yaml", diagnostics: &diagnostics),
              diagnostics.all.isEmpty
        else { return nil }
        return config
    }

    /// Each of the brief's sources with the key its translation now has (a source it no longer has keeps the
    /// old one, which the next edit then finds changed).
    static func rekeyed(_ entry: TimelineIndex.BriefEntry, _ brief: Brief, key: (BriefTranslation) -> UInt64) -> TimelineIndex.BriefEntry {
        var entry = entry
        for position in entry.sources.indices {
            guard let translation = brief.translations[entry.sources[position].language],
                  translation.file == entry.sources[position].path else { continue }
            entry.sources[position].key = key(translation)
        }
        return entry
    }

    /// After an edit of a brief's tariffs or trade: the timeline index saved again with the brief's keys as its
    /// translations now are (its key covers them); the new token, or nil (the next event edit goes the whole way).
    static func rekey(timelineToken: UInt64, brief: Brief, root: URL, output: URL) -> UInt64? {
        guard let index = LoadedTimelineIndex.load(root: root, output: output, token: timelineToken),
              let entry = index.briefs([brief.slug])?[brief.slug] else { return nil }
        return EditedOutput.savedToken { token in
            index.save(files: index.files, months: [:], brief: rekeyed(entry, brief, key: \.keys.butEvents), token: token, root: root, output: output)
        }
    }

    /// After an edit of a brief's events: the tracker index, the same way.
    static func rekey(trackerToken: UInt64, brief: Brief, root: URL, output: URL) -> UInt64? {
        guard let index = LoadedTrackerIndex.load(root: root, output: output, token: trackerToken),
              let entry = index.briefs.briefs([brief.slug])?[brief.slug] else { return nil }
        return EditedOutput.savedToken { token in
            index.save(brief: rekeyed(entry, brief, key: \.keys.butTariffsAndTrade), token: token, root: root, output: output)
        }
    }
}
