import BriefCore
import Foundation

/// What the builds that make the edited files from the old ones (`BodyEdit`, `EventEdit`) report.
extension BuildReport {
    /// `written` files of the output made again, `bodiesRendered` of them from a body rendered again; the
    /// warnings are the last build's, which the edit leaves as they were.
    static func afterEdit(_ manifest: BuildManifest, written: Int, bodiesRendered: Int, started: DispatchTime,
                          found: FoundOutputs.Folder) -> BuildReport {
        let elapsed = Int((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000)
        return BuildReport(pagesPerLanguage: Array(zip(manifest.pagesPerLanguage, manifest.pageCounts)),
                           files: WriteSummary(written: written, unchanged: manifest.outputs.count - written, removed: 0),
                           warnings: manifest.diagnostics, elapsedMilliseconds: elapsed,
                           rendering: RenderCounters(bodiesRendered: bodiesRendered, bodiesReused: 0, pagesRendered: written,
                                                     pagesReused: manifest.outputs.count - written),
                           parsing: (parsed: 1, reused: 0),
                           outputFoldersListed: found.listed)
    }
}

extension BuildFailure {
    /// The output could not be written; the writer left it as it was.
    static func writing(_ error: any Error, output: URL) -> BuildFailure {
        BuildFailure([.error("could not write the site: \(error); \(output.path) is unchanged",
                             at: SourceLocation(file: output.lastPathComponent))])
    }
}
