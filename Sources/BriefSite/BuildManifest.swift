import BriefCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the last successful build read and wrote, kept in `.briefsite-cache/`
/// so that a build with nothing to do finds that out from file stamps alone.
/// It is never trusted blindly: every input and every output file is stat'ed
/// and compared, and a manifest that cannot be read is ignored.
struct BuildManifest: Codable, Equatable {
    static let version = 2

    struct Warning: Codable, Equatable {
        var file: String
        var line: Int
        var column: Int
        var message: String
    }

    var version: Int
    /// The program that built it (size and time of the executable): new templates, new output.
    var program: String
    var includeDrafts: Bool
    var output: String
    var inputs: [String: String]
    var outputs: [String: String]
    /// The fingerprint of every output file whose bytes follow from one.
    var fingerprints: [String: UInt64]
    var pagesPerLanguage: [String]
    var pageCounts: [Int]
    var warnings: [Warning]

    static func folder(root: URL) -> URL {
        root.appendingPathComponent(".briefsite-cache", isDirectory: true)
    }

    static func file(root: URL, output: URL) -> URL {
        let key = StableHash.of { $0.combine(output.standardizedFileURL.path) }.hex
        return folder(root: root).appendingPathComponent("build-\(key).json")
    }

    static func load(root: URL, output: URL) -> BuildManifest? {
        guard let data = FileManager.default.contents(atPath: file(root: root, output: output).path),
              let manifest = try? JSONDecoder().decode(BuildManifest.self, from: data),
              manifest.version == version
        else { return nil }
        return manifest
    }

    func save(root: URL) {
        let target = BuildManifest.file(root: root, output: URL(fileURLWithPath: output))
        guard let data = try? JSONEncoder().encode(self) else { return }
        try? FileManager.default.createDirectory(at: BuildManifest.folder(root: root), withIntermediateDirectories: true)
        let temporary = target.path + ".tmp-\(getpid())"
        guard FileTree.write(data, to: temporary) else { return }
        if rename(temporary, target.path) != 0 { unlink(temporary) }
    }

    static func remove(root: URL, output: URL) {
        unlink(file(root: root, output: output).path)
    }

    /// Size and times of the running program, or nil when it cannot be found.
    static var program: String? {
        guard let path = Bundle.main.executablePath else { return nil }
        return FileStamps.stamp(path)
    }
}

/// Stamps (size, modification and change time, inode) of every file under a folder.
enum FileStamps {
    static func stamp(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        if (info.st_mode & S_IFMT) == S_IFLNK {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? ""
            return "link:\(target):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ino)"
        }
        return "\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec):\(info.st_ino)"
    }

    /// Every entry but folders, links included (a link's own stamp, and where it points).
    static func all(under root: String) -> [String: String] {
        var result: [String: String] = [:]
        for path in FileTree.entries(under: root, includingLinks: true) {
            if let stamp = stamp(root + "/" + path) { result[path] = stamp }
        }
        return result
    }
}
