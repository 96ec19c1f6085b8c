import Foundation
import Yams

/// Reads a YAML document into typed values without letting YAML guess types:
/// every scalar is read as the text that was written, and each key decides
/// what that text must be. So `on: JP` is the key `on`, `NO` stays Norway and
/// `1.10` stays a number written with two decimals.
public struct YAMLDocument {
    public let file: String
    let lineOffset: Int
    public let root: YAMLNode?

    /// Parses `yaml`, whose first line is line `firstLine` of `file`.
    public static func parse(_ yaml: String, file: String, firstLine: Int) -> Result<YAMLDocument, Diagnostic> {
        if case .read(let root) = YAMLSubsetReader.read(yaml) {
            return .success(YAMLDocument(file: file, lineOffset: firstLine - 1, root: root))
        }
        return parseWithYams(yaml, file: file, firstLine: firstLine)
    }

    /// The reading of every YAML form and every mistake; `parse` comes here
    /// for whatever its subset reader declines. Public so that the fuzzer can
    /// hold the two readings to each other.
    public static func parseWithYams(_ yaml: String, file: String, firstLine: Int) -> Result<YAMLDocument, Diagnostic> {
        let offset = firstLine - 1
        if let tab = YAMLDocument.firstIndentingTab(in: yaml) {
            return .failure(.error("a tab indents this line; YAML allows only spaces for indentation, replace the tab with spaces",
                                   at: SourceLocation(file: file, line: tab.line + offset, column: tab.column)))
        }
        do {
            // The encoding is given: Yams's default reads the whole process environment on every parse.
            let root = try Parser(yaml: yaml, resolver: .basic, encoding: .utf8).singleRoot()
            // Every explicit tag is written with a '!': without one there is nothing to look for.
            if let root, yaml.utf8.contains(UInt8(ascii: "!")), let (node, tag) = YAMLDocument.firstExplicitTag(in: root) {
                return .failure(.error("the YAML tag '\(tag)' is not read here: front matter values are written plainly and each key decides its type; remove the tag",
                                       at: SourceLocation(file: file, line: (node.mark?.line ?? 1) + offset, column: node.mark?.column ?? 1)))
            }
            return .success(YAMLDocument(file: file, lineOffset: offset, root: root.map(YAMLNode.init)))
        } catch let error as YamlError {
            return .failure(YAMLDocument.diagnostic(for: error, file: file, offset: offset))
        } catch {
            return .failure(.error("the front matter could not be read: \(error)", at: SourceLocation(file: file, line: firstLine)))
        }
    }

    public func location(of node: YAMLNode) -> SourceLocation {
        let position = node.position
        return SourceLocation(file: file, line: position.line + lineOffset, column: position.column)
    }

    public var startLocation: SourceLocation { SourceLocation(file: file, line: lineOffset + 1, column: 1) }

    /// A tag (`!!int`, `!custom`) would ask for a type the key does not
    /// take, or for a constructor: refused rather than silently dropped.
    /// A quoted scalar carries the `str` tag implicitly, so `!!str` passes.
    /// An alias is a copy of its anchored node with the same mark: each
    /// place is visited once, so an alias bomb costs what was written.
    static func firstExplicitTag(in root: Node) -> (Node, String)? {
        let stringTag = Tag.Name.str.rawValue
        var pending = [root]
        var visited = Set<Int>()
        var first: (node: Node, tag: String, position: Int)?
        while let node = pending.popLast() {
            if node.scalar == nil, let mark = node.mark, !visited.insert(mark.line << 32 | mark.column).inserted { continue }
            let name: String
            switch node {
            case .scalar(let scalar):
                name = scalar.tag.description
            case .sequence(let sequence):
                name = sequence.tag.description
                pending.append(contentsOf: sequence)
            case .mapping(let mapping):
                name = mapping.tag.description
                for (key, value) in mapping {
                    pending.append(key)
                    pending.append(value)
                }
            case .alias:
                continue
            }
            guard !name.isEmpty, name != stringTag else { continue }
            // The walk is not in document order; the tag reported is the one written first.
            let position = node.mark.map { $0.line << 32 | $0.column } ?? 0
            if first.map({ position < $0.position }) ?? true {
                let prefix = "tag:yaml.org,2002:"
                first = (node, name.hasPrefix(prefix) ? "!!" + name.dropFirst(prefix.count) : name, position)
            }
        }
        return first.map { ($0.node, $0.tag) }
    }

    static func firstIndentingTab(in yaml: String) -> (line: Int, column: Int)? {
        // Indentation is ASCII: the bytes are enough, and much faster than Characters.
        var line = 1
        var column = 0
        var inIndentation = true
        for byte in yaml.utf8 {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 0
                inIndentation = true
                continue
            }
            guard inIndentation else { continue }
            column += 1
            if byte == UInt8(ascii: "\t") { return (line, column) }
            if byte != UInt8(ascii: " ") { inIndentation = false }
        }
        return nil
    }

    static func diagnostic(for error: YamlError, file: String, offset: Int) -> Diagnostic {
        func located(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> Diagnostic {
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line + offset))" }
            // An unclosed quotation mark is reported where it opens, not at the end of the front matter.
            if let context, context.text.contains("quoted scalar") {
                return .error(message + "; close the quotation mark",
                              at: SourceLocation(file: file, line: context.mark.line + offset, column: context.mark.column))
            }
            message += YAMLDocument.hint(for: problem)
            return .error(message, at: SourceLocation(file: file, line: mark.line + offset, column: mark.column))
        }
        switch error {
        case let .scanner(context, problem, mark, _): return located(mark, problem, context)
        case let .parser(context, problem, mark, _): return located(mark, problem, context)
        case let .composer(context, problem, mark, _): return located(mark, problem, context)
        case let .duplicatedKeysInMapping(duplicates, context):
            return .error("the key '\(duplicates.joined(separator: "', '"))' is written twice in one mapping; keep one of them",
                          at: SourceLocation(file: file, line: context.mark.line + offset, column: context.mark.column))
        case let .reader(problem, _, _, _):
            return .error("the front matter is not valid text: \(problem); save the file as UTF-8", at: SourceLocation(file: file, line: offset + 1))
        default:
            return .error("invalid YAML: \(error)", at: SourceLocation(file: file, line: offset + 1))
        }
    }

    static func hint(for problem: String) -> String {
        if problem.contains("nesting level") { return "; the front matter is nested far too deeply (lists or mappings inside each other)" }
        if problem.contains("quoted scalar") { return "; close the quotation mark" }
        if problem.contains("mapping values are not allowed") { return "; a value that contains ': ' must be quoted" }
        if problem.contains("could not find expected ':'") { return "; each line needs 'key: value'" }
        if problem.contains("block end") || problem.contains("indentation") { return "; check the indentation of this line" }
        return ""
    }
}

/// The keys of one YAML mapping, checked against those allowed, read one by one.
public struct MappingReader {
    public let document: YAMLDocument
    public let node: YAMLNode
    public let what: String
    private var values: [String: (key: YAMLNode, value: YAMLNode)] = [:]

    /// Reports keys that are not allowed (with a suggestion) and a node that
    /// is not a mapping at all.
    public init?(_ node: YAMLNode, in document: YAMLDocument, what: String, allowedKeys: [String], diagnostics: inout Diagnostics) {
        self.document = document
        self.node = node
        self.what = what
        guard let mapping = node.mapping else {
            diagnostics.error("\(what) must be a mapping of 'key: value' lines, not \(node.kindName)", at: document.location(of: node))
            return nil
        }
        for pair in mapping {
            let key = pair.key
            guard let name = key.scalar?.string else {
                diagnostics.error("a key of \(what) must be plain text", at: document.location(of: key))
                continue
            }
            guard allowedKeys.contains(name) else {
                var message = "unknown key '\(name)' in \(what)"
                if let suggestion = Suggestion.closest(to: name, among: allowedKeys) {
                    message += "; did you mean '\(suggestion)'?"
                } else {
                    message += "; the keys are \(allowedKeys.joined(separator: ", "))"
                }
                diagnostics.error(message, at: document.location(of: key))
                continue
            }
            values[name] = (key, pair.value)
        }
    }

    public func has(_ key: String) -> Bool { values[key] != nil }

    public func keyLocation(_ key: String) -> SourceLocation? {
        values[key].map { document.location(of: $0.key) }
    }

    public func valueNode(_ key: String) -> YAMLNode? { values[key]?.value }

    public func location(_ key: String) -> SourceLocation {
        values[key].map { document.location(of: $0.value) } ?? document.location(of: node)
    }

    func missing(_ key: String, _ example: String, _ diagnostics: inout Diagnostics) {
        diagnostics.error("\(what) has no '\(key)'; add a line '\(key): \(example)'", at: document.location(of: node))
    }

    /// A scalar read as text; empty or null is reported for required keys.
    public func text(_ key: String, required: Bool = false, example: String = "...", _ diagnostics: inout Diagnostics) -> String? {
        guard let value = values[key]?.value else {
            if required { missing(key, example, &diagnostics) }
            return nil
        }
        guard let scalar = value.scalar else {
            diagnostics.error("'\(key)' must be text, not \(value.kindName)", at: document.location(of: value))
            return nil
        }
        let text = scalar.string.trimmedWhitespace
        if scalar.style == .plain && (text == "~" || text == "null" || text.isEmpty) {
            if required { diagnostics.error("'\(key)' is empty; write its text after '\(key): '", at: document.location(of: value)) }
            return nil
        }
        if required && text.isEmpty {
            diagnostics.error("'\(key)' is empty; write its text after '\(key): '", at: document.location(of: value))
            return nil
        }
        return text
    }

    public func day(_ key: String, required: Bool = false, _ diagnostics: inout Diagnostics) -> Day? {
        guard let value = values[key]?.value else {
            if required { missing(key, "YYYY-MM-DD", &diagnostics) }
            return nil
        }
        return ScalarReading.day(value, key: key, in: document, &diagnostics)
    }

    public func bool(_ key: String, _ diagnostics: inout Diagnostics) -> Bool? {
        guard let value = values[key]?.value else { return nil }
        guard let scalar = value.scalar, scalar.style == .plain else {
            diagnostics.error("'\(key)' must be true or false, not \(value.kindName)", at: document.location(of: value))
            return nil
        }
        switch scalar.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            diagnostics.error("'\(key)' must be true or false, not '\(scalar.string)'", at: document.location(of: value))
            return nil
        }
    }

    public func number(_ key: String, required: Bool = false, example: String = "10", _ diagnostics: inout Diagnostics) -> Decimal? {
        guard let value = values[key]?.value else {
            if required { missing(key, example, &diagnostics) }
            return nil
        }
        return ScalarReading.number(value, key: key, in: document, &diagnostics)
    }

    public func integer(_ key: String, required: Bool = false, example: String = "2024", _ diagnostics: inout Diagnostics) -> Int? {
        guard let value = values[key]?.value else {
            if required { missing(key, example, &diagnostics) }
            return nil
        }
        guard let scalar = value.scalar, scalar.style == .plain, let number = Int(scalar.string) else {
            diagnostics.error("'\(key)' must be a whole number, not \(value.describedValue)", at: document.location(of: value))
            return nil
        }
        return number
    }

    public func country(_ key: String, required: Bool = false, _ diagnostics: inout Diagnostics) -> CountryCode? {
        guard let value = values[key]?.value else {
            if required { missing(key, "US", &diagnostics) }
            return nil
        }
        return ScalarReading.country(value, key: key, in: document, &diagnostics)
    }

    /// A list; a single value where a list belongs is reported with the fix.
    public func sequence(_ key: String, _ diagnostics: inout Diagnostics) -> [YAMLNode]? {
        guard let value = values[key]?.value else { return nil }
        if let scalar = value.scalar, scalar.style == .plain, scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" {
            return []
        }
        guard let sequence = value.sequence else {
            diagnostics.error("'\(key)' must be a list (a line '- item' for each, or [a, b]), not \(value.kindName)", at: document.location(of: value))
            return nil
        }
        return sequence
    }
}

/// Readings of one scalar, shared by mapping values and list items.
public enum ScalarReading {
    /// `[-+]?digits(.digits)?([eE][-+]?digits)?`, the plain numbers YAML and CSV agree on.
    static func isPlainNumber(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        func digits() -> Bool {
            let start = bytes.startIndex
            while let byte = bytes.first, byte >= 0x30, byte <= 0x39 { bytes.removeFirst() }
            return bytes.startIndex != start
        }
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes.removeFirst() }
        guard digits() else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes.removeFirst()
            guard digits() else { return false }
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes.removeFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes.removeFirst() }
            guard digits() else { return false }
        }
        return bytes.isEmpty
    }

    public static func number(_ node: YAMLNode, key: String, in document: YAMLDocument, _ diagnostics: inout Diagnostics) -> Decimal? {
        guard let scalar = node.scalar, scalar.style == .plain, isPlainNumber(scalar.string),
              let number = Decimal(string: scalar.string, locale: Locale(identifier: "en_US_POSIX"))
        else {
            diagnostics.error("'\(key)' must be a number such as 25 or 27.5 (no quotes, no % sign), not \(node.describedValue)",
                              at: document.location(of: node))
            return nil
        }
        return number
    }

    public static func day(_ node: YAMLNode, key: String, in document: YAMLDocument, _ diagnostics: inout Diagnostics) -> Day? {
        guard let scalar = node.scalar else {
            diagnostics.error("'\(key)' must be a date YYYY-MM-DD, not \(node.kindName)", at: document.location(of: node))
            return nil
        }
        guard let day = Day(iso: scalar.string) else {
            diagnostics.error("'\(key)' is not a valid date: '\(scalar.string)'; write it as YYYY-MM-DD, e.g. 2025-05-17",
                              at: document.location(of: node))
            return nil
        }
        return day
    }

    public static func country(_ node: YAMLNode, key: String, in document: YAMLDocument, _ diagnostics: inout Diagnostics) -> CountryCode? {
        guard let scalar = node.scalar else {
            diagnostics.error("'\(key)' must be a country code, not \(node.kindName)", at: document.location(of: node))
            return nil
        }
        let text = scalar.string
        if let code = CountryCode(text) { return code }
        var message = "'\(text)' is not a country code; use an ISO 3166-1 alpha-2 code (JP, CN, US, ...), EU or WORLD"
        if let upper = CountryCode(text.uppercased()) {
            message = "'\(text)' is not a country code; did you mean '\(upper.code)'? (codes are upper case)"
        }
        diagnostics.error(message, at: document.location(of: node))
        return nil
    }

    public static func text(_ node: YAMLNode, key: String, in document: YAMLDocument, _ diagnostics: inout Diagnostics) -> String? {
        guard let scalar = node.scalar else {
            diagnostics.error("each item of '\(key)' must be text, not \(node.kindName)", at: document.location(of: node))
            return nil
        }
        let text = scalar.string.trimmedWhitespace
        guard !text.isEmpty else {
            diagnostics.error("an item of '\(key)' is empty", at: document.location(of: node))
            return nil
        }
        return text
    }
}

/// "Did you mean": the allowed word nearest to a mistyped one.
public enum Suggestion {
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let lowered = word.lowercased()
        if let same = candidates.first(where: { $0.lowercased() == lowered }) { return same }
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance <= max(1, min(3, candidate.count / 3)), distance < (best?.1 ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
