/// JSON string literals, for the files and event streams briefsite writes by
/// hand (to keep keys in a fixed order). `<`, `>` and `&` are escaped too, so
/// a JSON file stays harmless even if a browser is tricked into reading it
/// as HTML.
public enum JSONString {
    public static func literal(_ text: String) -> String {
        // Most titles and ids need nothing escaped: one pass over the bytes says so.
        guard needsEscaping(text) else { return "\"" + text + "\"" }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "<": result += "\\u003c"
            case ">": result += "\\u003e"
            case "&": result += "\\u0026"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Whether the text holds a character that `literal` writes as an escape.
    public static func needsEscaping(_ text: String) -> Bool {
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            switch byte {
            case 0..<0x20, UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                return true
            case 0xE2:
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                guard bytes.next() == 0x80 else { continue }
                if let last = bytes.next(), last == 0xA8 || last == 0xA9 { return true }
            default:
                continue
            }
        }
        return false
    }
}
