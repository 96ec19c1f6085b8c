import Synchronization
import BriefCore
import BriefMarkdown
import Foundation
import Testing

/// libcmark-gfm keeps the characters its inline extensions react to (`~`
/// for strikethrough, `:` and `w` for autolinks) in one table for the
/// whole process, adds them when a parser starts its inlines and removes
/// them when it is done: two bodies parsed at once on two threads could
/// lose a strikethrough (a build once wrote `~~談判必有得失~~` as typed).
@Suite struct MarkdownThreadTests {
    @Test func bodiesRenderedOnEveryCoreKeepTheirExtensions() {
        let markdown = (1...40).map { "段落\($0)：~~刪去的字~~ 與 www.example.com 與 https://example.org/\($0) 。[^n\($0)]" }.joined(separator: "\n\n")
            + "\n\n| 國家 | 稅率 |\n|---|--:|\n| 日本 | 15% |\n\n- [x] 已完成\n- [ ] 未完成\n\n"
            + (1...40).map { "[^n\($0)]: 註\($0)。" }.joined(separator: "\n")
        let renderer = MarkdownRenderer()
        let expected = renderer.render(markdown, file: "Content/briefs/x.zh-Hant.md", firstLine: 1).html
        #expect(expected.components(separatedBy: "<del>").count == 41)
        #expect(expected.contains("<a href=\"http://www.example.com\">www.example.com</a>"))
        #expect(expected.contains("<table") && expected.contains("type=\"checkbox\"") && expected.contains("footnote"))
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 3_000) { _ in
            let html = renderer.render(markdown, file: "Content/briefs/x.zh-Hant.md", firstLine: 1).html
            if html != expected { mismatches.withLock { $0 += 1 } }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }

    /// Bodies with and without a `~` parsed at once: those without one run their inline pass beside any other
    /// (strikethrough is not attached to them, autolinks' characters are set once for the process), those with
    /// one take turns. Neither kind may lose a strikethrough, an autolink or an emphasis.
    @Test func bodiesWithAndWithoutATildeParsedAtOnceKeepTheirExtensions() {
        let struck = (1...30).map { "第\($0)段：~~刪去~~ 見 https://example.org/a\($0) 與 *強調*。" }.joined(separator: "\n\n")
        let plain = (1...30).map { "Paragraph \($0): see www.example.com/p\($0) and https://example.net/\($0), **bold** and _it_." }
            .joined(separator: "\n\n")
        let renderer = MarkdownRenderer()
        let expected = [struck, plain].map { renderer.render($0, file: "x.md", firstLine: 1).html }
        #expect(expected[0].components(separatedBy: "<del>").count == 31)
        #expect(expected[0].components(separatedBy: "<a href=").count == 31)
        #expect(expected[1].components(separatedBy: "<a href=").count == 61)
        #expect(expected[1].components(separatedBy: "<strong>").count == 31)
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4_000) { index in
            let html = renderer.render(index % 2 == 0 ? struck : plain, file: "x.md", firstLine: 1).html
            if html != expected[index % 2] { mismatches.withLock { $0 += 1 } }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }
}
