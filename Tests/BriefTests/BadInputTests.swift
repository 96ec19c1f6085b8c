import BriefCore
import BriefSite
import Foundation
import Testing

/// Sites with one mistake each, as an editor or a hostile contributor could
/// make it, and the diagnostic each must give. Every case fails the build,
/// reports all its errors, and leaves Public/ exactly as it was.
@Suite struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var files: [String: String]
        /// `path:line:col: error: ` and the start of the message, for every error expected.
        var expected: [String]

        var testDescription: String { name }
    }

    static let brief = "Content/briefs/bad.zh-Hant.md"

    static func front(_ lines: String) -> String { "---\n\(lines)\n---\n\n內文。\n" }

    static let cases: [Case] = [
        Case(name: "tab indentation", files: [brief: front("title: x\ndate: 2025-01-01\ntopics:\n\t- a")],
             expected: ["\(brief):5:1: error: a tab indents this line"]),
        Case(name: "unclosed quote", files: [brief: front("title: \"x\ndate: 2025-01-01")],
             expected: ["\(brief):2:8: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar at line 2); close the quotation mark"]),
        Case(name: "no closing fence", files: [brief: "---\ntitle: x\ndate: 2025-01-01\n內文。\n"],
             expected: ["\(brief):1:1: error: the front matter opened on line 1 is never closed"]),
        Case(name: "empty file", files: [brief: ""], expected: ["\(brief):1:1: error: the file is empty"]),
        Case(name: "only white space", files: [brief: "  \n\n"], expected: ["\(brief):1:1: error: the file is empty"]),
        Case(name: "no front matter", files: [brief: "# 標題\n"], expected: ["\(brief):1:1: error: the file does not start with front matter"]),
        Case(name: "title is a list", files: [brief: front("title: [a, b]\ndate: 2025-01-01")],
             expected: ["\(brief):2:8: error: 'title' must be text, not a list"]),
        Case(name: "date in another format", files: [brief: front("title: x\ndate: 17/05/2025")],
             expected: ["\(brief):3:7: error: 'date' is not a valid date: '17/05/2025'"]),
        Case(name: "draft as a word", files: [brief: front("title: x\ndate: 2025-01-01\ndraft: yes")],
             expected: ["\(brief):4:8: error: 'draft' must be true or false, not 'yes'"]),
        Case(name: "unknown key", files: [brief: front("title: x\ndate: 2025-01-01\ntopic: [a]")],
             expected: ["\(brief):4:1: error: unknown key 'topic' in the front matter; did you mean 'topics'?"]),
        Case(name: "country code in lower case", files: [brief: front("title: x\ndate: 2025-01-01\ncountries: [tw]")],
             expected: ["\(brief):4:13: error: 'tw' is not a country code; did you mean 'TW'?"]),
        Case(name: "rate with a percent sign", files: [brief: front("title: x\ndate: 2025-01-01\ntariffs:\n  - {by: US, on: CN, rate: 30%, date: 2025-05-11}")],
             expected: ["\(brief):5:28: error: 'rate' must be a number"]),
        Case(name: "negative rate", files: [brief: front("title: x\ndate: 2025-01-01\ntariffs:\n  - {by: US, on: CN, rate: -5, date: 2025-05-11}")],
             expected: ["\(brief):5:28: error: 'rate' is -5%, outside 0 to 1000"]),
        Case(name: "a country taxing itself", files: [brief: front("title: x\ndate: 2025-01-01\ntariffs:\n  - {by: US, on: US, rate: 5, date: 2025-05-11}")],
             expected: ["\(brief):5:18: error: a tariff measure's 'by' and 'on' are both US"]),
        Case(name: "trade year as text", files: [brief: front("title: x\ndate: 2025-01-01\ntrade:\n  - {partner: JP, year: last, balance: 1}")],
             expected: ["\(brief):5:25: error: 'year' must be a whole number, not 'last'"]),
        Case(name: "event ends before it starts", files: [brief: front("title: x\ndate: 2025-01-01\ntimeline:\n  - {id: a, date: 2025-05-11, end: 2025-05-01, title: t}")],
             expected: ["\(brief):5:36: error: event 'a' ends (2025-05-01) before it starts (2025-05-11)"]),
        Case(name: "event without a date anywhere", files: [brief: front("title: x\ndate: 2025-01-01\ntimeline:\n  - {id: a, title: t}")],
             expected: ["\(brief):5:5: error: event 'a' has no date in any translation"]),
        Case(name: "deep nesting", files: [brief: front("title: x\ndate: 2025-01-01\ntopics: " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000))],
             expected: ["\(brief):4:"]),
        Case(name: "translation without a default-language brief", files: ["Content/briefs/orphan.en.md": front("title: x\ndate: 2025-01-01")],
             expected: ["Content/briefs/orphan.en.md:1:1: error: brief 'orphan' has no zh-Hant translation"]),
        Case(name: "the same brief in both forms", files: [
            "Content/briefs/twice.zh-Hant.md": front("title: x\ndate: 2025-01-01"),
            "Content/briefs/twice/index.zh-Hant.md": front("title: y\ndate: 2025-01-01"),
        ], expected: ["Content/briefs/twice/index.zh-Hant.md:1:1: error: brief 'twice' has two zh-Hant files"]),
        Case(name: "unsafe slug", files: ["Content/briefs/..hidden.zh-Hant.md": front("title: x\ndate: 2025-01-01")],
             expected: []),
        Case(name: "slug with capitals", files: ["Content/briefs/Bad.zh-Hant.md": front("title: x\ndate: 2025-01-01")],
             expected: ["Content/briefs/Bad.zh-Hant.md:1:1: error: 'Bad' is not a valid slug"]),
        Case(name: "unknown language in a file name", files: ["Content/briefs/ok.ja.md": front("title: x\ndate: 2025-01-01")],
             expected: ["Content/briefs/ok.ja.md:1:1: error: 'ja' in the file name is not a language of this site"]),
        Case(name: "javascript link", files: [brief: front("title: x\ndate: 2025-01-01") + "[x](javascript:alert(1))\n"],
             expected: ["\(brief):7:1: error: links with 'javascript:' are not allowed"]),
        Case(name: "link to a missing brief", files: [brief: front("title: x\ndate: 2025-01-01") + "見[此](gone.zh-Hant.md)。\n"],
             expected: ["\(brief):7:2: error: 'gone.zh-Hant.md' links to Content/briefs/gone.zh-Hant.md, which does not exist"]),
        Case(name: "site.yaml without languages", files: ["Content/site.yaml": "title: x\nbaseURL: https://example.test/\n"],
             expected: ["Content/site.yaml:1:1: error: site.yaml has no 'languages'"]),
    ]

    @Test(arguments: cases)
    func eachMistakeGivesItsDiagnosticAndLosesNothing(_ testCase: Case) throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        try site.buildSucceeding()
        let before = site.snapshot()
        for (path, text) in testCase.files { try site.write(path, text) }
        let started = Date()
        let result = site.build()
        let seconds = Date().timeIntervalSince(started)
        #expect(seconds < 10, "\(testCase.name) took \(seconds) s")
        let after = site.snapshot()
        #expect(before.keys.sorted() == after.keys.sorted(), "\(testCase.name) changed the files of Public/")
        for (path, (data, modified)) in before {
            #expect(after[path]?.0 == data && after[path]?.1 == modified, "\(testCase.name) changed Public/\(path)")
        }
        guard !testCase.expected.isEmpty else {
            // Names that are not briefs at all (hidden files) are ignored, and the site still builds.
            if case .failure(let failure) = result { Issue.record("\(testCase.name): \(failure)") }
            return
        }
        guard case .failure(let failure) = result else {
            Issue.record("\(testCase.name): the build succeeded")
            return
        }
        let errors = failure.diagnostics.filter { $0.severity == .error }.map(\.description)
        for expected in testCase.expected {
            #expect(errors.contains { $0.hasPrefix(expected) }, "\(testCase.name): expected \(expected)…, got \(errors)")
        }
    }

    @Test func aliasBombIsRefusedQuickly() throws {
        var lines = ["title: x", "date: 2025-01-01", "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
        let names = "abcdefghij".map(String.init)
        for index in 1..<names.count {
            lines.append("\(names[index]): &\(names[index]) [" + Array(repeating: "*\(names[index - 1])", count: 9).joined(separator: ", ") + "]")
        }
        lines.append("topics: *j")
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        try site.write(BadInputTests.brief, BadInputTests.front(lines.joined(separator: "\n")))
        let started = Date()
        let errors = try site.buildFailing().map(\.description)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(errors.contains { $0.hasPrefix("\(BadInputTests.brief):4:1: error: unknown key 'a' in the front matter") })
        #expect(errors.contains { $0.contains("each item of 'topics' must be text, not a list") })
    }
}
