import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a walk records of one entry, enough to tell that it changed: kept as
/// numbers (a stamp written out as text was most of the cost of comparing a
/// walk of 40,000 output files with the manifest).
struct EntryStamp: Hashable, Sendable {
    enum Kind: UInt8, Sendable {
        case file = 0
        case link = 1
        /// Only that it is there: what is in it has stamps of its own.
        case folder = 2
    }

    var kind: Kind
    /// Size, times (nanoseconds) and inode; the change time is 0 in a stamp taken without it.
    var file: FileStamp
    /// Where a link points; empty for the others.
    var linkTarget: String

    static let folder = EntryStamp(kind: .folder, file: FileStamp(size: 0, modified: 0, changed: 0, inode: 0), linkTarget: "")
    /// For a file that could not be stat'ed: no walk gives it (size -1), so it vouches for nothing.
    static let missing = EntryStamp(kind: .file, file: FileStamp(size: -1, modified: 0, changed: 0, inode: 0), linkTarget: "")

    init(kind: Kind, file: FileStamp, linkTarget: String) {
        self.kind = kind
        self.file = file
        self.linkTarget = linkTarget
    }

    init(_ info: stat, withChangeTime: Bool) {
        kind = .file
        file = FileStamp(size: Int64(info.st_size),
                         modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                         changed: withChangeTime ? Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec) : 0,
                         inode: UInt64(info.st_ino))
        linkTarget = ""
    }

    /// The stamp as one line of text, for the program's identity in the build files.
    var text: String {
        "\(kind.rawValue):\(file.size):\(file.modified):\(file.changed):\(file.inode):\(linkTarget)"
    }
}

/// Stamps of every entry but folders under a folder, links included (a
/// link's own stamp, and where it points). Input stamps carry the change
/// time, which no editor can keep; output stamps leave it out, because a
/// build hard-links output files and that alone changes it. Either way an
/// output file rewritten in place gets a new modification time.
enum FileStamps {
    /// `.folder` for a folder.
    static func stamp(_ path: String, withChangeTime: Bool = true) -> EntryStamp? {
        stamp(in: AT_FDCWD, path, withChangeTime: withChangeTime)
    }

    /// The stamp of `relative` under the open folder `folder`: a stat by a path from the tree's root walks
    /// fewer components than one from `/`.
    static func stamp(in folder: Int32, _ relative: String, withChangeTime: Bool = true) -> EntryStamp? {
        var info = stat()
        guard fstatat(folder, relative, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlinkat(folder, relative, &buffer, Int(PATH_MAX))
            var stamp = EntryStamp(info, withChangeTime: false)
            stamp.kind = .link
            stamp.file.size = 0
            stamp.linkTarget = count >= 0 ? String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
            return stamp
        default: return EntryStamp(info, withChangeTime: withChangeTime)
        }
    }

    /// One pass over the tree: each folder read once, each entry stat'ed once, relative to its folder.
    static func all(under root: String, withChangeTime: Bool = true, includingFolders: Bool = false) -> [String: EntryStamp] {
        var result: [String: EntryStamp] = [:]
        func walk(_ folder: Int32, _ prefix: String) {
            guard let directory = fdopendir(folder) else {
                close(folder)
                return
            }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                guard let name = DirectoryEntry.name(of: entry) else { continue }
                if name == "." || name == ".." { continue }
                let relative = prefix.isEmpty ? name : prefix + "/" + name
                func enter() {
                    if includingFolders { result[relative] = EntryStamp.folder }
                    let child = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    if child >= 0 { walk(child, relative) }
                }
                // A folder's stamp is only that it is there: the listing's type spares a third of the lookups.
                if DirectoryEntry.isFolder(entry) {
                    enter()
                    continue
                }
                var info = stat()
                guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    enter()
                case S_IFLNK:
                    result[relative] = stamp(root + "/" + relative, withChangeTime: withChangeTime)
                default:
                    result[relative] = EntryStamp(info, withChangeTime: withChangeTime)
                }
            }
        }
        let top = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if top >= 0 { walk(top, "") }
        return result
    }
}
