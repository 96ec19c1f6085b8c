import BriefCore
import CFileExchange
import Foundation

public struct WriteSummary: Sendable, Equatable {
    public var written: Int
    public var unchanged: Int
    public var removed: Int
}

/// Writes a built site so that the output folder is only ever the old site
/// or the new one: everything goes to a staging folder beside it (unchanged
/// files hard-linked, so they keep their mtime), then the two are exchanged
/// in one rename.
public struct OutputWriter: Sendable {
    public let output: URL

    public init(output: URL) {
        self.output = output.standardizedFileURL
    }

    var parent: URL { output.deletingLastPathComponent() }
    var stagingPrefix: String { ".\(output.lastPathComponent).staging-" }

    public func write(_ files: [OutputFile]) throws -> WriteSummary {
        let fileManager = FileManager.default
        removeLeftovers()
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(stagingPrefix + UUID().uuidString, isDirectory: true)
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            var written = 0
            var unchanged = 0
            var createdFolders = Set<String>()
            var newPaths = Set<String>()
            for file in files {
                newPaths.insert(file.path)
                let target = staging.appendingPathComponent(file.path)
                let folder = target.deletingLastPathComponent().path
                if createdFolders.insert(folder).inserted {
                    try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
                let old = output.appendingPathComponent(file.path)
                if try sameBytes(old: old, new: file.contents), link(old.path, target.path) == 0 {
                    unchanged += 1
                    continue
                }
                switch file.contents {
                case .bytes(let data): try data.write(to: target)
                case .copy(let source): try fileManager.copyItem(at: source, to: target)
                }
                written += 1
            }
            let removed = existingFiles().subtracting(newPaths).count
            try swapIn(staging)
            return WriteSummary(written: written, unchanged: unchanged, removed: removed)
        } catch {
            try? fileManager.removeItem(at: staging)
            throw error
        }
    }

    private func sameBytes(old: URL, new contents: OutputFile.Contents) throws -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: old.path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int
        else { return false }
        switch contents {
        case .bytes(let data):
            guard data.count == size else { return false }
            return FileManager.default.contents(atPath: old.path) == data
        case .copy(let source):
            guard let sourceSize = (try? FileManager.default.attributesOfItem(atPath: source.path))?[.size] as? Int,
                  sourceSize == size
            else { return false }
            return FileManager.default.contentsEqual(atPath: old.path, andPath: source.path)
        }
    }

    /// Files of the current output, by path relative to it.
    func existingFiles() -> Set<String> {
        guard let enumerator = FileManager.default.enumerator(at: output, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        let base = output.resolvingSymlinksInPath().path + "/"
        var paths = Set<String>()
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.resolvingSymlinksInPath().path
            if full.hasPrefix(base) { paths.insert(String(full.dropFirst(base.count))) }
        }
        return paths
    }

    private func swapIn(_ staging: URL) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: output.path) else {
            try fileManager.moveItem(at: staging, to: output)
            return
        }
        if briefsite_exchange_paths(staging.path, output.path) == 0 {
            try? fileManager.removeItem(at: staging)
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
        try? fileManager.removeItem(at: old)
    }

    /// Staging folders of builds that were killed before they finished.
    private func removeLeftovers() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names where name.hasPrefix(stagingPrefix) {
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }
}
