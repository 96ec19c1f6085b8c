import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The output folder and its spare as the last build's manifest recorded
/// them, checked against the files as they are now, file by file: a file is
/// vouched for only while its stamp is the one recorded.
struct FoundOutputs {
    /// What a walk of one folder found.
    struct Folder {
        /// The files exactly as recorded, by path.
        var verified: [String: OutputRecord] = [:]
        /// Files there that are not as recorded: changed, or unknown.
        var unexpected: [String] = []
        /// Every file there.
        var paths: Set<String> { walkedPaths ?? Set(verified.keys).union(unexpected) }
        private var walkedPaths: Set<String>?
        /// By position in the record checked: found as recorded; empty after a walk.
        private var verifiedAt: [Bool] = []
        /// How many files were found as recorded (in `verified`, once it is made: `indexed()`).
        private(set) var verifiedCount = 0
        /// The record checked, while `verified` is not made from it yet.
        private var unindexed: [OutputRecord]?
        /// Files recorded but gone.
        var missing = 0
        /// Checked against another folder's files (`linkedFrom`, the spare against the output): the files found as
        /// recorded that were not known to be that folder's file at their path (stat'ed, not vouched for by their
        /// folder and a twin's stamp). Every other verified file here is the other folder's own (a hard link).
        var notLinked: [String] = []
        var checkedAgainstLinks = false

        /// How many files here are not among `files` (those a write of them removes).
        func countNotAmong(_ files: [OutputFile]) -> Int {
            // Every file here is a verified one: count those among the files, each looked up once.
            guard unexpected.isEmpty else { return paths.subtracting(files.map(\.path)).count }
            return verified.count - files.reduce(0) { verified[$1.path] == nil ? $0 : $0 + 1 }
        }

        /// Nothing added, changed or missing since it was recorded.
        var isExact: Bool { unexpected.isEmpty && missing == 0 }

        init() {}

        /// The recorded folders that are there, each vouching for its listing only where this check
        /// found nothing unknown or changed in it: the record of this folder once it becomes the spare.
        var observed: [FolderRecord] = []
        /// Folders listed because they changed (or could not vouch); -1 when the whole tree was walked.
        var listed = 0

        /// `linkedFrom`: another folder's check (`found`) of its `recorded` files. A file recorded here with the
        /// stamp of a file found there as recorded at the same path (the same inode: a hard link, as the spare's
        /// unchanged files are to the output's), in a folder whose record vouches for its listing, is that file:
        /// its name still leads to that inode, whose bytes the other check vouched for, so it needs no stat of its
        /// own. The two records are most often the same paths in the same order, compared position by position.
        init(path: String, recorded: [OutputRecord], folders: [FolderRecord], clock: FolderClock,
             linkedFrom twin: (found: Folder, recorded: [OutputRecord])? = nil, indexing: Bool = true) {
            guard !folders.isEmpty else {
                self = Folder(walking: path, recorded: recorded)
                return
            }
            let reading = clock.read()
            let root = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard root >= 0 else {
                missing = recorded.count
                return
            }
            defer { close(root) }
            // Parents before children (the record is sorted): a folder stands only where its parents do, so
            // that no stat by path that went through a folder replaced by a link counts. The stats themselves are
            // taken on every core (a folder's is discarded when its parent does not stand).
            let folderStats = folders.parallelChunks { folder in FolderStat(in: root, folder.path) }
            var positionOf: [String: Int] = [:]
            positionOf.reserveCapacity(folders.count)
            for (position, folder) in folders.enumerated() { positionOf[folder.path] = position }
            let folderParents = FoundOutputs.folderPositions(of: folders.lazy.map(\.path), among: positionOf)
            var standing = [Bool](repeating: false, count: folders.count)
            var vouching = [Bool](repeating: false, count: folders.count)
            var toList: [Int] = []
            var allStand = true
            for (position, folder) in folders.enumerated() {
                let parent = folderParents[position]
                guard folder.path.isEmpty || (parent >= 0 && standing[parent]), let info = folderStats[position] else {
                    allStand = false
                    continue
                }
                standing[position] = true
                if folder.matches(info) { vouching[position] = true } else { toList.append(position) }
            }
            let fileFolders = FoundOutputs.folderPositions(of: recorded.lazy.map(\.path), among: positionOf)
            // Files linked from the twin's: known without a stat.
            var linked = [Bool](repeating: false, count: recorded.count)
            if let twin, !twin.found.verified.isEmpty {
                for (position, record) in recorded.enumerated() where record.stamp.kind == .file {
                    let folder = fileFolders[position]
                    guard folder >= 0, vouching[folder] else { continue }
                    let twinStamp: EntryStamp?
                    if twin.found.verifiedAt.count == twin.recorded.count, position < twin.recorded.count,
                       twin.recorded[position].path == record.path {
                        twinStamp = twin.found.verifiedAt[position] ? twin.recorded[position].stamp : nil
                    } else {
                        twinStamp = twin.found.verified[record.path]?.stamp
                    }
                    linked[position] = twinStamp == record.stamp
                }
            }
            let links = linked
            let stamps = Array(recorded.indices).parallelChunks { position -> EntryStamp? in
                links[position] ? recorded[position].stamp : FileStamps.stamp(in: root, recorded[position].path, withChangeTime: false)
            }
            var unclean = [Bool](repeating: false, count: folders.count)
            if indexing { verified.reserveCapacity(recorded.count) } else { unindexed = recorded }
            verifiedAt = [Bool](repeating: false, count: recorded.count)
            checkedAgainstLinks = !(twin?.found.verified.isEmpty ?? true)
            for (position, record) in recorded.enumerated() {
                let folder = fileFolders[position]
                // Where every recorded folder stands, so does every file's; else a file under a fallen one is gone.
                guard let stamp = stamps[position], allStand || (folder >= 0 && standing[folder]) else {
                    missing += 1
                    continue
                }
                if stamp == record.stamp {
                    if indexing { verified[record.path] = record }
                    verifiedAt[position] = true
                    verifiedCount += 1
                    if checkedAgainstLinks && !linked[position] { notLinked.append(record.path) }
                } else {
                    unexpected.append(record.path)
                    if folder >= 0 { unclean[folder] = true }
                }
            }
            if !toList.isEmpty {
                let known = Set(recorded.lazy.map(\.path))
                for listed in toList {
                    let folder = folders[listed].path
                    for entry in FoundOutputs.entries(of: folder.isEmpty ? path : path + "/" + folder) {
                        let relative = folder.isEmpty ? entry.name : folder + "/" + entry.name
                        if known.contains(relative) || (entry.isFolder && positionOf[relative].map { standing[$0] } == true) { continue }
                        unclean[listed] = true
                        if entry.isFolder {
                            unexpected += FileStamps.all(under: path + "/" + relative, withChangeTime: false).keys.map { relative + "/" + $0 }
                        } else {
                            unexpected.append(relative)
                        }
                    }
                }
            }
            listed = toList.count
            observed.reserveCapacity(folders.count)
            for (position, folder) in folders.enumerated() where standing[position] {
                guard let info = folderStats[position] else { continue }
                observed.append(unclean[position] ? FolderRecord(path: folder.path, modified: FolderRecord.unvouched, inode: info.inode)
                                                  : FolderRecord(path: folder.path, info: info, before: reading))
            }
        }

        /// This check with `verified` made, where it was checked without (`indexing: false`): the spare's check
        /// needs it only for a write that is not through its links, and making it was a third of that check's time
        /// at 10,000 briefs, on the path of an event or tariff edit.
        func indexed() -> Folder {
            guard let records = unindexed else { return self }
            var folder = self
            folder.unindexed = nil
            folder.verified.reserveCapacity(verifiedCount)
            for (position, record) in records.enumerated() where verifiedAt[position] { folder.verified[record.path] = record }
            return folder
        }

        /// Without a record of its folders: every folder listed.
        init(walking path: String, recorded: [OutputRecord]) {
            let stamps = FileStamps.all(under: path, withChangeTime: false)
            walkedPaths = Set(stamps.keys)
            verified.reserveCapacity(recorded.count)
            for record in recorded {
                switch stamps[record.path] {
                case record.stamp?:
                    verified[record.path] = record
                    verifiedCount += 1
                case nil: missing += 1
                default: continue
                }
            }
            // Every verified file was found: when all that were found are verified, none is unexpected.
            if verified.count < stamps.count { unexpected = stamps.keys.filter { verified[$0] == nil } }
            listed = -1
        }
    }

    /// The position among the folders (`positionOf`) of each path's parent folder, -1 where it is none of them.
    /// One pass: a path in sorted order most often has the parent of the path before (the files of a folder), which
    /// is then compared, not looked up.
    static func folderPositions<Paths: Sequence<String>>(of paths: Paths, among positionOf: [String: Int]) -> [Int] {
        var positions: [Int] = []
        positions.reserveCapacity(paths.underestimatedCount)
        var last: (parent: Substring, position: Int)?
        for path in paths {
            // The root has no parent.
            guard !path.isEmpty else {
                positions.append(-1)
                continue
            }
            let parent = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path[..<$0] } ?? ""
            if let last, last.parent == parent {
                positions.append(last.position)
                continue
            }
            let position = positionOf[String(parent)] ?? -1
            last = (parent, position)
            positions.append(position)
        }
        return positions
    }

    /// "a/b/c" → "a/b"; "a" → "".
    static func parent(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// The entries of one folder, each with whether it is a folder (not a link to one).
    static func entries(of folder: String) -> [(name: String, isFolder: Bool)] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var result: [(name: String, isFolder: Bool)] = []
        while let entry = readdir(directory) {
            guard let name = DirectoryEntry.name(of: entry), name != ".", name != ".." else { continue }
            let type = DirectoryEntry.type(of: entry)
            var isFolder = type == UInt8(DT_DIR)
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                isFolder = lstat(folder + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            result.append((name, isFolder))
        }
        return result
    }

    /// The manifest, when the running program wrote it for this output.
    let manifest: BuildManifest?
    let output: Folder
    private let outputRecords: [OutputRecord]
    private let spareRecords: [OutputRecord]
    private let spareFolders: [FolderRecord]
    private let sparePath: String
    private let clock: FolderClock
    /// The walk of the spare, started once by whichever step first knows it will write (see `startSpareWalk`).
    private let spareWalk = SpareWalk()

    /// Walks the output folder; the spare is walked only when a build will write (`walkSpare`).
    init(manifest: BuildManifest?, program: String?, writer: OutputWriter) {
        var usable = manifest
        if let manifest, program == nil || manifest.program != program || manifest.output != writer.output.path { usable = nil }
        self.manifest = usable
        // Fingerprints of another program may stand for other bytes: without a usable manifest nothing is vouched for.
        output = Folder(path: writer.output.path, recorded: usable?.outputs ?? [], folders: usable?.outputFolders ?? [], clock: writer.folderClock)
        outputRecords = usable?.outputs ?? []
        spareRecords = usable?.spare ?? []
        spareFolders = usable?.spareFolders ?? []
        sparePath = writer.spare.path
        clock = writer.folderClock
    }

    /// The spare folder checked against its record, or nil when there is no spare folder.
    func walkSpare() -> Folder? {
        guard FileManager.default.fileExists(atPath: sparePath) else { return nil }
        return Folder(path: sparePath, recorded: spareRecords, folders: spareFolders, clock: clock, linkedFrom: (output, outputRecords),
                      indexing: false)
    }

    /// Starts the walk of the spare on another core, once: as soon as a build knows it is likely to write through
    /// the spare (an event or tariff edit does, once the output is checked: its own checks and computing then
    /// run beside the walk, which at 10,000 briefs was 100 ms the write waited for), and again harmlessly later.
    func startSpareWalk() {
        spareWalk.start { [self] in walkSpare() }
    }

    /// The walk of the spare, waited for (and started, when nothing started it).
    func spare() -> Folder? {
        startSpareWalk()
        return spareWalk.result()
    }

    /// Waits for the walk of the spare when one was started: none is left running past its build.
    func waitForSpareWalk() {
        _ = spareWalk.result()
    }
}

/// One walk of the spare, started at most once and waited for by any number.
final class SpareWalk: @unchecked Sendable {
    private let lock = NSLock()
    private var started = false
    private let done = DispatchGroup()
    private var found: FoundOutputs.Folder?

    func start(_ walk: @escaping @Sendable () -> FoundOutputs.Folder?) {
        // Entered under the lock: a wait that finds the walk started also finds it not yet done.
        let first = lock.withLock {
            guard !started else { return false }
            started = true
            done.enter()
            return true
        }
        guard first else { return }
        DispatchQueue.global().async { [self] in
            let walked = walk()
            lock.withLock { found = walked }
            done.leave()
        }
    }

    /// The walk's result once it is done; nil when it was never started or found no spare.
    func result() -> FoundOutputs.Folder? {
        done.wait()
        return lock.withLock { found }
    }
}
