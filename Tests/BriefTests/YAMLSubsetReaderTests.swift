@testable import BriefCore
import Foundation
import Testing

/// The subset reader against Yams: whatever the subset reader reads, Yams
/// must read to the same nodes — text, quoting style, line and column — and
/// whatever it declines is left to Yams. Fed the site's own content, every
/// broken site of the bad-input suite, and generated front matter with
/// random damage.
@Suite struct YAMLSubsetReaderTests {
    enum Verdict: Equatable {
        case same
        case declined
        case different(String)
    }

    /// Compares the two readings of one text.
    static func verdict(_ yaml: String) -> Verdict {
        guard case .read(let subset) = YAMLSubsetReader.read(yaml) else { return .declined }
        let yams: YAMLNode?
        switch YAMLDocument.parseWithYams(yaml, file: "x.md", firstLine: 1) {
        case .success(let document): yams = document.root
        case .failure(let diagnostic): return .different("Yams refuses what the subset reader read: \(diagnostic.message)\n\(yaml)")
        }
        guard subset == yams else {
            return .different("subset: \(String(describing: subset))\nYams:   \(String(describing: yams))\n\(yaml)")
        }
        return .same
    }

    static func frontMatter(of text: String) -> String? {
        guard case .success(let split) = FrontMatterSplitter.split(text, file: "x.md") else { return nil }
        return split.frontMatter
    }

    @Test func theSampleSiteIsReadBySubsetAndAgreesWithYams() throws {
        let content = TemporarySite.packageRoot.appendingPathComponent("Content", isDirectory: true)
        let files = try #require(FileManager.default.enumerator(at: content, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { ["md", "yaml"].contains($0.pathExtension) })
        #expect(files.count >= 8)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let yaml = file.pathExtension == "yaml" ? text : try #require(Self.frontMatter(of: text))
            // The site's own files are the common case: the fast reader must take every one.
            #expect(Self.verdict(yaml) == .same, "\(file.lastPathComponent)")
        }
    }

    @Test func everyBrokenSiteOfTheBadInputSuiteAgreesOrIsDeclined() {
        var read = 0
        for testCase in BadInputTests.cases {
            for (path, text) in testCase.files {
                let yaml = path.hasSuffix(".yaml") ? text : Self.frontMatter(of: text)
                guard let yaml else { continue }
                let verdict = Self.verdict(yaml)
                if case .different(let why) = verdict { Issue.record("\(testCase.name): \(why)") }
                if verdict == .same { read += 1 }
            }
        }
        // Many broken sites are broken in their values, not their YAML: those are read here.
        #expect(read >= 20)
    }

    @Test func positionsAreCountedAsLibyamlCountsThem() throws {
        let yaml = "title: 關稅與「貿易」\ntopics: [關稅, 美日同盟, \"引號\"]\nempty:\ntrade:\n- {partner: JP, year: 2024}\n  # a comment\n"
        #expect(Self.verdict(yaml) == .same)
        guard case .read(let root?) = YAMLSubsetReader.read(yaml), let pairs = root.mapping else {
            Issue.record("not read")
            return
        }
        let topics = try #require(pairs[1].value.sequence)
        #expect(topics.map(\.position.column) == [10, 14, 20])
        #expect(pairs[2].value.position == YAMLPosition(line: 3, column: 7))
        #expect(pairs[3].value.position == YAMLPosition(line: 5, column: 1))
    }

    @Test func rareFormsAreLeftToYams() {
        let declined = [
            "title: &a x\nsummary: *a", "title: !!str x", "summary: |\n  text", "summary: >\n  text",
            "title: two\n  lines", "title: \"two\n  lines\"", "title: 'a\n b'", "? complex\n: key",
            "title: x\ntitle: y", "topics: [a,\n b]", "title: \"\\x41\"", "title: \"\\ud83d\\ude00\"",
            "title: a\u{85}b", "title: a\u{2028}b", "title:\tx", "%YAML 1.1\n---\ntitle: x",
            "title: a: b", "topics: [a, ]", "{title: x}", "just text", "- - a", "title: `x`",
        ]
        for yaml in declined {
            #expect(YAMLSubsetReader.read(yaml) == .declined, "\(yaml)")
        }
        #expect(YAMLSubsetReader.read("# only a comment\n\n") == .read(nil))
    }

    /// Front matter built from the pieces editors write, then damaged at random.
    @Test func generatedAndDamagedFrontMatterAgreesWithYams() {
        var generator = SeededGenerator(seed: 20261201)
        var counts: [String: Int] = [:]
        for round in 0..<6_000 {
            var yaml = FrontMatterGenerator.document(using: &generator)
            if round % 2 == 1 { yaml = FrontMatterGenerator.damage(yaml, using: &generator) }
            switch Self.verdict(yaml) {
            case .same: counts["same", default: 0] += 1
            case .declined: counts["declined", default: 0] += 1
            case .different(let why):
                counts["different", default: 0] += 1
                Issue.record("round \(round): \(why)")
            }
        }
        // Neither side may be empty, or the test would prove nothing.
        #expect(counts["same", default: 0] >= 2_000)
        #expect(counts["declined", default: 0] >= 500)
    }
}

enum FrontMatterGenerator {
    static let keys = ["title", "date", "author", "summary", "topics", "countries", "tariffs", "trade", "timeline",
                       "by", "on", "rate", "id", "x_1", "a-b", "2024", "on", "NO"]
    static let texts = ["美日關稅談判陷入膠著", "Tariffs, trade and talks", "25", "-68400000000", "27.5", "2025-05-16",
                        "JP", "NO", "on", "~", "null", "true", "a#b", "a #b", "http://x.org/a?b=c", "關稅：第 1 號",
                        "it's", "say \"hi\"", "a  b", "é", "😀", "[x]", "a, b", "x:y", "C#", "a - b", "-x", "1e3"]
    static let damage: [String] = [":", " ", "  ", "\n", "-", "- ", "#", " #", "'", "\"", "[", "]", "{", "}", ",", "&", "*",
                                   "!", "|", ">", "?", "%", "@", "\t", "\\", "\\u00e9", "\\n", "：", "\u{85}", "\r"]

    static func pick<T>(_ items: [T], _ generator: inout SeededGenerator) -> T {
        items[Int(generator.next() % UInt64(items.count))]
    }

    static func chance(_ percent: UInt64, _ generator: inout SeededGenerator) -> Bool {
        generator.next() % 100 < percent
    }

    static func scalar(_ generator: inout SeededGenerator, flow: Bool) -> String {
        let text = pick(texts, &generator)
        switch generator.next() % 4 {
        case 0: return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case 1: return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        default: return text
        }
    }

    static func flow(_ generator: inout SeededGenerator, depth: Int) -> String {
        let count = Int(generator.next() % 4)
        if depth < 2, chance(40, &generator) {
            let pairs = (0..<count).map { _ in pick(keys, &generator) + ": " + value(&generator, depth: depth + 1) }
            return "{" + pairs.joined(separator: pick([", ", ",", " , "], &generator)) + "}"
        }
        let items = (0..<count).map { _ in depth < 2 && chance(15, &generator) ? flow(&generator, depth: depth + 1) : scalar(&generator, flow: true) }
        return "[" + items.joined(separator: pick([", ", ",", " ,  "], &generator)) + "]"
    }

    static func value(_ generator: inout SeededGenerator, depth: Int) -> String {
        chance(25, &generator) ? flow(&generator, depth: depth) : scalar(&generator, flow: depth > 0)
    }

    static func block(_ generator: inout SeededGenerator, indent: Int, depth: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for _ in 0..<(1 + Int(generator.next() % 4)) {
            let key = pick(keys, &generator)
            if depth < 3, chance(25, &generator) {
                lines.append(pad + key + ":" + (chance(20, &generator) ? "  # note" : ""))
                let inner = indent + pick([0, 2, 4], &generator)
                let innerPad = String(repeating: " ", count: inner)
                for _ in 0..<(1 + Int(generator.next() % 3)) {
                    if chance(50, &generator) {
                        var item = block(&generator, indent: inner + 2, depth: depth + 1)
                        item[0] = innerPad + "- " + item[0].dropFirst(inner + 2)
                        lines += item
                    } else {
                        lines.append(innerPad + "- " + value(&generator, depth: 0))
                    }
                }
            } else if chance(5, &generator) {
                lines.append(pad + key + ":")
            } else {
                let comment = chance(10, &generator) ? " # comment: x" : ""
                lines.append(pad + key + ": " + value(&generator, depth: 0) + comment)
            }
            if chance(8, &generator) { lines.append(chance(50, &generator) ? "" : pad + "# a comment") }
        }
        return lines
    }

    static func document(using generator: inout SeededGenerator) -> String {
        block(&generator, indent: 0, depth: 0).joined(separator: "\n") + (chance(50, &generator) ? "\n" : "")
    }

    static func damage(_ yaml: String, using generator: inout SeededGenerator) -> String {
        var characters = Array(yaml)
        for _ in 0..<(1 + Int(generator.next() % 3)) where !characters.isEmpty {
            let at = Int(generator.next() % UInt64(characters.count))
            switch generator.next() % 3 {
            case 0: characters.remove(at: at)
            case 1: characters.insert(contentsOf: pick(damage, &generator), at: at)
            default: characters.replaceSubrange(at...at, with: pick(damage, &generator))
            }
        }
        return String(characters)
    }
}
