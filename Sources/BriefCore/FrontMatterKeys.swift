/// Keys of a translation's whole front matter but one part of its data, taken when the translation is made: a
/// build lets the front matter's own lists of data go once they are merged into the brief's (`SiteAssembler`),
/// and an edit that leaves a key as it was changes that part alone (the site's event and tariff edits).
public struct FrontMatterKeys: Sendable, Hashable {
    /// Everything but the events.
    public let butEvents: UInt64
    /// Everything but the tariffs and trade.
    public let butTariffsAndTrade: UInt64

    public init(_ matter: BriefFrontMatter) {
        butEvents = FrontMatterKeys.nonZero(StableHash.of { hash in
            hash.combine("front-matter-but-events")
            hash.combine(matter)
            let tariffs = matter.tariffs?.value
            hash.combine(tariffs == nil ? -1 : tariffs?.count ?? 0)
            tariffs?.forEach { hash.combine($0) }
            let trade = matter.trade?.value
            hash.combine(trade == nil ? -1 : trade?.count ?? 0)
            trade?.forEach { hash.combine($0) }
        }.value)
        butTariffsAndTrade = FrontMatterKeys.nonZero(StableHash.of { hash in
            hash.combine("front-matter-but-tariffs-and-trade")
            hash.combine(matter)
            let events = matter.timeline?.value
            hash.combine(events == nil ? -1 : events?.count ?? 0)
            for event in events ?? [] {
                hash.combine(event.id); hash.combine(event.date); hash.combine(event.end); hash.combine(event.title)
                hash.combine(event.countries.map { $0.map(\.code).joined(separator: ",") })
            }
        }.value)
    }

    /// Zero is what an index keeps for a key it does not know.
    private static func nonZero(_ value: UInt64) -> UInt64 { value == 0 ? 1 : value }
}
