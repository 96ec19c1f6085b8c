import BriefCore
import BriefHTML
import BriefMarkdown
import BriefTemplates
import Foundation

/// Renders the ```tariffs, ```trade and ```timeline blocks of one body.
struct BlockRenderer {
    let renderer: SiteRenderer
    let job: SiteRenderer.BodyJob
    /// The CSV of each table the blocks placed.
    private(set) var files: [OutputFile] = []
    private var usedIDs: [String: Int] = [:]
    /// The ```timeline blocks placed so far: the anchors of the n-th one's events end in `-n` (see `DataViews.briefEvents`).
    private var timelineBlocks = 0

    init(renderer: SiteRenderer, job: SiteRenderer.BodyJob) {
        self.renderer = renderer
        self.job = job
    }

    var views: DataViews {
        DataViews(paths: renderer.paths, context: LanguageContext(language: job.language), path: job.pagePath,
                  briefLanguages: renderer.briefLanguages, briefTitles: renderer.briefTitles)
    }

    /// A table id unique on the page, however often a block repeats.
    mutating func uniqueID(_ base: String) -> String {
        let count = usedIDs[base, default: 0]
        usedIDs[base] = count + 1
        return count == 0 ? base : "\(base)-\(count + 1)"
    }

    mutating func render(_ request: BlockRequest) -> Result<String, BuildFailure> {
        guard let kind = BlockKind(rawValue: request.kind) else { return .failure(BuildFailure([])) }
        var diagnostics = Diagnostics()
        guard let brief = job.brief else {
            return .failure(BuildFailure([.error("a ```\(kind.rawValue) block shows a brief's data, and plain pages have none; remove it or move it into a brief", at: request.location)]))
        }
        guard let filter = BlockOptions.tariffFilter(request.options, kind: kind, fence: request.location, diagnostics: &diagnostics) else {
            return .failure(BuildFailure(diagnostics.all))
        }
        switch kind {
        case .tariffs:
            guard renderer.measuresByBrief.has(brief.slug) else {
                return .failure(BuildFailure([.error("this brief has no tariffs to show; add 'tariffs:' to its front matter (in any translation) or remove the block", at: request.location)]))
            }
            let measures = (renderer.measuresByBrief[brief.slug] ?? []).filter { filter.matches($0.measure) }
            guard !measures.isEmpty else {
                return .failure(BuildFailure([.error("the filter '\(filter.description)' matches none of this brief's tariffs; correct it or remove the block", at: request.location)]))
            }
            let table = views.briefTariffs(measures, slug: brief.slug, filter: filter,
                                           id: uniqueID(filter.isEmpty ? "tariffs" : "tariffs-\(filter.fileSuffix)"))
            files.append(table.csv.file)
            return .success(table.html.rendered)
        case .trade:
            guard renderer.balancesByBrief.has(brief.slug) else {
                return .failure(BuildFailure([.error("this brief has no trade balances to show; add 'trade:' to its front matter or remove the block", at: request.location)]))
            }
            let table = views.briefTrade(renderer.balancesByBrief[brief.slug] ?? [], slug: brief.slug, id: uniqueID("trade"))
            files.append(table.csv.file)
            return .success(table.html.rendered)
        case .timeline:
            guard renderer.eventsByBrief.has(brief.slug) else {
                return .failure(BuildFailure([.error("this brief has no timeline to show; add 'timeline:' to its front matter or remove the block", at: request.location)]))
            }
            timelineBlocks += 1
            return .success(views.briefEvents(renderer.eventsByBrief[brief.slug] ?? [], block: timelineBlocks).rendered)
        }
    }
}
