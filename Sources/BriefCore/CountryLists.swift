import Synchronization

/// Lists of countries as front matter names them, one copy of each: most briefs and events name one of a few
/// dozen lists, and a list of its own for each was 4 % of a build's peak memory at 10,000 briefs.
public enum CountryLists {
    /// Beyond this many different lists, a list is kept as it came: the set stays small in a long-running
    /// preview whatever it is fed.
    static let limit = 4_096
    private static let known = Mutex<Set<[CountryCode]>>([])

    /// The list held already when it is the same, else this one (kept for the next).
    public static func shared(_ list: [CountryCode]) -> [CountryCode] {
        guard !list.isEmpty else { return [] }
        return known.withLock { set in
            if let index = set.firstIndex(of: list) { return set[index] }
            if set.count < limit { set.insert(list) }
            return list
        }
    }
}
