@testable import BriefSite
import Testing

@Suite struct ItemsByBriefTests {
    /// A brief's items come back in list order, whether they lie in one run or apart.
    @Test func eachBriefGetsItsItemsInListOrder() {
        let items = [("a", 1), ("a", 2), ("b", 3), ("a", 4), ("c", 5), ("c", 6), ("d", 7)]
        let byBrief = ItemsByBrief(items, brief: \.0)
        #expect(byBrief["a"]?.map(\.1) == [1, 2, 4])
        #expect(byBrief["b"]?.map(\.1) == [3])
        #expect(byBrief["c"]?.map(\.1) == [5, 6])
        #expect(byBrief["d"]?.map(\.1) == [7])
        #expect(byBrief["e"] == nil)
        #expect(byBrief.has("c") && !byBrief.has("e"))
    }
}
