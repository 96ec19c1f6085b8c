import Foundation

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
        if text.containsCarriageReturn {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        if text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }) {
            return .failure(.error("the file is empty; a page starts with front matter: a line '---', 'title: ...', 'date: YYYY-MM-DD', and a closing '---'", at: SourceLocation(file: file)))
        }
        // Only the lines up to the closing fence are looked at; the body is
        // taken whole, however long it is.
        var lineStart = text.startIndex
        var lineNumber = 0
        var yamlStart: String.Index?
        while lineStart < text.endIndex {
            // A newline is ASCII: finding it among the UTF-8 bytes gives a valid index without Character breaking.
            let lineEnd = text.utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
            let line = text[lineStart..<lineEnd].trimmingTrailingSpaces
            lineNumber += 1
            let next = lineEnd < text.endIndex ? text.index(after: lineEnd) : text.endIndex
            if lineNumber == 1 {
                guard line == "---" else {
                    return .failure(.error("the file does not start with front matter; put a line '---' first, then the keys (title, date, ...), then a closing '---'", at: SourceLocation(file: file)))
                }
                yamlStart = next
            } else if line == "---" || line == "...", let start = yamlStart {
                let yaml = String(text[start..<lineStart].dropLast(start < lineStart ? 1 : 0))
                return .success(SplitSource(frontMatter: yaml, frontMatterFirstLine: 2, body: String(text[next...]),
                                            bodyFirstLine: lineNumber + 1))
            }
            lineStart = next
        }
        return .failure(.error("the front matter opened on line 1 is never closed; add a line '---' after its last key", at: SourceLocation(file: file)))
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}

extension String {
    /// Found with `memchr` on the string's bytes: the UTF-8 view's generic
    /// `contains` walked every byte of every file one call at a time.
    var containsCarriageReturn: Bool {
        var text = self
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, 0x0D, bytes.count) != nil
        }
    }
}
