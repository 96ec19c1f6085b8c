import BriefCore
import BriefSite
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Hostile text in every front-matter string that reaches the output — site
/// title and description, brief title, author, affiliation, summary, topics,
/// goods, event titles, page titles — and what each output kind must make of
/// it: text in HTML, text in attributes, text in XML, a JSON string, an
/// iCalendar TEXT value, a CSV cell that cannot run as a formula.
@Suite struct HostileStringTests {
    /// Markup, an attribute break-out, a script end inside JSON-LD, a CSV formula, and a line break.
    static let payloads = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(2)>",
        "'; alert(3); '</script><script>alert(4)",
        "=HYPERLINK(\"http://evil.test\",\"x\")",
        "@SUM(A1)+-cmd|' /C calc'!A0",
        "line\r\nBEGIN:VEVENT\r\nSUMMARY:injected",
        "]]><x/><![CDATA[",
        "&amp; &lt;b&gt; {{x}} ${x}",
    ]

    /// A YAML double-quoted scalar holding `text` exactly: a JSON string literal is one.
    static func quoted(_ text: String) -> String {
        JSONString.literal(text)
    }

    static func site(_ payload: String) throws -> TemporarySite {
        let q = quoted(payload)
        let siteYAML = """
            title: { zh-Hant: \(quoted("基金會 " + payload)), en: \(quoted("Foundation " + payload)) }
            description: { zh-Hant: \(q), en: \(q) }
            baseURL: https://example.test/
            languages:
              - { code: zh-Hant, name: 繁體中文, prefix: zh-hant }
              - { code: en, name: English }
            """
        let brief = """
            ---
            title: \(q)
            date: 2025-05-12
            author: \(q)
            affiliation: \(q)
            summary: \(q)
            topics: [\(q)]
            countries: [US, CN]
            tariffs:
              - { by: US, on: CN, goods: \(q), rate: 30, previous: 145, date: 2025-05-14 }
            trade:
              - { partner: CN, year: 2024, balance: -295000000000 }
            timeline:
              - { id: talks, date: 2025-05-10, end: 2025-05-11, title: \(q), countries: [US, CN] }
            ---

            Body text.

            ```tariffs
            on: CN
            ```
            """
        let english = """
            ---
            title: \(q)
            date: 2025-05-12
            topics: [\(q)]
            timeline:
              - { id: talks, title: \(q) }
            ---

            Body text.
            """
        let page = "---\ntitle: \(q)\nmenu: 1\n---\n\nAbout us.\n"
        return try TemporarySite([
            "Content/briefs/attack/index.zh-Hant.md": brief,
            "Content/briefs/attack/index.en.md": english,
            "Content/pages/about.zh-Hant.md": page,
            "Content/pages/about.en.md": page,
        ], siteYAML: siteYAML)
    }

    @Test(arguments: payloads)
    func everyOutputKindEscapesIt(_ payload: String) throws {
        let site = try HostileStringTests.site(payload)
        try site.buildSucceeding()
        let files = site.snapshot().keys.sorted()
        var kinds = Set<String>()

        for path in files where path.hasSuffix(".html") {
            kinds.insert("html")
            let page = try site.page(path)
            #expect(!page.tags.contains { $0.name == "script" && $0.attributes["type"] != "application/ld+json" },
                    "\(path): a script element")
            #expect(!page.tags.contains { $0.name == "img" || $0.name == "x" || $0.name == "b" }, "\(path): markup from front matter")
            #expect(!page.tags.contains { $0.attributes.keys.contains { $0.hasPrefix("on") } }, "\(path): an event handler")
            // JSON-LD: one script element whose content parses as JSON and cannot end early.
            for range in page.html.ranges(of: "<script type=\"application/ld+json\">") {
                let rest = page.html[range.upperBound...]
                let end = try #require(rest.range(of: "</script>"))
                let json = String(rest[..<end.lowerBound])
                #expect(!json.lowercased().contains("<script") && !json.lowercased().contains("</"), "\(path): JSON-LD can close its element")
                #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "\(path): JSON-LD does not parse")
            }
        }
        let brief = try site.page("zh-hant/briefs/attack/index.html")
        #expect(brief.textOf("h1") == payload, "the title reads as the text that was written")

        for path in files where path.hasSuffix(".xml") {
            kinds.insert("xml")
            let document = try XMLDocument(data: Data(contentsOf: site.output.appendingPathComponent(path)))
            #expect(document.rootElement() != nil, "\(path) does not parse as XML")
            if path.hasSuffix("feed.xml") {
                let titles = document.rootElement()?.elements(forName: "entry").compactMap { $0.elements(forName: "title").first?.stringValue }
                #expect(titles?.contains(payload) == true, "\(path): the entry title is not the text that was written")
            }
        }
        for path in files where path.hasSuffix(".json") {
            kinds.insert("json")
            let data = try Data(contentsOf: site.output.appendingPathComponent(path))
            let parsed = try JSONSerialization.jsonObject(with: data)
            if path == "data/timeline.json" {
                let events = try #require(parsed as? [[String: Any]])
                #expect((events.first?["title"] as? [String: String])?["en"] == payload)
            }
        }
        for path in files where path.hasSuffix(".ics") {
            kinds.insert("ics")
            let text = try site.text(path)
            let lines = text.components(separatedBy: "\r\n")
            #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 1, "\(path): an event was injected")
            #expect(!lines.contains { $0.hasPrefix("SUMMARY:injected") }, "\(path): a property was injected")
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"),
                    "\(path): a bare line break")
        }
        for path in files where path.hasSuffix(".csv") {
            kinds.insert("csv")
            let text = try site.text(path)
            for line in text.components(separatedBy: "\r\n") {
                for cell in HostileStringTests.cells(line) {
                    #expect(!["=", "+", "@"].contains(cell.first.map(String.init) ?? ""), "\(path): a cell that runs as a formula: \(cell)")
                    #expect(!(cell.hasPrefix("-") && Double(cell) == nil), "\(path): a cell that runs as a formula: \(cell)")
                }
            }
        }
        #expect(kinds == ["html", "xml", "json", "ics", "csv"], "every output kind was read: \(kinds)")
    }

    /// The cells of one CSV record (RFC 4180 quoting).
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if quoted {
                if character == "\"" {
                    let next = line.index(after: index)
                    if next < line.endIndex, line[next] == "\"" {
                        cell.append("\"")
                        index = next
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(character)
            }
            index = line.index(after: index)
        }
        cells.append(cell)
        return cells
    }
}
