import BriefCore
import CCmarkGFM
import Foundation

/// libcmark-gfm with the GFM extensions, and the rewrites briefsite makes on
/// its syntax tree before rendering: raw HTML escaped, links resolved, CJK
/// soft breaks removed, heading ids, tables wrapped to scroll, blocks rendered.
public struct MarkdownRenderer: Sendable {
    public var options: MarkdownOptions

    public init(options: MarkdownOptions = MarkdownOptions()) {
        self.options = options
    }

    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    /// libcmark-gfm (0.29.0.gfm.6, Debian's) keeps the characters its inline extensions react to in one table
    /// for the whole process: a parser adds its extensions' characters when it starts its inline pass and takes
    /// them out when done, so two bodies parsed at once lost each other's strikethroughs and autolinks.
    /// Autolinks' characters (`:`, `w`) are added once, for good, and the extension left with no list of its
    /// own to add or take out (it pushes no delimiters, the only other use of the list). Strikethrough's `~`
    /// must stay listed (cmark finds the extension for a `~` delimiter by it), so strikethrough is attached only
    /// to parsers of text with a `~` in it, and those parse their inlines one at a time (`tildeInlinePass`).
    /// Every other body parses on every core at once (with one lock for all, a core waited while the other
    /// ran an inline pass).
    private static let registration: Void = {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(parseOptions), let autolink = cmark_find_syntax_extension("autolink") else { return }
        defer { cmark_parser_free(parser) }
        cmark_parser_attach_syntax_extension(parser, autolink)
        cmark_manage_extensions_special_characters(parser, 1)
        cmark_syntax_extension_set_special_inline_chars(autolink, nil)
    }()

    private static let tildeInlinePass = NSLock()

    /// No CMARK_OPT_VALIDATE_UTF8: cmark is fed a Swift String's bytes, valid UTF-8 by construction, and
    /// checking them again was 1.5 % of a cold build.
    static let parseOptions: Int32 = CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES

    /// Renders `markdown`, the body of `file` starting at its line `firstLine`.
    public func render(
        _ markdown: String,
        file: String,
        firstLine: Int,
        resolveLink: (LinkRequest) -> LinkResolution = { _ in .keep },
        renderBlock: (BlockRequest) -> Result<String, BuildFailure> = { _ in .success("") }
    ) -> RenderedBody {
        _ = MarkdownRenderer.registration
        guard let parser = cmark_parser_new(MarkdownRenderer.parseOptions) else {
            return RenderedBody(html: "", headings: [], leadParagraphs: [], reading: ReadingMeasure(), blocksRendered: [],
                                diagnostics: [.error("the Markdown parser could not be created", at: SourceLocation(file: file))])
        }
        defer { cmark_parser_free(parser) }
        // Fed from the string's own bytes: cmark takes a length, so no terminated copy is needed.
        var text = markdown
        let hasTilde = text.withUTF8 { bytes in bytes.contains(UInt8(ascii: "~")) }
        for name in MarkdownRenderer.extensionNames where hasTilde || name != "strikethrough" {
            if let syntax = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { buffer in
                if let base = buffer.baseAddress { cmark_parser_feed(parser, base, buffer.count) }
            }
        }
        // See `registration`: only parsers with strikethrough attached change the process's table.
        if hasTilde { MarkdownRenderer.tildeInlinePass.lock() }
        let finished = cmark_parser_finish(parser)
        if hasTilde { MarkdownRenderer.tildeInlinePass.unlock() }
        guard let document = finished else {
            return RenderedBody(html: "", headings: [], leadParagraphs: [], reading: ReadingMeasure(), blocksRendered: [],
                                diagnostics: [.error("the Markdown could not be parsed", at: SourceLocation(file: file))])
        }
        defer { cmark_node_free(document) }

        var rewriter = TreeRewriter(document: document, options: options,
                                    locator: SourceLocator(markdown: markdown, file: file, firstLine: firstLine))
        rewriter.rewrite(resolveLink: resolveLink, renderBlock: renderBlock)

        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let rendered = cmark_render_html(document, MarkdownRenderer.parseOptions, extensions) else {
            return RenderedBody(html: "", headings: [], leadParagraphs: [], reading: ReadingMeasure(), blocksRendered: [],
                                diagnostics: [.error("the Markdown could not be rendered", at: SourceLocation(file: file))])
        }
        defer { free(rendered) }
        var body = RenderedBody(html: String(cString: rendered), headings: rewriter.headings,
                                leadParagraphs: rewriter.leadParagraphs, reading: rewriter.reading,
                                blocksRendered: rewriter.blocksRendered, diagnostics: rewriter.diagnostics)
        if !rewriter.blocks.isEmpty { body.placedBlocks = MarkdownRenderer.place(rewriter.blocks, in: body.html) }
        return body
    }

    /// Where each block's HTML is in the body's, found in order (cmark writes an HTML block's text as it is);
    /// none when one is not found.
    static func place(_ blocks: [(kind: String, options: String, html: String)], in html: String) -> [PlacedBlock] {
        var html = html
        return html.withUTF8 { bytes in
            var placed: [PlacedBlock] = []
            var from = 0
            for block in blocks {
                let needle = Array(block.html.utf8)
                guard let start = ByteSearch.firstIndex(of: needle, in: UnsafeRawBufferPointer(bytes), from: from) else { return [] }
                placed.append(PlacedBlock(kind: block.kind, options: block.options, start: start, count: needle.count))
                from = start + needle.count
            }
            return placed
        }
    }
}

/// Maps cmark's line and byte column to the file's line and character column.
/// Lines are found on the UTF-8 bytes: splitting the text into Characters
/// would cost more than parsing it.
struct SourceLocator {
    let markdown: String
    /// The UTF-8 offset where each line starts.
    let lineStarts: [Int]
    let file: String
    let firstLine: Int

    init(markdown: String, file: String, firstLine: Int) {
        var starts = [0]
        var text = markdown
        text.withUTF8 { bytes in
            // memchr finds each newline a word at a time, not a byte.
            guard let base = bytes.baseAddress else { return }
            let start = UnsafeRawPointer(base)
            var offset = 0
            while offset < bytes.count, let found = memchr(start + offset, 0x0A, bytes.count - offset) {
                offset = start.distance(to: UnsafeRawPointer(found)) + 1
                starts.append(offset)
            }
        }
        self.markdown = markdown
        lineStarts = starts
        self.file = file
        self.firstLine = firstLine
    }

    func location(line: Int32, byteColumn: Int32) -> SourceLocation {
        let lineIndex = Int(line) - 1
        var column = Int(max(1, byteColumn))
        if lineIndex >= 0, lineIndex < lineStarts.count {
            let utf8 = markdown.utf8
            let start = lineStarts[lineIndex]
            let end = lineIndex + 1 < lineStarts.count ? lineStarts[lineIndex + 1] - 1 : utf8.count
            let from = utf8.index(utf8.startIndex, offsetBy: start)
            let to = utf8.index(from, offsetBy: min(end - start, column - 1))
            column = String(decoding: utf8[from..<to], as: UTF8.self).unicodeScalars.count + 1
        }
        return SourceLocation(file: file, line: firstLine + max(0, lineIndex), column: column)
    }

    func location(of node: OpaquePointer) -> SourceLocation {
        location(line: cmark_node_get_start_line(node), byteColumn: cmark_node_get_start_column(node))
    }
}
