import BriefCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the last successful build read and wrote, kept in `.briefsite-cache/`
/// so that a build with nothing to do finds that out from file stamps alone,
/// and a build with little to do writes only what changed. It is never
/// trusted blindly: every input and every output file is stat'ed and
/// compared, and a manifest that cannot be read is ignored.
struct BuildManifest: Equatable {
    static let version = 8

    struct Warning: Equatable {
        var file: String
        var line: Int
        var column: Int
        var message: String
    }

    struct Input: Equatable {
        var path: String
        var stamp: EntryStamp
    }

    var version: Int
    /// The program that built it (size and time of the executable): new templates, new output.
    var program: String
    var includeDrafts: Bool
    var output: String
    var inputs: [Input]
    /// Content/'s folders (see `FolderRecord`).
    var inputFolders: [FolderRecord]
    /// The output folder's files.
    var outputs: [OutputRecord]
    /// The spare folder beside the output, which holds the site as it was
    /// before this build (see `OutputWriter`), or nil when there is none.
    var spare: [OutputRecord]?
    /// The folders of each, as `OutputWriter` left them (see `FolderRecord`).
    var outputFolders: [FolderRecord]
    var spareFolders: [FolderRecord]
    var pagesPerLanguage: [String]
    var pageCounts: [Int]
    var warnings: [Warning]
    /// The token of the `BodyEditIndex` saved with this manifest; nil when there is none.
    var bodyEditToken: UInt64? = nil
    /// The token of the `TimelineIndex` saved with this manifest; nil when there is none.
    var timelineToken: UInt64? = nil
    /// The token of the `TrackerIndex` saved with this manifest; nil when there is none.
    var trackerToken: UInt64? = nil

    /// The warnings of the build that saved it, as diagnostics: a build that renders nothing reports them again.
    var diagnostics: [Diagnostic] {
        warnings.map { Diagnostic.warning($0.message, at: SourceLocation(file: $0.file, line: $0.line, column: $0.column)) }
    }

    static func inputs(_ stamps: [String: EntryStamp]) -> [Input] {
        stamps.map { Input(path: $0.key, stamp: $0.value) }.sorted { $0.path < $1.path }
    }

    /// The paths whose stamps differ between two sorted lists of inputs; nil when an entry was added or
    /// removed, or more than `limit` differ.
    static func changedPaths(_ old: [Input], _ new: [Input], upTo limit: Int) -> [String]? {
        guard old.count == new.count else { return nil }
        var changed: [String] = []
        for (before, now) in zip(old, new) {
            guard before.path == now.path else { return nil }
            if before.stamp != now.stamp {
                changed.append(now.path)
                if changed.count > limit { return nil }
            }
        }
        return changed
    }

    static func folder(root: URL) -> URL {
        root.appendingPathComponent(".briefsite-cache", isDirectory: true)
    }

    static func file(root: URL, output: URL) -> URL {
        file(named: "build", extension: "manifest", root: root, output: output)
    }

    /// A file of the build cache that belongs to one output folder (the manifest, the caches, each index):
    /// `<name>-<hash of the output's path>.<extension>`.
    static func file(named name: String, extension: String, root: URL, output: URL) -> URL {
        let key = StableHash.of { $0.combine(output.standardizedFileURL.path) }.hex
        return folder(root: root).appendingPathComponent("\(name)-\(key).\(`extension`)")
    }

    static func load(root: URL, output: URL) -> BuildManifest? {
        guard let bytes = FileTree.bytes(file(root: root, output: output).path), bytes.count > 8 else { return nil }
        let payload = bytes[8...]
        var checksum: UInt64 = 0
        for (index, byte) in bytes.prefix(8).enumerated() { checksum |= UInt64(byte) << (8 * UInt64(index)) }
        // As `ChecksummedFile` takes it: the bytes as one run, then their count.
        var hash = StableHash()
        payload.withUnsafeBytes { hash.combineRun($0) }
        hash.combine(payload.count)
        guard hash.value == checksum,
              let manifest = try? CacheReader.decode(BuildManifest.self, from: payload),
              manifest.version == version
        else { return nil }
        return manifest
    }

    func save(root: URL) {
        let target = BuildManifest.file(root: root, output: URL(fileURLWithPath: output))
        try? FileManager.default.createDirectory(at: BuildManifest.folder(root: root), withIntermediateDirectories: true)
        // Written beside its place as it is encoded, a megabyte at a time, its checksum in front at the end:
        // encoded whole first, the manifest of 100,000 briefs and the copies its growing made added 81 MB to the
        // peak of the build.
        // Below `concurrentEncodingLimit` records, the second half of the lists is encoded on another core while
        // the first is written (the same bytes, in their order; an edit's last step at 10,000 briefs took 35 ms).
        let rest = IndexedSlots<[UInt8]>(count: 1)
        let encodingRest = DispatchGroup()
        let concurrent = outputs.count + (spare?.count ?? 0) <= BuildManifest.concurrentEncodingLimit
        if concurrent {
            DispatchQueue.global().async(group: encodingRest) { [self] in
                var writer = CacheWriter()
                writeSecondHalf(to: &writer, flush: { _ in })
                rest.set(0, writer.bytes)
            }
        }
        let written = IndexFile.write(to: target, headCount: 8, head: IndexFile.littleEndian) { payload in
            var writer = CacheWriter()
            let flush = { (encoder: inout CacheWriter) in
                payload.append(encoder.bytes[...])
                encoder.removeBytes()
            }
            writeFirstHalf(to: &writer, flush: flush)
            payload.append(writer.bytes[...])
            writer.removeBytes()
            if concurrent {
                encodingRest.wait()
                payload.append((rest.take().first ?? [])[...])
            } else {
                writeSecondHalf(to: &writer, flush: flush)
                payload.append(writer.bytes[...])
            }
        }
        // Also when the file could not be made and its payload was never asked for.
        encodingRest.wait()
        guard written else { return }
        // The form of briefsite 0.x before this one: one JSON file per output.
        unlink(target.deletingPathExtension().path + ".json")
        unlink(StoredCaches.file(root: root, output: URL(fileURLWithPath: output)).deletingPathExtension().path + ".json")
    }

    static func remove(root: URL, output: URL) {
        unlink(file(root: root, output: output).path)
    }

    /// Size and times of the running program, or nil when it cannot be found.
    static var program: String? {
        guard let path = Bundle.main.executablePath else { return nil }
        return FileStamps.stamp(path)?.text
    }
}

extension BuildManifest.Input: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(path); writer.value(stamp)
    }

    init(from reader: inout CacheReader) throws {
        self.init(path: try reader.string(), stamp: try reader.value())
    }
}

extension BuildManifest: CacheCodable {
    func write(to writer: inout CacheWriter) {
        write(to: &writer, flush: { _ in })
    }

    /// `flush` takes the bytes encoded so far, between the items of the long lists.
    func write(to writer: inout CacheWriter, flush: (inout CacheWriter) -> Void) {
        writeFirstHalf(to: &writer, flush: flush)
        writeSecondHalf(to: &writer, flush: flush)
    }

    /// Up to this many records of the output's and the spare's files (about 30,000 briefs), the second half is
    /// encoded in memory beside the first (`save`); beyond, both are written a megabyte at a time.
    static let concurrentEncodingLimit = 250_000

    private func writeFirstHalf(to writer: inout CacheWriter, flush: (inout CacheWriter) -> Void) {
        writer.int(version); writer.string(program); writer.bool(includeDrafts); writer.string(output)
        writer.array(inputs, flush: flush)
        writer.array(inputFolders, flush: flush)
        writer.array(outputs, flush: flush)
    }

    private func writeSecondHalf(to writer: inout CacheWriter, flush: (inout CacheWriter) -> Void) {
        writer.optional(spare)
        writer.array(outputFolders, flush: flush); writer.array(spareFolders, flush: flush)
        writer.strings(pagesPerLanguage); writer.varint(UInt64(pageCounts.count)); pageCounts.forEach { writer.int($0) }
        writer.varint(UInt64(warnings.count))
        for warning in warnings {
            writer.string(warning.file); writer.int(warning.line); writer.int(warning.column); writer.string(warning.message)
        }
        writer.bool(bodyEditToken != nil); if let bodyEditToken { writer.varint(bodyEditToken) }
        writer.bool(timelineToken != nil); if let timelineToken { writer.varint(timelineToken) }
        writer.bool(trackerToken != nil); if let trackerToken { writer.varint(trackerToken) }
    }

    init(from reader: inout CacheReader) throws {
        version = try reader.int()
        guard version == BuildManifest.version else { throw CacheReader.Damaged() }
        program = try reader.string()
        includeDrafts = try reader.bool()
        output = try reader.string()
        inputs = try reader.array()
        inputFolders = try reader.array()
        outputs = try reader.array()
        spare = try reader.optional()
        outputFolders = try reader.array()
        spareFolders = try reader.array()
        pagesPerLanguage = try reader.strings()
        pageCounts = try (0..<reader.count()).map { _ in try reader.int() }
        warnings = try (0..<reader.count()).map { _ in
            Warning(file: try reader.string(), line: try reader.int(), column: try reader.int(), message: try reader.string())
        }
        bodyEditToken = try reader.bool() ? try reader.varint() : nil
        timelineToken = try reader.bool() ? try reader.varint() : nil
        trackerToken = try reader.bool() ? try reader.varint() : nil
    }
}

/// One file of an output folder as a build left it: its stamp, and the
/// fingerprint of the inputs its bytes follow from (when they do).
struct OutputRecord: Equatable, Sendable {
    var path: String
    var stamp: EntryStamp
    var fingerprint: UInt64?
}
