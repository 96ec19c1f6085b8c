import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a run of bytes first occurs in another, from an offset: `memchr`
/// for its first byte, `memcmp` for the rest.
public enum ByteSearch {
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
