import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a run of bytes first occurs in another, from an offset: `memchr`
/// for its first byte, `memcmp` for the rest.
public enum ByteSearch {
    /// Whether two runs of bytes are the same, by `memcmp` (a generic `elementsEqual` goes a byte at a time).
    public static func same(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard let left = lhs.baseAddress, let right = rhs.baseAddress else { return true }
        return memcmp(left, right, lhs.count) == 0
    }

    /// The same for bytes in memory and a text's UTF-8.
    public static func same(_ bytes: some ContiguousBytes, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in bytes.withUnsafeBytes { same($0, UnsafeRawBufferPointer(utf8)) } }
    }

    public static func same(_ lhs: some ContiguousBytes, _ rhs: some ContiguousBytes) -> Bool {
        lhs.withUnsafeBytes { left in rhs.withUnsafeBytes { same(left, $0) } }
    }
    public static func firstIndex(of needle: [UInt8], in haystack: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = haystack.baseAddress, let first = needle.first, start >= 0 else { return nil }
        return needle.withUnsafeBytes { pattern -> Int? in
            guard let patternBase = pattern.baseAddress else { return nil }
            var index = start
            while haystack.count - index >= needle.count {
                guard let hit = memchr(base + index, Int32(first), haystack.count - index - needle.count + 1) else { return nil }
                let at = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + at, patternBase, needle.count) == 0 { return at }
                index = at + 1
            }
            return nil
        }
    }
}
