import BriefCore
import BriefSite
import Foundation

/// A site written into a fresh temporary folder, built and read back.
struct TemporarySite {
    let root: URL

    init(_ files: [String: String] = [:], siteYAML: String = TemporarySite.defaultSiteYAML) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try write("Content/site.yaml", siteYAML)
        for (path, text) in files { try write(path, text) }
    }

    /// A copy of a fixture folder under Tests/BriefTests/Fixtures.
    init(fixture name: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.copyItem(at: TemporarySite.fixtures.appendingPathComponent(name), to: root)
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static var fixtures: URL {
        packageRoot.appendingPathComponent("Tests/BriefTests/Fixtures", isDirectory: true)
    }

    static let defaultSiteYAML = """
    title:
      zh-Hant: 測試基金會
      en: Test Foundation
    baseURL: https://example.test/
    languages:
      - code: zh-Hant
        name: 繁體中文
        prefix: zh-hant
      - code: en
        name: English
    """

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func writeBytes(_ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }

    var output: URL { root.appendingPathComponent("Public", isDirectory: true) }

    @discardableResult
    func build(drafts: Bool = false) -> Result<BuildReport, BuildFailure> {
        SiteBuilder.build(root: root, includeDrafts: drafts)
    }

    @discardableResult
    func buildSucceeding(drafts: Bool = false) throws -> BuildReport {
        switch build(drafts: drafts) {
        case .success(let report): return report
        case .failure(let failure): throw TestFailure("build failed:\n\(failure)")
        }
    }

    func buildFailing() throws -> [Diagnostic] {
        switch build() {
        case .success: throw TestFailure("the build succeeded but should have failed")
        case .failure(let failure): return failure.diagnostics
        }
    }

    func text(_ path: String) throws -> String {
        let url = output.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw TestFailure("no file Public/\(path)") }
        return String(decoding: data, as: UTF8.self)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path)
    }

    func page(_ path: String) throws -> ParsedPage {
        ParsedPage(path: path, html: try text(path))
    }

    /// Every file under Public/ with its bytes and modification time.
    func snapshot() -> [String: (Data, Date)] {
        var result: [String: (Data, Date)] = [:]
        guard let enumerator = FileManager.default.enumerator(at: output, includingPropertiesForKeys: nil) else { return result }
        let base = output.resolvingSymlinksInPath().path + "/"
        for case let url as URL in enumerator {
            let path = url.resolvingSymlinksInPath().path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeRegular,
                  let data = FileManager.default.contents(atPath: path),
                  let modified = attributes[.modificationDate] as? Date
            else { continue }
            result[String(path.dropFirst(base.count))] = (data, modified)
        }
        return result
    }

    /// All HTML pages of the output, by path.
    func allPages() throws -> [ParsedPage] {
        try snapshot().keys.filter { $0.hasSuffix(".html") }.sorted().map { try page($0) }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Every regular file under a folder, by path relative to it, with its bytes.
func filesWithBytes(under folder: URL) -> [String: Data] {
    var result: [String: Data] = [:]
    let base = folder.resolvingSymlinksInPath().path + "/"
    guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return result }
    for case let url as URL in enumerator {
        guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
              let data = FileManager.default.contents(atPath: url.path) else { continue }
        result[String(url.resolvingSymlinksInPath().path.dropFirst(base.count))] = data
    }
    return result
}
