/// Escaping for XML documents (feeds, sitemap): the same five characters as
/// HTML, and characters that XML 1.0 forbids are dropped so that a stray
/// control character in a brief cannot make a feed unreadable. A carriage
/// return is written as a reference: a parser would otherwise fold it away.
public enum XMLText {
    /// Works on the UTF-8 bytes, as `HTML.escape` does: what XML forbids in a Swift string is ASCII control
    /// characters and U+FFFE and U+FFFF (EF BF BE, EF BF BF), since a string holds no surrogates.
    public static func escape(_ text: String) -> String {
        var text = text
        let escaped = text.withUTF8 { bytes -> [UInt8]? in
            guard let first = firstSpecial(bytes) else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 16)
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<first]))
            var index = first
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case 0x26: append("&amp;", to: &result)
                case 0x3C: append("&lt;", to: &result)
                case 0x3E: append("&gt;", to: &result)
                case 0x22: append("&quot;", to: &result)
                case 0x27: append("&apos;", to: &result)
                case 0x0D: append("&#13;", to: &result)
                case 0x09, 0x0A: result.append(byte)
                case ..<0x20: continue
                case 0xEF where isNonCharacter(bytes, at: index - 1): index += 2
                default: result.append(byte)
                }
            }
            return result
        }
        return escaped.map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    /// Where the first byte that is not written as it is stands, if any.
    private static func firstSpecial(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        for index in bytes.indices {
            let byte = bytes[index]
            if byte < 0x20 && byte != 0x09 && byte != 0x0A { return index }
            if byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 { return index }
            if byte == 0xEF && isNonCharacter(bytes, at: index) { return index }
        }
        return nil
    }

    /// U+FFFE or U+FFFF at `index`.
    private static func isNonCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index + 1] == 0xBF && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF)
    }

    private static func append(_ entity: StaticString, to result: inout [UInt8]) {
        entity.withUTF8Buffer { result.append(contentsOf: $0) }
    }

    static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}
