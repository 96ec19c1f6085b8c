import BriefCore
import BriefMarkdown
import Foundation

/// Where a source file is published, as a link to it needs to know.
enum SourcePage: Equatable, Sendable {
    case published(page: String)
    /// Found, but a draft or in no published language.
    case unpublished
    case missing
}

/// The site's source files and their pages, looked up by a source's path.
protocol SourcePages: Sendable {
    func page(of source: String) -> SourcePage
}

/// Every source and its page in tables: what a whole render makes.
struct SourceTables: SourcePages {
    /// Published pages by the path of their source file.
    let pageBySource: [String: String]
    /// Every source file that was found, published or not.
    let knownSources: Set<String>

    func page(of source: String) -> SourcePage {
        if let page = pageBySource[source] { return .published(page: page) }
        return knownSources.contains(source) ? .unpublished : .missing
    }
}

/// Checks each link of a brief or page and rewrites links to source files
/// into relative links to the pages built from them.
struct LinkResolver: Sendable {
    let sources: any SourcePages
    let root: URL


    static let allowedSchemes: Set<String> = ["http", "https", "mailto", "tel", "ftp", "ftps", "news", "irc", "ircs", "xmpp"]

    /// Resolves `request`, written in `file` (a Content/ path), for the page at `pagePath`.
    func resolve(_ request: LinkRequest, file: String, bundlePath: String?, pagePath: String) -> LinkResolution {
        let destination = request.destination.trimmedWhitespace
        if destination.isEmpty {
            return .error("this link has no destination; write [text](target)")
        }
        if destination.hasPrefix("#") { return .keep }
        if let scheme = LinkResolver.scheme(of: destination) {
            if LinkResolver.allowedSchemes.contains(scheme) { return .keep }
            return .error("links with '\(scheme):' are not allowed; link to an http(s) address or to another brief's file")
        }
        if destination.hasPrefix("//") { return .keep }
        if destination.hasPrefix("/") {
            return .error("'\(destination)' is an absolute path, which breaks when the site is served under a sub-path; link to the source file instead, relative to this one (e.g. ../other-brief/index.en.md)")
        }
        var pathPart = destination
        var suffix = ""
        if pathPart.utf8.contains(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") }),
           let index = pathPart.firstIndex(where: { $0 == "#" || $0 == "?" }) {
            suffix = String(pathPart[index...])
            pathPart = String(pathPart[..<index])
        }
        let decoded = pathPart.utf8.contains(UInt8(ascii: "%")) ? (pathPart.removingPercentEncoding ?? pathPart) : pathPart
        // The folder of `file`: what comes before its last slash (`normalize` drops empty components).
        let directory = file.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(file[..<$0]) } ?? ""
        guard let target = LinkResolver.normalize(directory + "/" + decoded), target.hasPrefix("Content/") else {
            return .error("'\(destination)' points outside Content/; link only to files of the site")
        }
        if target.hasSuffix(".md") {
            switch sources.page(of: target) {
            case .published(let page):
                return .rewrite(SitePaths.relative(from: pagePath, to: page) + suffix)
            case .unpublished:
                return .error("'\(destination)' links to \(target), which is a draft or not published in this build; publish it or remove the link")
            case .missing:
                break
            }
            return .error("'\(destination)' links to \(target), which does not exist; check the file name (briefs are Content/briefs/<slug>.<language>.md or Content/briefs/<slug>/index.<language>.md)")
        }
        let exists = FileManager.default.fileExists(atPath: root.appendingPathComponent(target).path)
        guard exists else {
            return .error("'\(destination)' links to \(target), which does not exist")
        }
        guard let bundlePath, target.hasPrefix(bundlePath + "/") else {
            return .error("'\(destination)' is not in this brief's own folder, so it is not published; make the brief a folder (Content/briefs/<slug>/index.<language>.md) and put the file beside it")
        }
        return .keep
    }

    /// The scheme of an absolute URL, lower-cased; nil for a relative reference.
    static func scheme(of destination: String) -> String? {
        // Most links are relative paths, with no colon at all: told from the bytes.
        guard destination.utf8.contains(UInt8(ascii: ":")), let colon = destination.firstIndex(of: ":") else { return nil }
        let candidate = destination[..<colon]
        if let slash = destination.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }), slash < colon { return nil }
        let cleaned = candidate.filter { !$0.isWhitespace && $0.asciiValue.map { $0 >= 0x20 } ?? true }
        guard let first = cleaned.first, first.isLetter,
              cleaned.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
        else { return nil }
        return cleaned.lowercased()
    }

    /// Resolves `.` and `..`; nil when the path climbs above its start. Split at its slash bytes, as the file
    /// system splits it, and put together from its bytes: as characters, both were half of a link's resolving.
    static func normalize(_ path: String) -> String? {
        let bytes = Array(path.utf8)
        var parts: [Range<Int>] = []
        var start = 0
        for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: "/") {
            defer { start = end + 1 }
            let part = start..<end
            if part.isEmpty || (part.count == 1 && bytes[start] == UInt8(ascii: ".")) { continue }
            if part.count == 2 && bytes[start] == UInt8(ascii: ".") && bytes[start + 1] == UInt8(ascii: ".") {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        var joined: [UInt8] = []
        joined.reserveCapacity(bytes.count)
        for (position, part) in parts.enumerated() {
            if position > 0 { joined.append(UInt8(ascii: "/")) }
            joined.append(contentsOf: bytes[part])
        }
        return String(decoding: joined, as: UTF8.self)
    }
}
