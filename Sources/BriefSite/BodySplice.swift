import BriefCore
import BriefHTML
import Foundation

/// Where a brief's page holds what follows from its body alone — the reading
/// time and the body's HTML — as byte ranges of the page's file, so that an
/// edit of the body alone makes the new page from the old one (`BodyEdit`)
/// without the rest of the site.
///
/// Found in the rendered page by its template's own markers, each checked:
/// everything before the body is template text or escaped text, in which
/// neither marker can occur, and the body's bytes must be found exactly
/// where the marker ends.
struct BodySplice: Equatable, Sendable {
    var readingStart: Int
    var readingCount: Int
    var bodyStart: Int
    var bodyCount: Int

    private static let metaMarker = Array("<p class=\"brief-meta\">".utf8)
    private static let bodyMarker = Array("<div class=\"brief-body\">\n".utf8)

    /// The reading time as the page shows it, escaped.
    static func readingText(_ readingTime: String) -> String { HTML.escape(readingTime) }

    /// The ranges in `page`, rendered with `body` and `readingTime`; nil when they cannot be told for certain.
    static func find(in page: String, body: String, readingTime: String) -> BodySplice? {
        var page = page
        var body = body
        let reading = Array(("<span>" + readingText(readingTime) + "</span></p>\n").utf8)
        return page.withUTF8 { pageBytes in
            body.withUTF8 { bodyBytes -> BodySplice? in
                let bytes = UnsafeRawBufferPointer(pageBytes)
                guard let meta = ByteSearch.firstIndex(of: metaMarker, in: bytes, from: 0),
                      let marker = ByteSearch.firstIndex(of: bodyMarker, in: bytes, from: meta),
                      let readingAt = ByteSearch.firstIndex(of: reading, in: bytes, from: meta), readingAt + reading.count <= marker
                else { return nil }
                let start = marker + bodyMarker.count
                guard bytes.count - start >= bodyBytes.count,
                      ByteSearch.same(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + bodyBytes.count)]), UnsafeRawBufferPointer(bodyBytes))
                else { return nil }
                return BodySplice(readingStart: readingAt + 6, readingCount: reading.count - 6 - 12,
                                  bodyStart: start, bodyCount: bodyBytes.count)
            }
        }
    }

    /// The page with another reading time (nil: the one it shows) and body in place of the old, and where they now
    /// are; nil when the ranges do not fit the page.
    func apply(to page: [UInt8], readingTime: String?, body: String) -> (page: [UInt8], splice: BodySplice)? {
        guard readingStart >= 0, readingCount >= 0, readingStart + readingCount <= bodyStart, bodyCount >= 0,
              bodyStart + bodyCount <= page.count else { return nil }
        let reading = readingTime.map { Array(BodySplice.readingText($0).utf8) } ?? Array(page[readingStart..<(readingStart + readingCount)])
        let newBody = body.utf8
        var result: [UInt8] = []
        result.reserveCapacity(page.count - readingCount - bodyCount + reading.count + newBody.count)
        result.append(contentsOf: page[0..<readingStart])
        result.append(contentsOf: reading)
        result.append(contentsOf: page[(readingStart + readingCount)..<bodyStart])
        let start = result.count
        result.append(contentsOf: newBody)
        result.append(contentsOf: page[(bodyStart + bodyCount)...])
        return (result, BodySplice(readingStart: readingStart, readingCount: reading.count, bodyStart: start, bodyCount: newBody.count))
    }
}

extension BodySplice: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.int(readingStart); writer.int(readingCount); writer.int(bodyStart); writer.int(bodyCount)
    }

    init(from reader: inout CacheReader) throws {
        self.init(readingStart: try reader.int(), readingCount: try reader.int(), bodyStart: try reader.int(), bodyCount: try reader.int())
    }
}
