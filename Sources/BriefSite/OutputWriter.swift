import BriefCore
import CFileExchange
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public struct WriteSummary: Sendable, Equatable {
    public var written: Int
    public var unchanged: Int
    public var removed: Int
    /// Of those written, the files the render wrote itself, into the folder that became the output (`StagingFolder`).
    public var placed: Int = 0
    /// An edit's write that found the spare holding the output's own files, and linked again only those that
    /// differ (`OutputWriter.writeLinked`).
    public var throughLinkedSpare = false
}

/// Writes a built site so that the output folder is only ever the old site
/// or the new one: the new site is made in a folder beside it, then the two
/// are exchanged in one rename (`renameat2(RENAME_EXCHANGE)`).
///
/// The folder beside it is the spare: after the exchange it holds the site
/// as it was before, and the next build brings it up to date by writing only
/// the files that differ (an unchanged file is a hard link to the one in the
/// output, so it takes no space and keeps its mtime) before exchanging again.
/// Without a spare the build knows (the first build, or one after a killed
/// build), the new site is made from nothing in a staging folder. Files are
/// written by several threads at once: on a real disk the time goes to
/// waiting on I/O, not to the processor.
public struct OutputWriter: Sendable {
    public let output: URL
    /// The reference for the records of the output's folders (`FolderRecord`).
    let folderClock: FolderClock

    /// `clockMarker`: a file on the output's file system that the writer may stamp; by default beside the output.
    public init(output: URL, clockMarker: URL? = nil) {
        self.output = output.standardizedFileURL
        let marker = clockMarker ?? self.output.deletingLastPathComponent().appendingPathComponent(".\(self.output.lastPathComponent).clock")
        folderClock = FolderClock(marker: marker.path)
    }

    var parent: URL { output.deletingLastPathComponent() }
    var stagingPrefix: String { ".\(output.lastPathComponent).staging-" }
    /// Where the site before the last build is kept.
    public var spare: URL { parent.appendingPathComponent(".\(output.lastPathComponent).spare", isDirectory: true) }

    static let writers = 8

    struct Result {
        var summary: WriteSummary
        /// The output folder's files after the write.
        var outputs: [OutputRecord]
        /// The spare folder's files after the write, or nil when there is no spare.
        var spare: [OutputRecord]?
        /// The folders of each.
        var outputFolders: [FolderRecord] = []
        var spareFolders: [FolderRecord] = []
    }

    /// `found` and `spareFound` are what walks of the output and of the spare
    /// found against the last manifest: only files found exactly as recorded
    /// are vouched for.
    /// `staged`: the folder the render placed files in (`StagingFolder`), made for a build with no output; the site
    /// is then made there.
    func write(_ files: [OutputFile], found: FoundOutputs.Folder, spareFound: FoundOutputs.Folder?,
               staged: StagingFolder? = nil) throws -> Result {
        removeLeftovers(keeping: staged?.path)
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        let removed = found.countNotAmong(files)
        let current = found.verified
        if let staged {
            return try makeAfresh(files, current: current, removed: removed, staged: staged)
        }
        if let spareFolder = spareFound, fileManager.fileExists(atPath: output.path) {
            do {
                var result = try update(spare: spareFolder, with: files, current: current, removed: removed)
                result.spareFolders = found.observed
                return result
            } catch {
                // The spare is the writer's own scratch folder (a folder where a page should be, say, which no
                // walk of files lists): whatever stops it being brought up to date, the site is made afresh.
                // The output has not changed: the spare is exchanged with it only once it is complete.
            }
        }
        FileTree.remove(spare.path)
        var result = try makeAfresh(files, current: current, removed: removed)
        if result.spare != nil { result.spareFolders = found.observed }
        return result
    }

    /// Brings the spare up to date with `files`, then exchanges it with the output.
    private func update(spare folder: FoundOutputs.Folder, with files: [OutputFile], current: [String: OutputRecord],
                        removed: Int) throws -> Result {
        var clock = StageClock()
        defer { clock.report() }
        let sparePath = spare.path
        var records = folder.verified
        // Each new file's record in the spare, looked up once for every step below (an edit's write looked each
        // path up in five sets and dictionaries of every file: tens of milliseconds at 10,000 briefs).
        let inSpare = files.map { records[$0.path] }
        let kept = inSpare.reduce(0) { $1 == nil ? $0 : $0 + 1 }
        var leaving = folder.unexpected
        // Paths are unique: when every record of the spare is one of a new file, the new site has them all.
        if kept < records.count {
            let newPaths = Set(files.map(\.path))
            leaving += records.keys.filter { !newPaths.contains($0) }
        }
        var emptied = Set<String>()
        // Files not as recorded (changed or unknown) go first, then those the new site does not have.
        for path in leaving {
            unlink(sparePath + "/" + path)
            records[path] = nil
            if let slash = path.lastIndex(of: "/") { emptied.insert(String(path[..<slash])) }
        }
        // A file the spare holds has its folders; only new files may need some.
        let made = OutputWriter.folders(holding: zip(files, inSpare).lazy.filter { $1 == nil }.map(\.0.path))
        try makeFolders(made, in: sparePath)
        clock.lap("spare folders")
        let outcomes = placeAll(files, in: sparePath, current: current, spare: inSpare, besideOutput: true, replacing: true)
        clock.lap("spare files")
        var outputs: [OutputRecord] = []
        outputs.reserveCapacity(files.count)
        var written = 0
        var unchanged = 0
        // Folders whose entries changed: made, or holding a file placed or removed. The others keep the stamps
        // the check of the spare saw.
        // A folder emptied may be removed below, which changes the folder holding it.
        var touched = emptied.union(emptied.flatMap(OutputWriter.folders(of:))).union(made).union(made.map(FoundOutputs.parent(of:)))
        touched.insert("")
        for (position, (file, outcome)) in zip(files, outcomes).enumerated() {
            switch outcome {
            case .failed(let path, let code): throw WriteError(path: path, code: code)
            case .linked, .untouched: unchanged += 1
            case .written: written += 1
            }
            if case .untouched = outcome, let record = inSpare[position] {
                outputs.append(record)
            } else {
                touched.insert(FoundOutputs.parent(of: file.path))
                outputs.append(OutputRecord(path: file.path, stamp: FileStamps.stamp(sparePath + "/" + file.path, withChangeTime: false) ?? .missing,
                                            fingerprint: file.fingerprint))
            }
        }
        // Folders left empty by removed files, deepest first; a folder still in use is not empty and stays.
        for folder in emptied.flatMap({ [$0] + OutputWriter.folders(of: $0) }).sorted(by: { $0.count > $1.count }) {
            rmdir(sparePath + "/" + folder)
        }
        try exchange(spare, output)
        clock.lap("exchange")
        // An edit's write made no folder and emptied none: the folders are the spare's, as its check saw them.
        let folders = folder.listed >= 0 && made.isEmpty && emptied.isEmpty
            ? FolderRecord.restamped(folder.observed, under: output.path, touched: touched, clock: folderClock)
            : FolderRecord.taken(under: output.path, holding: files.map(\.path), clock: folderClock,
                                 unchanged: folder.listed >= 0 ? folder.observed : [], touched: touched)
        clock.lap("folder stamps")
        return Result(summary: WriteSummary(written: written, unchanged: unchanged, removed: removed), outputs: outputs,
                      spare: Array(current.values), outputFolders: folders)
    }

    /// Makes the whole site in a staging folder (`staged`, holding what the render placed, or a new one) and
    /// exchanges it with the output; the old output becomes the spare.
    private func makeAfresh(_ files: [OutputFile], current: [String: OutputRecord], removed: Int,
                            staged: StagingFolder? = nil) throws -> Result {
        var clock = StageClock()
        defer { clock.report() }
        let outputPath = output.path
        let staging = staged.map { URL(fileURLWithPath: $0.path, isDirectory: true) }
            ?? parent.appendingPathComponent(stagingPrefix + UUID().uuidString, isDirectory: true)
        if staged == nil { try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true) }
        // Without an output there is nothing to link to: no file of it is looked for (a failed `stat` a file).
        let besideOutput = FileManager.default.fileExists(atPath: outputPath)
        do {
            try makeFolders(OutputWriter.folders(holding: files.lazy.filter { !$0.isPlaced }.map(\.path)), in: staging.path)
            clock.lap("folders")
            let outcomes = placeAll(files, in: staging.path, current: current, spare: nil, besideOutput: besideOutput, replacing: false)
            clock.lap("files")
            var written = 0
            var unchanged = 0
            for outcome in outcomes {
                switch outcome {
                case .linked, .untouched: unchanged += 1
                case .written: written += 1
                case .failed(let path, let code): throw WriteError(path: path, code: code)
                }
            }
            // The folder holds exactly `files`: their stamps are those the render took as it wrote them, or else looked
            // up by path on every core, not found by a walk. Taken before the folder is moved into place, which
            // changes no file's inode, size or time.
            let stagingPath = staging.path
            let stamps = files.parallelChunks { file in
                if case .placed(let count, 0, let written) = file.contents, written.isTaken {
                    return EntryStamp(kind: .file, file: FileStamp(size: Int64(count), modified: written.modified, changed: 0,
                                                                   inode: written.inode), linkTarget: "")
                }
                return FileStamps.stamp(stagingPath + "/" + file.path, withChangeTime: false) ?? .missing
            }
            // A file the render placed is whole, or the build fails: one written by another page's job may have failed.
            for (file, stamp) in zip(files, stamps) {
                if case .placed(let count, _, _) = file.contents, stamp.file.size != Int64(count) {
                    throw WriteError(path: file.path, code: stamp.file.size < 0 ? ENOENT : EIO)
                }
            }
            clock.lap("stamps")
            let hadOutput = FileManager.default.fileExists(atPath: output.path)
            if hadOutput {
                try exchange(staging, output)
                // The staging folder now holds the old site: the spare of the next build.
                if rename(staging.path, spare.path) != 0 { FileTree.remove(staging.path) }
            } else {
                try FileManager.default.moveItem(at: staging, to: output)
            }
            clock.lap("swap")
            let outputs = zip(files, stamps).map { file, stamp in OutputRecord(path: file.path, stamp: stamp, fingerprint: file.fingerprint) }
            let folders = FolderRecord.taken(under: outputPath, holding: files.map(\.path), clock: folderClock)
            clock.lap("folder stamps")
            return Result(summary: WriteSummary(written: written, unchanged: unchanged, removed: removed,
                                                placed: files.reduce(0) { $1.isPlaced ? $0 + 1 : $0 }),
                          outputs: outputs, spare: hadOutput ? Array(current.values) : nil, outputFolders: folders)
        } catch {
            FileTree.remove(staging.path)
            throw error
        }
    }

    /// The folders that hold any of `paths`, each once. A path's folders are looked up deepest first as parts of
    /// the path itself, and the walk up stops at the first one already found: the list of every file's folders,
    /// made and then deduplicated, was 1.3 million strings at 100,000 briefs (the peak of such a build).
    static func folders<Paths: Sequence<String>>(holding paths: Paths) -> Set<String> {
        var found = Set<Substring>()
        for path in paths {
            var end = path.endIndex
            while let slash = path[..<end].lastIndex(of: "/") {
                guard found.insert(path[..<slash]).inserted else { break }
                end = slash
            }
        }
        var folders = Set<String>(minimumCapacity: found.count)
        for folder in found { folders.insert(String(folder)) }
        return folders
    }

    /// The folders that hold a path, outermost first ("a/b/c.html" → "a", "a/b").
    static func folders(of path: String) -> [String] {
        var result: [String] = []
        var index = path.startIndex
        while let slash = path[index...].firstIndex(of: "/") {
            result.append(String(path[..<slash]))
            index = path.index(after: slash)
        }
        return result
    }

    /// Parents before children: one depth at a time, each depth on several threads.
    private func makeFolders(_ folders: Set<String>, in root: String) throws {
        let byDepth = Dictionary(grouping: folders) { $0.reduce(0) { $1 == "/" ? $0 + 1 : $0 } }
        for depth in byDepth.keys.sorted() {
            let level = byDepth[depth] ?? []
            let failures = FailureBox()
            DispatchQueue.concurrentPerform(iterations: OutputWriter.writers) { worker in
                for index in stride(from: worker, to: level.count, by: OutputWriter.writers) {
                    if mkdir(root + "/" + level[index], 0o755) != 0 && errno != EEXIST {
                        failures.record(level[index], errno)
                    }
                }
            }
            if let (path, code) = failures.first { throw WriteError(path: path, code: code) }
        }
    }

    /// `besideOutput`: the output exists, and a file with the same bytes there is linked rather than written.
    /// `replacing`: `root` may hold files already (the spare), which go before a file is put there.
    /// `spare`: each file's record in the spare, by position, when the spare is being brought up to date.
    private func placeAll(_ files: [OutputFile], in root: String, current: [String: OutputRecord],
                          spare: [OutputRecord?]?, besideOutput: Bool, replacing: Bool) -> [Outcome] {
        let outcomes = IndexedSlots<Outcome>(count: files.count)
        let outputPath = output.path
        let chunk = max(1, (files.count + OutputWriter.writers * 4 - 1) / (OutputWriter.writers * 4))
        let batches = stride(from: 0, to: files.count, by: chunk).map { $0..<min(files.count, $0 + chunk) }
        files.withUnsafeBufferPointer { buffer in
            let all = UnsafeFiles(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: batches.count) { batch in
                for index in batches[batch] {
                    let file = all.buffer[index]
                    let inOutput = file.fingerprint != nil && current[file.path]?.fingerprint == file.fingerprint
                    if file.fingerprint != nil, let spare, spare[index]?.fingerprint == file.fingerprint {
                        outcomes.set(index, inOutput ? .untouched : .written)
                        continue
                    }
                    outcomes.set(index, OutputWriter.place(file, in: root, output: besideOutput ? outputPath : nil, knownSame: inOutput,
                                                           replacing: replacing))
                }
            }
        }
        return outcomes.collect()
    }

    enum Outcome: Sendable {
        /// Linked to the same file in the output.
        case linked
        /// Already in the spare with these bytes; nothing done.
        case untouched
        case written
        case failed(String, Int32)
    }

    /// Puts one file into the folder being made: a hard link to the file in the output (when there is one,
    /// `output`) when its bytes are the same, else the new bytes. With `replacing`, whatever was at the path
    /// goes first, because it may be a link to the output's file.
    static func place(_ file: OutputFile, in root: String, output: String?, knownSame: Bool, replacing: Bool) -> Outcome {
        let target = root + "/" + file.path
        let old = output.map { $0 + "/" + file.path }
        if replacing { unlink(target) }
        switch file.contents {
        case .bytes(let data):
            if let old, knownSame || FileTree.sameBytes(old, data), link(old, target) == 0 { return .linked }
            return FileTree.write(data, to: target) ? .written : .failed(file.path, errno)
        case .spilled(let spilled):
            // Read back a piece at a time, never whole: a page of the whole site's data is tens of megabytes.
            if let old, knownSame || FileTree.sameBytes(old, spilled), link(old, target) == 0 { return .linked }
            return FileTree.write(spilled, to: target) ? .written : .failed(file.path, errno == 0 ? EIO : errno)
        case .spliced(let spliced):
            return FileTree.write(spliced, to: target) ? .written : .failed(file.path, errno == 0 ? EIO : errno)
        case .kept(let source):
            if link(source, target) == 0 { return .linked }
            // A file system without hard links: the same bytes, copied.
            guard let data = FileManager.default.contents(atPath: source) else { return .failed(file.path, errno) }
            return FileTree.write(data, to: target) ? .linked : .failed(file.path, errno)
        case .copy(let source):
            if let old, FileTree.sameFiles(old, source.path), link(old, target) == 0 { return .linked }
            guard let data = FileManager.default.contents(atPath: source.path) else { return .failed(source.path, errno) }
            return FileTree.write(data, to: target) ? .written : .failed(file.path, errno)
        case .placed(_, let failure, _):
            // Written by the render into the staging folder, which only `makeAfresh` is given.
            if replacing { return .failed(file.path, ENOENT) }
            return failure == 0 ? .written : .failed(file.path, failure)
        }
    }

    /// A staging folder for the render to place files in: only when there is no output yet (see
    /// `StagingFolder`), after the leftovers of killed builds are removed.
    public func stagingForFirstBuild() -> StagingFolder? {
        guard !FileManager.default.fileExists(atPath: output.path) else { return nil }
        removeLeftovers()
        try? FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        return StagingFolder(path: parent.appendingPathComponent(stagingPrefix + UUID().uuidString, isDirectory: true).path)
    }

    /// Swaps two folders in one step; where the system cannot, two renames
    /// with the gap between them as short as it can be.
    func exchange(_ made: URL, _ output: URL) throws {
        if briefsite_exchange_paths(made.path, output.path) == 0 { return }
        let fileManager = FileManager.default
        let old = parent.appendingPathComponent(stagingPrefix + "old-" + UUID().uuidString)
        try fileManager.moveItem(at: output, to: old)
        do {
            try fileManager.moveItem(at: made, to: output)
        } catch {
            try? fileManager.moveItem(at: old, to: output)
            throw error
        }
        try fileManager.moveItem(at: old, to: made)
    }

    /// Staging folders of builds that were killed before they finished (`keeping`: this build's own).
    func removeLeftovers(keeping own: String? = nil) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names where name.hasPrefix(stagingPrefix) && parent.appendingPathComponent(name).path != own {
            FileTree.remove(parent.appendingPathComponent(name).path)
        }
    }
}

struct WriteError: Error, CustomStringConvertible {
    var path: String
    var code: Int32
    var description: String { "\(path): \(String(cString: strerror(code)))" }
    var localizedDescription: String { description }
}

/// Plain POSIX file work: fast, and the same from every thread.
enum FileTree {
    static func write(_ data: some ContiguousBytes, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return data.withUnsafeBytes { writeAll($0, to: descriptor) }
    }

    /// Reads `raw.count` bytes at `offset` into `raw`, however many calls it takes; false at the file's end or
    /// on an error.
    static func readFully(_ descriptor: Int32, into raw: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < raw.count, let base = raw.baseAddress {
            let count = pread(descriptor, base + done, raw.count - done, off_t(offset + done))
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return false }
            done += count
        }
        return true
    }

    /// Writes every byte of `raw`, however many calls it takes.
    static func writeAll(_ raw: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var done = 0
        while done < raw.count, let base = raw.baseAddress {
            let count = Glibc.write(descriptor, base + done, raw.count - done)
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            done += count
        }
        return true
    }

    /// A whole regular file's bytes, read as a source is (`SourceRead`); nil when it cannot be read. The manifest
    /// and the indexes an edit reads went through `Data` and a copy into an array, two copies of up to 8 MB at
    /// 10,000 briefs.
    static func bytes(_ path: String) -> [UInt8]? {
        guard case .bytes(let bytes) = SourceRead.of(path, limit: .max) else { return nil }
        return bytes
    }

    static func size(_ path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    static func write(_ spilled: Spilled, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return spilled.forEachPiece { writeAll($0, to: descriptor) }
    }

    static func write(_ spliced: SplicedFile, to path: String) -> Bool {
        let source = open(spliced.source, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { return false }
        defer { close(source) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        for piece in spliced.pieces {
            switch piece {
            case .old(let range):
                guard range.isEmpty || briefsite_copy_range(source, Int64(range.lowerBound), descriptor, Int64(range.count)) == 0
                else { return false }
            case .new(let data):
                guard data.withUnsafeBytes({ writeAll($0, to: descriptor) }) else { return false }
            }
        }
        return true
    }

    /// Whether the file at `path` holds the spilled bytes, compared a piece at a time.
    static func sameBytes(_ path: String, _ spilled: Spilled) -> Bool {
        guard let size = size(path), size == spilled.count else { return false }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var existing: [UInt8] = []
        return spilled.forEachPiece { piece in
            if existing.count < piece.count { existing = [UInt8](repeating: 0, count: piece.count) }
            let filled = existing.withUnsafeMutableBytes { raw -> Bool in
                var done = 0
                while done < piece.count, let base = raw.baseAddress {
                    let count = read(descriptor, base + done, piece.count - done)
                    if count < 0 && errno == EINTR { continue }
                    if count <= 0 { return false }
                    done += count
                }
                return true
            }
            return filled && existing.withUnsafeBytes { raw in
                guard let mine = raw.baseAddress, let theirs = piece.baseAddress else { return piece.isEmpty }
                return memcmp(mine, theirs, piece.count) == 0
            }
        }
    }

    static func sameBytes(_ path: String, _ data: Data) -> Bool {
        guard let size = size(path), size == data.count else { return false }
        guard let existing = FileManager.default.contents(atPath: path) else { return false }
        return existing == data
    }

    static func sameFiles(_ first: String, _ second: String) -> Bool {
        guard let size = size(first), size == FileTree.size(second) else { return false }
        return FileManager.default.contentsEqual(atPath: first, andPath: second)
    }

    /// Paths of the regular files below `root`, relative to it; links are not followed.
    static func regularFiles(under root: String) -> Set<String> {
        entries(under: root, includingLinks: false)
    }

    /// Paths of every entry that is not a folder (files, links, anything else), relative to `root`.
    static func entries(under root: String, includingLinks: Bool) -> Set<String> {
        var result = Set<String>()
        func walk(_ folder: String, _ prefix: String) {
            guard let directory = opendir(folder) else { return }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                guard let name = DirectoryEntry.name(of: entry) else { continue }
                if name == "." || name == ".." { continue }
                let path = folder + "/" + name
                let relative = prefix.isEmpty ? name : prefix + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: walk(path, relative)
                case S_IFREG: result.insert(relative)
                default: if includingLinks { result.insert(relative) }
                }
            }
        }
        walk(root, "")
        return result
    }

    /// Removes a folder and everything in it, without following links; the
    /// top-level subfolders on several threads.
    static func remove(_ root: String) {
        var info = stat()
        guard lstat(root, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            unlink(root)
            return
        }
        var children: [String] = []
        if let directory = opendir(root) {
            while let entry = readdir(directory) {
                guard let name = DirectoryEntry.name(of: entry) else { continue }
                if name != "." && name != ".." { children.append(root + "/" + name) }
            }
            closedir(directory)
        }
        // Spread the deep subtrees (the language folders) over threads by their own children.
        var work: [String] = []
        for child in children {
            var childInfo = stat()
            guard lstat(child, &childInfo) == 0, (childInfo.st_mode & S_IFMT) == S_IFDIR else {
                unlink(child)
                continue
            }
            work.append(child)
        }
        let subtrees = work
        DispatchQueue.concurrentPerform(iterations: subtrees.count) { index in
            removeSequentially(subtrees[index])
        }
        rmdir(root)
    }

    static func removeSequentially(_ root: String) {
        func walk(_ folder: String) {
            guard let directory = opendir(folder) else { return }
            var folders: [String] = []
            while let entry = readdir(directory) {
                guard let name = DirectoryEntry.name(of: entry) else { continue }
                if name == "." || name == ".." { continue }
                let path = folder + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR { folders.append(path) } else { unlink(path) }
            }
            closedir(directory)
            folders.forEach(walk)
            rmdir(folder)
        }
        var info = stat()
        guard lstat(root, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR { walk(root) } else { unlink(root) }
    }
}

private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var first: (String, Int32)?

    func record(_ path: String, _ code: Int32) {
        lock.lock()
        if first == nil { first = (path, code) }
        lock.unlock()
    }
}

private struct UnsafeFiles: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<OutputFile>
}
