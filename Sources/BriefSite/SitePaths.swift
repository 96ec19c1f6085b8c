import BriefCore
import Foundation

/// Where each page of the site lives, and how one page links to another.
/// Paths are relative to Public/ with `/` separators; a page's path is its
/// folder and ends in `/` (the root page's is ""), a file's does not.
public struct SitePaths: Sendable {
    public let config: SiteConfig

    public init(config: SiteConfig) {
        self.config = config
    }

    public func home(_ language: Language) -> String { "\(language.prefix)/" }
    public func briefs(_ language: Language) -> String { "\(language.prefix)/briefs/" }
    public func brief(_ slug: String, _ language: Language) -> String { "\(language.prefix)/briefs/\(slug)/" }
    public func page(_ slug: String, _ language: Language) -> String { "\(language.prefix)/\(slug)/" }
    public func topics(_ language: Language) -> String { "\(language.prefix)/topics/" }
    public func topic(_ segment: String, _ language: Language) -> String { "\(language.prefix)/topics/\(segment)/" }
    public func countries(_ language: Language) -> String { "\(language.prefix)/countries/" }
    public func country(_ code: CountryCode, _ language: Language) -> String { "\(language.prefix)/countries/\(code.lowercased)/" }
    public func feed(_ language: Language) -> String { "\(language.prefix)/feed.xml" }
    public static let root = ""
    public static let sitemap = "sitemap.xml"
    public static let notFound = "404.html"

    /// The file a page path is written to.
    public static func file(forPage path: String) -> String { path + "index.html" }

    /// The absolute URL, for canonical links, alternates, feeds and sitemap.
    public func absolute(_ path: String) -> String {
        config.baseURL + SitePaths.encode(path)
    }

    /// A relative link from the page at `from` (a folder) to `to`.
    public static func relative(from: String, to: String) -> String {
        let fromParts = from.split(separator: "/", omittingEmptySubsequences: true)
        let toIsFolder = to.isEmpty || to.hasSuffix("/")
        var toParts = to.split(separator: "/", omittingEmptySubsequences: true)
        var common = 0
        while common < fromParts.count, common < toParts.count - (toIsFolder ? 0 : 1), fromParts[common] == toParts[common] {
            common += 1
        }
        toParts.removeFirst(common)
        let ups = String(repeating: "../", count: fromParts.count - common)
        let rest = toParts.map { encodeSegment(String($0)) }.joined(separator: "/")
        let link = ups + rest + (toIsFolder && !rest.isEmpty ? "/" : "")
        return link.isEmpty ? "./" : link
    }

    static let segmentAllowed: CharacterSet = {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#%")
        return allowed
    }()

    public static func encodeSegment(_ segment: String) -> String {
        // Slugs and prefixes are plain ASCII: nothing to encode, no Foundation call.
        if segment.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F
            || ($0 >= 0x41 && $0 <= 0x5A) }) {
            return segment
        }
        return segment.addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? segment
    }

    public static func encode(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { encodeSegment(String($0)) }.joined(separator: "/")
    }
}
