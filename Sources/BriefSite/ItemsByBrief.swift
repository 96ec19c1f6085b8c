/// Each brief's items in one of the site's lists (measures, balances, the timeline), kept as their positions
/// in that list, in its order. Copies of every measure and event grouped by brief were 7 % of a cold build's
/// peak memory (heaptrack, 4,000 briefs).
struct ItemsByBrief<Item: Sendable>: Sendable {
    /// A brief's positions: most often one run (the measures and balances are listed brief by brief), else a list.
    private enum Places: Sendable {
        case run(start: Int32, count: Int32)
        case list([Int32])
    }

    private let all: [Item]
    private let places: [String: Places]

    init(_ all: [Item], brief: (Item) -> String) {
        var positions: [String: [Int32]] = [:]
        for (index, item) in all.enumerated() { positions[brief(item), default: []].append(Int32(index)) }
        self.all = all
        // A list a brief was 1 % of the peak at 10,000 briefs: a run needs none.
        places = positions.mapValues { list in
            guard let first = list.first, let last = list.last, Int(last - first) == list.count - 1 else { return .list(list) }
            return .run(start: first, count: Int32(list.count))
        }
    }

    /// Whether the brief has any items.
    func has(_ slug: String) -> Bool {
        places[slug] != nil
    }

    /// The brief's items in list order; nil for a brief with none.
    subscript(slug: String) -> [Item]? {
        switch places[slug] {
        case nil: return nil
        case .run(let start, let count)?: return Array(all[Int(start)..<Int(start + count)])
        case .list(let list)?: return list.map { all[Int($0)] }
        }
    }
}
