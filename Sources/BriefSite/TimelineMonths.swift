import BriefCore

/// One month of the timeline, with the hash of everything its events show.
///
/// The timeline page and its three exports are written a month at a time
/// (`PageParts`): an event moved renders one month of each, and the rest is
/// copied from the files as last written. The hash of a month is taken once
/// and shared by the five files that show it (a year at a time, each file
/// hashing its own, was a sixth of an edited event's build at 10,000 briefs).
struct TimelineMonth: Sendable {
    let year: Int
    let month: Int
    let events: ArraySlice<SiteEvent>
    /// The events, and for each the brief it links to and which translations that brief has.
    let hash: UInt64

    /// A timeline (in timeline order) cut into months, each hashed; the months on every core.
    static func cut(_ timeline: [SiteEvent], briefLanguageLists: [String: String]) -> [TimelineMonth] {
        var ranges: [Range<Int>] = []
        var start = timeline.startIndex
        while start < timeline.endIndex {
            let date = timeline[start].event.date
            var end = start + 1
            while end < timeline.endIndex, timeline[end].event.date.year == date.year, timeline[end].event.date.month == date.month {
                end += 1
            }
            ranges.append(start..<end)
            start = end
        }
        return ranges.parallelMap { range in
            let events = timeline[range]
            let hash = StableHash.of { hash in
                hash.combine("timeline-month")
                hash.combine(events.count)
                for item in events {
                    hash.combine(item.event)
                    hash.combine(item.brief)
                    hash.combine(item.briefDate)
                    hash.combine(briefLanguageLists[item.brief] ?? "")
                }
            }
            let date = timeline[range.lowerBound].event.date
            return TimelineMonth(year: date.year, month: date.month, events: events, hash: hash.value)
        }
    }

    /// Months grouped by year, in order.
    static func years(_ months: [TimelineMonth]) -> [(year: Int, months: ArraySlice<TimelineMonth>)] {
        var years: [(year: Int, months: ArraySlice<TimelineMonth>)] = []
        var start = months.startIndex
        while start < months.endIndex {
            var end = start + 1
            while end < months.endIndex, months[end].year == months[start].year { end += 1 }
            years.append((months[start].year, months[start..<end]))
            start = end
        }
        return years
    }
}
