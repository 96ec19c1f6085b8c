import BriefCore
import BriefMarkdown
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The parse and render caches of the last build, kept in `.briefsite-cache/`
/// so that the next `build` reads only the files that changed and renders
/// only the pages whose inputs changed, as `serve` does in memory.
///
/// Nothing in it is trusted blindly: the file carries a checksum and the
/// program that wrote it; a parsed file is used only while its file has the
/// same stamp; the scan of Content/ only while the same files and folders
/// are there; a body or page only for inputs with the same fingerprint, and
/// a page only while the output file it names is exactly as the manifest
/// recorded it (else it is rendered again).
///
/// Each entry is encoded on its own, so that entries are decoded on every
/// core and an entry whose identity (stamp or fingerprint) did not change is
/// written back as the same bytes without encoding it again.
struct StoredCaches {
    static let version = 4

    struct Parsed {
        var path: String
        var stamp: FileStamp
        var file: ContentLoader.ParsedFile
    }

    struct Output: Equatable {
        var path: String
        var fingerprint: UInt64
    }

    struct Body {
        var key: String
        var fingerprint: UInt64
        var body: RenderedBody
        var files: [Output]
    }

    struct Page {
        var key: String
        var fingerprint: UInt64
        var files: [Output]
        var parts: [PagePart]
        var splice: BodySplice?
    }

    /// What a scan of Content/ found, for a tree with the same entries.
    struct Layout: CacheCodable {
        struct Asset {
            var bundle: String
            var relativePath: String
            var source: String
        }

        var tree: UInt64
        var languages: [String]
        var files: [SourceFile]
        var assets: [Asset]
        var diagnostics: [Diagnostic]

        init(tree: UInt64, layout: ContentLayout) {
            self.tree = tree
            languages = layout.languages
            files = layout.files
            assets = layout.assetsByBundle.sorted { $0.key < $1.key }.flatMap { bundle, assets in
                assets.map { Asset(bundle: bundle, relativePath: $0.relativePath, source: $0.sourceURL.path) }
            }
            diagnostics = layout.diagnostics
        }

        func write(to writer: inout CacheWriter) {
            writer.varint(tree); writer.strings(languages); writer.array(files); writer.array(assets); writer.array(diagnostics)
        }

        init(from reader: inout CacheReader) throws {
            tree = try reader.varint()
            languages = try reader.strings()
            files = try reader.array()
            assets = try reader.array()
            diagnostics = try reader.array()
        }

        var contentLayout: ContentLayout {
            var byBundle: [String: [BundleAsset]] = [:]
            for asset in assets {
                byBundle[asset.bundle, default: []].append(BundleAsset(relativePath: asset.relativePath,
                                                                       sourceURL: URL(fileURLWithPath: asset.source, isDirectory: false)))
            }
            return ContentLayout(languages: languages, files: files, assetsByBundle: byBundle, diagnostics: diagnostics)
        }
    }

    struct Identity: Hashable {
        var kind: UInt8
        var key: String
        var number: UInt64
    }

    /// Indirect: each entry the size of what it holds. Inline, every entry took the size of the largest kind,
    /// and the list of them was the largest single allocation of a build (12 MB at 4,000 briefs).
    indirect enum Entry {
        case parsed(Parsed)
        case body(Body)
        case page(Page)
        case layout(Layout)

        var kind: UInt8 {
            switch self {
            case .parsed: return 0
            case .body: return 1
            case .page: return 2
            case .layout: return 3
            }
        }

        /// What makes two entries the same: equal identities, equal bytes.
        var identity: Identity {
            switch self {
            case .parsed(let entry):
                let stamp = entry.stamp
                let number = StableHash.of { hash in
                    hash.combine(Int(stamp.size)); hash.combine(Int(stamp.modified)); hash.combine(Int(stamp.changed))
                    hash.combine(Int(truncatingIfNeeded: stamp.inode))
                }.value
                return Identity(kind: kind, key: entry.path, number: number)
            case .body(let entry): return Identity(kind: kind, key: entry.key, number: entry.fingerprint)
            case .page(let entry): return Identity(kind: kind, key: entry.key, number: entry.fingerprint)
            case .layout(let entry): return Identity(kind: kind, key: "", number: entry.tree)
            }
        }

        func encoded() -> ArraySlice<UInt8> {
            switch self {
            case .parsed(let entry): return CacheWriter.encodedBytes(entry)[...]
            case .body(let entry): return CacheWriter.encodedBytes(entry)[...]
            case .page(let entry): return CacheWriter.encodedBytes(entry)[...]
            case .layout(let entry): return CacheWriter.encodedBytes(entry)[...]
            }
        }

        /// A render cache's body as stored; nil when one of its files' bytes do not follow from a fingerprint.
        init?(key: String, body: RenderCache.Body) {
            guard let files = StoredCaches.outputs(body.files) else { return nil }
            self = .body(Body(key: key, fingerprint: body.fingerprint, body: body.body, files: files))
        }

        /// A render cache's page as stored, the same way.
        init?(key: String, page: RenderCache.Page) {
            guard let files = StoredCaches.outputs(page.files) else { return nil }
            self = .page(Page(key: key, fingerprint: page.fingerprint, files: files, parts: page.parts, splice: page.splice))
        }

        static func decode(kind: UInt8, _ data: ArraySlice<UInt8>) throws -> Entry {
            switch kind {
            case 0: return .parsed(try CacheReader.decode(Parsed.self, from: data))
            case 1: return .body(try CacheReader.decode(Body.self, from: data))
            case 2: return .page(try CacheReader.decode(Page.self, from: data))
            case 3: return .layout(try CacheReader.decode(Layout.self, from: data))
            default: throw CacheReader.Damaged()
            }
        }
    }

    var entries: [Entry]
    /// The bytes each entry was read from, in the order of `entries`: slices of the file's bytes, not copies.
    /// Looked up by identity only when the caches are saved, which runs beside the writing of the site.
    var encodedEntries: [ArraySlice<UInt8>] = []

    /// The bytes each entry was read from, by kind and identity.
    var encodedByIdentity: [Identity: ArraySlice<UInt8>] {
        var result: [Identity: ArraySlice<UInt8>] = [:]
        result.reserveCapacity(encodedEntries.count)
        for (entry, bytes) in zip(entries, encodedEntries) { result[entry.identity] = bytes }
        return result
    }

    init(entries: [Entry]) {
        self.entries = entries
    }

    /// What the caches hold after a build, handed to `emit` a batch at a time as entries (never all at once:
    /// at 10,000 briefs the 60,000 entries and their lists of outputs were 20 MB at the end of the build).
    /// Entries with a file whose bytes do not follow from a fingerprint (a copied asset) are left out.
    static func entries(parseCache: ParseCache, renderCache: RenderCache, batch: Int = batchSize,
                        emit: ([Entry]) -> Void) {
        var pending: [Entry] = []
        pending.reserveCapacity(batch)
        func add(_ entry: Entry) {
            pending.append(entry)
            if pending.count >= batch {
                emit(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        for item in parseCache.entriesForStorage() { add(.parsed(Parsed(path: item.path, stamp: item.stamp, file: item.file))) }
        let (cachedBodies, cachedPages) = renderCache.entriesForStorage()
        for (key, body) in cachedBodies { if let entry = Entry(key: key, body: body) { add(entry) } }
        for (key, page) in cachedPages { if let entry = Entry(key: key, page: page) { add(entry) } }
        if !pending.isEmpty { emit(pending) }
    }

    static let batchSize = 4_096

    static func outputs(_ files: [OutputFile]) -> [Output]? {
        var outputs: [Output] = []
        for file in files {
            guard let fingerprint = file.fingerprint else { return nil }
            if case .copy = file.contents { return nil }
            outputs.append(Output(path: file.path, fingerprint: fingerprint))
        }
        return outputs
    }

    /// The scan of a Content/ tree with these entries (`tree`), if one was kept.
    func layout(tree: UInt64) -> ContentLayout? {
        for case .layout(let layout) in entries where layout.tree == tree { return layout.contentLayout }
        return nil
    }

    /// A number for the entries of a Content/ tree: every path, and where each link points.
    static func tree(_ stamps: [String: EntryStamp]) -> UInt64 {
        StableHash.of { hash in
            for path in stamps.keys.sorted() {
                hash.combine(path)
                if let stamp = stamps[path], stamp.kind != .file { hash.combine(stamp.text) }
            }
        }.value
    }

    /// Puts the entries into fresh caches. `vouched` holds the fingerprint of
    /// every output file that is exactly as the last build left it, or is nil
    /// when the output was touched since: then no page is reused.
    /// `vouched`: the output's files as recorded, by path; nil when nothing is.
    func fill(parseCache: ParseCache, renderCache: RenderCache, output: URL, vouched: [String: OutputRecord]?) {
        var parsed: [(path: String, stamp: FileStamp, file: ContentLoader.ParsedFile)] = []
        var storedBodies: [String: RenderCache.Body] = [:]
        var storedPages: [String: RenderCache.Page] = [:]
        let outputPath = output.path
        func kept(_ outputs: [Output]) -> [OutputFile]? {
            guard let vouched else { return nil }
            var files: [OutputFile] = []
            for item in outputs {
                guard let recorded = vouched[item.path]?.fingerprint, recorded == item.fingerprint else { return nil }
                files.append(OutputFile(path: item.path, contents: .kept(path: outputPath + "/" + item.path),
                                        fingerprint: item.fingerprint))
            }
            return files
        }
        for entry in entries {
            switch entry {
            case .parsed(let item):
                parsed.append((item.path, item.stamp, item.file))
            case .body(let body):
                guard let files = kept(body.files) else { continue }
                storedBodies[body.key] = RenderCache.Body(fingerprint: body.fingerprint, body: body.body, files: files, hasHTML: false)
            case .page(let page):
                guard let files = kept(page.files) else { continue }
                storedPages[page.key] = RenderCache.Page(fingerprint: page.fingerprint, files: files, parts: page.parts, splice: page.splice)
            case .layout:
                continue
            }
        }
        parseCache.prefill(parsed)
        renderCache.prefill(bodies: storedBodies, pages: storedPages)
    }

    /// Whether the source at `path` (under the site's root) now has another body than the one cached, its
    /// front matter aside; false when the cache has no body for it or the file cannot be read.
    func bodyChanged(in path: String, root: URL) -> Bool {
        for case .parsed(let item) in entries where item.path == path {
            guard let hash = item.file.brief?.bodyHash ?? item.file.page?.bodyHash else { return false }
            guard let split = ContentLoader.reread(root.appendingPathComponent(path), path: path) else { return false }
            return StableHash.of({ $0.combine(split.body) }).value != hash
        }
        return false
    }

    // MARK: The file

    static func file(root: URL, output: URL) -> URL {
        BuildManifest.file(named: "caches", extension: "bin", root: root, output: output)
    }

    /// The first line: what wrote the file and the checksum of the rest.
    static func header(program: String, checksum: StableHash) -> String {
        "briefsite-caches \(version) \(JSONString.literal(program)) \(checksum.hex)\n"
    }

    /// The caches a build of the same program left, or nil when there are
    /// none or the file is damaged in any way.
    static func load(root: URL, output: URL, program: String) -> StoredCaches? {
        guard let data = FileManager.default.contents(atPath: file(root: root, output: output).path),
              let newline = data.firstIndex(of: UInt8(ascii: "\n"))
        else { return nil }
        let line = String(decoding: data[data.startIndex...newline], as: UTF8.self)
        guard line.hasPrefix(header(program: program, checksum: StableHash()).dropLast(17)) else { return nil }
        let payload = data[(newline + 1)...]
        guard line == header(program: program, checksum: checksum(of: payload)), let framed = Framing.split([UInt8](payload)) else {
            return nil
        }
        let decoded = framed.parallelMap { item -> Entry? in try? Entry.decode(kind: item.kind, item.bytes) }
        var entries: [Entry] = []
        entries.reserveCapacity(decoded.count)
        for entry in decoded {
            guard let entry else { return nil }
            entries.append(entry)
        }
        var caches = StoredCaches(entries: entries)
        caches.encodedEntries = framed.map(\.bytes)
        return caches
    }

    /// The checksum of the entries' bytes: the bytes as one run of words, then their count (so that it can be
    /// taken piece by piece as the file is written).
    static func checksum(of payload: Data) -> StableHash {
        StableHash.of { hash in
            payload.withUnsafeBytes { hash.combineRun($0) }
            hash.combine(payload.count)
        }
    }

    /// Writes the caches; entries that `previous` read with the same identity keep their bytes.
    func save(root: URL, output: URL, program: String, previous: StoredCaches?) {
        FileWriter(root: root, output: output, program: program, previous: previous).finish { emit in
            for start in stride(from: 0, to: entries.count, by: StoredCaches.batchSize) {
                emit(Array(entries[start..<min(entries.count, start + StoredCaches.batchSize)]))
            }
        }
    }

    /// What a build's caches hold (`entries(parseCache:renderCache:emit:)`), written by `writer` after what it wrote
    /// already (a parse cache it took the entries of is empty, and the layout is written as soon as it is made).
    static func save(parseCache: ParseCache, renderCache: RenderCache, writer: FileWriter) {
        writer.finish { emit in
            entries(parseCache: parseCache, renderCache: renderCache, emit: emit)
        }
    }
}

extension StoredCaches.Parsed: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(path); writer.value(stamp); writer.value(file)
    }

    init(from reader: inout CacheReader) throws {
        self.init(path: try reader.string(), stamp: try reader.value(), file: try reader.value())
    }
}

extension StoredCaches.Output: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(path); writer.varint(fingerprint)
    }

    init(from reader: inout CacheReader) throws {
        self.init(path: try reader.string(), fingerprint: try reader.varint())
    }
}

extension StoredCaches.Body: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(key); writer.varint(fingerprint); writer.value(body); writer.array(files)
    }

    init(from reader: inout CacheReader) throws {
        self.init(key: try reader.string(), fingerprint: try reader.varint(), body: try reader.value(), files: try reader.array())
    }
}

extension StoredCaches.Page: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(key); writer.varint(fingerprint); writer.array(files); writer.array(parts); writer.optional(splice)
    }

    init(from reader: inout CacheReader) throws {
        self.init(key: try reader.string(), fingerprint: try reader.varint(), files: try reader.array(), parts: try reader.array(),
                  splice: try reader.optional())
    }
}

extension PagePart: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.varint(fingerprint); writer.varint(UInt64(count))
    }

    init(from reader: inout CacheReader) throws {
        let fingerprint = try reader.varint()
        let count = try reader.varint()
        guard count <= UInt64(Int.max) else { throw CacheReader.Damaged() }
        self.init(fingerprint: fingerprint, count: Int(count))
    }
}

extension StoredCaches.Layout.Asset: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(bundle); writer.string(relativePath); writer.string(source)
    }

    init(from reader: inout CacheReader) throws {
        self.init(bundle: try reader.string(), relativePath: try reader.string(), source: try reader.string())
    }
}

/// Entries one after another: a kind byte, a four-byte length, the bytes.
enum Framing {
    static func append(_ item: (kind: UInt8, bytes: ArraySlice<UInt8>), to file: inout ChecksummedFile) {
        file.append(item.kind)
        let count = UInt32(truncatingIfNeeded: item.bytes.count)
        for shift in 0..<4 { file.append(UInt8(truncatingIfNeeded: count >> (8 * UInt32(shift)))) }
        file.append(contentsOf: item.bytes)
    }

    static func split(_ data: [UInt8]) -> [(kind: UInt8, bytes: ArraySlice<UInt8>)]? {
        var items: [(kind: UInt8, bytes: ArraySlice<UInt8>)] = []
        var index = data.startIndex
        while index < data.endIndex {
            guard data.endIndex - index >= 5 else { return nil }
            let kind = data[index]
            var count = 0
            for shift in 0..<4 { count |= Int(data[index + 1 + shift]) << (8 * shift) }
            index += 5
            guard data.endIndex - index >= count else { return nil }
            items.append((kind, data[index..<(index + count)]))
            index += count
        }
        return items
    }
}
