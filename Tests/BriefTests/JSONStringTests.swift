import BriefCore
import Foundation
import Testing

/// `JSONString.literal` skips its escaping loop when a text needs none: the
/// shortcut must never let through what the loop would escape.
@Suite struct JSONStringTests {
    static let texts = [
        "", "plain", "日內瓦談判", "US–Japan talks", "“quoted”", "a\u{2028}b", "a\u{2029}b", "\u{2028}", "end\u{2029}",
        "\u{2027}\u{202A}", "say \"hi\"", "back\\slash", "<script>", "a > b", "Q&A", "tab\there", "line\nbreak", "\r",
        "\u{1}\u{1F}", "emoji 👍🏽", "e\u{301}", "\u{7F}",
    ]

    @Test(arguments: texts)
    func aLiteralReadsBackAsItsTextAndCarriesNothingRaw(_ text: String) throws {
        let literal = JSONString.literal(text)
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
        #expect(decoded == [text])
        let inner = literal.dropFirst().dropLast()
        #expect(!inner.unicodeScalars.contains { $0.value < 0x20 || "<>&\u{2028}\u{2029}".unicodeScalars.contains($0) })
        #expect(!inner.replacingOccurrences(of: "\\\\", with: "").replacingOccurrences(of: "\\\"", with: "").contains("\""))
    }

    @Test func onlyTextsWithSomethingToEscapeTakeTheLongWay() {
        #expect(!JSONString.needsEscaping("US–Japan talks 日內瓦 “x” \u{2027}\u{202A}"))
        for character in ["\"", "\\", "<", ">", "&", "\n", "\u{1}", "\u{2028}", "\u{2029}"] {
            #expect(JSONString.needsEscaping("ab" + character + "cd"), "\(character.unicodeScalars.map(\.value))")
        }
    }
}
