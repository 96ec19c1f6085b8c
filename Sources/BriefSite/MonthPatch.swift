import BriefCore
import Foundation

/// A month's part of a timeline file made again from its old bytes, event by
/// event: each event's text is found in them, not made. A part is its events'
/// texts one after another (`EventSplicer.part`), so taking out the text of
/// each event the edit changed or removed, and putting each new or changed
/// event's text before the text of the next event the edit left as it was,
/// gives the part its new events make. Only the edited events, and the
/// events their texts go before, are rendered: making every event of the old
/// month to check it was most of an event edit's work (570 events a month at
/// 10,000 briefs, in each of five files).
///
/// Each text taken out or gone before must be in the part exactly once, byte
/// for byte as its event renders; anything else returns nil, and the month
/// is made whole.
enum MonthPatch {
    /// The new part, from the old one's bytes; nil when a text is not found exactly once.
    static func patched(_ oldBytes: [UInt8], old: ArraySlice<SiteEvent>, new: ArraySlice<SiteEvent>,
                        render: (SiteEvent) -> String) -> Data? {
        guard let oldByKey = byKey(old), let newByKey = byKey(new) else { return nil }
        let removed = old.filter { newByKey[key($0)] != $0 }
        let kept = { (event: SiteEvent) in oldByKey[key(event)] == event }
        var cuts: [Range<Int>] = []
        for event in removed {
            guard let range = onlyRange(of: Array(render(event).utf8), in: oldBytes) else { return nil }
            cuts.append(range)
        }
        // Each new or changed event goes before the next event kept (or at the part's end); several before one
        // event go in their order.
        var insertions: [(at: Int, bytes: [UInt8])] = []
        var startOfNextKept: [Int: Int] = [:]
        for position in new.indices {
            let event = new[position]
            guard !kept(event) else { continue }
            guard let next = new[new.index(after: position)...].firstIndex(where: kept) else {
                insertions.append((oldBytes.count, Array(render(event).utf8)))
                continue
            }
            if startOfNextKept[next] == nil {
                guard let range = onlyRange(of: Array(render(new[next]).utf8), in: oldBytes) else { return nil }
                startOfNextKept[next] = range.lowerBound
            }
            insertions.append((startOfNextKept[next] ?? oldBytes.count, Array(render(event).utf8)))
        }
        cuts.sort { $0.lowerBound < $1.lowerBound }
        // Texts of distinct events never overlap, and a kept event's text does not start where one taken out does
        // or inside it: else the month is made whole.
        for (cut, next) in zip(cuts, cuts.dropFirst()) where cut.upperBound > next.lowerBound { return nil }
        for insertion in insertions where cuts.contains(where: { $0.lowerBound <= insertion.at && insertion.at < $0.upperBound }) {
            return nil
        }
        // Stable: insertions at one place keep the new events' order.
        let ordered = insertions.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        var made = Data(capacity: oldBytes.count + ordered.reduce(0) { $0 + $1.bytes.count })
        var position = 0
        var (cut, insertion) = (0, 0)
        while cut < cuts.count || insertion < ordered.count {
            let cutAt = cut < cuts.count ? cuts[cut].lowerBound : Int.max
            let insertAt = insertion < ordered.count ? ordered[insertion].at : Int.max
            if insertAt <= cutAt {
                made.append(contentsOf: oldBytes[position..<insertAt])
                made.append(contentsOf: ordered[insertion].bytes)
                position = insertAt
                insertion += 1
            } else {
                made.append(contentsOf: oldBytes[position..<cutAt])
                position = cuts[cut].upperBound
                cut += 1
            }
        }
        made.append(contentsOf: oldBytes[position...])
        return made
    }

    private static func key(_ event: SiteEvent) -> String {
        event.brief + "\u{0}" + event.event.id
    }

    /// Events by brief and id; nil when two share them (the month is then made whole).
    private static func byKey(_ events: ArraySlice<SiteEvent>) -> [String: SiteEvent]? {
        var found: [String: SiteEvent] = [:]
        found.reserveCapacity(events.count)
        for event in events where found.updateValue(event, forKey: key(event)) != nil { return nil }
        return found
    }

    /// Where `text` is in `bytes`, when it is there exactly once.
    private static func onlyRange(of text: [UInt8], in bytes: [UInt8]) -> Range<Int>? {
        guard !text.isEmpty else { return nil }
        return bytes.withUnsafeBytes { haystack -> Range<Int>? in
            guard let first = ByteSearch.firstIndex(of: text, in: haystack, from: 0),
                  ByteSearch.firstIndex(of: text, in: haystack, from: first + 1) == nil else { return nil }
            return first..<(first + text.count)
        }
    }
}
