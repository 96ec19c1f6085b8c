import BriefCore
import BriefHTML
import CCmarkGFM
import Foundation

/// The edits made to one parsed document before it is rendered.
struct TreeRewriter {
    let document: OpaquePointer
    let options: MarkdownOptions
    let locator: SourceLocator

    private(set) var headings: [Heading] = []
    private(set) var leadParagraphs: [String] = []
    private(set) var reading = ReadingMeasure()
    private(set) var blocksRendered: Set<String> = []
    /// Each block rendered in place, in document order, with its HTML.
    private(set) var blocks: [(kind: String, options: String, html: String)] = []
    private(set) var diagnostics: [Diagnostic] = []

    init(document: OpaquePointer, options: MarkdownOptions, locator: SourceLocator) {
        self.document = document
        self.options = options
        self.locator = locator
    }

    /// Nodes of each kind that is edited, gathered first because cmark's
    /// iterator must not see the tree change under it.
    private struct Gathered {
        var rawHTML: [OpaquePointer] = []
        var links: [OpaquePointer] = []
        var softBreaks: [OpaquePointer] = []
        var headings: [OpaquePointer] = []
        var codeBlocks: [OpaquePointer] = []
        var tables: [OpaquePointer] = []
        var paragraphs: [OpaquePointer] = []
    }

    private func gather() -> Gathered {
        var gathered = Gathered()
        guard let iterator = cmark_iter_new(document) else { return gathered }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE: gathered.rawHTML.append(node)
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE: gathered.links.append(node)
            case CMARK_NODE_SOFTBREAK: gathered.softBreaks.append(node)
            case CMARK_NODE_HEADING: gathered.headings.append(node)
            case CMARK_NODE_CODE_BLOCK: gathered.codeBlocks.append(node)
            case CMARK_NODE_PARAGRAPH:
                if let parent = cmark_node_parent(node), cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT {
                    gathered.paragraphs.append(node)
                }
            default:
                if let typeName = cmark_node_get_type_string(node), String(cString: typeName) == "table" {
                    gathered.tables.append(node)
                }
            }
        }
        return gathered
    }

    mutating func rewrite(resolveLink: (LinkRequest) -> LinkResolution,
                          renderBlock: (BlockRequest) -> Result<String, BuildFailure>) {
        let gathered = gather()
        if !options.allowsRawHTML { gathered.rawHTML.forEach(escapeRawHTML) }
        gathered.softBreaks.forEach(joinCJKSoftBreak)
        gathered.links.forEach { resolve(link: $0, with: resolveLink) }

        reading = PlainText.bytes(of: document, skippingCode: true).withUnsafeBufferPointer { ReadingMeasure(countingUTF8: $0) }
        leadParagraphs = gathered.paragraphs.prefix(4).map { PlainText.of($0, skippingCode: false) }

        for block in gathered.codeBlocks { render(block: block, with: renderBlock) }
        var usedIDs = Set<String>()
        for heading in gathered.headings { identify(heading: heading, usedIDs: &usedIDs) }
        gathered.tables.forEach(wrapInScroller)
    }

    /// Raw HTML in a brief becomes visible text: a paragraph for a block, a
    /// text node inline. Trusted sites turn this off in site.yaml.
    private func escapeRawHTML(_ node: OpaquePointer) {
        let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
        if cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK {
            guard let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH), let text = cmark_node_new(CMARK_NODE_TEXT) else { return }
            cmark_node_set_literal(text, literal.trimmedWhitespace)
            cmark_node_append_child(paragraph, text)
            cmark_node_replace(node, paragraph)
        } else {
            guard let text = cmark_node_new(CMARK_NODE_TEXT) else { return }
            cmark_node_set_literal(text, literal)
            cmark_node_replace(node, text)
        }
        cmark_node_free(node)
    }

    /// A line break between two CJK characters is not a space in Chinese.
    private func joinCJKSoftBreak(_ node: OpaquePointer) {
        guard let before = PlainText.lastScalar(before: node), let after = PlainText.firstScalar(after: node),
              !CJK.lineBreakIsSpace(between: before, and: after)
        else { return }
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    private mutating func resolve(link node: OpaquePointer, with resolveLink: (LinkRequest) -> LinkResolution) {
        let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        let request = LinkRequest(destination: destination, isImage: cmark_node_get_type(node) == CMARK_NODE_IMAGE,
                                  location: locator.location(of: node))
        switch resolveLink(request) {
        case .keep: break
        case .rewrite(let url): cmark_node_set_url(node, url)
        case .error(let message): diagnostics.append(.error(message, at: request.location))
        }
    }

    private mutating func render(block node: OpaquePointer, with renderBlock: (BlockRequest) -> Result<String, BuildFailure>) {
        let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
        let kind = info.split(separator: " ").first.map(String.init) ?? ""
        guard options.blockKinds.contains(kind) else { return }
        let options = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
        let request = BlockRequest(kind: kind, options: options, location: locator.location(of: node))
        switch renderBlock(request) {
        case .success(let html):
            blocksRendered.insert(kind)
            blocks.append((kind, options, html))
            replace(node, withHTML: html)
        case .failure(let errors):
            diagnostics.append(contentsOf: errors.diagnostics)
        }
    }

    private mutating func identify(heading node: OpaquePointer, usedIDs: inout Set<String>) {
        let text = PlainText.of(node, skippingCode: false)
        var base = TextSegment.make(text)
        if base.isEmpty { base = "section" }
        var id = base
        var counter = 1
        while usedIDs.contains(id) {
            id = "\(base)-\(counter)"
            counter += 1
        }
        usedIDs.insert(id)
        let level = Int(cmark_node_get_heading_level(node))
        if options.listsHeadings { headings.append(Heading(level: level, id: id, text: text)) }

        guard let rendered = cmark_render_html(node, MarkdownRenderer.parseOptions, nil) else { return }
        var html = String(cString: rendered)
        free(rendered)
        let openTag = "<h\(level)>"
        if html.hasPrefix(openTag) {
            html = "<h\(level) id=\"\(HTML.escape(id))\">" + html.dropFirst(openTag.count)
        }
        replace(node, withHTML: html)
    }

    private func wrapInScroller(_ table: OpaquePointer) {
        guard let open = cmark_node_new(CMARK_NODE_HTML_BLOCK), let close = cmark_node_new(CMARK_NODE_HTML_BLOCK) else { return }
        cmark_node_set_literal(open, "<div class=\"table-scroll\">")
        cmark_node_set_literal(close, "</div>")
        cmark_node_insert_before(table, open)
        cmark_node_insert_after(table, close)
    }

    private func replace(_ node: OpaquePointer, withHTML html: String) {
        guard let block = cmark_node_new(CMARK_NODE_HTML_BLOCK) else { return }
        cmark_node_set_literal(block, html)
        cmark_node_replace(node, block)
        cmark_node_free(node)
    }
}

/// Text of a subtree as a reader sees it, without markup.
enum PlainText {
    static func of(_ root: OpaquePointer, skippingCode: Bool) -> String {
        String(decoding: bytes(of: root, skippingCode: skippingCode), as: UTF8.self).trimmedWhitespace
    }

    /// The text's UTF-8 bytes, untrimmed. Literals are gathered as bytes and made a String once, if at all:
    /// a String per text node cost more than the walk.
    static func bytes(of root: OpaquePointer, skippingCode: Bool) -> [UInt8] {
        var text: [UInt8] = []
        guard let iterator = cmark_iter_new(root) else { return [] }
        defer { cmark_iter_free(iterator) }
        func append(_ literal: UnsafePointer<CChar>) {
            text.append(contentsOf: UnsafeRawBufferPointer(start: literal, count: strlen(literal)))
        }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_EXIT {
                if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || type == CMARK_NODE_ITEM { text.append(0x0A) }
                continue
            }
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(node) { append(literal) }
            case CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK:
                if !skippingCode, let literal = cmark_node_get_literal(node) { append(literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text.append(0x20)
            default:
                if let typeName = cmark_node_get_type_string(node), strcmp(typeName, "table_cell") == 0 { text.append(0x20) }
            }
        }
        return text
    }

    static func lastScalar(before node: OpaquePointer) -> Unicode.Scalar? {
        var current = cmark_node_previous(node)
        while let candidate = current {
            if let scalar = edgeScalar(of: candidate, last: true) { return scalar }
            current = cmark_node_previous(candidate)
        }
        return nil
    }

    static func firstScalar(after node: OpaquePointer) -> Unicode.Scalar? {
        var current = cmark_node_next(node)
        while let candidate = current {
            if let scalar = edgeScalar(of: candidate, last: false) { return scalar }
            current = cmark_node_next(candidate)
        }
        return nil
    }

    /// The first or last character of an inline, looking into emphasis and links.
    static func edgeScalar(of node: OpaquePointer, last: Bool) -> Unicode.Scalar? {
        let type = cmark_node_get_type(node)
        if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
            guard let literal = cmark_node_get_literal(node) else { return nil }
            // Only one end of the literal is needed: decoded from its bytes, not copied into a String; the first
            // scalar from no more than its four bytes.
            let base = UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self)
            let count = last ? strlen(literal) : strnlen(literal, 4)
            guard count > 0 else { return nil }
            var start = 0
            if last {
                start = count - 1
                while start > 0, base[start] & 0xC0 == 0x80 { start -= 1 }
            }
            var decoder = UTF8()
            var iterator = UnsafeBufferPointer(start: base + start, count: min(4, count - start)).makeIterator()
            if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
            return nil
        }
        var child = last ? cmark_node_last_child(node) : cmark_node_first_child(node)
        while let candidate = child {
            if let scalar = edgeScalar(of: candidate, last: last) { return scalar }
            child = last ? cmark_node_previous(candidate) : cmark_node_next(candidate)
        }
        return nil
    }
}

