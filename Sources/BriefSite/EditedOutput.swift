import BriefCore
import Foundation

/// The output after an edit made from the old files (`EventEdit`,
/// `TariffEdit`): the changed files written through the spare folder and
/// exchanged, every other kept, and the manifest made to say so.
enum EditedOutput {
    typealias Replaced = [String: (contents: OutputFile.Contents, fingerprint: UInt64)]

    /// The edited source's records with its front matter's new hash and its body's first line (the front
    /// matter is another text now, and the body may start on another line).
    static func update(_ records: inout [BodyEditRecord], source: String, brief: Brief) -> Bool {
        for (position, record) in records.enumerated() where record.source == source {
            guard let translation = brief.translations[record.language] else { return false }
            records[position].frontMatterHash = translation.frontMatterHash
            records[position].bodyFirstLine = translation.bodyFirstLine
        }
        return true
    }

    /// The tokens of the indexes an edit saves again; nil for one not saved: the next edit of its kind goes the
    /// whole way.
    struct IndexTokens: Sendable {
        var bodyEdit: UInt64?
        var timeline: UInt64?
        var tracker: UInt64?
    }

    /// A new index token, when `save` with it succeeds.
    static func savedToken(_ save: (UInt64) -> Bool) -> UInt64? {
        let token = UInt64.random(in: 1...UInt64.max)
        return save(token) ? token : nil
    }

    /// Removes the manifest (from here the output changes, and until the new manifest is saved the old one
    /// must not vouch for it), writes `replaced`, and gives the manifest to save with the new inputs, outputs
    /// and index tokens, and how many files were written. `savingIndexes` runs on another core beside the
    /// write: the indexes follow from the edit, not from the write (a write that fails leaves no manifest, and
    /// without one no index is used). `spare`: the spare folder's check, waited for when needed.
    private static func write(_ replaced: Replaced, manifest: BuildManifest, inputs: [BuildManifest.Input], inputFolders: [FolderRecord],
                      root: URL, writer: OutputWriter, found: FoundOutputs.Folder, savingIndexes: @escaping @Sendable () -> IndexTokens,
                      spare: () -> FoundOutputs.Folder?) -> Result<(manifest: BuildManifest, files: WriteSummary), BuildFailure> {
        let savedTokens = IndexedSlots<IndexTokens>(count: 1)
        let saving = DispatchGroup()
        DispatchQueue.global().async(group: saving) { savedTokens.set(0, savingIndexes()) }
        let result = writeFiles(replaced, manifest: manifest, inputs: inputs, inputFolders: inputFolders, writer: writer,
                                root: root, found: found, spare: spare)
        saving.wait()
        let tokens = savedTokens.collect().first ?? IndexTokens()
        return result.map { done in
            var manifest = done.manifest
            (manifest.bodyEditToken, manifest.timelineToken, manifest.trackerToken) = (tokens.bodyEdit, tokens.timeline, tokens.tracker)
            return (manifest, done.files)
        }
    }

    /// `write` through `found`'s spare, then the manifest saved: what an edit made from the old files ends with
    /// (`kind` names its stage timings). The report of the build, and the manifest saved.
    static func writeAndSave(_ replaced: Replaced, kind: String, bodiesRendered: Int, manifest: BuildManifest, inputs: [BuildManifest.Input],
                             inputFolders: [FolderRecord], root: URL, writer: OutputWriter, found: FoundOutputs, started: DispatchTime,
                             clock: inout StageClock, savingIndexes: @escaping @Sendable () -> IndexTokens)
        -> Result<(report: BuildReport, manifest: BuildManifest), BuildFailure> {
        let written = write(replaced, manifest: manifest, inputs: inputs, inputFolders: inputFolders, root: root, writer: writer,
                            found: found.output, savingIndexes: savingIndexes) { found.spare() }
        var manifest: BuildManifest
        let files: WriteSummary
        switch written {
        case .failure(let failure): return .failure(failure)
        case .success(let done): (manifest, files) = done
        }
        clock.lap("\(kind): write, and the indexes beside it")
        manifest.save(root: root)
        clock.lap("\(kind): manifest")
        var report = BuildReport.afterEdit(manifest, written: files.written, bodiesRendered: bodiesRendered, started: started, found: found.output)
        report.files?.throughLinkedSpare = files.throughLinkedSpare
        return .success((report, manifest))
    }

    private static func writeFiles(_ replaced: Replaced, manifest: BuildManifest, inputs: [BuildManifest.Input], inputFolders: [FolderRecord],
                                   writer: OutputWriter, root: URL, found: FoundOutputs.Folder,
                                   spare: () -> FoundOutputs.Folder?) -> Result<(manifest: BuildManifest, files: WriteSummary), BuildFailure> {
        let output = writer.output
        var manifest = manifest
        manifest.inputs = inputs
        manifest.inputFolders = inputFolders
        BuildManifest.remove(root: root, output: output)
        guard !replaced.isEmpty else { return .success((manifest, WriteSummary(written: 0, unchanged: manifest.outputs.count, removed: 0))) }
        let outputPath = output.path
        var spareFound = spare()
        var linked: OutputWriter.Result?
        if let known = spareFound {
            // Through a spare of the output's own files: only those that differ linked again, and the edited written.
            let edited = replaced.map { OutputFile(path: $0.key, contents: $0.value.contents, fingerprint: $0.value.fingerprint) }
            do {
                linked = try writer.writeLinked(edited, recorded: manifest.outputs, found: found, spareFound: known)
            } catch {
                // The spare is in no known state now: the write below makes the site afresh.
                spareFound = nil
            }
        }
        let written: OutputWriter.Result
        if let linked {
            written = linked
        } else {
            let outputFiles = manifest.outputs.map { record in
                replaced[record.path].map { OutputFile(path: record.path, contents: $0.contents, fingerprint: $0.fingerprint) }
                    ?? OutputFile(path: record.path, contents: .kept(path: outputPath + "/" + record.path), fingerprint: record.fingerprint)
            }
            do {
                written = try writer.write(outputFiles, found: found, spareFound: spareFound?.indexed())
            } catch {
                return .failure(.writing(error, output: output))
            }
        }
        manifest.outputs = written.outputs
        manifest.spare = written.spare
        manifest.outputFolders = written.outputFolders
        manifest.spareFolders = written.spareFolders
        return .success((manifest, written.summary))
    }
}
