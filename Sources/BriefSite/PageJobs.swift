import Foundation
import BriefCore

/// One piece of the pages stage. The pieces run on every core, the largest first, so that no core waits
/// alone at the end for a timeline or tracker; their files are merged in one fixed order, so the output does
/// not depend on which core finished first.
enum PageJob: Sendable {
    case tariffExports
    /// `timeline.json` (nil) or a language's calendar, by the language's index in the site's settings.
    case timelineExport(language: Int?)
    case briefPages(language: Int, briefs: Range<Int>)
    case lists(language: Int)
    case terms(language: Int)
    case plainPages(language: Int)
    case timeline(language: Int)
    case tracker(language: Int)
    case feed(language: Int)

    /// Briefs per job of brief pages: a few jobs per core for each language, not too small to pay for itself.
    static func chunkSize(_ briefCount: Int) -> Int { max(32, briefCount / 16) }

    /// Every job of a site, in the order they should start: the whole-site pages first, brief pages last.
    /// `briefCounts`: each language's published briefs, in the site's order of languages.
    static func list(briefCounts: [Int]) -> [PageJob] {
        let languages = briefCounts.indices
        var jobs: [PageJob] = [.tariffExports]
        jobs += languages.map { .tracker(language: $0) }
        jobs += languages.map { .timeline(language: $0) }
        jobs += languages.map { .terms(language: $0) }
        jobs.append(.timelineExport(language: nil))
        jobs += languages.map { .timelineExport(language: $0) }
        jobs += languages.map { .lists(language: $0) }
        jobs += languages.map { .feed(language: $0) }
        jobs += languages.map { .plainPages(language: $0) }
        for (language, count) in briefCounts.enumerated() {
            let size = chunkSize(count)
            for start in stride(from: 0, to: count, by: size) {
                jobs.append(.briefPages(language: language, briefs: start..<min(count, start + size)))
            }
        }
        return jobs
    }

    /// Where a job's files go in the output: the exports, then each language's brief pages, lists, terms,
    /// plain pages, timeline, tracker and feed.
    var mergeKey: (Int, Int, Int) {
        switch self {
        case .tariffExports: return (0, 0, 0)
        case .timelineExport(let language): return (0, 1, language.map { $0 + 1 } ?? 0)
        case .briefPages(let language, let briefs): return (1 + language, 0, briefs.lowerBound)
        case .lists(let language): return (1 + language, 1, 0)
        case .terms(let language): return (1 + language, 2, 0)
        case .plainPages(let language): return (1 + language, 3, 0)
        case .timeline(let language): return (1 + language, 4, 0)
        case .tracker(let language): return (1 + language, 5, 0)
        case .feed(let language): return (1 + language, 6, 0)
        }
    }

    /// The kind of job, for the timings printed when profiling.
    var kind: String {
        switch self {
        case .tariffExports: return "tariff exports"
        case .timelineExport: return "timeline exports"
        case .briefPages: return "brief pages"
        case .lists: return "lists"
        case .terms: return "terms"
        case .plainPages: return "plain pages"
        case .timeline: return "timeline"
        case .tracker: return "tracker"
        case .feed: return "feeds"
        }
    }

    /// Milliseconds spent in each kind of job, summed over the cores, in the order of `jobs`.
    static func timings(_ jobs: [PageJob], _ milliseconds: [Double]) -> String {
        var order: [String] = []
        var sums: [String: Double] = [:]
        for (job, time) in zip(jobs, milliseconds) {
            if sums[job.kind] == nil { order.append(job.kind) }
            sums[job.kind, default: 0] += time
        }
        return "page jobs (core ms): " + order.map { String(format: "%@ %.1f", $0, sums[$0] ?? 0) }.joined(separator: ", ")
    }

    /// The indices of `jobs` in merge order.
    static func mergeOrder(_ jobs: [PageJob]) -> [Int] {
        jobs.indices.sorted { jobs[$0].mergeKey < jobs[$1].mergeKey }
    }
}

extension SiteRenderer {
    /// Renders one job's pages and files into `output`.
    func run(_ job: PageJob, contexts: [LanguageContext], published: [[PublishedBrief]], bodies: [BodyKey: BodyResult],
             feeds: [Set<String>], into output: inout OutputCollector) {
        switch job {
        case .tariffExports:
            output.addFiles(key: "data/tariffs", inputs: tariffHash) { tariffExports() }
        case .timelineExport(let language):
            addTimelineExport(language.map { config.languages[$0] }, to: &output)
        case .briefPages(let language, let briefs):
            renderBriefPages(Array(published[language][briefs]), contexts[language], inFeed: feeds[language], &output)
        case .lists(let language):
            renderLists(published[language], contexts[language], &output)
        case .terms(let language):
            renderTerms(published[language], contexts[language], &output)
        case .plainPages(let language):
            renderPlainPages(contexts[language], bodies, &output)
        case .timeline(let language):
            renderTimeline(contexts[language], &output)
        case .tracker(let language):
            renderTracker(contexts[language], &output)
        case .feed(let language):
            renderFeed(published[language], contexts[language], &output)
        }
    }

    /// A language's Atom feed.
    func renderFeed(_ briefs: [PublishedBrief], _ context: LanguageContext, _ output: inout OutputCollector) {
        let path = paths.feed(context.language)
        output.addFiles(key: path, inputs: StableHash.of { hash in
            for item in briefs.prefix(AtomFeed.entryCount + 20) {
                hash.combine(item.teaserHash)
                hash.combine(Int(truncatingIfNeeded: item.bodyFingerprint))
            }
        }) {
            [OutputFile(path: path, text: AtomFeed(paths: paths, context: context).render(briefs))]
        }
    }
}
