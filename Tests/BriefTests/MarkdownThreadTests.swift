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
}
