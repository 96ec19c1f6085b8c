import BriefHTML
import Testing

@Suite struct HTMLTests {
    @Test func interpolatedTextIsEscapedForTextAndAttributes() {
        let hostile = "<script>alert(\"x\")</script> & 'quote'"
        let html: HTML = "<p title=\"\(hostile)\">\(hostile)</p>"
        #expect(html.rendered == "<p title=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39;\">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39;</p>")
    }

    @Test func markupInterpolatedAsHTMLIsKept() {
        let inner: HTML = "<em>\("a<b")</em>"
        let outer: HTML = "<p>\(inner)</p>"
        #expect(outer.rendered == "<p><em>a&lt;b</em></p>")
    }

    @Test func optionalTextAndListsInterpolate() {
        let missing: String? = nil
        let items: [HTML] = ["<li>\("1 < 2")</li>", "<li>b</li>"]
        let html: HTML = "<ul>\(missing)\(items)</ul>"
        #expect(html.rendered == "<ul><li>1 &lt; 2</li><li>b</li></ul>")
    }

    @Test func textWithoutSpecialCharactersIsUnchanged() {
        #expect(HTML.escape("遠景基金會 Prospect") == "遠景基金會 Prospect")
    }

    @Test func xmlEscapingDropsCharactersXMLForbids() {
        #expect(XMLText.escape("a\u{0}b\u{1B}c<&>") == "abc&lt;&amp;&gt;")
        #expect(XMLText.escape("a\r\nb") == "a&#13;\nb")
    }

    /// The escapes work on bytes; they must give what escaping scalar by scalar gives, on any text: the five
    /// characters, every control character, U+FFFE and U+FFFF and their neighbours in UTF-8, CJK, emoji.
    @Test func byteEscapesMatchEscapingScalarByScalar() {
        let alphabet: [Unicode.Scalar] = ["a", "Z", " ", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{0}", "\u{1}", "\u{1F}",
                                          "\u{7F}", "\u{85}", "é", "\u{301}", "遠", "，", "\u{FF0C}", "\u{FEFF}", "\u{FFFD}",
                                          "\u{FFFE}", "\u{FFFF}", "\u{EFBF}", "\u{F8FF}", "\u{10000}", "\u{1F600}", "\u{10FFFF}"]
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 2, 3, 5, 17, 64] {
            for _ in 0..<300 {
                var text = String.UnicodeScalarView()
                for _ in 0..<length { text.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]) }
                let string = String(text)
                #expect(HTML.escape(string) == HTMLTests.escapeByScalars(string, apostrophe: "&#39;", xml: false), "\(string.debugDescription)")
                #expect(XMLText.escape(string) == HTMLTests.escapeByScalars(string, apostrophe: "&apos;", xml: true), "\(string.debugDescription)")
            }
        }
        #expect(XMLText.escape("a\u{FFFE}b\u{FFFF}c\u{FFFD}") == "abc\u{FFFD}")
    }

    /// Escaping as it was written first, a scalar at a time.
    static func escapeByScalars(_ text: String, apostrophe: String, xml: Bool) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += apostrophe
            case "\r" where xml: result += "&#13;"
            default:
                switch scalar.value {
                case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: result.unicodeScalars.append(scalar)
                default: if !xml { result.unicodeScalars.append(scalar) }
                }
            }
        }
        return result
    }
}
