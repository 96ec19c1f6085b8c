/// A source file cut into its YAML front matter and its Markdown body, with
/// the line each part starts on, so that every later diagnostic points into
/// the file the editor has open.
public struct SplitSource: Sendable {
    public var frontMatter: String
    /// The file's line of the first front-matter line.
    public var frontMatterFirstLine: Int
    public var body: String
    /// The file's line of the first body line.
    public var bodyFirstLine: Int
}

public enum FrontMatterSplitter {
    /// Normalizes line ends and a byte order mark, then cuts at the `---`
    /// fences. A file without front matter, or with an unclosed one, is an
    /// error that says how to fix it.
    public static func split(_ rawText: String, file: String) -> Result<SplitSource, Diagnostic> {
        var text = rawText
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.contains("\r") {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        if text.allSatisfy({ $0.isWhitespace }) {
            return .failure(.error("the file is empty; a page starts with front matter: a line '---', 'title: ...', 'date: YYYY-MM-DD', and a closing '---'", at: SourceLocation(file: file)))
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingSpaces == "---" else {
            return .failure(.error("the file does not start with front matter; put a line '---' first, then the keys (title, date, ...), then a closing '---'", at: SourceLocation(file: file)))
        }
        lines.removeFirst()
        guard let closing = lines.firstIndex(where: { $0.trimmingTrailingSpaces == "---" || $0.trimmingTrailingSpaces == "..." }) else {
            return .failure(.error("the front matter opened on line 1 is never closed; add a line '---' after its last key", at: SourceLocation(file: file)))
        }
        let yaml = lines[..<closing].joined(separator: "\n")
        let body = lines[(closing + 1)...].joined(separator: "\n")
        return .success(SplitSource(frontMatter: yaml, frontMatterFirstLine: 2, body: body, bodyFirstLine: closing + 3))
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
