/// Reads the YAML that front matter is written in — block mappings and
/// lists, one-line plain and quoted values, one-line flow lists and
/// mappings, comments — straight from the UTF-8 bytes, many times faster
/// than composing it with Yams. Everything else (values over several lines,
/// block scalars, anchors, tags, control characters, every mistake) is
/// declined, and Yams reads that text instead: errors and rare forms keep
/// Yams's exact reading and messages. A differential test holds the two
/// readers to the same nodes, positions included.
struct YAMLSubsetReader {
    enum Outcome: Equatable {
        /// The document's root; nil when it holds only comments and blank lines.
        case read(YAMLNode?)
        case declined
    }

    private struct Declined: Error {}

    /// A line with content: blank and comment-only lines are left out.
    private struct Line {
        var start: Int
        var end: Int
        var indent: Int
        var number: Int
    }

    private static let maximumDepth = 64
    private static let maximumKeyLength = 128

    private let bytes: [UInt8]
    private var lines: [Line] = []
    private var current = 0
    private var depth = 0

    static func read(_ yaml: String) -> Outcome {
        guard var reader = YAMLSubsetReader(yaml) else { return .declined }
        do {
            return .read(try reader.document())
        } catch {
            return .declined
        }
    }

    /// Cuts the text into lines, or declines characters libyaml treats
    /// specially: controls and tabs, next-line and line/paragraph separators
    /// (which it counts as line breaks), byte-order marks and non-characters.
    private init?(_ yaml: String) {
        bytes = Array(yaml.utf8)
        var lineStart = 0
        var number = 1
        var index = 0
        while index <= bytes.count {
            guard index < bytes.count, bytes[index] != 0x0A else {
                guard recordLine(start: lineStart, end: index, number: number) else { return nil }
                number += 1
                lineStart = index + 1
                index += 1
                continue
            }
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x7F { return nil }
            if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] >= 0x80, bytes[index + 1] <= 0x9F { return nil }
            if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                return nil
            }
            if byte == 0xEF, index + 2 < bytes.count,
               bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF || bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE {
                return nil
            }
            index += 1
        }
    }

    private mutating func recordLine(start: Int, end: Int, number: Int) -> Bool {
        var content = start
        while content < end, bytes[content] == 0x20 { content += 1 }
        if content == end || bytes[content] == UInt8(ascii: "#") { return true }
        // Document markers and directives start a new document or change how it is read.
        if content == start, end - start >= 3, bytes[start] == UInt8(ascii: "-") || bytes[start] == UInt8(ascii: "."),
           bytes[start + 1] == bytes[start], bytes[start + 2] == bytes[start] {
            return false
        }
        lines.append(Line(start: start, end: end, indent: content - start, number: number))
        return true
    }

    // MARK: Block structure

    private mutating func document() throws(Declined) -> YAMLNode? {
        guard current < lines.count else { return nil }
        let root = try blockNode()
        guard current == lines.count else { throw Declined() }
        return root
    }

    /// A mapping or a list that starts at the current line's indentation.
    private mutating func blockNode() throws(Declined) -> YAMLNode {
        let line = lines[current]
        let start = line.start + line.indent
        if startsSequenceEntry(line) { return try blockSequence(indent: line.indent) }
        if keyColon(from: start, end: line.end) != nil { return try blockMapping(indent: line.indent, firstKey: start) }
        throw Declined()
    }

    private mutating func blockMapping(indent: Int, firstKey: Int) throws(Declined) -> YAMLNode {
        try enter()
        defer { depth -= 1 }
        let start = position(of: firstKey, on: lines[current])
        var pairs: [YAMLPair] = []
        var keyStart = firstKey
        while true {
            let line = lines[current]
            guard let colon = keyColon(from: keyStart, end: line.end) else { throw Declined() }
            let keyText = string(keyStart, colon)
            if pairs.contains(where: { $0.key.scalar?.string == keyText }) { throw Declined() }
            let key = YAMLNode.scalar(YAMLScalar(string: keyText, style: .plain, position: position(of: keyStart, on: line)))
            let valueStart = skipSpaces(from: colon + 1, end: line.end)
            let value: YAMLNode
            if valueStart == line.end || bytes[valueStart] == UInt8(ascii: "#") {
                value = try valueOnFollowingLines(indent: indent, emptyAt: position(of: colon + 1, on: line))
            } else {
                value = try inlineValue(from: valueStart, on: line)
            }
            pairs.append(YAMLPair(key: key, value: value))
            guard current < lines.count, lines[current].indent >= indent else { break }
            let next = lines[current]
            // Deeper: a value continued on the next line. A list entry here: not a key.
            if next.indent > indent || startsSequenceEntry(next) { throw Declined() }
            keyStart = next.start + next.indent
        }
        return .mapping(pairs, start)
    }

    /// The value of `key:` with nothing after the colon: a deeper block, a
    /// list at the key's own indentation, or an empty value (placed, as
    /// libyaml places it, just after the colon).
    private mutating func valueOnFollowingLines(indent: Int, emptyAt: YAMLPosition) throws(Declined) -> YAMLNode {
        current += 1
        if current < lines.count {
            let next = lines[current]
            if next.indent > indent { return try blockNode() }
            if next.indent == indent, startsSequenceEntry(next) { return try blockSequence(indent: indent) }
        }
        return .scalar(YAMLScalar(string: "", style: .plain, position: emptyAt))
    }

    private mutating func blockSequence(indent: Int) throws(Declined) -> YAMLNode {
        try enter()
        defer { depth -= 1 }
        let start = position(of: lines[current].start + indent, on: lines[current])
        var items: [YAMLNode] = []
        while current < lines.count {
            let line = lines[current]
            guard line.indent == indent, startsSequenceEntry(line) else {
                if line.indent > indent { throw Declined() }
                break
            }
            let itemStart = skipSpaces(from: line.start + indent + 1, end: line.end)
            // An entry whose value starts on the next line, or a list inside a list on one line.
            if itemStart == line.end || bytes[itemStart] == UInt8(ascii: "#") || bytes[itemStart] == UInt8(ascii: "-") {
                throw Declined()
            }
            if keyColon(from: itemStart, end: line.end) != nil {
                // Everything before the key is ASCII (spaces and the dash): bytes are columns.
                items.append(try blockMapping(indent: itemStart - line.start, firstKey: itemStart))
            } else {
                items.append(try inlineValue(from: itemStart, on: line))
            }
        }
        return .sequence(items, start)
    }

    private mutating func enter() throws(Declined) {
        depth += 1
        if depth > YAMLSubsetReader.maximumDepth { throw Declined() }
    }

    private func startsSequenceEntry(_ line: Line) -> Bool {
        let dash = line.start + line.indent
        return bytes[dash] == UInt8(ascii: "-") && (dash + 1 == line.end || bytes[dash + 1] == 0x20)
    }

    /// The colon of `key:` when the text from `start` is a plain key of
    /// letters, digits, `_` and `-` followed by `: ` or `:` at the line's end.
    private func keyColon(from start: Int, end: Int) -> Int? {
        var index = start
        while index < end, index - start <= YAMLSubsetReader.maximumKeyLength {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") {
                guard index > start, index + 1 == end || bytes[index + 1] == 0x20 else { return nil }
                return index
            }
            let isLetterOrDigit = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            guard isLetterOrDigit || byte == UInt8(ascii: "_") || (byte == UInt8(ascii: "-") && index > start) else { return nil }
            index += 1
        }
        return nil
    }

    /// A value that ends on its own line; only a comment may follow it.
    private mutating func inlineValue(from start: Int, on line: Line) throws(Declined) -> YAMLNode {
        let node: YAMLNode
        let end: Int
        switch bytes[start] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "["), UInt8(ascii: "{"):
            (node, end) = try flowNode(from: start, on: line, depth: depth)
            let rest = skipSpaces(from: end, end: line.end)
            guard rest == line.end || (rest > end && bytes[rest] == UInt8(ascii: "#")) else { throw Declined() }
        default:
            (node, end) = try blockPlain(from: start, on: line)
        }
        current += 1
        return node
    }

    // MARK: Scalars and flow collections

    /// A plain value in block context: up to a comment or the line's end.
    private func blockPlain(from start: Int, on line: Line) throws(Declined) -> (YAMLNode, Int) {
        guard canStartPlain(at: start, end: line.end) else { throw Declined() }
        var index = start
        var contentEnd = start
        while index < line.end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":"), index + 1 == line.end || bytes[index + 1] == 0x20 { throw Declined() }
            if byte == UInt8(ascii: "#"), bytes[index - 1] == 0x20 { break }
            if byte != 0x20 { contentEnd = index + 1 }
            index += 1
        }
        return (.scalar(YAMLScalar(string: string(start, contentEnd), style: .plain, position: position(of: start, on: line))), line.end)
    }

    private func canStartPlain(at index: Int, end: Int) -> Bool {
        switch bytes[index] {
        case UInt8(ascii: "-"):
            return index + 1 < end && bytes[index + 1] != 0x20
        case UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"),
             UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""),
             UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            return false
        default:
            return true
        }
    }

    private func flowNode(from start: Int, on line: Line, depth: Int) throws(Declined) -> (YAMLNode, Int) {
        guard depth < YAMLSubsetReader.maximumDepth else { throw Declined() }
        switch bytes[start] {
        case UInt8(ascii: "\""): return try doubleQuoted(from: start, on: line)
        case UInt8(ascii: "'"): return try singleQuoted(from: start, on: line)
        case UInt8(ascii: "["): return try flowSequence(from: start, on: line, depth: depth + 1)
        case UInt8(ascii: "{"): return try flowMapping(from: start, on: line, depth: depth + 1)
        default: return try flowPlain(from: start, on: line, isKey: false)
        }
    }

    private func flowSequence(from start: Int, on line: Line, depth: Int) throws(Declined) -> (YAMLNode, Int) {
        var items: [YAMLNode] = []
        let end = try flowEntries(from: start, on: line, closing: UInt8(ascii: "]")) { index throws(Declined) in
            let (item, end) = try flowNode(from: index, on: line, depth: depth)
            items.append(item)
            return end
        }
        return (.sequence(items, position(of: start, on: line)), end)
    }

    private func flowMapping(from start: Int, on line: Line, depth: Int) throws(Declined) -> (YAMLNode, Int) {
        var pairs: [YAMLPair] = []
        let end = try flowEntries(from: start, on: line, closing: UInt8(ascii: "}")) { index throws(Declined) in
            let (key, colon) = try flowPlain(from: index, on: line, isKey: true)
            if let text = key.scalar?.string, pairs.contains(where: { $0.key.scalar?.string == text }) { throw Declined() }
            let valueStart = skipSpaces(from: colon + 1, end: line.end)
            guard valueStart < line.end else { throw Declined() }
            let (value, end) = try flowNode(from: valueStart, on: line, depth: depth)
            pairs.append(YAMLPair(key: key, value: value))
            return end
        }
        return (.mapping(pairs, position(of: start, on: line)), end)
    }

    /// The entries of a `[...]` or `{...}` that opens at `start` and closes on
    /// the same line: `readEntry` reads one entry and returns where it ends;
    /// the commas, the closing bracket and the empty collection are handled here.
    /// Returns the index after the closing bracket.
    private func flowEntries(from start: Int, on line: Line, closing: UInt8,
                             readEntry: (Int) throws(Declined) -> Int) throws(Declined) -> Int {
        var index = skipSpaces(from: start + 1, end: line.end)
        if index < line.end, bytes[index] == closing { return index + 1 }
        while index < line.end {
            index = skipSpaces(from: try readEntry(index), end: line.end)
            guard index < line.end else { break }
            if bytes[index] == closing { return index + 1 }
            guard bytes[index] == UInt8(ascii: ",") else { break }
            index = skipSpaces(from: index + 1, end: line.end)
        }
        throw Declined()
    }

    /// A plain value inside `[...]` or `{...}`: up to `,`, `]` or `}`; a key
    /// up to `: `, whose colon is returned as its end.
    private func flowPlain(from start: Int, on line: Line, isKey: Bool) throws(Declined) -> (YAMLNode, Int) {
        guard start < line.end, canStartPlain(at: start, end: line.end) else { throw Declined() }
        var index = start
        var contentEnd = start
        scan: while index < line.end {
            switch bytes[index] {
            case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"):
                if isKey { throw Declined() }
                break scan
            case UInt8(ascii: ":"):
                guard isKey, index + 1 < line.end, bytes[index + 1] == 0x20 else { throw Declined() }
                break scan
            case UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "#"):
                throw Declined()
            case 0x20:
                break
            default:
                contentEnd = index + 1
            }
            index += 1
        }
        guard index < line.end, contentEnd > start else { throw Declined() }
        if isKey, contentEnd - start > YAMLSubsetReader.maximumKeyLength { throw Declined() }
        return (.scalar(YAMLScalar(string: string(start, contentEnd), style: .plain, position: position(of: start, on: line))), index)
    }

    private func singleQuoted(from start: Int, on line: Line) throws(Declined) -> (YAMLNode, Int) {
        var text: [UInt8] = []
        var index = start + 1
        while index < line.end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "'") {
                guard index + 1 < line.end, bytes[index + 1] == UInt8(ascii: "'") else {
                    let scalar = YAMLScalar(string: String(decoding: text, as: UTF8.self), style: .singleQuoted,
                                            position: position(of: start, on: line))
                    return (.scalar(scalar), index + 1)
                }
                index += 1
            }
            text.append(byte)
            index += 1
        }
        throw Declined()
    }

    /// JSON's escapes; the rarer YAML ones are left to Yams.
    private func doubleQuoted(from start: Int, on line: Line) throws(Declined) -> (YAMLNode, Int) {
        var text: [UInt8] = []
        var index = start + 1
        while index < line.end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let scalar = YAMLScalar(string: String(decoding: text, as: UTF8.self), style: .doubleQuoted,
                                        position: position(of: start, on: line))
                return (.scalar(scalar), index + 1)
            }
            guard byte == UInt8(ascii: "\\") else {
                text.append(byte)
                index += 1
                continue
            }
            guard index + 1 < line.end else { throw Declined() }
            switch bytes[index + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(bytes[index + 1])
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "u"):
                guard index + 6 <= line.end, bytes[(index + 2)..<(index + 6)].allSatisfy(\.isHexDigit),
                      let value = UInt32(string(index + 2, index + 6), radix: 16),
                      let scalar = Unicode.Scalar(value) else { throw Declined() }
                text.append(contentsOf: String(Character(scalar)).utf8)
                index += 4
            default:
                throw Declined()
            }
            index += 2
        }
        throw Declined()
    }

    // MARK: Helpers

    private func skipSpaces(from start: Int, end: Int) -> Int {
        var index = start
        while index < end, bytes[index] == 0x20 { index += 1 }
        return index
    }

    private func string(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// libyaml counts columns in characters (Unicode scalars), from 1 as Yams reports them.
    private func position(of index: Int, on line: Line) -> YAMLPosition {
        var column = 1
        var scan = line.start
        while scan < index {
            if bytes[scan] & 0xC0 != 0x80 { column += 1 }
            scan += 1
        }
        return YAMLPosition(line: line.number, column: column)
    }
}

private extension UInt8 {
    var isHexDigit: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x46) || (self >= 0x61 && self <= 0x66)
    }
}
