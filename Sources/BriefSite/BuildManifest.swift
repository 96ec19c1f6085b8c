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
    static let version = 9

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

    /// The same list, made in the order of `recorded` (the last manifest's, sorted by path) when it holds the same
    /// paths: each looked up, and each checked to come after the one before, instead of all sorted anew (20,000
    /// sources sorted by path were a tenth of a build with nothing to do at 10,000 briefs, on one core).
    static func inputs(_ stamps: [String: EntryStamp], orderedLike recorded: [Input]) -> [Input] {
        guard recorded.count == stamps.count else { return inputs(stamps) }
        var result: [Input] = []
        result.reserveCapacity(recorded.count)
        var previous: String?
        for input in recorded {
            guard let stamp = stamps[input.path], previous.map({ $0 < input.path }) ?? true else { return inputs(stamps) }
            result.append(Input(path: input.path, stamp: stamp))
            previous = input.path
        }
        return result
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

    /// The file: its payload's checksum (8 bytes), then the payload — the two halves of the manifest, then
    /// where the second starts (8 bytes, so that the checksum covers it too).
    static func load(root: URL, output: URL) -> BuildManifest? {
        guard let bytes = FileTree.bytes(file(root: root, output: output).path), bytes.count >= 16 else { return nil }
        let payload = bytes[8...]
        func number(at start: Int) -> UInt64 {
            (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[start + $1]) << (8 * UInt64($1)) }
        }
        // As `ChecksummedFile` takes it: the bytes as one run, then their count.
        var hash = StableHash()
        payload.withUnsafeBytes { hash.combineRun($0) }
        hash.combine(payload.count)
        let halvesEnd = bytes.count - 8
        let secondHalf = number(at: halvesEnd)
        guard hash.value == number(at: 0), secondHalf <= UInt64(halvesEnd - payload.startIndex) else { return nil }
        // The halves are decoded on two cores: decoding was a tenth of a build with nothing to do at 10,000
        // briefs (30 ms, on one core while the other waited for it).
        let split = payload.startIndex + Int(secondHalf)
        let halves = IndexedSlots<Half?>(count: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            var reader = CacheReader(half == 0 ? bytes[payload.startIndex..<split] : bytes[split..<halvesEnd])
            let decoded = half == 0 ? (try? FirstHalf(from: &reader)).map(Half.first) : (try? SecondHalf(from: &reader)).map(Half.second)
            halves.set(half, reader.position == reader.end ? decoded : nil)
        }
        let decoded = halves.collect()
        guard case .first(let first)?? = decoded.first, case .second(let second)?? = decoded.last, first.version == version
        else { return nil }
        return BuildManifest(first, second)
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
            var appended = 0
            let flush = { (encoder: inout CacheWriter) in
                appended += encoder.bytes.count
                payload.append(encoder.bytes[...])
                encoder.removeBytes()
            }
            writeFirstHalf(to: &writer, flush: flush)
            // Where the second half starts, written after it for `load` to decode the halves apart.
            let firstHalfCount = appended + writer.bytes.count
            payload.append(writer.bytes[...])
            writer.removeBytes()
            if concurrent {
                encodingRest.wait()
                payload.append((rest.take().first ?? [])[...])
            } else {
                var second = CacheWriter()
                writeSecondHalf(to: &second, flush: flush)
                payload.append(second.bytes[...])
            }
            payload.append(IndexFile.littleEndian(UInt64(firstHalfCount))[...])
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
        self.init(try FirstHalf(from: &reader), try SecondHalf(from: &reader))
    }

    /// What `writeFirstHalf` writes: the program, the inputs and the output's files.
    struct FirstHalf {
        var version: Int
        var program: String
        var includeDrafts: Bool
        var output: String
        var inputs: [Input]
        var inputFolders: [FolderRecord]
        var outputs: [OutputRecord]

        init(from reader: inout CacheReader) throws {
            version = try reader.int()
            guard version == BuildManifest.version else { throw CacheReader.Damaged() }
            program = try reader.string()
            includeDrafts = try reader.bool()
            output = try reader.string()
            inputs = try reader.array()
            inputFolders = try reader.array()
            outputs = try reader.array()
        }
    }

    /// What `writeSecondHalf` writes: the spare's files, the folders, the pages, warnings and tokens.
    struct SecondHalf {
        var spare: [OutputRecord]?
        var outputFolders: [FolderRecord]
        var spareFolders: [FolderRecord]
        var pagesPerLanguage: [String]
        var pageCounts: [Int]
        var warnings: [Warning]
        var bodyEditToken: UInt64?
        var timelineToken: UInt64?
        var trackerToken: UInt64?

        init(from reader: inout CacheReader) throws {
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

    enum Half {
        case first(FirstHalf)
        case second(SecondHalf)
    }

    init(_ first: FirstHalf, _ second: SecondHalf) {
        self.init(version: first.version, program: first.program, includeDrafts: first.includeDrafts, output: first.output,
                  inputs: first.inputs, inputFolders: first.inputFolders, outputs: first.outputs, spare: second.spare,
                  outputFolders: second.outputFolders, spareFolders: second.spareFolders, pagesPerLanguage: second.pagesPerLanguage,
                  pageCounts: second.pageCounts, warnings: second.warnings, bodyEditToken: second.bodyEditToken,
                  timelineToken: second.timelineToken, trackerToken: second.trackerToken)
    }
}

/// One file of an output folder as a build left it: its stamp, and the
/// fingerprint of the inputs its bytes follow from (when they do).
struct OutputRecord: Equatable, Sendable {
    var path: String
    var stamp: EntryStamp
    var fingerprint: UInt64?
}
