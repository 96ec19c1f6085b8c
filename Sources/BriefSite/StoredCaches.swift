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
/// same stamp; a body or page is used only for inputs with the same
/// fingerprint, and a page only while the output file it names still has
/// the stamp the manifest recorded (else it is rendered again).
struct StoredCaches: Codable {
    static let version = 1

    struct Parsed: Codable {
        var path: String
        var stamp: FileStamp
        var file: ContentLoader.ParsedFile
    }

    struct Output: Codable, Equatable {
        var path: String
        var fingerprint: UInt64
    }

    struct Body: Codable {
        var key: String
        var fingerprint: UInt64
        var body: RenderedBody
        var files: [Output]
    }

    struct Page: Codable {
        var key: String
        var fingerprint: UInt64
        var files: [Output]
    }

    var version: Int
    var program: String
    var includeDrafts: Bool
    var parsed: [Parsed]
    var bodies: [Body]
    var pages: [Page]

    /// What the caches hold after a build. Entries with a file whose bytes do
    /// not follow from a fingerprint (a copied asset) are left out.
    init(program: String, includeDrafts: Bool, parseCache: ParseCache, renderCache: RenderCache) {
        version = StoredCaches.version
        self.program = program
        self.includeDrafts = includeDrafts
        parsed = parseCache.entriesForStorage().map { Parsed(path: $0.path, stamp: $0.stamp, file: $0.file) }
        let (cachedBodies, cachedPages) = renderCache.entriesForStorage()
        bodies = cachedBodies.compactMap { key, body in
            StoredCaches.outputs(body.files).map { Body(key: key, fingerprint: body.fingerprint, body: body.body, files: $0) }
        }
        pages = cachedPages.compactMap { key, page in
            StoredCaches.outputs(page.files).map { Page(key: key, fingerprint: page.fingerprint, files: $0) }
        }
    }

    private static func outputs(_ files: [OutputFile]) -> [Output]? {
        var outputs: [Output] = []
        for file in files {
            guard let fingerprint = file.fingerprint else { return nil }
            if case .copy = file.contents { return nil }
            outputs.append(Output(path: file.path, fingerprint: fingerprint))
        }
        return outputs
    }

    /// Puts the entries into fresh caches. `vouched` holds the fingerprint of
    /// every output file that is exactly as the last build left it, or is nil
    /// when the output was touched since: then no page is reused.
    func fill(parseCache: ParseCache, renderCache: RenderCache, output: URL, vouched: [String: UInt64]?) {
        parseCache.prefill(parsed.map { ($0.path, $0.stamp, $0.file) })
        guard let vouched else { return }
        func kept(_ outputs: [Output]) -> [OutputFile]? {
            var files: [OutputFile] = []
            for item in outputs {
                guard vouched[item.path] == item.fingerprint else { return nil }
                files.append(OutputFile(path: item.path, contents: .kept(output.appendingPathComponent(item.path)),
                                        fingerprint: item.fingerprint))
            }
            return files
        }
        var storedBodies: [String: RenderCache.Body] = [:]
        for body in bodies {
            guard let files = kept(body.files) else { continue }
            storedBodies[body.key] = RenderCache.Body(fingerprint: body.fingerprint, body: body.body, files: files, hasHTML: false)
        }
        var storedPages: [String: RenderCache.Page] = [:]
        for page in pages {
            guard let files = kept(page.files) else { continue }
            storedPages[page.key] = RenderCache.Page(fingerprint: page.fingerprint, files: files)
        }
        renderCache.prefill(bodies: storedBodies, pages: storedPages)
    }

    static func file(root: URL, output: URL) -> URL {
        let key = StableHash.of { $0.combine(output.standardizedFileURL.path) }.hex
        return BuildManifest.folder(root: root).appendingPathComponent("caches-\(key).json")
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
        let payload = data[(newline + 1)...]
        let line = String(decoding: data[data.startIndex...newline], as: UTF8.self)
        let expectedStart = header(program: program, checksum: StableHash()).dropLast(17)
        guard line.hasPrefix(expectedStart), line == header(program: program, checksum: StableHash.of({ $0.combine(Data(payload)) })),
              let caches = try? CompactCoder.decode(StoredCaches.self, from: Data(payload)),
              caches.version == version, caches.program == program
        else { return nil }
        return caches
    }

    func save(root: URL, output: URL) {
        guard let payload = try? CompactCoder.encode(self) else { return }
        var data = Data(StoredCaches.header(program: program, checksum: StableHash.of({ $0.combine(payload) })).utf8)
        data.append(payload)
        let target = StoredCaches.file(root: root, output: output)
        try? FileManager.default.createDirectory(at: BuildManifest.folder(root: root), withIntermediateDirectories: true)
        let temporary = target.path + ".tmp-\(getpid())"
        guard FileTree.write(data, to: temporary) else { return }
        if rename(temporary, target.path) != 0 { unlink(temporary) }
    }

    static func remove(root: URL, output: URL) {
        unlink(file(root: root, output: output).path)
    }
}
