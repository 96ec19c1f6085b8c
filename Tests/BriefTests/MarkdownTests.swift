import BriefCore
import BriefMarkdown
import Testing

@Suite struct MarkdownTests {
    func render(_ markdown: String, options: MarkdownOptions = MarkdownOptions(),
                links: (LinkRequest) -> LinkResolution = { _ in .keep }) -> RenderedBody {
        MarkdownRenderer(options: options).render(markdown, file: "Content/briefs/x.zh-Hant.md", firstLine: 7, resolveLink: links)
    }

    @Test func softBreakBetweenCJKCharactersIsRemoved() {
        let body = render("美國與日本舉行\n第一輪談判。\n5 月 15 日，工作小組\n開會。English\nwords stay apart.")
        #expect(body.html == "<p>美國與日本舉行第一輪談判。5 月 15 日，工作小組開會。English\nwords stay apart.</p>\n")
    }

    @Test func softBreakNextToEmphasisLooksInside() {
        let body = render("這是**重點**\n說明")
        #expect(body.html == "<p>這是<strong>重點</strong>說明</p>\n")
    }

    @Test func headingIdsAreStableUniqueAndWorkForChinese() {
        let body = render("## 一、美日關係\n\n## Trade & Tariffs\n\n## Trade & Tariffs\n\n### 美國 *vs* 中國\n")
        #expect(body.headings.map(\.id) == ["一-美日關係", "trade-tariffs", "trade-tariffs-1", "美國-vs-中國"])
        #expect(body.html.contains("<h2 id=\"一-美日關係\">一、美日關係</h2>"))
        #expect(body.html.contains("<h3 id=\"美國-vs-中國\">美國 <em>vs</em> 中國</h3>"))
    }

    @Test func headingsUnlistedKeepTheSameIds() {
        let source = "## 一、美日關係\n\n## Trade & Tariffs\n\n## Trade & Tariffs\n\ntext\n"
        let listed = render(source)
        let unlisted = render(source, options: MarkdownOptions(listsHeadings: false))
        #expect(listed.headings.count == 3)
        #expect(unlisted.headings.isEmpty)
        #expect(unlisted.html == listed.html)
        #expect(unlisted.html.contains("<h2 id=\"trade-tariffs-1\">Trade &amp; Tariffs</h2>"))
    }

    @Test func gfmExtensionsRender() {
        let body = render("""
        | a | b |
        |---|--:|
        | 1 | 2 |

        ~~old~~ new, see https://example.org and a note.[^1]

        - [x] done
        - [ ] open

        [^1]: The note.
        """)
        #expect(body.html.contains("<div class=\"table-scroll\">\n<table>"))
        #expect(body.html.contains("<td style=\"text-align: right\">2</td>"))
        #expect(body.html.contains("<del>old</del>"))
        #expect(body.html.contains("<a href=\"https://example.org\">https://example.org</a>"))
        #expect(body.html.contains("type=\"checkbox\" checked=\"\" disabled=\"\""))
        #expect(body.html.contains("<section class=\"footnotes\" data-footnotes>"))
    }

    @Test func rawHTMLIsEscapedUnlessTheSiteAllowsIt() {
        let source = "<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b>.\n"
        let safe = render(source)
        #expect(!safe.html.contains("<script>"))
        #expect(!safe.html.contains("<b onclick"))
        #expect(safe.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(safe.html.contains("&lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;"))
        let trusted = render(source, options: MarkdownOptions(allowsRawHTML: true))
        #expect(trusted.html.contains("<script>alert(1)</script>"))
    }

    @Test func linksAreHandedToTheSiteWithTheirFileLocation() {
        var seen: [LinkRequest] = []
        let body = render("Intro.\n\nSee [other](../b.en.md#part) and ![chart](c.png).", links: { request in
            seen.append(request)
            if request.isImage { return .keep }
            return .rewrite("../b/#part")
        })
        #expect(body.html.contains("<a href=\"../b/#part\">other</a>"))
        #expect(body.html.contains("<img src=\"c.png\" alt=\"chart\" />"))
        #expect(seen.map(\.destination) == ["../b.en.md#part", "c.png"])
        #expect(seen.first?.location == SourceLocation(file: "Content/briefs/x.zh-Hant.md", line: 9, column: 5))
        #expect(seen.last?.isImage == true)
    }

    @Test func linkErrorsBecomeDiagnosticsAtTheLink() {
        let body = render("Line one.\n\n中文 [壞連結](missing.md)", links: { _ in .error("missing") })
        #expect(body.diagnostics.map(\.description) == ["Content/briefs/x.zh-Hant.md:9:4: error: missing"])
    }

    @Test func derivedSummaryEndsAtASentence() {
        let chinese = String(repeating: "美國與日本舉行第一輪貿易談判。", count: 12)
        let zh = render(chinese).derivedSummary
        #expect(zh.hasSuffix("。"))
        #expect(Summary.displayWidth(zh) <= Summary.maximumWidth)
        #expect(Summary.displayWidth(zh) >= Summary.maximumWidth - 30)
        let english = String(repeating: "The talks went on for a long time. ", count: 12)
        let en = render(english).derivedSummary
        #expect(en.hasSuffix("time."))
        #expect(en.count <= Summary.maximumWidth)
        let short = render("Short first paragraph.\n\n## Heading\n\nSecond.").derivedSummary
        #expect(short == "Short first paragraph. Second.")
    }

    @Test func summaryWithoutSentenceEndIsCutWithEllipsis() {
        let long = String(repeating: "word ", count: 100)
        let summary = Summary.derive(from: [long])
        #expect(summary.hasSuffix("word…"))
        #expect(summary.count <= Summary.maximumWidth + 1)
    }

    @Test func readingTimeCountsCharactersInChineseAndWordsInEnglish() {
        let chinese = render(String(repeating: "貿", count: 1200))
        #expect(chinese.reading.wideCharacters == 1200)
        #expect(chinese.reading.minutes == 3)
        let english = render(String(repeating: "tariff ", count: 690))
        #expect(english.reading.words == 690)
        #expect(english.reading.minutes == 3)
        let mixed = ReadingMeasure(counting: "貝森特（Scott Bessent）表示")
        #expect(mixed.wideCharacters == 5 && mixed.words == 2)
    }

    /// cmark is not asked to check UTF-8 (a String's bytes always are): a NUL in a body still becomes U+FFFD,
    /// and text of every script comes through whole.
    @Test func aNulInABodyBecomesAReplacementCharacter() {
        let body = render("前\u{0}後 and ü\u{0}\n\n# 標題\u{0}\n")
        #expect(body.html.contains("前\u{FFFD}後 and ü\u{FFFD}"))
        #expect(!body.html.unicodeScalars.contains("\u{0}"))
        #expect(body.headings.first?.text == "標題\u{FFFD}")
    }

    /// White space by code point gives `Character.isWhitespace`'s answer for every Unicode scalar.
    @Test func whiteSpaceByValueAgreesWithUnicodeForEveryScalar() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let character = Character(scalar)
            if character.isWhiteSpaceByValue != character.isWhitespace { disagreements.append(value) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10).map { String($0, radix: 16) })")
        #expect(Character("\r\n").isWhiteSpaceByValue && !Character("e\u{301}").isWhiteSpaceByValue)
    }

    /// Counted on UTF-8 bytes: sequences of two bytes (é, ü), three (Han, full-width punctuation, ’, —) and four
    /// (an ideograph beyond the basic plane, an emoji) each count as what they are.
    @Test(arguments: [
        ("café naïve Zürich", 0, 3),
        ("don’t stop—now", 0, 3),
        ("don't -anti-dumping, re-' 9-to-5", 0, 4),
        ("𠀀𠀁 and 😀 twice", 2, 2),
        ("「關稅」。，2025年：US-China", 3, 2),
        ("", 0, 0),
    ])
    func readingCountsEveryLengthOfUTF8Sequence(text: String, wide: Int, words: Int) {
        let measure = ReadingMeasure(counting: text)
        #expect(measure.wideCharacters == wide)
        #expect(measure.words == words)
    }

    /// The punctuation looked up in a table made once against each scalar's general category asked anew, over
    /// the three blocks the table covers and far around them (the letters, kana and ideographs beside them are not
    /// punctuation; ASCII and other punctuation are not wide).
    @Test func widePunctuationTableAgreesWithEachScalarsCategory() {
        let punctuation: Set<Unicode.GeneralCategory> = [.openPunctuation, .closePunctuation, .otherPunctuation,
                                                         .initialPunctuation, .finalPunctuation, .dashPunctuation,
                                                         .connectorPunctuation]
        var found = 0
        for value in UInt32(0)...0x1_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let inBlocks = (0x3000...0x303F).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF65).contains(value)
            let expected = inBlocks && punctuation.contains(scalar.properties.generalCategory)
            #expect(CJK.isWidePunctuation(scalar) == expected, "U+\(String(value, radix: 16))")
            if expected { found += 1 }
        }
        #expect(found >= 80, "the three blocks hold 89 punctuation scalars in Unicode 16: \(found)")
        #expect(CJK.isWidePunctuation("，") && CJK.isWidePunctuation("。") && CJK.isWidePunctuation("「"))
        #expect(!CJK.isWidePunctuation("中") && !CJK.isWidePunctuation(",") && !CJK.isWidePunctuation("　"))
    }

    /// The ideographs counted without decoding (U+4E00–U+9FFF) against the rule applied scalar by scalar, on text
    /// made of the scalars at and around the edges of that range and of the blocks beside it, mixed with words.
    @Test func readingCountsTheIdeographsFastPathLikeEveryOtherScalar() {
        let edges: [UInt32] = [0x3000, 0x3001, 0x303F, 0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00, 0x4E01, 0x4FFF, 0x5000,
                               0x7A0E, 0x9FFF, 0xA000, 0xFF0C, 0x2019, 0x00E9, 0x20000]
        let pieces = edges.compactMap(Unicode.Scalar.init).map { String(Character($0)) } + ["a", "tariff", " ", "9", "-", "’"]
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            var wide = 0
            var words = 0
            var inWord = false
            for scalar in text.unicodeScalars {
                if scalar.isASCII {
                    let isWordCharacter = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    if isWordCharacter {
                        if !inWord { words += 1 }
                        inWord = true
                    } else if scalar != "'" && scalar != "-" {
                        inWord = false
                    }
                } else if CJK.isWide(scalar) {
                    if !CJK.isWidePunctuation(scalar) { wide += 1 }
                    inWord = false
                } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    if !inWord { words += 1 }
                    inWord = true
                } else if scalar != "’" {
                    inWord = false
                }
            }
            let measure = ReadingMeasure(counting: text)
            #expect(measure == ReadingMeasure(wideCharacters: wide, words: words), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
