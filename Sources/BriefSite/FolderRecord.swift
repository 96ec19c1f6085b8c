import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A folder as a build last saw it. A folder's modification time changes
/// whenever an entry is added to it, removed or renamed, so while it is the
/// one recorded the folder holds no entry that the record does not name: a
/// check of the tree stats each recorded file by its path and lists only the
/// folders that changed. Listing every folder was most of the time of a
/// rebuild's check (20,000 folders of pages at 10,000 briefs: an open, a
/// read and a close each, against one stat per file by path).
struct FolderRecord: Equatable, Sendable {
    /// Under the tree's root; "" is the root itself.
    var path: String
    /// Nanoseconds, or `unvouched`.
    var modified: Int64
    var inode: UInt64

    /// For a folder that must be listed next time (see `init(path:info:before:)`).
    static let unvouched: Int64 = -1

    init(path: String, modified: Int64, inode: UInt64) {
        self.path = path
        self.modified = modified
        self.inode = inode
    }

    /// `before`: the file system's time just before the stat (`FolderClock`). The system stamps with a
    /// coarse clock (a tick of some milliseconds on Linux, two seconds on FAT): an entry added in the same
    /// tick as the stat would leave the time the stat saw, so a folder whose time is not older than the
    /// reading does not vouch (git's "racy" rule).
    init(path: String, info: stat, before reading: Int64?) {
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        let vouches = reading.map { modified < $0 } ?? false
        self.init(path: path, modified: vouches ? modified : FolderRecord.unvouched, inode: UInt64(info.st_ino))
    }

    var vouches: Bool { modified != FolderRecord.unvouched }

    /// Whether the folder found now is the one recorded, with nothing added, removed or renamed in it since.
    func matches(_ info: stat) -> Bool {
        vouches && (info.st_mode & S_IFMT) == S_IFDIR && UInt64(info.st_ino) == inode
            && Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec) == modified
    }

    /// Each folder that holds one of `paths`, and the root, as it is now. A folder of `unchanged` that is not
    /// `touched` keeps its record there (its entries have not changed since it was seen); the rest are stat'ed.
    static func taken(under root: String, holding paths: [String], clock: FolderClock, unchanged: [FolderRecord] = [],
                      touched: Set<String> = []) -> [FolderRecord] {
        var folders = Set<String>([""])
        for path in paths {
            var end = path.utf8.endIndex
            // Parents of a folder already seen are seen too.
            while let slash = path.utf8[..<end].lastIndex(of: UInt8(ascii: "/")) {
                if !folders.insert(String(path[..<slash])).inserted { break }
                end = slash
            }
        }
        var keeping: [String: FolderRecord] = [:]
        for record in unchanged where !touched.contains(record.path) && folders.contains(record.path) { keeping[record.path] = record }
        let kept = keeping
        // Parents before children, as a check reads them: by depth, which needs no comparison of strings.
        var byDepth: [[String]] = []
        for folder in folders {
            let depth = folder.isEmpty ? 0 : folder.utf8.reduce(1) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }
            while byDepth.count <= depth { byDepth.append([]) }
            byDepth[depth].append(folder)
        }
        return stat(under: root, byDepth.flatMap { $0 }, clock: clock) { kept[$0] }
    }

    /// The records of `folders` (parents before children) as they are now, but for those `kept` gives.
    static func stat(under root: String, _ folders: [String], clock: FolderClock,
                     kept: @escaping @Sendable (String) -> FolderRecord? = { _ in nil }) -> [FolderRecord] {
        let reading = clock.read()
        let rootFolder = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFolder >= 0 else { return [] }
        defer { close(rootFolder) }
        return folders.parallelChunks { folder -> FolderRecord? in
            if let record = kept(folder) { return record }
            var info = Glibc.stat()
            guard fstatat(rootFolder, folder.isEmpty ? "." : folder, &info, AT_SYMLINK_NOFOLLOW) == 0,
                  (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
            return FolderRecord(path: folder, info: info, before: reading)
        }.compactMap { $0 }
    }

    /// After a write that made and removed no folder and no file: the same folders, those `touched` stat'ed again.
    static func restamped(_ records: [FolderRecord], under root: String, touched: Set<String>, clock: FolderClock) -> [FolderRecord] {
        let reading = clock.read()
        let rootFolder = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFolder >= 0 else { return [] }
        defer { close(rootFolder) }
        return records.compactMap { record in
            guard touched.contains(record.path) else { return record }
            var info = Glibc.stat()
            guard fstatat(rootFolder, record.path.isEmpty ? "." : record.path, &info, AT_SYMLINK_NOFOLLOW) == 0,
                  (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
            return FolderRecord(path: record.path, info: info, before: reading)
        }
    }
}

/// The file system's own time, read from a marker file it stamps: the
/// reference for `FolderRecord`, in the clock and granularity that stamp
/// folders (the wall clock may differ from a file server's).
struct FolderClock: Sendable {
    let marker: String

    /// Nil when the marker cannot be made or stamped: then no folder vouches, and every one is listed.
    func read() -> Int64? {
        let descriptor = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard futimens(descriptor, nil) == 0, fstat(descriptor, &info) == 0 else { return nil }
        return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }
}

extension FolderRecord: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(path); writer.int(Int(modified)); writer.varint(inode)
    }

    init(from reader: inout CacheReader) throws {
        self.init(path: try reader.string(), modified: Int64(try reader.int()), inode: try reader.varint())
    }
}

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
        var standing: [String: stat] = [:]
        var toList: [String] = []
        var stamps: [String: EntryStamp] = [:]
        stamps.reserveCapacity(inputs.count)
        var rootInfo = stat()
        guard fstat(rootFolder, &rootInfo) == 0 else { return Result(stamps: [:], folders: [], listed: 0) }
        standing[""] = rootInfo
        if recordByPath[""]?.matches(rootInfo) != true { toList.append("") }
        var allStand = true
        var files: [BuildManifest.Input] = []
        files.reserveCapacity(inputs.count)
        for input in inputs {
            guard input.stamp.kind == .folder else {
                files.append(input)
                continue
            }
            var info = stat()
            guard standing[FoundOutputs.parent(of: input.path)] != nil,
                  fstatat(rootFolder, input.path, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                allStand = false
                continue
            }
            standing[input.path] = info
            stamps[input.path] = .folder
            if recordByPath[input.path]?.matches(info) != true { toList.append(input.path) }
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
    private static func observe(_ root: String, _ stamps: [String: EntryStamp], seen: [String: stat], before reading: Int64?) -> [FolderRecord] {
        var folders = [""]
        for (path, stamp) in stamps where stamp.kind == .folder { folders.append(path) }
        folders.sort()
        return folders.compactMap { folder in
            var info = stat()
            if let known = seen[folder] {
                info = known
            } else if lstat(folder.isEmpty ? root : root + "/" + folder, &info) != 0 {
                return nil
            }
            return FolderRecord(path: folder, info: info, before: reading)
        }
    }
}
