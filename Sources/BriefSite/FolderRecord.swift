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
    init(path: String, info: FolderStat, before reading: Int64?) {
        let vouches = reading.map { info.modified < $0 } ?? false
        self.init(path: path, modified: vouches ? info.modified : FolderRecord.unvouched, inode: info.inode)
    }

    var vouches: Bool { modified != FolderRecord.unvouched }

    /// Whether the folder found now is the one recorded, with nothing added, removed or renamed in it since.
    func matches(_ info: FolderStat) -> Bool {
        vouches && info.inode == inode && info.modified == modified
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
        return records(under: root, byDepth.flatMap { $0 }, clock: clock) { kept[$0] }
    }

    /// The records of `folders` (parents before children) as they are now, but for those `kept` gives.
    static func records(under root: String, _ folders: [String], clock: FolderClock,
                     kept: @escaping @Sendable (String) -> FolderRecord? = { _ in nil }) -> [FolderRecord] {
        let reading = clock.read()
        let rootFolder = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFolder >= 0 else { return [] }
        defer { close(rootFolder) }
        return folders.parallelChunks { folder -> FolderRecord? in
            kept(folder) ?? FolderRecord.seen(folder, in: rootFolder, before: reading)
        }.compactMap { $0 }
    }

    /// The folder at `path` under the open `root` as it is now; nil when it is not a folder.
    static func seen(_ path: String, in root: Int32, before reading: Int64?) -> FolderRecord? {
        FolderStat(in: root, path).map { FolderRecord(path: path, info: $0, before: reading) }
    }

    /// After a write that made and removed no folder and no file: the same folders, those `touched` stat'ed again.
    static func restamped(_ records: [FolderRecord], under root: String, touched: Set<String>, clock: FolderClock) -> [FolderRecord] {
        let reading = clock.read()
        let rootFolder = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFolder >= 0 else { return [] }
        defer { close(rootFolder) }
        return records.compactMap { record in
            touched.contains(record.path) ? FolderRecord.seen(record.path, in: rootFolder, before: reading) : record
        }
    }
}

/// What a check keeps of a folder's stat: its time and inode. A `stat` is 144 bytes, and a check at 10,000
/// briefs holds one for each of 20,000 folders, twice.
struct FolderStat: Equatable, Sendable {
    /// Nanoseconds.
    var modified: Int64
    var inode: UInt64

    /// Nil when `info` is not of a folder.
    init?(_ info: stat) {
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        inode = UInt64(info.st_ino)
    }

    /// The folder at `path` under the open folder `root` ("" for itself), not through a link; nil when it is
    /// not a folder.
    init?(in root: Int32, _ path: String) {
        var info = stat()
        guard fstatat(root, path.isEmpty ? "." : path, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        self.init(info)
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
