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
        // A byte-order mark and Windows line endings are read as editors mean them; a mistake in such a file is still located exactly.
        Case(name: "CRLF line endings with an unknown key", files: [brief: "---\r\ntitle: x\r\ndate: 2025-01-01\r\nauthr: y\r\n---\r\n\r\n內文。\r\n"],
             expected: ["\(brief):4:1: error: unknown key 'authr' in the front matter; did you mean 'author'?"]),
        Case(name: "a byte-order mark and a bad date", files: [brief: "\u{FEFF}---\ntitle: x\ndate: 2025-13-01\n---\n\n內文。\n"],
             expected: ["\(brief):3:7: error: 'date' is not a valid date: '2025-13-01'"]),
        Case(name: "a core YAML tag", files: [brief: front("title: x\ndate: 2025-01-01\nsummary: !!binary eA==")],
             expected: ["\(brief):4:10: error: the YAML tag '!!binary' is not read here"]),
        Case(name: "a local YAML tag", files: [brief: front("title: !python/object x\ndate: 2025-01-01")],
             expected: ["\(brief):2:8: error: the YAML tag '!python/object' is not read here"]),
        Case(name: "two tags: the first written is reported", files: [brief: front("title: !!int x\ndate: 2025-01-01\nsummary: !!binary eA==")],
             expected: ["\(brief):2:8: error: the YAML tag '!!int' is not read here"]),
        Case(name: "a tag on a list", files: [brief: front("title: x\ndate: 2025-01-01\ntopics: !!set {a, b}")],
             expected: ["\(brief):4:9: error: the YAML tag '!!set' is not read here"]),
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
        Case(name: "title empty", files: [brief: front("title:\ndate: 2025-01-01")],
             expected: ["\(brief):2:7: error: 'title' is empty"]),
        Case(name: "date missing", files: [brief: front("title: x")],
             expected: ["\(brief):2:1: error: the front matter has no 'date'"]),
        Case(name: "date with a time", files: [brief: front("title: x\ndate: 2025-01-01T10:00:00Z")],
             expected: ["\(brief):3:7: error: 'date' is not a valid date"]),
        Case(name: "impossible day", files: [brief: front("title: x\ndate: 2025-02-29")],
             expected: ["\(brief):3:7: error: 'date' is not a valid date: '2025-02-29'"]),
        Case(name: "author as a mapping", files: [brief: front("title: x\ndate: 2025-01-01\nauthor: {name: a}")],
             expected: ["\(brief):4:9: error: 'author' must be text, not a mapping"]),
        Case(name: "topics as text", files: [brief: front("title: x\ndate: 2025-01-01\ntopics: trade")],
             expected: ["\(brief):4:9: error: 'topics' must be a list"]),
        Case(name: "country listed twice", files: [brief: front("title: x\ndate: 2025-01-01\ncountries: [JP, JP]")],
             expected: ["\(brief):4:17: error: 'JP' is listed twice in 'countries'"]),
        Case(name: "not an ISO code", files: [brief: front("title: x\ndate: 2025-01-01\ncountries: [UK]")],
             expected: ["\(brief):4:13: error: 'UK' is not a country code"]),
        Case(name: "measure without a rate", files: [brief: front("title: x\ndate: 2025-01-01\ntariffs:\n  - {by: US, on: CN, date: 2025-05-11}")],
             expected: ["\(brief):5:5: error: a tariff measure has no 'rate'"]),
        Case(name: "unknown key in a measure", files: [brief: front("title: x\ndate: 2025-01-01\ntariffs:\n  - {by: US, on: CN, rate: 5, date: 2025-05-11, from: 2}")],
             expected: ["\(brief):5:49: error: unknown key 'from' in a tariff measure"]),
        Case(name: "previous out of range", files: [brief: front("title: x\ndate: 2025-01-01\ntariffs:\n  - {by: US, on: CN, rate: 5, previous: 1001, date: 2025-05-11}")],
             expected: ["\(brief):5:41: error: 'previous' is 1001%, outside 0 to 1000"]),
        Case(name: "tariffs not a list", files: [brief: front("title: x\ndate: 2025-01-01\ntariffs: {by: US}")],
             expected: ["\(brief):4:10: error: 'tariffs' must be a list"]),
        Case(name: "balance as quoted text", files: [brief: front("title: x\ndate: 2025-01-01\ntrade:\n  - {partner: JP, year: 2024, balance: \"-68.4e9\"}")],
             expected: ["\(brief):5:40: error: 'balance' must be a number"]),
        Case(name: "duplicate event id", files: [brief: front("title: x\ndate: 2025-01-01\ntimeline:\n  - {id: a, date: 2025-05-11, title: t}\n  - {id: a, date: 2025-05-12, title: u}")],
             expected: ["\(brief):6:10: error: event id 'a' is used twice in this brief"]),
        Case(name: "event id not a slug", files: [brief: front("title: x\ndate: 2025-01-01\ntimeline:\n  - {id: Geneva Talks, date: 2025-05-11, title: t}")],
             expected: ["\(brief):5:10: error: event id 'Geneva Talks' is not a slug"]),
        Case(name: "conflicting tariffs between translations", files: [
            brief: front("title: x\ndate: 2025-01-01\ntariffs:\n  - {by: US, on: CN, rate: 30, date: 2025-05-11}"),
            "Content/briefs/bad.en.md": front("title: y\ndate: 2025-01-01\ntariffs:\n  - {by: US, on: CN, rate: 31, date: 2025-05-11}"),
        ], expected: ["Content/briefs/bad.en.md:5:5: error: these tariffs differ from those in \(brief):5:3"]),
        Case(name: "conflicting event dates between translations", files: [
            brief: front("title: x\ndate: 2025-01-01\ntimeline:\n  - {id: a, date: 2025-05-11, title: t}"),
            "Content/briefs/bad.en.md": front("title: y\ndate: 2025-01-01\ntimeline:\n  - {id: a, date: 2025-05-12, title: u}"),
        ], expected: ["Content/briefs/bad.en.md:5:19: error: event 'a' has date 2025-05-12 here but 2025-05-11 in \(brief):5:19"]),
        Case(name: "unknown block option", files: [brief: front("title: x\ndate: 2025-01-01\ntariffs:\n  - {by: US, on: CN, rate: 30, date: 2025-05-11}") + "```tariffs\nfrom: US\n```\n"],
             expected: ["\(brief):10:1: error: unknown key 'from' in the options of a ```tariffs block"]),
        Case(name: "block filter that matches nothing", files: [brief: front("title: x\ndate: 2025-01-01\ntariffs:\n  - {by: US, on: CN, rate: 30, date: 2025-05-11}") + "```tariffs\nby: JP\n```\n"],
             expected: ["\(brief):9:1: error: the filter 'by: JP' matches none of this brief's tariffs"]),
        Case(name: "block without data", files: [brief: front("title: x\ndate: 2025-01-01") + "```trade\n```\n"],
             expected: ["\(brief):7:1: error: this brief has no trade balances to show"]),
        Case(name: "absolute link", files: [brief: front("title: x\ndate: 2025-01-01") + "[x](/zh-hant/)\n"],
             expected: ["\(brief):7:1: error: '/zh-hant/' is an absolute path"]),
        Case(name: "link out of Content", files: [brief: front("title: x\ndate: 2025-01-01") + "[x](../../../etc/passwd)\n"],
             expected: ["\(brief):7:1: error: '../../../etc/passwd' points outside Content/"]),
        Case(name: "image from another folder", files: [brief: front("title: x\ndate: 2025-01-01") + "![x](../briefs/japan/chart.svg)\n"],
             expected: ["\(brief):7:1: error: '../briefs/japan/chart.svg' is not in this brief's own folder"]),
        Case(name: "page with a reserved name", files: ["Content/pages/timeline.en.md": front("title: x")],
             expected: ["Content/pages/timeline.en.md:1:1: error: a page cannot be called 'timeline'"]),
        Case(name: "site.yaml with a bad baseURL", files: ["Content/site.yaml": TemporarySite.defaultSiteYAML.replacingOccurrences(of: "https://example.test/", with: "example.test")],
             expected: ["Content/site.yaml:4:10: error: baseURL 'example.test' is not an absolute http(s) URL"]),
        Case(name: "site.yaml with a bad language code", files: ["Content/site.yaml": TemporarySite.defaultSiteYAML.replacingOccurrences(of: "code: en", with: "code: english!")],
             expected: ["Content/site.yaml:9:11: error: 'english!' is not a language code"]),
        Case(name: "site.yaml with a language twice", files: ["Content/site.yaml": TemporarySite.defaultSiteYAML + "\n  - code: en\n    name: Again\n    prefix: again"],
             expected: ["Content/site.yaml:11:11: error: language 'en' is listed twice"]),
        Case(name: "a stray file among the briefs", files: ["Content/briefs/notes.txt": "to do"],
             expected: ["Content/briefs/notes.txt:1:1: error: notes.txt is neither a brief folder nor a file named <slug>.<language>.md"]),
        Case(name: "a brief folder without a translation", files: ["Content/briefs/empty/chart.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"],
             expected: ["Content/briefs/empty:1:1: error: the brief folder Content/briefs/empty has no index.<language>.md"]),
        Case(name: "a Markdown file in a bundle that is not a translation", files: ["Content/briefs/japan/notes.md": "notes"],
             expected: ["Content/briefs/japan/notes.md:1:1: error: a brief's folder holds its translations as index.<language>.md"]),
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

    /// Sets up a mistake that a dictionary of texts cannot hold, then checks
    /// the build fails with `expected` and leaves Public/ as it was.
    func failsLeavingPublic(_ setup: (TemporarySite) throws -> Void, expected: String) throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        try site.buildSucceeding()
        let before = site.snapshot()
        try setup(site)
        let errors = try site.buildFailing().filter { $0.severity == .error }.map(\.description)
        #expect(errors.contains { $0.hasPrefix(expected) }, "expected \(expected)…, got \(errors)")
        let after = site.snapshot()
        #expect(before.keys.sorted() == after.keys.sorted())
        for (path, (data, modified)) in before {
            #expect(after[path]?.0 == data && after[path]?.1 == modified, "Public/\(path) changed")
        }
    }

    @Test func invalidUTF8InFrontMatterBodyAndSiteYAML() throws {
        try failsLeavingPublic({ site in
            var bytes = Data("---\ntitle: ".utf8)
            bytes.append(contentsOf: [0xC3, 0x28])
            bytes.append(Data("\ndate: 2025-01-01\n---\n".utf8))
            try site.writeBytes(BadInputTests.brief, bytes)
        }, expected: "\(BadInputTests.brief):2:8: error: the file is not valid UTF-8")
        try failsLeavingPublic({ site in
            var bytes = Data("---\ntitle: x\ndate: 2025-01-01\n---\n\n內文".utf8)
            bytes.append(contentsOf: [0xE5, 0x85])
            try site.writeBytes(BadInputTests.brief, bytes)
        }, expected: "\(BadInputTests.brief):6:3: error: the file is not valid UTF-8")
        try failsLeavingPublic({ site in
            var bytes = Data(TemporarySite.defaultSiteYAML.utf8)
            bytes.append(contentsOf: [0xFF])
            try site.writeBytes("Content/site.yaml", bytes)
        }, expected: "Content/site.yaml:10:18: error: the file is not valid UTF-8")
    }

    @Test func aHugeBriefIsRefusedWithoutReadingIt() throws {
        try failsLeavingPublic({ site in
            let line = Data((String(repeating: "關稅談判", count: 250) + "\n").utf8)
            var bytes = Data("---\ntitle: x\ndate: 2025-01-01\n---\n".utf8)
            bytes.reserveCapacity(50 * 1024 * 1024 + line.count)
            while bytes.count < 50 * 1024 * 1024 { bytes.append(line) }
            try site.writeBytes(BadInputTests.brief, bytes)
        }, expected: "\(BadInputTests.brief):1:1: error: the file is 50 MB; a source file may be at most 16 MB")
    }

    @Test func linksOutOfContentAreNeverRead() throws {
        try failsLeavingPublic({ site in
            try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("Content/briefs/secret.zh-Hant.md").path,
                                                       withDestinationPath: "/etc/passwd")
        }, expected: "Content/briefs/secret.zh-Hant.md:1:1: error: Content/briefs/secret.zh-Hant.md is a link to /etc/passwd, outside Content/")
        try failsLeavingPublic({ site in
            try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("Content/pages/leak.en.md").path,
                                                       withDestinationPath: "/etc/hostname")
        }, expected: "Content/pages/leak.en.md:1:1: error: Content/pages/leak.en.md is a link to /etc/hostname, outside Content/")
        try failsLeavingPublic({ site in
            try site.remove("Content/briefs/japan/index.en.md")
            try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("Content/briefs/japan/index.en.md").path,
                                                       withDestinationPath: "/etc/hostname")
        }, expected: "Content/briefs/japan/index.en.md:1:1: error: Content/briefs/japan/index.en.md is a link to /etc/hostname, outside Content/")
        // A folder of Content/ that is itself a link out: every file in it is outside, though none of them is a link.
        try failsLeavingPublic({ site in
            let outside = site.root.appendingPathComponent("elsewhere", isDirectory: true)
            try FileManager.default.moveItem(at: site.root.appendingPathComponent("Content/briefs"), to: outside)
            try FileManager.default.createSymbolicLink(at: site.root.appendingPathComponent("Content/briefs"), withDestinationURL: outside)
        }, expected: "Content/briefs/geneva.en.md:1:1: error: Content/briefs/geneva.en.md is a link to /")
        try failsLeavingPublic({ site in
            try site.remove("Content/site.yaml")
        }, expected: "Content/site.yaml:1:1: error: Content/site.yaml is missing")
    }

    @Test func linksThatStayInsideContentArePublished() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("Content/briefs/japan/same-chart.svg").path,
                                                   withDestinationPath: "chart.svg")
        for language in ["en", "zh-Hant"] {
            try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("Content/briefs/geneva-copy.\(language).md").path,
                                                       withDestinationPath: "geneva.\(language).md")
        }
        try site.buildSucceeding()
        #expect(try site.text("en/briefs/japan/same-chart.svg") == SampleBriefs.twoBriefSite["Content/briefs/japan/chart.svg"])
        #expect(try site.page("en/briefs/geneva-copy/index.html").html.contains("Geneva"))
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
