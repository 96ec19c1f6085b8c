@testable import BriefSite
@testable import BriefCore
@testable import BriefMarkdown
import Foundation
import Testing

/// The byte-level steps of resolving a link against the character-level rules they replaced, on random input
/// made of the pieces that matter (slashes, dots, CJK names, white space at either end, `#` and `?`).
@Suite struct LinkPathTests {
    /// `.` and `..` resolved, empty components dropped, nil above the start: as the old split-and-join did.
    @Test func normalizeAgreesWithSplittingByCharacters() {
        func reference(_ path: String) -> String? {
            var parts: [Substring] = []
            for part in path.split(separator: "/", omittingEmptySubsequences: true) {
                if part == "." { continue }
                if part == ".." {
                    guard !parts.isEmpty else { return nil }
                    parts.removeLast()
                } else {
                    parts.append(part)
                }
            }
            return parts.joined(separator: "/")
        }
        let pieces = ["/", "/", "/", ".", "..", "a", "Content", "briefs", "關稅", "index.zh-Hant.md", "x.en.md", "...", ".md", " "]
        var generator = SeededGenerator(seed: 7)
        var climbed = 0
        for _ in 0..<3_000 {
            let path = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            let expected = reference(path)
            #expect(LinkResolver.normalize(path) == expected, "\(path)")
            if expected == nil { climbed += 1 }
        }
        #expect(climbed > 30, "the random paths should also climb above their start")
        #expect(LinkResolver.normalize("Content/briefs/a/../b/./c.md") == "Content/briefs/b/c.md")
        #expect(LinkResolver.normalize("../x") == nil)
    }

    /// Text trimmed the same whether or not it takes the fast path of a printable ASCII character at each end.
    @Test func trimmingAgreesWithTheCharacterRule() {
        func reference(_ text: String) -> String {
            guard let first = text.firstIndex(where: { !$0.isWhitespace }), let last = text.lastIndex(where: { !$0.isWhitespace }) else {
                return ""
            }
            return String(text[first...last])
        }
        let pieces = ["a", "#", "~", " ", "\t", "\n", "\r\n", "\u{3000}", "\u{A0}", "關", "e\u{301}", "\u{301}", "\u{200D}", "x"]
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            #expect(text.trimmedWhitespace == reference(text), "\(Array(text.unicodeScalars))")
            #expect(text[...].trimmedWhitespace == reference(text))
        }
    }

    /// A link's resolution as a brief sees it: relative files to relative pages, with their fragment; a scheme
    /// allowed or refused; a path climbing out of Content/ refused.
    @Test func resolvesRelativeLinksToPages() {
        let resolver = LinkResolver(sources: SourceTables(
            pageBySource: ["Content/briefs/b.en.md": "en/briefs/b/", "Content/briefs/關稅/index.zh-Hant.md": "zh-hant/briefs/關稅/"],
            knownSources: ["Content/briefs/b.en.md", "Content/briefs/關稅/index.zh-Hant.md", "Content/briefs/d.en.md"]),
                                    root: URL(fileURLWithPath: "/nonexistent"))
        func resolve(_ destination: String) -> LinkResolution {
            resolver.resolve(LinkRequest(destination: destination, isImage: false, location: SourceLocation(file: "Content/briefs/a.en.md")),
                             file: "Content/briefs/a.en.md", bundlePath: nil, pagePath: "en/briefs/a/")
        }
        func rewritten(_ destination: String) -> String? {
            if case .rewrite(let url) = resolve(destination) { return url }
            return nil
        }
        func kept(_ destination: String) -> Bool {
            if case .keep = resolve(destination) { return true }
            return false
        }
        #expect(rewritten(" b.en.md#tariffs ") == "../b/#tariffs")
        #expect(rewritten("./b.en.md?x=1") == "../b/?x=1")
        #expect(rewritten("%E9%97%9C%E7%A8%85/index.zh-Hant.md") == "../../../zh-hant/briefs/%E9%97%9C%E7%A8%85/")
        #expect(kept("https://example.org/a:b") && kept("#top") && kept("mailto:a@example.org"))
        guard case .error(let refused) = resolve("javascript:alert(1)") else { Issue.record("javascript: not refused"); return }
        #expect(refused.contains("'javascript:'"))
        guard case .error(let outside) = resolve("../../../etc/passwd") else { Issue.record("climbing out not refused"); return }
        #expect(outside.contains("outside Content/"))
        guard case .error(let draft) = resolve("d.en.md") else { Issue.record("a draft's link not refused"); return }
        #expect(draft.contains("draft"))
    }
}

/// A summary's scan reading each character's first scalar at its index, against the scan character by character.
@Suite struct SummaryCutTests {
    static func reference(_ text: String) -> String {
        var width = 0
        var lastSentenceEnd: String.Index?
        var lastBreak: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            width += character.unicodeScalars.first.map { CJK.isWide($0) ? 2 : 1 } ?? 1
            if width > Summary.maximumWidth { break }
            let next = text.index(after: index)
            let isWide = character.unicodeScalars.first.map(CJK.isWide) ?? false
            let single = character.unicodeScalars.count == 1 ? character.unicodeScalars.first : nil
            if let single, CJK.isSentenceEnd(single), width >= Summary.minimumWidth {
                var end = next
                if end < text.endIndex, Summary.closingMarks.contains(text[end]) { end = text.index(after: end) }
                if end == text.endIndex || isWide || text[end].isWhitespace { lastSentenceEnd = end }
            }
            if character.isWhitespace {
                lastBreak = index
            } else if isWide {
                lastBreak = next
            }
            index = next
        }
        // What is kept once the scan stopped did not change: only the scan is compared.
        return Summary.ending(text, stoppedAt: index, lastSentenceEnd: lastSentenceEnd, lastBreak: lastBreak)
    }

    @Test func cutsAsCharacterByCharacter() {
        let pieces = ["關稅", "貿易", "。", "！", "？", "!", ".", "?", "」", "”", ")", " ", "\u{3000}", "\r\n", "tariff ", "rate",
                      "e\u{301}", "!\u{301}", "。\u{301}", "😀", "，", "-", "\u{A0}", "9.5%"]
        var generator = SeededGenerator(seed: 23)
        var cut = 0
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...160, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            let expected = SummaryCutTests.reference(text)
            #expect(Summary.cut(text) == expected, "\(text)")
            if expected != text { cut += 1 }
        }
        #expect(cut > 500, "most random texts should be long enough to be cut")
    }
}

/// A slug told in one scan of its bytes, against its pattern `[a-z0-9]+(-[a-z0-9]+)*` checked piece by piece.
@Suite struct SlugTests {
    @Test func validAsThePatternSays() {
        func reference(_ text: String) -> Bool {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            return !text.isEmpty && parts.allSatisfy { part in
                !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            }
        }
        let pieces = ["a", "z", "0", "9", "-", "-", "--", "A", "_", " ", "é", "關", "geneva", "talks", "2025"]
        var generator = SeededGenerator(seed: 31)
        var valid = 0
        for _ in 0..<4_000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            #expect(Slug.isValid(text) == reference(text), "\(text)")
            if reference(text) { valid += 1 }
        }
        #expect(valid > 300 && valid < 3_700, "both kinds should be among the random texts")
    }
}
