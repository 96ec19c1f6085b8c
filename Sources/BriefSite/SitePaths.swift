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
    public func timeline(_ language: Language) -> String { "\(language.prefix)/timeline/" }
    public func tracker(_ language: Language) -> String { "\(language.prefix)/tariffs/" }
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
        var from = from
        var to = to
        return from.withUTF8 { fromBytes in to.withUTF8 { toBytes in relative(fromBytes, toBytes) } }
    }

    private static func relative(_ from: UnsafeBufferPointer<UInt8>, _ to: UnsafeBufferPointer<UInt8>) -> String {
        let toIsFolder = to.isEmpty || to.last == slash
        var fromIndex = 0
        var toIndex = 0
        // The folders both paths share; a file's own name is never shared.
        while true {
            let fromStart = skipSlashes(from, fromIndex), toStart = skipSlashes(to, toIndex)
            let fromEnd = segmentEnd(from, fromStart), toEnd = segmentEnd(to, toStart)
            guard fromEnd > fromStart, toEnd > toStart, toIsFolder || skipSlashes(to, toEnd) < to.count,
                  ByteSearch.same(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: from[fromStart..<fromEnd])),
                                  UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: to[toStart..<toEnd])))
            else { break }
            fromIndex = fromEnd
            toIndex = toEnd
        }
        var link: [UInt8] = []
        link.reserveCapacity(to.count - toIndex + 16)
        var index = skipSlashes(from, fromIndex)
        while index < from.count {
            link.append(dot)
            link.append(dot)
            link.append(slash)
            index = skipSlashes(from, segmentEnd(from, index))
        }
        index = skipSlashes(to, toIndex)
        var wroteSegment = false
        while index < to.count {
            let end = segmentEnd(to, index)
            if wroteSegment { link.append(slash) }
            let segment = UnsafeBufferPointer(rebasing: to[index..<end])
            if segment.allSatisfy(isPlainSegmentByte) {
                link.append(contentsOf: segment)
            } else {
                link.append(contentsOf: encodeSegment(String(decoding: segment, as: UTF8.self)).utf8)
            }
            wroteSegment = true
            index = skipSlashes(to, end)
        }
        if toIsFolder && wroteSegment { link.append(slash) }
        return link.isEmpty ? "./" : String(decoding: link, as: UTF8.self)
    }

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    private static func skipSlashes(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] == slash { index += 1 }
        return index
    }

    private static func segmentEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] != slash { index += 1 }
        return index
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

    /// Topic segments in Han characters repeat on every page that links to them: encoded once.
    private static let encoded = Memo<String, String>()

    public static func encodeSegment(_ segment: String) -> String {
        // Slugs and prefixes are plain ASCII: nothing to encode, no Foundation call.
        if segment.utf8.allSatisfy(isPlainSegmentByte) {
            return segment
        }
        return encoded.value(for: segment) { segment.addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? segment }
    }

    public static func encode(_ path: String) -> String {
        if path.utf8.allSatisfy({ isPlainSegmentByte($0) || $0 == slash }) { return path }
        return path.split(separator: "/", omittingEmptySubsequences: false).map { encodeSegment(String($0)) }.joined(separator: "/")
    }
}
