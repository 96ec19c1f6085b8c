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

    /// Removes the manifest (from here the output changes, and until the new manifest is saved the old one
    /// must not vouch for it), writes `replaced`, and gives the manifest to save with the new inputs and
    /// outputs and how many files were written. `spare`: the spare folder's check, waited for when needed.
    static func write(_ replaced: Replaced, manifest: BuildManifest, inputs: [BuildManifest.Input], inputFolders: [FolderRecord],
                      root: URL, writer: OutputWriter, found: FoundOutputs.Folder,
                      spare: () -> FoundOutputs.Folder?) -> Result<(manifest: BuildManifest, written: Int), BuildFailure> {
        let output = writer.output
        var manifest = manifest
        manifest.inputs = inputs
        manifest.inputFolders = inputFolders
        BuildManifest.remove(root: root, output: output)
        guard !replaced.isEmpty else { return .success((manifest, 0)) }
        let outputPath = output.path
        let outputFiles = manifest.outputs.map { record in
            replaced[record.path].map { OutputFile(path: record.path, contents: $0.contents, fingerprint: $0.fingerprint) }
                ?? OutputFile(path: record.path, contents: .kept(path: outputPath + "/" + record.path), fingerprint: record.fingerprint)
        }
        let written: OutputWriter.Result
        do {
            written = try writer.write(outputFiles, found: found, spareFound: spare())
        } catch {
            return .failure(.writing(error, output: output))
        }
        manifest.outputs = written.outputs
        manifest.spare = written.spare
        manifest.outputFolders = written.outputFolders
        manifest.spareFolders = written.spareFolders
        return .success((manifest, written.summary.written))
    }
}
