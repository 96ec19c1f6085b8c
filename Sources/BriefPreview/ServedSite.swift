import BriefCore
import BriefSite
import Foundation

/// One file the preview serves: its bytes (or where to read them), its
/// type and its entity tag.
struct ServedFile: Sendable {
    enum Source: Sendable {
        case bytes(Data)
        case disk(URL)
    }

    var source: Source
    var contentType: String
    var etag: String

    func bytes() -> Data? {
        switch source {
        case .bytes(let data): return data
        case .disk(let url): return FileManager.default.contents(atPath: url.path)
        }
    }
}

/// A built site as the preview serves it: files by path under the site root.
struct ServedSite: Sendable {
    var files: [String: ServedFile]
    var languages: [Language]

    /// The files of `build`; entity tags of files whose bytes did not change
    /// since `previous` are kept rather than hashed again.
    init(build: SiteSession.Build, previous: ServedSite? = nil) {
        var files: [String: ServedFile] = [:]
        files.reserveCapacity(build.files.count)
        for file in build.files {
            var contents = file.contents
            // The preview renders without a spill file; should one be given, its bytes are served from memory.
            if case .spilled(let spilled) = contents, let data = spilled.read() { contents = .bytes(data) }
            switch contents {
            case .spilled, .spliced, .placed:
                // The preview renders everything it serves in memory: none of these is made for it.
                continue
            case .bytes(let data):
                if let fingerprint = file.fingerprint {
                    let type = previous?.files[file.path]?.contentType ?? ContentType.of(file.path)
                    files[file.path] = ServedFile(source: .bytes(data), contentType: type,
                                                  etag: ServedSite.etag(StableHash.of { $0.combine(Int(truncatingIfNeeded: fingerprint)) }))
                    continue
                }
                if let old = previous?.files[file.path], case .bytes(let oldData) = old.source, oldData == data {
                    files[file.path] = old
                    continue
                }
                files[file.path] = ServedFile(source: .bytes(data), contentType: ContentType.of(file.path),
                                              etag: ServedSite.etag(StableHash.of { $0.combine(data) }))
            case .kept(let path):
                // Only builds into an output folder keep files; a preview renders everything it serves.
                let url = URL(fileURLWithPath: path)
                files[file.path] = ServedFile(source: .disk(url), contentType: ContentType.of(file.path),
                                              etag: ServedSite.etag(StableHash.of { $0.combine(path); $0.combine(Int(truncatingIfNeeded: file.fingerprint ?? 0)) }))
            case .copy(let url):
                let stamp = (try? FileManager.default.attributesOfItem(atPath: url.path)).map { attributes in
                    "\((attributes[.size] as? Int) ?? 0)-\((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
                } ?? url.path
                files[file.path] = ServedFile(source: .disk(url), contentType: ContentType.of(file.path),
                                              etag: ServedSite.etag(StableHash.of { $0.combine(url.path); $0.combine(stamp) }))
            }
        }
        self.files = files
        languages = build.config.languages
    }

    init(files: [String: ServedFile], languages: [Language]) {
        self.files = files
        self.languages = languages
    }

    static func etag(_ hash: StableHash) -> String { "\"\(hash.hex)\"" }

    /// The paths whose file is new, gone, or has another entity tag than in `earlier`, sorted.
    func changedPaths(since earlier: ServedSite) -> [String] {
        var changed = files.compactMap { path, file in earlier.files[path]?.etag == file.etag ? nil : path }
        changed += earlier.files.keys.filter { files[$0] == nil }
        return changed.sorted()
    }
}

/// Media types with charset for every kind of file a site holds.
enum ContentType {
    static func of(_ path: String) -> String {
        if path.hasSuffix("/feed.xml") || path == "feed.xml" { return "application/atom+xml; charset=utf-8" }
        let name = path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? path[...]
        let ext = name.lastIndex(of: ".").map { name[name.index(after: $0)...].lowercased() } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "xml": return "application/xml; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "ics": return "text/calendar; charset=utf-8"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml; charset=utf-8"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "avif": return "image/avif"
        case "ico": return "image/x-icon"
        case "pdf": return "application/pdf"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        default: return "application/octet-stream"
        }
    }
}
