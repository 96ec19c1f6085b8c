import BriefCore
import Foundation

/// The sitemap entries of one page job, encoded one after another in one buffer. Held as values, the entries of
/// every page (each path again in its alternates and as the x-default, each in a list of its own) were 67 MB at
/// 100,000 briefs, alive at the peak of the build; a page's path and x-default are written here as the place of
/// the same path among its alternates.
///
/// An entry: the alternates (a count, then a language and a path each); the page's own path (its place among
/// the alternates plus one, or 0 and the path); the x-default (0 for none, its place plus one, or the count
/// plus one and the path); the last-modified date (a flag, then the date).
struct SitemapLog: Sendable {
    private var writer = CacheWriter()
    /// Where each entry starts in the buffer.
    private var starts: [UInt32] = []

    var count: Int { starts.count }

    init() {}

    init(_ entries: [SitemapEntry]) {
        entries.forEach { append($0) }
    }

    mutating func append(_ entry: SitemapEntry) {
        starts.append(UInt32(writer.bytes.count))
        writer.varint(UInt64(entry.alternates.count))
        for alternate in entry.alternates {
            writer.string(alternate.language)
            writer.string(alternate.path)
        }
        if let place = entry.alternates.firstIndex(where: { $0.path == entry.path }) {
            writer.varint(UInt64(place + 1))
        } else {
            writer.varint(0)
            writer.string(entry.path)
        }
        if let xDefault = entry.xDefault {
            if let place = entry.alternates.firstIndex(where: { $0.path == xDefault }) {
                writer.varint(UInt64(place + 1))
            } else {
                writer.varint(UInt64(entry.alternates.count + 1))
                writer.string(xDefault)
            }
        } else {
            writer.varint(0)
        }
        writer.bool(entry.lastModified != nil)
        if let lastModified = entry.lastModified { writer.string(lastModified) }
    }

    /// Lets go of the room left for more entries (the buffer grows by doubling): done when its job ends.
    mutating func shrinkToFit() {
        writer.shrinkToFit()
        starts.trimCapacity()
    }

    /// The entries' bytes into `hash`: equal logs hash equal, and any change to an entry changes them.
    func combine(into hash: inout StableHash) {
        hash.combine(count)
        writer.bytes.withUnsafeBytes { hash.combineRun($0) }
    }

    /// The entry at `index`; nil only if the buffer were damaged, which this type's own writing cannot do.
    subscript(index: Int) -> SitemapEntry? {
        var reader = reader(at: index)
        return try? SitemapLog.entry(&reader)
    }

    /// Where in the buffer the path of the entry at `index` is.
    func pathRange(at index: Int) -> Range<Int> {
        var reader = reader(at: index)
        let bytes = (try? SitemapLog.path(&reader)) ?? []
        return bytes.startIndex..<bytes.endIndex
    }

    /// The buffer's bytes, for comparing paths where they are.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        writer.bytes.withUnsafeBufferPointer(body)
    }

    private func reader(at index: Int) -> CacheReader {
        let end = index + 1 < starts.count ? Int(starts[index + 1]) : writer.bytes.count
        return CacheReader(writer.bytes[Int(starts[index])..<end])
    }

    private static func path(_ reader: inout CacheReader) throws -> ArraySlice<UInt8> {
        let alternates = reader
        let count = try reader.count()
        for _ in 0..<count {
            try reader.skipString()
            try reader.skipString()
        }
        let place = try place(&reader)
        if place == 0 { return try reader.stringBytes() }
        guard place <= count else { throw CacheReader.Damaged() }
        // The path is an alternate's: read the alternates again up to it.
        var again = alternates
        _ = try again.count()
        for _ in 1..<place {
            try again.skipString()
            try again.skipString()
        }
        try again.skipString()
        return try again.stringBytes()
    }

    /// A place among the alternates: a small number, not a count of bytes to follow.
    private static func place(_ reader: inout CacheReader) throws -> Int {
        let value = try reader.varint()
        guard value <= UInt64(Int32.max) else { throw CacheReader.Damaged() }
        return Int(value)
    }

    private static func entry(_ reader: inout CacheReader) throws -> SitemapEntry {
        let count = try reader.count()
        var alternates: [(language: String, path: String)] = []
        alternates.reserveCapacity(count)
        for _ in 0..<count { alternates.append((try reader.string(), try reader.string())) }
        func named(_ place: Int) throws -> String {
            guard place >= 1, place <= alternates.count else { throw CacheReader.Damaged() }
            return alternates[place - 1].path
        }
        let pathPlace = try place(&reader)
        let path = pathPlace == 0 ? try reader.string() : try named(pathPlace)
        let xDefaultPlace = try place(&reader)
        let xDefault: String? = switch xDefaultPlace {
        case 0: nil
        case alternates.count + 1: try reader.string()
        default: try named(xDefaultPlace)
        }
        let lastModified = try reader.bool() ? try reader.string() : nil
        return SitemapEntry(path: path, alternates: alternates, xDefault: xDefault, lastModified: lastModified)
    }
}

extension [SitemapLog] {
    /// The places (log, entry) of every entry, sorted by path as strings sort: bytes compared where both paths
    /// are ASCII (where the two orders are the same), the strings themselves otherwise.
    func placesByPath() -> [(log: Int, index: Int)] {
        var places: [SitemapPathPlace] = []
        places.reserveCapacity(reduce(0) { $0 + $1.count })
        for (log, entries) in enumerated() {
            entries.withBytes { bytes in
                for index in 0..<entries.count {
                    let range = entries.pathRange(at: index)
                    let isASCII = UnsafeBufferPointer(rebasing: bytes[range]).allSatisfy { $0 < 0x80 }
                    places.append(SitemapPathPlace(log: Int32(log), index: Int32(index), start: Int32(range.lowerBound),
                                                   count: Int32(range.count), isASCII: isASCII))
                }
            }
        }
        places.sort { left, right in SitemapPathPlace.precedes(left, right, in: self) }
        return places.map { (Int($0.log), Int($0.index)) }
    }
}

/// A path in a sitemap log, found once for sorting: where its bytes are and whether they are all ASCII.
private struct SitemapPathPlace {
    let log: Int32
    let index: Int32
    let start: Int32
    let count: Int32
    let isASCII: Bool

    static func precedes(_ left: SitemapPathPlace, _ right: SitemapPathPlace, in logs: [SitemapLog]) -> Bool {
        logs[Int(left.log)].withBytes { (a: UnsafeBufferPointer<UInt8>) -> Bool in
            logs[Int(right.log)].withBytes { (b: UnsafeBufferPointer<UInt8>) -> Bool in
                let first = UnsafeBufferPointer(rebasing: a[Int(left.start)..<Int(left.start + left.count)])
                let second = UnsafeBufferPointer(rebasing: b[Int(right.start)..<Int(right.start + right.count)])
                guard left.isASCII && right.isASCII else {
                    return String(decoding: first, as: UTF8.self) < String(decoding: second, as: UTF8.self)
                }
                let shared = min(first.count, second.count)
                var order: Int32 = 0
                if shared > 0, let one = first.baseAddress, let other = second.baseAddress { order = memcmp(one, other, shared) }
                return order != 0 ? order < 0 : first.count < second.count
            }
        }
    }
}
