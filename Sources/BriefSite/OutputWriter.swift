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
}

/// Writes a built site so that the output folder is only ever the old site
/// or the new one: everything goes to a staging folder beside it (unchanged
/// files hard-linked, so they keep their mtime), then the two are exchanged
/// in one rename. Files are written by several threads at once: on a real
/// disk the time goes to waiting on I/O, not to the processor.
public struct OutputWriter: Sendable {
    public let output: URL

    public init(output: URL) {
        self.output = output.standardizedFileURL
    }

    var parent: URL { output.deletingLastPathComponent() }
    var stagingPrefix: String { ".\(output.lastPathComponent).staging-" }

    static let writers = 8

    /// `known` holds the fingerprints of the files now in the output, when
    /// the build manifest vouches for them: a file with the same fingerprint
    /// is linked without reading the old bytes.
    public func write(_ files: [OutputFile], known: [String: UInt64] = [:]) throws -> WriteSummary {
        let fileManager = FileManager.default
        var clock = StageClock()
        defer { clock.report() }
        removeLeftovers()
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(stagingPrefix + UUID().uuidString, isDirectory: true)
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            var folders = Set<String>()
            for file in files {
                var folder = file.path
                while let slash = folder.lastIndex(of: "/") {
                    folder = String(folder[..<slash])
                    if !folders.insert(folder).inserted { break }
                }
            }
            // Parents before children: one depth at a time, each depth on several threads.
            let byDepth = Dictionary(grouping: folders) { $0.reduce(0) { $1 == "/" ? $0 + 1 : $0 } }
            let stagingRoot = staging.path
            for depth in byDepth.keys.sorted() {
                let level = byDepth[depth] ?? []
                let failures = FailureBox()
                DispatchQueue.concurrentPerform(iterations: OutputWriter.writers) { worker in
                    for index in stride(from: worker, to: level.count, by: OutputWriter.writers) {
                        if mkdir(stagingRoot + "/" + level[index], 0o755) != 0 && errno != EEXIST {
                            failures.record(level[index], errno)
                        }
                    }
                }
                if let (path, code) = failures.first { throw WriteError(path: path, code: code) }
            }
            clock.lap("folders")
            let outcomes = OutcomeSlots(count: files.count)
            let stagingPath = staging.path
            let outputPath = output.path
            let chunk = max(1, (files.count + OutputWriter.writers * 4 - 1) / (OutputWriter.writers * 4))
            let batches = stride(from: 0, to: files.count, by: chunk).map { $0..<min(files.count, $0 + chunk) }
            files.withUnsafeBufferPointer { buffer in
                let all = UnsafeFiles(buffer: buffer)
                DispatchQueue.concurrentPerform(iterations: batches.count) { batch in
                    for index in batches[batch] {
                        let file = all.buffer[index]
                        let same = file.fingerprint != nil && known[file.path] == file.fingerprint
                        outcomes.set(index, OutputWriter.place(file, staging: stagingPath, output: outputPath, knownSame: same))
                    }
                }
            }
            clock.lap("files")
            var written = 0
            var unchanged = 0
            for outcome in outcomes.all {
                switch outcome {
                case .linked: unchanged += 1
                case .written: written += 1
                case .failed(let path, let code): throw WriteError(path: path, code: code)
                }
            }
            let newPaths = Set(files.map(\.path))
            let removed = FileTree.regularFiles(under: output.path).subtracting(newPaths).count
            clock.lap("old files")
            try swapIn(staging)
            clock.lap("swap")
            return WriteSummary(written: written, unchanged: unchanged, removed: removed)
        } catch {
            FileTree.remove(staging.path)
            throw error
        }
    }

    enum Outcome: Sendable {
        case linked
        case written
        case failed(String, Int32)
    }

    /// Puts one file into the staging folder: a hard link to the old file
    /// when its bytes are the same, else the new bytes.
    static func place(_ file: OutputFile, staging: String, output: String, knownSame: Bool) -> Outcome {
        let target = staging + "/" + file.path
        let old = output + "/" + file.path
        switch file.contents {
        case .bytes(let data):
            if knownSame || FileTree.sameBytes(old, data), link(old, target) == 0 { return .linked }
            return FileTree.write(data, to: target) ? .written : .failed(file.path, errno)
        case .kept(let source):
            if link(source.path, target) == 0 { return .linked }
            return .failed(file.path, errno)
        case .copy(let source):
            if FileTree.sameFiles(old, source.path), link(old, target) == 0 { return .linked }
            guard let data = FileManager.default.contents(atPath: source.path) else { return .failed(source.path, errno) }
            return FileTree.write(data, to: target) ? .written : .failed(file.path, errno)
        }
    }

    private func swapIn(_ staging: URL) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: output.path) else {
            try fileManager.moveItem(at: staging, to: output)
            return
        }
        if briefsite_exchange_paths(staging.path, output.path) == 0 {
            FileTree.remove(staging.path)
            return
        }
        // No atomic exchange on this system: two renames, the gap between them as short as it can be.
        let old = parent.appendingPathComponent(stagingPrefix + "old-" + UUID().uuidString)
        try fileManager.moveItem(at: output, to: old)
        do {
            try fileManager.moveItem(at: staging, to: output)
        } catch {
            try? fileManager.moveItem(at: old, to: output)
            throw error
        }
        FileTree.remove(old.path)
    }

    /// Staging folders of builds that were killed before they finished.
    private func removeLeftovers() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names where name.hasPrefix(stagingPrefix) {
            FileTree.remove(parent.appendingPathComponent(name).path)
        }
    }

    /// The files of the current output, by path relative to it.
    func existingFiles() -> Set<String> {
        FileTree.regularFiles(under: output.path)
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
    static func write(_ data: Data, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return data.withUnsafeBytes { raw -> Bool in
            guard var base = raw.baseAddress else { return true }
            var remaining = raw.count
            while remaining > 0 {
                let count = Glibc.write(descriptor, base, remaining)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                remaining -= count
                base += count
            }
            return true
        }
    }

    static func size(_ path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
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
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
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
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
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
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
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

/// One outcome per file, each written by exactly one thread.
private final class OutcomeSlots: @unchecked Sendable {
    private var slots: [OutputWriter.Outcome]

    init(count: Int) {
        slots = Array(repeating: .written, count: count)
    }

    func set(_ index: Int, _ outcome: OutputWriter.Outcome) {
        slots.withUnsafeMutableBufferPointer { $0[index] = outcome }
    }

    var all: [OutputWriter.Outcome] { slots }
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
