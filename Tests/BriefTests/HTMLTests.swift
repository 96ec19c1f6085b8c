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
}
