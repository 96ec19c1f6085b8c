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
    /// Escapes text for element content and for quoted attribute values. Works on the UTF-8 bytes: the five
    /// characters are ASCII, and most text has none of them, so it is scanned once and returned as it is.
    public static func escape(_ text: String) -> String {
        ByteEscaping.escape(text, firstSpecial: { $0.firstIndex(where: isSpecial) }) { rest, result in
            for byte in rest {
                if let entity = entity(for: byte) { ByteEscaping.append(entity, to: &result) } else { result.append(byte) }
            }
        }
    }

    /// One of the five bytes both escapes write as references.
    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        entity(for: byte) != nil
    }

    @inline(__always)
    static func entity(for byte: UInt8) -> StaticString? {
        switch byte {
        case 0x26: return "&amp;"
        case 0x3C: return "&lt;"
        case 0x3E: return "&gt;"
        case 0x22: return "&quot;"
        case 0x27: return "&#39;"
        default: return nil
        }
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
