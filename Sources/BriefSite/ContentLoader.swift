import BriefCore
import Foundation

/// What a source file is, from its place and name in Content/.
public struct SourceFile: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case brief, page }

    public var kind: Kind
    public var slug: String
    public var language: String
    /// Relative to the site root, `/`-separated: what diagnostics show.
    public var path: String
    /// The file's absolute path. Kept as a string and made into a URL when the file is read: a URL for each
    /// of 20,000 sources was 7.6 MB at the peak of a build of 10,000 briefs.
    public var absolutePath: String
    /// The bundle folder's path for a brief written as a bundle.
    public var bundlePath: String?

    public var url: URL { URL(fileURLWithPath: absolutePath, isDirectory: false) }

    public init(kind: Kind, slug: String, language: String, path: String, url: URL, bundlePath: String?) {
        self.kind = kind
        self.slug = slug
        self.language = language
        self.path = path
        absolutePath = url.path
        self.bundlePath = bundlePath
    }
}

/// Everything read from Content/, before it is assembled into a site.
public struct LoadedContent: Sendable {
    public var config: SiteConfig
    public var files: [SourceFile]
    /// What the scan of Content/ found, for a later load that knows nothing moved.
    public var layout: ContentLayout
    public var briefs: [BriefSource]
    public var pages: [PageSource]
    /// Source files that gave neither a brief nor a page (unreadable, or front matter in error).
    public var unreadable: Set<String> = []

    /// The layout, this value left with an empty one: its only holder is then the one it is handed to.
    mutating func takeLayout() -> ContentLayout {
        let taken = layout
        layout = ContentLayout(languages: taken.languages, files: [], assetsByBundle: [:], diagnostics: [])
        return taken
    }

    /// The files, the same way: the render lets them go once the bodies are rendered.
    mutating func takeFiles() -> [SourceFile] {
        let taken = files
        files = []
        return taken
    }
}

/// Reads Content/: site.yaml, briefs in both forms with their bundle files,
/// plain pages. Every file is checked; all problems are reported together.
public struct ContentLoader: Sendable {
    public let root: URL
    let cache: ParseCache?
    /// False: a body is hashed and let go, and read from its file again
    /// when it is rendered, so that the whole site's text is never held at once.
    let keepsBodies: Bool
    /// Stamps of the entries under Content/ taken by the build's walk (see `RenderSettings.walkedInputs`).
    var walked: [String: EntryStamp]?

    public init(root: URL, cache: ParseCache? = nil, keepsBodies: Bool = true) {
        self.root = root.standardizedFileURL
        self.cache = cache
        self.keepsBodies = keepsBodies
    }

    public var contentURL: URL { root.appendingPathComponent("Content", isDirectory: true) }

    /// The walk's stamp of a plain file under Content/; a link, or a file the walk did not enter, is stat'ed.
    private func walkedStamp(of file: SourceFile) -> FileStamp? {
        guard let walked, file.path.hasPrefix("Content/"), let found = walked[String(file.path.dropFirst(8))],
              found.kind == .file
        else { return nil }
        return found.file
    }

    /// Reads Content/. With `layout`, the files of an earlier scan are read
    /// again without scanning the folders: for when only file contents changed.
    public func load(diagnostics: inout Diagnostics, layout known: ContentLayout? = nil, changed: Set<String>? = nil) -> LoadedContent? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: contentURL.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            diagnostics.error("there is no Content/ folder here; run briefsite from the site's root folder or pass --root DIR",
                              at: SourceLocation(file: "Content"))
            return nil
        }
        let siteFile = contentURL.appendingPathComponent("site.yaml")
        guard let siteText = ContentLoader.readText(siteFile, path: "Content/site.yaml", diagnostics: &diagnostics) else {
            if !FileManager.default.fileExists(atPath: siteFile.path) {
                diagnostics.error("Content/site.yaml is missing; it sets the site's title, baseURL and languages",
                                  at: SourceLocation(file: "Content/site.yaml"))
            }
            return nil
        }
        guard let config = SiteConfigDecoder.decode(siteText, file: "Content/site.yaml", diagnostics: &diagnostics) else {
            return nil
        }
        let languages = config.languages.map(\.code)
        let layout: ContentLayout
        if let known, known.languages == languages {
            layout = known
        } else {
            var scan = Diagnostics()
            var files: [SourceFile] = []
            var assetsByBundle: [String: [BundleAsset]] = [:]
            scanBriefs(languages: languages, files: &files, assets: &assetsByBundle, diagnostics: &scan)
            scanPages(languages: languages, files: &files, diagnostics: &scan)
            scanTopLevel(diagnostics: &scan)
            layout = ContentLayout(languages: languages, files: files, assetsByBundle: assetsByBundle, diagnostics: scan.all)
        }
        diagnostics.append(contentsOf: layout.diagnostics)
        let files = layout.files
        let assetsByBundle = layout.assetsByBundle

        // With the layout of a scan and the list of changed files, every other file is taken from the cache unread.
        let changedFiles: Set<Int>? = (known != nil ? changed : nil).map { changed in
            let absolutePaths = layout.absolutePaths
            return Set(absolutePaths.indices.filter { changed.contains(absolutePaths[$0]) })
        }
        let parsed = Array(files.indices).parallelMap { index in
            let file = files[index]
            guard let cache else { return parse(file) }
            if let changedFiles, !changedFiles.contains(index), let cached = cache.lookupUnchecked(file.path), cached.file == file {
                return cached
            }
            let stamp = walkedStamp(of: file) ?? FileStamp(url: file.url)
            if let stamp, let cached = cache.lookup(file.path, stamp: stamp), cached.file == file { return cached }
            let result = parse(file)
            if let stamp { cache.store(result, for: file.path, stamp: stamp) }
            return result
        }
        cache?.keepOnly(Set(files.map(\.path)))
        var briefs: [BriefSource] = []
        var pages: [PageSource] = []
        var unreadable = Set<String>()
        for result in parsed {
            diagnostics.append(contentsOf: result.diagnostics)
            if result.brief == nil && result.page == nil { unreadable.insert(result.file.path) }
            if let brief = result.brief {
                let assets = result.file.bundlePath.flatMap { assetsByBundle[$0] } ?? []
                briefs.append(BriefSource(slug: result.file.slug, translation: brief, assets: assets))
            }
            if let page = result.page {
                pages.append(PageSource(slug: result.file.slug, translation: page))
            }
        }
        return LoadedContent(config: config, files: files, layout: layout, briefs: briefs, pages: pages, unreadable: unreadable)
    }

    // MARK: Finding files

    /// An entry of a folder in Content/, looked up once: whether it is a
    /// link, and what it is (a link followed).
    struct ListedEntry {
        var url: URL
        var name: String
        var isLink: Bool
        var isDirectory: Bool
    }

    /// A folder's entries but hidden ones, sorted by name. What each is comes from the listing itself (`d_type`):
    /// only a link, or an entry of a file system that does not say, is looked up (a stat of each of 2,000 briefs
    /// was 2 % of a cold build of 1,000 briefs, before any of them was read).
    private func entries(of url: URL) -> [ListedEntry] {
        let folder = url.path
        guard let directory = opendir(folder) else { return [] }
        var listed: [(name: String, type: UInt8)] = []
        while let entry = readdir(directory) {
            guard let name = DirectoryEntry.name(of: entry), !name.hasPrefix(".") else { continue }
            listed.append((name, DirectoryEntry.type(of: entry)))
        }
        closedir(directory)
        return listed.sorted { $0.name < $1.name }.map { name, type in
            var isLink = type == UInt8(DT_LNK)
            var isDirectory = type == UInt8(DT_DIR)
            if isLink || type == UInt8(DT_UNKNOWN) {
                let path = folder + "/" + name
                var info = stat()
                isLink = lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
                if isLink, stat(path, &info) != 0 { info.st_mode = 0 }
                isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            }
            return ListedEntry(url: url.appendingPathComponent(name, isDirectory: isDirectory), name: name,
                               isLink: isLink, isDirectory: isDirectory)
        }
    }

    /// Content/'s own path with every link resolved, and a slash: what a file's resolved path must start with.
    private var resolvedContent: String { contentURL.resolvingSymlinksInPath().path + "/" }

    /// `slug.lang.md` → (slug, lang), or nil for a name of another shape.
    static func splitName(_ name: String) -> (slug: String, language: String)? {
        guard name.hasSuffix(".md") else { return nil }
        let stem = name.dropLast(3)
        guard let dot = stem.firstIndex(of: ".") else { return nil }
        return (String(stem[..<dot]), String(stem[stem.index(after: dot)...]))
    }

    private func checkLanguage(_ language: String, in path: String, languages: [String], diagnostics: inout Diagnostics) -> Bool {
        guard languages.contains(language) else {
            var message = "'\(language)' in the file name is not a language of this site (\(languages.joined(separator: ", ")))"
            if let suggestion = Suggestion.closest(to: language, among: languages) {
                message += "; did you mean '\(suggestion)'?"
            } else {
                message += "; rename the file or add the language to site.yaml"
            }
            diagnostics.error(message, at: SourceLocation(file: path))
            return false
        }
        return true
    }

    /// A file or folder that is a link to somewhere outside Content/ is never
    /// read. An entry that is no link, in a folder that lies inside, lies
    /// inside: only links and the top folders are resolved.
    private func staysInside(_ entry: ListedEntry, folderInside: Bool, content: String, path: String,
                             diagnostics: inout Diagnostics) -> Bool {
        if folderInside, !entry.isLink { return true }
        let target = entry.url.resolvingSymlinksInPath().path
        guard target.hasPrefix(content) else {
            diagnostics.error("\(path) is a link to \(target), outside Content/; copy the file into Content/ instead",
                              at: SourceLocation(file: path))
            return false
        }
        return true
    }

    private func checkSlug(_ slug: String, in path: String, diagnostics: inout Diagnostics) -> Bool {
        guard Slug.isValid(slug) else {
            diagnostics.error("'\(slug)' is not a valid slug; use lower-case letters a–z, digits and single hyphens, e.g. us-japan-talks",
                              at: SourceLocation(file: path))
            return false
        }
        return true
    }

    private func scanBriefs(languages: [String], files: inout [SourceFile], assets: inout [String: [BundleAsset]],
                            diagnostics: inout Diagnostics) {
        let briefsURL = contentURL.appendingPathComponent("briefs", isDirectory: true)
        let content = resolvedContent
        let briefsInside = briefsURL.resolvingSymlinksInPath().path.hasPrefix(content)
        for entry in entries(of: briefsURL) {
            let name = entry.name
            let path = "Content/briefs/\(name)"
            guard staysInside(entry, folderInside: briefsInside, content: content, path: path, diagnostics: &diagnostics) else { continue }
            if entry.isDirectory {
                guard checkSlug(name, in: path, diagnostics: &diagnostics) else { continue }
                var foundTranslation = false
                for item in entries(of: entry.url) {
                    let itemName = item.name
                    let itemPath = "\(path)/\(itemName)"
                    if itemName.hasSuffix(".md"),
                       !staysInside(item, folderInside: true, content: content, path: itemPath, diagnostics: &diagnostics) { continue }
                    if itemName.hasPrefix("index."), itemName.hasSuffix(".md"), !item.isDirectory {
                        let language = String(itemName.dropFirst("index.".count).dropLast(3))
                        guard checkLanguage(language, in: itemPath, languages: languages, diagnostics: &diagnostics) else { continue }
                        files.append(SourceFile(kind: .brief, slug: name, language: language, path: itemPath, url: item.url, bundlePath: path))
                        foundTranslation = true
                    } else if itemName.hasSuffix(".md"), !item.isDirectory {
                        diagnostics.error("a brief's folder holds its translations as index.<language>.md; rename \(itemName) (e.g. index.\(languages[0]).md) or move it out",
                                          at: SourceLocation(file: itemPath))
                    } else {
                        assets[path, default: []].append(contentsOf: bundleAssets(item, relative: itemName, content: content,
                                                                                  diagnostics: &diagnostics))
                    }
                }
                if !foundTranslation {
                    diagnostics.error("the brief folder \(path) has no index.<language>.md; add index.\(languages[0]).md",
                                      at: SourceLocation(file: path))
                }
            } else if let (slug, language) = ContentLoader.splitName(name) {
                guard checkSlug(slug, in: path, diagnostics: &diagnostics),
                      checkLanguage(language, in: path, languages: languages, diagnostics: &diagnostics)
                else { continue }
                files.append(SourceFile(kind: .brief, slug: slug, language: language, path: path, url: entry.url, bundlePath: nil))
            } else {
                diagnostics.error("\(name) is neither a brief folder nor a file named <slug>.<language>.md; rename or move it",
                                  at: SourceLocation(file: path))
            }
        }
    }

    /// `entry` lies in a brief's folder, or a folder below it, that lies inside Content/.
    private func bundleAssets(_ entry: ListedEntry, relative: String, content: String, diagnostics: inout Diagnostics) -> [BundleAsset] {
        if entry.isLink {
            let target = entry.url.resolvingSymlinksInPath().path
            guard target.hasPrefix(content) else {
                let bundle = entry.url.deletingLastPathComponent().lastPathComponent
                diagnostics.error("\(relative) is a link to \(target), outside Content/, which is never published; copy the file into the brief's folder instead",
                                  at: SourceLocation(file: "Content/briefs/" + bundle + "/" + relative))
                return []
            }
        }
        if entry.isDirectory {
            return entries(of: entry.url).flatMap {
                bundleAssets($0, relative: "\(relative)/\($0.name)", content: content, diagnostics: &diagnostics)
            }
        }
        return [BundleAsset(relativePath: relative, sourceURL: entry.url)]
    }

    private func scanPages(languages: [String], files: inout [SourceFile], diagnostics: inout Diagnostics) {
        let pagesURL = contentURL.appendingPathComponent("pages", isDirectory: true)
        let content = resolvedContent
        let pagesInside = pagesURL.resolvingSymlinksInPath().path.hasPrefix(content)
        for entry in entries(of: pagesURL) {
            let name = entry.name
            let path = "Content/pages/\(name)"
            guard staysInside(entry, folderInside: pagesInside, content: content, path: path, diagnostics: &diagnostics) else { continue }
            guard !entry.isDirectory, let (slug, language) = ContentLoader.splitName(name) else {
                diagnostics.error("\(name) is not a page file; pages are named <slug>.<language>.md, e.g. about.\(languages[0]).md",
                                  at: SourceLocation(file: path))
                continue
            }
            guard checkSlug(slug, in: path, diagnostics: &diagnostics),
                  checkLanguage(language, in: path, languages: languages, diagnostics: &diagnostics)
            else { continue }
            files.append(SourceFile(kind: .page, slug: slug, language: language, path: path, url: entry.url, bundlePath: nil))
        }
    }

    private func scanTopLevel(diagnostics: inout Diagnostics) {
        for entry in entries(of: contentURL) {
            let name = entry.name
            guard !["site.yaml", "briefs", "pages"].contains(name) else { continue }
            diagnostics.warning("Content/\(name) is not used: Content/ holds site.yaml, briefs/ and pages/", at: SourceLocation(file: "Content/\(name)"))
        }
    }

    // MARK: Reading files

    struct ParsedFile: Sendable {
        var file: SourceFile
        var brief: BriefTranslation?
        var page: PageTranslation?
        var diagnostics: [Diagnostic]
    }

    func parse(_ file: SourceFile) -> ParsedFile {
        var diagnostics = Diagnostics()
        var result = ParsedFile(file: file, diagnostics: [])
        guard let text = ContentLoader.readText(file.url, path: file.path, diagnostics: &diagnostics) else {
            result.diagnostics = diagnostics.all
            return result
        }
        let split: SplitSource
        switch FrontMatterSplitter.split(text, file: file.path) {
        case .success(let value): split = value
        case .failure(let diagnostic):
            result.diagnostics = [diagnostic]
            return result
        }
        let document: YAMLDocument
        switch YAMLDocument.parse(split.frontMatter, file: file.path, firstLine: split.frontMatterFirstLine) {
        case .success(let value): document = value
        case .failure(let diagnostic):
            result.diagnostics = [diagnostic]
            return result
        }
        switch file.kind {
        case .brief:
            if let matter = FrontMatterDecoder.brief(document, diagnostics: &diagnostics), !diagnostics.hasErrors {
                var translation = BriefTranslation(language: file.language, file: file.path, frontMatter: matter,
                                                   body: split.body, bodyFirstLine: split.bodyFirstLine)
                translation.frontMatterHash = BodyEdit.frontMatterHash(split.frontMatter)
                if !keepsBodies { translation.body = nil }
                result.brief = translation
            }
        case .page:
            if let matter = FrontMatterDecoder.page(document, diagnostics: &diagnostics), !diagnostics.hasErrors {
                var translation = PageTranslation(language: file.language, file: file.path, frontMatter: matter,
                                                  body: split.body, bodyFirstLine: split.bodyFirstLine)
                translation.frontMatterHash = BodyEdit.frontMatterHash(split.frontMatter)
                if !keepsBodies { translation.body = nil }
                result.page = translation
            }
        }
        result.diagnostics = diagnostics.all
        return result
    }

    /// The file as UTF-8 text; invalid bytes are reported with their line.
    /// No source file is read past this size: a brief is text, and a larger
    /// file is a mistake (or an attack on the build's memory).
    public static let maximumFileSize = 16 * 1024 * 1024

    /// The body of a file read again, for a translation taken from the build
    /// cache whose body must be rendered: nil unless the file still holds
    /// the body the cache knew (same hash, same first line).
    static func rereadBody(of file: SourceFile, hash: UInt64, firstLine: Int) -> String? {
        guard let split = reread(file.url, path: file.path),
              split.bodyFirstLine == firstLine, StableHash.of({ $0.combine(split.body) }).value == hash
        else { return nil }
        return split.body
    }

    /// A source read again and cut at its front matter, outside loading (which reports what is wrong with it);
    /// nil when it cannot be read or cut.
    static func reread(_ url: URL, path: String) -> SplitSource? {
        var ignored = Diagnostics()
        guard let text = readText(url, path: path, diagnostics: &ignored),
              case .success(let split) = FrontMatterSplitter.split(text, file: path) else { return nil }
        return split
    }

    static func readText(_ url: URL, path: String, diagnostics: inout Diagnostics) -> String? {
        let data: [UInt8]
        switch SourceRead.of(url.path, limit: ContentLoader.maximumFileSize) {
        case .bytes(let bytes): data = bytes
        case .unreadable: return nil
        case .tooLarge(let size):
            diagnostics.error("the file is \(size / (1024 * 1024)) MB; a source file may be at most \(ContentLoader.maximumFileSize / (1024 * 1024)) MB — split it, or move large data out of it",
                              at: SourceLocation(file: path))
            return nil
        }
        if let text = String(validating: data, as: UTF8.self) { return text }
        var line = 1
        var column = 1
        var iterator = data.makeIterator()
        var decoder = UTF8()
        decodeLoop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput: break decodeLoop
            case .error: break decodeLoop
            }
        }
        diagnostics.error("the file is not valid UTF-8 (first bad byte here); save it as UTF-8", at: SourceLocation(file: path, line: line, column: column))
        return nil
    }
}

/// The files a scan of Content/ found, and what it had to say about them.
public struct ContentLayout: Sendable {
    var languages: [String]
    var files: [SourceFile]
    var assetsByBundle: [String: [BundleAsset]]
    var diagnostics: [Diagnostic]
    /// Each file's absolute path, standardized (in `files`' order), and the same as a set: what a preview's
    /// rebuild compares with the paths the watcher saw change. Made only for a layout the preview keeps
    /// (`indexingPaths()`): a build has no use for them (two more copies of every source's path, held to its end).
    private var paths: (absolute: [String], known: Set<String>)?

    init(languages: [String], files: [SourceFile], assetsByBundle: [String: [BundleAsset]], diagnostics: [Diagnostic]) {
        self.languages = languages
        self.files = files
        self.assetsByBundle = assetsByBundle
        self.diagnostics = diagnostics
    }

    /// This layout with its files' absolute paths made, for the rebuilds that will compare changes with them.
    public func indexingPaths() -> ContentLayout {
        var layout = self
        layout.paths = (absolutePaths, knownPaths)
        return layout
    }

    var absolutePaths: [String] { paths?.absolute ?? files.map(\.url.standardizedFileURL.path) }
    var knownPaths: Set<String> { paths?.known ?? Set(absolutePaths) }

    /// Whether these changes (absolute paths) only altered files the layout
    /// already holds, so that a load may skip scanning the folders.
    public func covers(changes: [String], root: URL) -> Bool {
        let known = knownPaths
        return changes.allSatisfy { path in
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            // A known file changed in place, or an editor's temporary file came and went.
            return known.contains(path) ? exists && !isFolder.boolValue : !exists
        }
    }
}

/// What identifies a version of a file without reading it: size, change
/// time and inode. An editor's save, in place or by rename, changes one.
struct FileStamp: Hashable, Sendable {
    var size: Int64
    var modified: Int64
    var changed: Int64
    var inode: UInt64

    init(size: Int64, modified: Int64, changed: Int64, inode: UInt64) {
        self.size = size
        self.modified = modified
        self.changed = changed
        self.inode = inode
    }

    init?(url: URL) {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        inode = UInt64(info.st_ino)
    }
}

/// Parsed source files by path and stamp, kept between builds of a session.
public final class ParseCache: @unchecked Sendable {
    /// A reference: held inline, each of the dictionary's slots took the size of a whole parsed translation
    /// (2 % of a build's peak memory at 4,000 briefs).
    private final class Entry: Sendable {
        let stamp: FileStamp
        let file: ContentLoader.ParsedFile

        init(stamp: FileStamp, file: ContentLoader.ParsedFile) {
            self.stamp = stamp
            self.file = file
        }
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var reused = 0
    private var parsed = 0

    public init() {}

    func lookup(_ path: String, stamp: FileStamp) -> ContentLoader.ParsedFile? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[path], entry.stamp == stamp else { return nil }
        reused += 1
        return entry.file
    }

    /// The cached file without checking its stamp: for files known not to have changed.
    func lookupUnchecked(_ path: String) -> ContentLoader.ParsedFile? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[path] else { return nil }
        reused += 1
        return entry.file
    }

    func store(_ file: ContentLoader.ParsedFile, for path: String, stamp: FileStamp) {
        let entry = Entry(stamp: stamp, file: file)
        lock.lock()
        entries[path] = entry
        parsed += 1
        lock.unlock()
    }

    func keepOnly(_ paths: Set<String>) {
        lock.lock()
        entries = entries.filter { paths.contains($0.key) }
        lock.unlock()
    }

    /// Every entry, for the build cache on disk.
    func entriesForStorage() -> [(path: String, stamp: FileStamp, file: ContentLoader.ParsedFile)] {
        lock.lock()
        defer { lock.unlock() }
        return entries.map { ($0.key, $0.value.stamp, $0.value.file) }
    }

    /// Every entry, taken out: for a build whose cache file is written as it goes (`StoredCaches.FileWriter`).
    func takeEntriesForStorage() -> [(path: String, stamp: FileStamp, file: ContentLoader.ParsedFile)] {
        lock.lock()
        defer { entries = [:]; lock.unlock() }
        return entries.map { ($0.key, $0.value.stamp, $0.value.file) }
    }

    /// Entries of an earlier build, read from the build cache; each is still checked against its file's stamp.
    func prefill(_ stored: [(path: String, stamp: FileStamp, file: ContentLoader.ParsedFile)]) {
        lock.lock()
        entries.reserveCapacity(entries.count + stored.count)
        for entry in stored { entries[entry.path] = Entry(stamp: entry.stamp, file: entry.file) }
        lock.unlock()
    }

    /// Files parsed and reused since the last call.
    public func takeCounts() -> (parsed: Int, reused: Int) {
        lock.lock()
        defer { parsed = 0; reused = 0; lock.unlock() }
        return (parsed, reused)
    }
}
