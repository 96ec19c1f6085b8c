import Foundation

/// A small reader of the HTML briefsite writes: its tags with attributes
/// (entities decoded) and its text, enough to check links, alternates and
/// escaping without a browser.
struct ParsedPage {
    struct Tag {
        var name: String
        var attributes: [String: String]
        var offset: Int
    }

    let path: String
    let html: String
    let tags: [Tag]

    init(path: String, html: String) {
        self.path = path
        self.html = html
        tags = ParsedPage.scanTags(html)
    }

    func tags(_ name: String) -> [Tag] { tags.filter { $0.name == name } }

    /// The folder of the page, from which its relative links start.
    var folder: String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    var title: String? { textOf("title") }

    /// Text between `<name ...>` and `</name>`, entities decoded, tags removed.
    func textOf(_ name: String) -> String? {
        guard let open = html.range(of: "<\(name)"), let close = html.range(of: "</\(name)>", range: open.upperBound..<html.endIndex),
              let end = html[open.upperBound...].firstIndex(of: ">")
        else { return nil }
        let inner = String(html[html.index(after: end)..<close.lowerBound])
        return ParsedPage.decodeEntities(inner.replacing(/<[^>]*>/, with: ""))
    }

    var alternates: [String: String] {
        var result: [String: String] = [:]
        for tag in tags("link") where tag.attributes["rel"] == "alternate" {
            if let language = tag.attributes["hreflang"], let href = tag.attributes["href"] { result[language] = href }
        }
        return result
    }

    var canonical: String? {
        tags("link").first { $0.attributes["rel"] == "canonical" }?.attributes["href"]
    }

    /// Every href and src of the page that is not absolute or a fragment.
    var relativeLinks: [String] {
        tags.compactMap { $0.attributes["href"] ?? $0.attributes["src"] }.filter { link in
            !link.hasPrefix("#") && !link.contains("://") && !link.hasPrefix("mailto:") && !link.hasPrefix("tel:") && !link.hasPrefix("//")
        }
    }

    /// Resolves a relative link of this page to a path under Public/, the
    /// file a static server would send (index.html for a folder).
    func resolve(_ link: String) -> String? {
        var target = link
        if let cut = target.firstIndex(where: { $0 == "#" || $0 == "?" }) { target = String(target[..<cut]) }
        target = target.removingPercentEncoding ?? target
        var parts = folder.split(separator: "/").map(String.init)
        for part in target.split(separator: "/", omittingEmptySubsequences: false).map(String.init) {
            if part == "." || part.isEmpty { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        var resolved = parts.joined(separator: "/")
        if target.isEmpty || target.hasSuffix("/") || target == "." { resolved += resolved.isEmpty ? "index.html" : "/index.html" }
        return resolved
    }

    static func scanTags(_ html: String) -> [Tag] {
        var tags: [Tag] = []
        let scalars = Array(html.unicodeScalars)
        var index = 0
        func isNameChar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == ":" || scalar == "_"
        }
        while index < scalars.count {
            guard scalars[index] == "<", index + 1 < scalars.count, scalars[index + 1].properties.isAlphabetic else {
                index += 1
                continue
            }
            let start = index
            index += 1
            var name = ""
            while index < scalars.count, isNameChar(scalars[index]) { name.unicodeScalars.append(scalars[index]); index += 1 }
            var attributes: [String: String] = [:]
            while index < scalars.count, scalars[index] != ">" {
                if scalars[index].properties.isWhitespace || scalars[index] == "/" { index += 1; continue }
                var attribute = ""
                while index < scalars.count, isNameChar(scalars[index]) { attribute.unicodeScalars.append(scalars[index]); index += 1 }
                if attribute.isEmpty { index += 1; continue }
                var value = ""
                if index < scalars.count, scalars[index] == "=" {
                    index += 1
                    if index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" {
                        let quote = scalars[index]
                        index += 1
                        while index < scalars.count, scalars[index] != quote { value.unicodeScalars.append(scalars[index]); index += 1 }
                        index += 1
                    } else {
                        while index < scalars.count, !scalars[index].properties.isWhitespace, scalars[index] != ">" {
                            value.unicodeScalars.append(scalars[index]); index += 1
                        }
                    }
                }
                attributes[attribute.lowercased()] = decodeEntities(value)
            }
            tags.append(Tag(name: name.lowercased(), attributes: attributes, offset: start))
            index += 1
        }
        return tags
    }

    static func decodeEntities(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
