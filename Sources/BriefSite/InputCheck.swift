import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Content/ checked against the last manifest's record of it: each recorded
/// file stat'ed by its path, and only the folders that changed listed.
enum InputCheck {
    struct Result {
        /// What a walk of the whole tree would give (`FileStamps.all(under:includingFolders: true)`).
        var stamps: [String: EntryStamp]
        /// Every folder as seen now, for the next manifest.
        var folders: [FolderRecord]
        /// Folders listed; -1 when the whole tree was walked.
        var listed: Int
    }

    static func check(_ root: String, inputs: [BuildManifest.Input], folders records: [FolderRecord], clock: FolderClock) -> Result {
        let reading = clock.read()
        guard !records.isEmpty else {
            let stamps = FileStamps.all(under: root, includingFolders: true)
            return Result(stamps: stamps, folders: observe(root, stamps, seen: [:], before: reading), listed: -1)
        }
        let recordByPath = Dictionary(records.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let rootFolder = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFolder >= 0 else { return Result(stamps: [:], folders: [], listed: 0) }
        defer { close(rootFolder) }
        // Parents before children (inputs are sorted by path): a folder stands only where its parents do.
        var standing: [String: FolderStat] = [:]
        var toList: [String] = []
        var stamps: [String: EntryStamp] = [:]
        stamps.reserveCapacity(inputs.count)
        var rootStat = stat()
        guard fstat(rootFolder, &rootStat) == 0, let rootInfo = FolderStat(rootStat) else { return Result(stamps: [:], folders: [], listed: 0) }
        standing[""] = rootInfo
        if recordByPath[""]?.matches(rootInfo) != true { toList.append("") }
        var allStand = true
        var files: [BuildManifest.Input] = []
        files.reserveCapacity(inputs.count)
        var folderPaths: [String] = []
        for input in inputs {
            if input.stamp.kind == .folder { folderPaths.append(input.path) } else { files.append(input) }
        }
        // Taken on every core; a folder's stat counts only where its parent stands (see `FoundOutputs.Folder`).
        let folderStats = folderPaths.parallelChunks { path in FolderStat(in: rootFolder, path) }
        for (path, found) in zip(folderPaths, folderStats) {
            guard standing[FoundOutputs.parent(of: path)] != nil, let info = found else {
                allStand = false
                continue
            }
            standing[path] = info
            stamps[path] = .folder
            if recordByPath[path]?.matches(info) != true { toList.append(path) }
        }
        let found = files.parallelChunks { input in FileStamps.stamp(in: rootFolder, input.path) }
        for (input, stamp) in zip(files, found) {
            // Where every recorded folder stands, so does every file's; else a file under a fallen one is gone.
            guard let stamp, stamp.kind != .folder, allStand || standing[FoundOutputs.parent(of: input.path)] != nil else { continue }
            stamps[input.path] = stamp
        }
        for folder in toList {
            for entry in FoundOutputs.entries(of: folder.isEmpty ? root : root + "/" + folder) {
                let relative = folder.isEmpty ? entry.name : folder + "/" + entry.name
                if stamps[relative] != nil { continue }
                if entry.isFolder {
                    stamps[relative] = .folder
                    for (path, stamp) in FileStamps.all(under: root + "/" + relative, includingFolders: true) {
                        stamps[relative + "/" + path] = stamp
                    }
                } else if let stamp = FileStamps.stamp(root + "/" + relative), stamp.kind != .folder {
                    stamps[relative] = stamp
                }
            }
        }
        return Result(stamps: stamps, folders: observe(root, stamps, seen: standing, before: reading), listed: toList.count)
    }

    /// Records of the root and every folder in `stamps`, from the stats already taken where there are some.
    private static func observe(_ root: String, _ stamps: [String: EntryStamp], seen: [String: FolderStat], before reading: Int64?) -> [FolderRecord] {
        var folders = [""]
        for (path, stamp) in stamps where stamp.kind == .folder { folders.append(path) }
        folders.sort()
        return folders.compactMap { folder in
            if let known = seen[folder] { return FolderRecord(path: folder, info: known, before: reading) }
            var info = stat()
            guard lstat(folder.isEmpty ? root : root + "/" + folder, &info) == 0, let found = FolderStat(info) else { return nil }
            return FolderRecord(path: folder, info: found, before: reading)
        }
    }
}
