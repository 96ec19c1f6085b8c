/// What both escapes do with a text's UTF-8: scan it for the first byte not written as it is; with none, the
/// text is returned as it is (most text), else the bytes before that one are copied and `rest` writes the rest.
enum ByteEscaping {
    static func escape(_ text: String, firstSpecial: (UnsafeBufferPointer<UInt8>) -> Int?,
                       rest: (UnsafeBufferPointer<UInt8>, inout [UInt8]) -> Void) -> String {
        var text = text
        let escaped = text.withUTF8 { bytes -> [UInt8]? in
            guard let first = firstSpecial(bytes) else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 16)
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<first]))
            rest(UnsafeBufferPointer(rebasing: bytes[first...]), &result)
            return result
        }
        return escaped.map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    static func append(_ entity: StaticString, to result: inout [UInt8]) {
        entity.withUTF8Buffer { result.append(contentsOf: $0) }
    }
}
