import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An edit's write (`EditedOutput`) when the spare holds the output's own files: after one build through the
/// spare, each of its files is a hard link to the output's file at the same path, but for the few the last build
/// wrote (its check lists them, `FoundOutputs.Folder.notLinked`). Bringing it up to date is then linking those
/// again from the output and writing the edited files, not a look at each of the site's files by its path (an
/// event edit's write at 10,000 briefs spent most of its 120 ms in lookups of 43,000 paths, to find every one
/// unchanged). Then the two are exchanged, as by any write.
extension OutputWriter {
    /// `replaced`: the edited files, each at a recorded path. `recorded`: the output's files as the manifest
    /// records them. Nil, with nothing changed, when the folders are not as above: every recorded file found as
    /// recorded in both, and nothing else there.
    func writeLinked(_ replaced: [OutputFile], recorded: [OutputRecord], found: FoundOutputs.Folder,
                     spareFound: FoundOutputs.Folder) throws -> Result? {
        // The spare's files are its twins of the output's and the listed others; when those are output files too
        // and the counts agree, both hold exactly the recorded paths.
        guard found.isExact, found.listed >= 0, found.verified.count == recorded.count,
              spareFound.checkedAgainstLinks, spareFound.isExact, spareFound.listed >= 0,
              spareFound.verifiedCount == recorded.count,
              spareFound.notLinked.allSatisfy({ found.verified[$0] != nil }),
              replaced.allSatisfy({ found.verified[$0.path] != nil }),
              FileManager.default.fileExists(atPath: output.path)
        else { return nil }
        removeLeftovers()
        let outputPath = output.path
        let sparePath = spare.path
        let replacedPaths = Set(replaced.map(\.path))
        var touched: Set<String> = [""]
        for path in spareFound.notLinked where !replacedPaths.contains(path) {
            unlink(sparePath + "/" + path)
            guard link(outputPath + "/" + path, sparePath + "/" + path) == 0 else { throw WriteError(path: path, code: errno) }
            touched.insert(FoundOutputs.parent(of: path))
        }
        // Written on every core: an edit's files are the site's largest (the timeline and tracker pages, tens of
        // megabytes each at 10,000 briefs), and their bytes' copy into the file system was most of this write.
        let placed = replaced.parallelMap { file in
            (outcome: OutputWriter.place(file, in: sparePath, output: outputPath, knownSame: false, replacing: true),
             stamp: FileStamps.stamp(sparePath + "/" + file.path, withChangeTime: false))
        }
        var written = 0
        var records: [String: OutputRecord] = [:]
        for (file, made) in zip(replaced, placed) {
            switch made.outcome {
            case .failed(let path, let code): throw WriteError(path: path, code: code)
            case .written: written += 1
            case .linked, .untouched: break
            }
            records[file.path] = OutputRecord(path: file.path, stamp: made.stamp ?? .missing, fingerprint: file.fingerprint)
            touched.insert(FoundOutputs.parent(of: file.path))
        }
        try exchange(spare, output)
        // Every other file of the new output is the old output's (linked, or twin): its record stands.
        let outputs = recorded.map { records.isEmpty ? $0 : records[$0.path] ?? $0 }
        let folders = FolderRecord.restamped(spareFound.observed, under: outputPath, touched: touched, clock: folderClock)
        return Result(summary: WriteSummary(written: written, unchanged: recorded.count - written, removed: 0, throughLinkedSpare: true), outputs: outputs,
                      spare: recorded, outputFolders: folders, spareFolders: found.observed)
    }
}
