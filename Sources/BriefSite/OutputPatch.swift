import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A build that changes one file of an output that is exactly as recorded
/// (an edit of a brief's text, most often) replaces that file in the output
/// instead of bringing the spare folder up to date and exchanging the two:
/// the spare then needs no check, a stat of each of its files as long as the
/// check of the output itself (0.25 s of CPU at 10,000 briefs).
///
/// One file only, so that the output is still only ever the old site or the
/// new one, whenever the build is killed: the new file is written beside the
/// output, then renamed over the old one in a single step (which also never
/// writes into the old file: it may be a hard link to the spare's). Two files
/// could not be replaced in one step; more than one goes through the spare.
extension OutputWriter {
    static let patchLimit = 1

    /// The write as a patch of the output, or nil when it is not one: the output is not exactly as recorded,
    /// the new site has other paths, or more than `patchLimit` files changed.
    func patch(_ files: [OutputFile], found: FoundOutputs.Folder, spare: [OutputRecord]?,
               spareFolders: [FolderRecord]) throws -> Result? {
        guard found.listed >= 0, found.isExact, files.count == found.verified.count else { return nil }
        let outputPath = output.path
        let current = found.verified
        var records: [OutputRecord] = []
        records.reserveCapacity(files.count)
        var changed: [Int] = []
        for file in files {
            guard let record = current[file.path] else { return nil }
            if file.fingerprint != nil, record.fingerprint == file.fingerprint {
                records.append(record)
                continue
            }
            let same: Bool
            switch file.contents {
            case .kept: same = true
            case .copy(let source): same = FileTree.sameFiles(outputPath + "/" + file.path, source.path)
            case .bytes(let data): same = FileTree.sameBytes(outputPath + "/" + file.path, data)
            case .spilled(let spilled): same = FileTree.sameBytes(outputPath + "/" + file.path, spilled)
            case .spliced, .placed: same = false
            }
            if same {
                // The same bytes from other inputs: the file stays, its record takes the new fingerprint.
                records.append(OutputRecord(path: file.path, stamp: record.stamp, fingerprint: file.fingerprint))
            } else {
                changed.append(records.count)
                records.append(record)
                if changed.count > OutputWriter.patchLimit { return nil }
            }
        }
        guard let index = changed.first else {
            return Result(summary: WriteSummary(written: 0, unchanged: files.count, removed: 0), outputs: records, spare: spare,
                          outputFolders: found.observed, spareFolders: spareFolders)
        }
        let file = files[index]
        guard let stamp = try replace(file.path, with: file.contents) else { return nil }
        records[index] = OutputRecord(path: file.path, stamp: stamp, fingerprint: file.fingerprint)
        let folders = FolderRecord.restamped(found.observed, under: outputPath, touched: [FoundOutputs.parent(of: file.path)], clock: folderClock)
        return Result(summary: WriteSummary(written: 1, unchanged: files.count - 1, removed: 0),
                      outputs: records, spare: spare, outputFolders: folders, spareFolders: spareFolders)
    }

    /// Replaces the output's file at `path` in one step: written beside the output, then renamed over it.
    /// The file's new stamp; nil when the rename cannot be done (another file system beside the output).
    func replace(_ path: String, with contents: OutputFile.Contents) throws -> EntryStamp? {
        removeLeftovers()
        // Named as a staging folder is, so that a build killed before the rename leaves nothing the next does not remove.
        let temporary = parent.appendingPathComponent(stagingPrefix + "file-" + UUID().uuidString).path
        let written: Bool
        switch contents {
        case .kept, .placed: return nil
        case .bytes(let data): written = FileTree.write(data, to: temporary)
        case .spilled(let spilled): written = FileTree.write(spilled, to: temporary)
        case .spliced(let spliced): written = FileTree.write(spliced, to: temporary)
        case .copy(let source): written = FileManager.default.contents(atPath: source.path).map { FileTree.write($0, to: temporary) } ?? false
        }
        guard written else {
            let code = errno == 0 ? EIO : errno
            unlink(temporary)
            throw WriteError(path: path, code: code)
        }
        let target = output.path + "/" + path
        guard rename(temporary, target) == 0 else {
            unlink(temporary)
            return nil
        }
        return FileStamps.stamp(target, withChangeTime: false) ?? .missing
    }
}
