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

        /// `linkedFrom`: records of another folder's files that its own check found exactly as recorded, by path.
        /// A file recorded here with the same stamp (the same inode: a hard link, as the spare's unchanged files are
        /// to the output's), in a folder whose record vouches for its listing, is that file: its name still leads
        /// to that inode, whose bytes the other check vouched for, so it needs no stat of its own.
        init(path: String, recorded: [OutputRecord], folders: [FolderRecord], clock: FolderClock,
             linkedFrom twins: [String: OutputRecord] = [:]) {
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
            let folderStats = folders.parallelChunks { folder in FoundOutputs.folderStat(in: root, folder.path) }
            var standing: [String: stat] = [:]
            standing.reserveCapacity(folders.count)
            var toList: [String] = []
            var vouching = Set<String>()
            var allStand = true
            for (folder, found) in zip(folders, folderStats) {
                if !folder.path.isEmpty, standing[FoundOutputs.parent(of: folder.path)] == nil {
                    allStand = false
                    continue
                }
                guard let info = found else {
                    allStand = false
                    continue
                }
                standing[folder.path] = info
                if folder.matches(info) { vouching.insert(folder.path) } else { toList.append(folder.path) }
            }
            let vouched = vouching
            let stamps = recorded.parallelChunks { record -> (stamp: EntryStamp?, linked: Bool) in
                if !twins.isEmpty, record.stamp.kind == .file, twins[record.path]?.stamp == record.stamp,
                   vouched.contains(FoundOutputs.parent(of: record.path)) {
                    return (record.stamp, true)
                }
                return (FileStamps.stamp(in: root, record.path, withChangeTime: false), false)
            }
            var unclean = Set<String>()
            verified.reserveCapacity(recorded.count)
            checkedAgainstLinks = !twins.isEmpty
            for (record, found) in zip(recorded, stamps) {
                // Where every recorded folder stands, so does every file's; else a file under a fallen one is gone.
                guard let stamp = found.stamp, allStand || standing[FoundOutputs.parent(of: record.path)] != nil else {
                    missing += 1
                    continue
                }
                if stamp == record.stamp {
                    verified[record.path] = record
                    if checkedAgainstLinks && !found.linked { notLinked.append(record.path) }
                } else {
                    unexpected.append(record.path)
                    unclean.insert(FoundOutputs.parent(of: record.path))
                }
            }
            if !toList.isEmpty {
                let known = Set(recorded.lazy.map(\.path))
                for folder in toList {
                    for entry in FoundOutputs.entries(of: folder.isEmpty ? path : path + "/" + folder) {
                        let relative = folder.isEmpty ? entry.name : folder + "/" + entry.name
                        if known.contains(relative) || (entry.isFolder && standing[relative] != nil) { continue }
                        unclean.insert(folder)
                        if entry.isFolder {
                            unexpected += FileStamps.all(under: path + "/" + relative, withChangeTime: false).keys.map { relative + "/" + $0 }
                        } else {
                            unexpected.append(relative)
                        }
                    }
                }
            }
            listed = toList.count
            observed = folders.compactMap { folder in
                guard let info = standing[folder.path] else { return nil }
                guard !unclean.contains(folder.path) else {
                    return FolderRecord(path: folder.path, modified: FolderRecord.unvouched, inode: UInt64(info.st_ino))
                }
                return FolderRecord(path: folder.path, info: info, before: reading)
            }
        }

        /// Without a record of its folders: every folder listed.
        init(walking path: String, recorded: [OutputRecord]) {
            let stamps = FileStamps.all(under: path, withChangeTime: false)
            walkedPaths = Set(stamps.keys)
            verified.reserveCapacity(recorded.count)
            for record in recorded {
                switch stamps[record.path] {
                case record.stamp?: verified[record.path] = record
                case nil: missing += 1
                default: continue
                }
            }
            // Every verified file was found: when all that were found are verified, none is unexpected.
            if verified.count < stamps.count { unexpected = stamps.keys.filter { verified[$0] == nil } }
            listed = -1
        }
    }

    /// The stat of a folder at `path` under the open folder `root` ("" for itself); nil when it is not a folder.
    static func folderStat(in root: Int32, _ path: String) -> stat? {
        var info = stat()
        guard fstatat(root, path.isEmpty ? "." : path, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        return info
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
        spareRecords = usable?.spare ?? []
        spareFolders = usable?.spareFolders ?? []
        sparePath = writer.spare.path
        clock = writer.folderClock
    }

    /// The spare folder checked against its record, or nil when there is no spare folder.
    func walkSpare() -> Folder? {
        guard FileManager.default.fileExists(atPath: sparePath) else { return nil }
        return Folder(path: sparePath, recorded: spareRecords, folders: spareFolders, clock: clock, linkedFrom: output.verified)
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
