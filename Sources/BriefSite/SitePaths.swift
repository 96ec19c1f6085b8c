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

    /// A relative link from the page at `from` (a folder) to `to`. Every
    /// page links to dozens of others, so this works on the UTF-8 bytes.
    public static func relative(from: String, to: String) -> String {
        let fromBytes = Array(from.utf8)
        let toBytes = Array(to.utf8)
        let fromParts = segments(fromBytes)
        let toParts = segments(toBytes)
        let toIsFolder = toBytes.isEmpty || toBytes.last == slash
        var common = 0
        while common < fromParts.count, common < toParts.count - (toIsFolder ? 0 : 1),
              fromBytes[fromParts[common]].elementsEqual(toBytes[toParts[common]]) {
            common += 1
        }
        var link: [UInt8] = []
        link.reserveCapacity(3 * (fromParts.count - common) + toBytes.count + 1)
        for _ in common..<fromParts.count { link.append(contentsOf: [dot, dot, slash]) }
        for index in common..<toParts.count {
            if index > common { link.append(slash) }
            let segment = toBytes[toParts[index]]
            if segment.allSatisfy(isPlainSegmentByte) {
                link.append(contentsOf: segment)
            } else {
                link.append(contentsOf: encodeSegment(String(decoding: segment, as: UTF8.self)).utf8)
            }
        }
        if toIsFolder && common < toParts.count { link.append(slash) }
        return link.isEmpty ? "./" : String(decoding: link, as: UTF8.self)
    }

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    /// The non-empty `/`-separated parts of a path.
    private static func segments(_ bytes: [UInt8]) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == slash {
            if index > start { parts.append(start..<index) }
            start = index + 1
        }
        return parts
    }

    /// Letters, digits and `-._`: what slugs and prefixes are made of, never percent-encoded.
    private static func isPlainSegmentByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E || byte == 0x5F
            || (byte >= 0x41 && byte <= 0x5A)
    }

    static let segmentAllowed: CharacterSet = {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#%")
        return allowed
    }()

    public static func encodeSegment(_ segment: String) -> String {
        // Slugs and prefixes are plain ASCII: nothing to encode, no Foundation call.
        if segment.utf8.allSatisfy(isPlainSegmentByte) {
            return segment
        }
        return segment.addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? segment
    }

    public static func encode(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { encodeSegment(String($0)) }.joined(separator: "/")
    }
}
