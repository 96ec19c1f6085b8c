import BriefCore
import BriefHTML
import Foundation

/// A feed entry's content is its brief's body HTML, escaped (`AtomFeed`): the
/// same text the brief's page holds unescaped where its body is. An edit of
/// a body the feed carries (`BodyEdit`) puts the new body into the feed as
/// the output holds it, in place of the old one.
enum FeedSplice {
    private static let contentEnd = "</content>\n"

    /// `feed` with the content `oldBody` replaced by `newBody`; nil unless the old content is found exactly once,
    /// as the whole text of a content element.
    static func replace(_ oldBody: String, with newBody: String, in feed: [UInt8]) -> [UInt8]? {
        let old = Array((">" + XMLText.escape(oldBody) + contentEnd).utf8)
        let found = feed.withUnsafeBytes { bytes -> Int? in
            guard let at = ByteSearch.firstIndex(of: old, in: bytes, from: 0),
                  ByteSearch.firstIndex(of: old, in: bytes, from: at + 1) == nil else { return nil }
            return at
        }
        guard let at = found else { return nil }
        let textStart = at + 1
        let textEnd = at + old.count - contentEnd.utf8.count
        let new = XMLText.escape(newBody).utf8
        var result: [UInt8] = []
        result.reserveCapacity(feed.count - (textEnd - textStart) + new.count)
        result.append(contentsOf: feed[..<textStart])
        result.append(contentsOf: new)
        result.append(contentsOf: feed[textEnd...])
        return result
    }
}
