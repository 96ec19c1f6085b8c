/// Each brief's items in one of the site's lists (measures, balances, the timeline), kept as their positions
/// in that list, in its order. Copies of every measure and event grouped by brief were 7 % of a cold build's
/// peak memory (heaptrack, 4,000 briefs).
struct ItemsByBrief<Item: Sendable>: Sendable {
    private let all: [Item]
    private let positions: [String: [Int32]]

    init(_ all: [Item], brief: (Item) -> String) {
        var positions: [String: [Int32]] = [:]
        for (index, item) in all.enumerated() { positions[brief(item), default: []].append(Int32(index)) }
        self.all = all
        self.positions = positions
    }

    /// Whether the brief has any items.
    func has(_ slug: String) -> Bool {
        positions[slug] != nil
    }

    /// The brief's items in list order; nil for a brief with none.
    subscript(slug: String) -> [Item]? {
        positions[slug].map { $0.map { all[Int($0)] } }
    }
}
