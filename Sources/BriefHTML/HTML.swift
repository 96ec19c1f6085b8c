/// A fragment of HTML whose text parts were escaped when it was built.
///
/// Interpolating a `String` escapes it for both text and attribute context;
/// interpolating another `HTML` keeps it as it is. The only way to put
/// unescaped text into a page is `HTML(unsafeRaw:)`, so every place that does
/// so can be found with one grep.
public struct HTML: Sendable, Equatable, CustomStringConvertible {
    public private(set) var rendered: String

    /// Markup that is already safe: output of the Markdown renderer or of
    /// another template. Never pass text from a brief's front matter here.
    public init(unsafeRaw markup: String) {
        rendered = markup
    }

    public init() {
        rendered = ""
    }

    public var description: String { rendered }
    public var isEmpty: Bool { rendered.isEmpty }

    public static func + (lhs: HTML, rhs: HTML) -> HTML {
        HTML(unsafeRaw: lhs.rendered + rhs.rendered)
    }

    public static func += (lhs: inout HTML, rhs: HTML) {
        lhs.rendered += rhs.rendered
    }
}

extension HTML: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) {
        rendered = value
    }

    public init(stringInterpolation: Interpolation) {
        rendered = stringInterpolation.output
    }

    public struct Interpolation: StringInterpolationProtocol {
        var output = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            output.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) {
            output += literal
        }

        public mutating func appendInterpolation(_ text: String) {
            output += HTML.escape(text)
        }

        public mutating func appendInterpolation(_ text: String?) {
            if let text { output += HTML.escape(text) }
        }

        public mutating func appendInterpolation(_ number: Int) {
            output += String(number)
        }

        public mutating func appendInterpolation(_ html: HTML) {
            output += html.rendered
        }

        public mutating func appendInterpolation(_ html: HTML?) {
            if let html { output += html.rendered }
        }

        public mutating func appendInterpolation(_ parts: [HTML]) {
            for part in parts { output += part.rendered }
        }
    }
}

extension HTML {
    /// Escapes text for element content and for quoted attribute values.
    public static func escape(_ text: String) -> String {
        var needsWork = false
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension Sequence where Element == HTML {
    public func joined(separator: HTML = HTML()) -> HTML {
        var result = HTML()
        var first = true
        for part in self {
            if !first { result += separator }
            result += part
            first = false
        }
        return result
    }
}
