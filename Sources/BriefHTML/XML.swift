/// Escaping for XML documents (feeds, sitemap): the same five characters as
/// HTML, and characters that XML 1.0 forbids are dropped so that a stray
/// control character in a brief cannot make a feed unreadable. A carriage
/// return is written as a reference: a parser would otherwise fold it away.
public enum XMLText {
    /// Works on the UTF-8 bytes, as `HTML.escape` does: what XML forbids in a Swift string is ASCII control
    /// characters and U+FFFE and U+FFFF (EF BF BE, EF BF BF), since a string holds no surrogates.
    public static func escape(_ text: String) -> String {
        ByteEscaping.escape(text, firstSpecial: firstSpecial) { rest, result in
            var index = 0
            while index < rest.count {
                let byte = rest[index]
                index += 1
                switch byte {
                case 0x26: ByteEscaping.append("&amp;", to: &result)
                case 0x3C: ByteEscaping.append("&lt;", to: &result)
                case 0x3E: ByteEscaping.append("&gt;", to: &result)
                case 0x22: ByteEscaping.append("&quot;", to: &result)
                case 0x27: ByteEscaping.append("&apos;", to: &result)
                case 0x0D: ByteEscaping.append("&#13;", to: &result)
                case 0x09, 0x0A: result.append(byte)
                case ..<0x20: continue
                case 0xEF where isNonCharacter(rest, at: index - 1): index += 2
                default: result.append(byte)
                }
            }
        }
    }

    /// Where the first byte that is not written as it is stands, if any.
    private static func firstSpecial(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        bytes.indices.first { index in
            let byte = bytes[index]
            return (byte < 0x20 && byte != 0x09 && byte != 0x0A) || HTML.isSpecial(byte) || (byte == 0xEF && isNonCharacter(bytes, at: index))
        }
    }

    /// U+FFFE or U+FFFF at `index`.
    private static func isNonCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index + 1] == 0xBF && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF)
    }
}
