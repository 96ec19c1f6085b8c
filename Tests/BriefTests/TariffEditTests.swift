import BriefCore
@testable import BriefSite
import Foundation
import Testing

/// An edit of one brief's tariffs or trade alone puts them into the pages
/// and files that show them (`TariffEdit`): the output must be, byte for
/// byte, what a build from nothing gives, and every edit that shows beyond
/// them, or that the index cannot vouch for, must go the whole way.
@Suite struct TariffEditTests {
    /// 28 briefs in two languages, a day apart: the eight oldest are in no feed (a feed carries 20). Each has a
    /// rate of the US on China and of China on the US (the bilateral table), one on Japan's or Korea's autos,
    /// a balance with China and one with Japan or Korea (tariff against trade), and an event. `brief-07` alone
    /// has the US on Taiwan's chips. `brief-02` is a folder; `brief-03` and `brief-25` (in the feed) show their
    /// tariffs with a ```tariffs block; `brief-05` with a filtered one, a ```trade block and an unfiltered one.
    static func site() throws -> TemporarySite {
        var files: [String: String] = [:]
        for index in 0..<28 {
            let slug = String(format: "brief-%02d", index)
            let date = String(format: "2025-03-%02d", index + 1)
            let folder = index == 2 ? "Content/briefs/\(slug)/index" : "Content/briefs/\(slug)"
            let partner = index % 2 == 0 ? "JP" : "KR"
            let chips = index == 7 ? "  - {by: US, on: TW, goods: chips, rate: 25, date: 2025-02-10}\n" : ""
            let blocks = index == 3 || index == 25 ? "\n```tariffs\n```\n"
                : index == 5 ? "\n```tariffs\nby: US\n```\n\nThe balances:\n\n```trade\n```\n\nAll of them:\n\n```tariffs\n```\n" : ""
            files["\(folder).zh-Hant.md"] = """
            ---
            title: 簡報\(index)
            date: \(date)
            summary: 簡報\(index)摘要。
            countries: [US, CN]
            tariffs:
              - {by: US, on: CN, rate: \(10 + index), previous: \(index), date: \(String(format: "2025-01-%02d", index % 27 + 1))}
              - {by: CN, on: US, rate: \(5 + index), date: \(String(format: "2025-02-%02d", index % 27 + 1))}
              - by: US
                on: \(partner)
                goods: autos
                rate: \(20 + index)
                effective: \(21 + index).5
                date: \(String(format: "2025-04-%02d", index % 27 + 1))
            \(chips)trade:
              - {partner: CN, year: 2024, balance: -\(100_000_000_000 + index * 1_000_000_000)}
              - {partner: \(partner), year: \(2023 + index % 2), balance: -\(5_000_000_000 + index * 10_000_000)}
            timeline:
              - {id: talks-\(index), date: \(String(format: "2024-%02d-10", index % 4 + 1)), title: 第\(index)輪談判}
            ---

            簡報\(index)的第一段。
            \(blocks)
            """
            files["\(folder).en.md"] = """
            ---
            title: Brief \(index) & <co>
            date: \(date)
            summary: Brief \(index) in short.
            countries: [US, CN]
            timeline:
              - {id: talks-\(index), title: "Talks, round \(index)"}
            ---

            The opening paragraph of brief \(index).
            \(blocks)
            """
        }
        return try TemporarySite(files)
    }

    /// The files an edit of a brief's tariffs and trade may write: its two pages, the tracker's two, the
    /// site's exports, the histories' CSVs and the brief's own.
    static func mayWrite(_ path: String, slug: String) -> Bool {
        ["zh-hant/briefs/\(slug)/index.html", "en/briefs/\(slug)/index.html", "zh-hant/tariffs/index.html", "en/tariffs/index.html",
         "data/tariffs.csv", "data/tracker.csv", "data/bilateral.csv", "data/tariff-trade.csv", "data/trade.csv"].contains(path)
            || path.hasPrefix("data/history/") || path.hasPrefix("data/briefs/\(slug).")
    }

    @Test func anEditedTariffIsPutIntoThePagesAndFilesThatShowIt() throws {
        let site = try TariffEditTests.site()
        try site.buildSucceeding()
        let edits: [(String, String, String, (String) -> String)] = [
            ("a rate changed", "brief-01", "Content/briefs/brief-01.zh-Hant.md", {
                $0.replacingOccurrences(of: "rate: 11, previous: 1", with: "rate: 12.5, previous: 1")
            }),
            // The newest measure of a history: the current rate, the bilateral gap and the tariff against trade change.
            ("the current measure of a history made another", "brief-01", "Content/briefs/brief-01.zh-Hant.md", {
                $0.replacingOccurrences(of: "date: 2025-01-02}", with: "date: 2025-01-31}")
            }),
            ("a balance changed", "brief-04", "Content/briefs/brief-04.zh-Hant.md", {
                $0.replacingOccurrences(of: "balance: -104000000000", with: "balance: -99500000000")
            }),
            ("a measure added to a history", "brief-04", "Content/briefs/brief-04.zh-Hant.md", {
                $0.replacingOccurrences(of: "trade:\n", with: "  - {by: CN, on: US, goods: soybeans, rate: 3, date: 2025-02-02}\ntrade:\n")
                    .replacingOccurrences(of: "goods: soybeans", with: "goods: all")
            }),
            ("a measure moved to another history", "brief-06", "Content/briefs/brief-06.zh-Hant.md", {
                $0.replacingOccurrences(of: "on: JP", with: "on: KR")
            }),
            ("a measure dropped", "brief-06", "Content/briefs/brief-06.zh-Hant.md", {
                $0.replacingOccurrences(of: "  - {by: CN, on: US, rate: 11, date: 2025-02-07}\n", with: "")
            }),
            ("a folder brief", "brief-02", "Content/briefs/brief-02/index.zh-Hant.md", {
                $0.replacingOccurrences(of: "rate: 22\n", with: "rate: 24\n")
            }),
            ("a brief showing its tariffs with a block", "brief-03", "Content/briefs/brief-03.zh-Hant.md", {
                $0.replacingOccurrences(of: "rate: 13, previous: 3", with: "rate: 30, previous: 3")
            }),
            ("a brief with a filtered block, a trade block and another", "brief-05", "Content/briefs/brief-05.zh-Hant.md", {
                $0.replacingOccurrences(of: "rate: 25\n", with: "rate: 26.25\n")
                    .replacingOccurrences(of: "balance: -5050000000", with: "balance: -4000000000")
            }),
            ("a measure added to a brief with blocks", "brief-05", "Content/briefs/brief-05.zh-Hant.md", {
                $0.replacingOccurrences(of: "trade:\n", with: "  - {by: US, on: CN, rate: 40, date: 2025-05-30}\ntrade:\n")
            }),
            // The first rows of the exports by brief, and the last.
            ("the first brief of tariffs.csv and trade.csv", "brief-00", "Content/briefs/brief-00.zh-Hant.md", {
                $0.replacingOccurrences(of: "rate: 10, previous: 0", with: "rate: 10.5, previous: 0")
                    .replacingOccurrences(of: "balance: -100000000000", with: "balance: -100000000001")
            }),
            ("the last brief of tariffs.csv and trade.csv", "brief-27", "Content/briefs/brief-27.zh-Hant.md", {
                $0.replacingOccurrences(of: "rate: 37, previous: 27", with: "rate: 7, previous: 27")
                    .replacingOccurrences(of: "balance: -5270000000", with: "balance: 5270000000")
            }),
            // The feed carries its body, not the tables shown after it.
            ("a brief in the feed", "brief-20", "Content/briefs/brief-20.zh-Hant.md", {
                $0.replacingOccurrences(of: "rate: 25, date", with: "rate: 26, date")
            }),
        ]
        for (number, (what, slug, path, change)) in edits.enumerated() {
            try EventEditTests.edit(site, path, change)
            let before = site.snapshot()
            let report = try site.buildSucceeding()
            #expect(report.splicedTariffs, "after \(what)")
            // Each edit after the first (which makes the spare) links again only what the one before it wrote.
            #expect(number == 0 || report.files?.throughLinkedSpare == true, "after \(what)")
            let after = site.snapshot()
            let changed = Set(after.keys.filter { after[$0]?.0 != before[$0]?.0 })
            #expect(!changed.isEmpty && changed.allSatisfy { TariffEditTests.mayWrite($0, slug: slug) }, "after \(what): \(changed.sorted())")
            #expect(changed.contains("zh-hant/briefs/\(slug)/index.html") && changed.contains("data/tariffs.csv") || what == "a balance changed",
                    "after \(what): \(changed.sorted())")
            #expect(report.files?.written == changed.count, "after \(what)")
            try BodyEditTests.expectSameAsFromNothing(site, what)
        }
        // A comment in the tariffs: their data is as it was, and nothing is written (the edit of events takes it
        // first: all but the events is as it was, and the events too).
        try EventEditTests.edit(site, "Content/briefs/brief-03.zh-Hant.md") {
            $0.replacingOccurrences(of: "tariffs:\n", with: "tariffs:\n  # checked in March\n")
        }
        let commented = try site.buildSucceeding()
        #expect(commented.splicedEvents && commented.files?.written == 0)
        // Then the body around the block the tariffs were put into: made from that page.
        try EventEditTests.edit(site, "Content/briefs/brief-03.en.md") { $0 + "\nA closing paragraph.\n" }
        #expect(try site.buildSucceeding().madeFromTheOldPage)
        try BodyEditTests.expectSameAsFromNothing(site, "the body edited after its tariffs")
        // The same brief's events (the timeline's index knows the new tariffs), then its tariffs again (the
        // tracker's index knows the new events).
        try EventEditTests.edit(site, "Content/briefs/brief-03.zh-Hant.md") {
            $0.replacingOccurrences(of: "date: 2024-04-10", with: "date: 2024-04-12")
        }
        #expect(try site.buildSucceeding().splicedEvents)
        try BodyEditTests.expectSameAsFromNothing(site, "events edited after the tariffs")
        try EventEditTests.edit(site, "Content/briefs/brief-03.zh-Hant.md") {
            $0.replacingOccurrences(of: "rate: 30, previous: 3", with: "rate: 31, previous: 3")
        }
        #expect(try site.buildSucceeding().splicedTariffs)
        try BodyEditTests.expectSameAsFromNothing(site, "tariffs edited after the events")
        // A whole build over what the edits left, and an edit after it.
        try EventEditTests.edit(site, "Content/briefs/brief-06.en.md") { $0.replacingOccurrences(of: "title: Brief 6", with: "title: Brief six") }
        let whole = try site.buildSucceeding()
        #expect(!whole.splicedTariffs && !whole.splicedEvents)
        try BodyEditTests.expectSameAsFromNothing(site, "a title changed after the edits")
        try EventEditTests.edit(site, "Content/briefs/brief-06.zh-Hant.md") {
            $0.replacingOccurrences(of: "balance: -106000000000", with: "balance: -106500000000")
        }
        #expect(try site.buildSucceeding().splicedTariffs)
        try BodyEditTests.expectSameAsFromNothing(site, "an edit after a whole build")
    }

    static let wholeBuildEdits: [(String, @Sendable (TemporarySite) throws -> Void)] = [
        ("a measure of a (by, on, goods) no brief had", { site in
            try EventEditTests.edit(site, "Content/briefs/brief-01.zh-Hant.md") { $0.replacingOccurrences(of: "goods: autos", with: "goods: steel") }
        }),
        ("the only measure of a history dropped", { site in
            try EventEditTests.edit(site, "Content/briefs/brief-07.zh-Hant.md") {
                $0.replacingOccurrences(of: "  - {by: US, on: TW, goods: chips, rate: 25, date: 2025-02-10}\n", with: "")
            }
        }),
        ("every balance of a brief dropped", { site in
            try EventEditTests.edit(site, "Content/briefs/brief-01.zh-Hant.md") {
                $0.replacingOccurrences(of: "  - {partner: CN, year: 2024, balance: -101000000000}\n", with: "")
                    .replacingOccurrences(of: "  - {partner: KR, year: 2024, balance: -5010000000}\n", with: "")
                    .replacingOccurrences(of: "trade:\n", with: "")
            }
        }),
        ("the tariffs of a brief in the feed that shows them with a block", { site in
            try EventEditTests.edit(site, "Content/briefs/brief-25.zh-Hant.md") { $0.replacingOccurrences(of: "rate: 35, previous", with: "rate: 36, previous") }
        }),
        ("a tariff with the brief's title", { site in
            try EventEditTests.edit(site, "Content/briefs/brief-01.zh-Hant.md") {
                $0.replacingOccurrences(of: "rate: 11, previous", with: "rate: 12, previous").replacingOccurrences(of: "title: 簡報1", with: "title: 新簡報1")
            }
        }),
        ("a tariff with an event", { site in
            try EventEditTests.edit(site, "Content/briefs/brief-01.zh-Hant.md") {
                $0.replacingOccurrences(of: "rate: 11, previous", with: "rate: 12, previous").replacingOccurrences(of: "date: 2024-02-10", with: "date: 2024-02-11")
            }
        }),
        ("a tariff edited after the tracker was changed in Public", { site in
            try site.write("Public/en/tariffs/index.html", "changed by hand")
            try EventEditTests.edit(site, "Content/briefs/brief-01.zh-Hant.md") { $0.replacingOccurrences(of: "rate: 11, previous", with: "rate: 12, previous") }
        }),
        ("a tariff edited after the brief's CSV was changed in Public", { site in
            try site.write("Public/data/briefs/brief-01.tariffs.csv", "changed by hand")
            try EventEditTests.edit(site, "Content/briefs/brief-01.zh-Hant.md") { $0.replacingOccurrences(of: "rate: 11, previous", with: "rate: 12, previous") }
        }),
        ("a tariff edited with the tracker index damaged", { site in
            let folder = site.root.appendingPathComponent(".briefsite-cache")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasPrefix("tracker-") {
                var bytes = try Data(contentsOf: folder.appendingPathComponent(name))
                bytes[bytes.count / 2] ^= 0x55
                try bytes.write(to: folder.appendingPathComponent(name))
            }
            try EventEditTests.edit(site, "Content/briefs/brief-01.zh-Hant.md") { $0.replacingOccurrences(of: "rate: 11, previous", with: "rate: 12, previous") }
        }),
    ]

    @Test(arguments: 0..<TariffEditTests.wholeBuildEdits.count)
    func editsThatShowBeyondTheTariffsTakeTheWholeBuild(_ index: Int) throws {
        let (what, edit) = TariffEditTests.wholeBuildEdits[index]
        let site = try TariffEditTests.site()
        try site.buildSucceeding()
        try edit(site)
        let report = try site.buildSucceeding()
        #expect(!report.splicedTariffs, "after \(what)")
        try BodyEditTests.expectSameAsFromNothing(site, what)
    }

    /// A filter of a block that matches none of the brief's measures after the edit is a mistake: the whole
    /// build reports it, and the output is as it was.
    @Test func aBlockLeftWithoutMeasuresIsReportedAndChangesNothing() throws {
        let site = try TariffEditTests.site()
        try site.buildSucceeding()
        let before = site.snapshot()
        let path = "Content/briefs/brief-05.zh-Hant.md"
        let original = try BodyEditTests.source(site, path)
        // Every measure of brief-05 put on China's side: the block filtered to `by: US` matches none.
        try EventEditTests.edit(site, path) {
            $0.replacingOccurrences(of: "{by: US, on: CN, rate: 15", with: "{by: CN, on: JP, rate: 15")
                .replacingOccurrences(of: "  - by: US\n    on: KR", with: "  - by: CN\n    on: KR")
        }
        let diagnostics = try site.buildFailing()
        #expect(diagnostics.contains { $0.location.file == path && $0.severity == .error && $0.message.contains("by: US") }, "\(diagnostics)")
        let after = site.snapshot()
        #expect(after.count == before.count && after.keys.allSatisfy { after[$0]?.0 == before[$0]?.0 })
        // Put right, an edit of the tariffs goes this way again.
        try site.write(path, original.replacingOccurrences(of: "rate: 25\n", with: "rate: 27\n"))
        #expect(try site.buildSucceeding().splicedTariffs)
        try BodyEditTests.expectSameAsFromNothing(site, "a mistake put right")
    }

    /// Into an output folder of one's choosing (`--output`): its own indexes, its marker kept, the same bytes
    /// as a build from nothing.
    @Test func anEditIntoAnotherOutputFolder() throws {
        let site = try TariffEditTests.site()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-out-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        guard case .success = SiteBuilder.build(root: site.root, output: folder) else { throw TestFailure("the first build failed") }
        try EventEditTests.edit(site, "Content/briefs/brief-05.zh-Hant.md") { $0.replacingOccurrences(of: "rate: 25\n", with: "rate: 26\n") }
        guard case .success(let report) = SiteBuilder.build(root: site.root, output: folder) else { throw TestFailure("the edit's build failed") }
        #expect(report.splicedTariffs && (report.files?.written ?? 0) > 0)
        var built = filesWithBytes(under: folder)
        #expect(built.removeValue(forKey: SiteBuilder.outputMarker) != nil)
        let differences = IncrementalBuildTests.differences(built, try IncrementalBuildTests.coldBuild(of: site))
        #expect(differences.isEmpty, "\(differences)")
    }

    /// The index and its reader agree on every value, and one left by another build is never read.
    @Test func theIndexReadsBackAsWritten() throws {
        let site = try TariffEditTests.site()
        try site.buildSucceeding()
        let manifest = try #require(BuildManifest.load(root: site.root, output: site.output))
        let token = try #require(manifest.trackerToken)
        let index = try #require(LoadedTrackerIndex.load(root: site.root, output: site.output, token: token))
        #expect(LoadedTrackerIndex.load(root: site.root, output: site.output, token: token &+ 1) == nil)
        let measures = try #require(index.measures())
        let balances = try #require(index.balances())
        #expect(measures.count == 28 * 3 + 1 && balances.count == 28 * 2)
        #expect(measures.map(\.brief) == measures.map(\.brief).sorted())
        let chips = try #require(measures.first { $0.measure.goods == "chips" })
        #expect(chips.brief == "brief-07" && chips.position == 4 && chips.measure.rate == 25 && chips.measure.date.iso == "2025-02-10")
        let autos = try #require(measures.first { $0.brief == "brief-03" && $0.measure.goods == "autos" })
        #expect(autos.measure.effective == Decimal(string: "24.5") && autos.briefDate.iso == "2025-03-04")
        // US on CN, CN on US, US on JP's and KR's autos, US on TW's chips: five histories, and the tables.
        #expect(index.pages.count == 2 && index.pages.allSatisfy { $0.parts.count == 6 })
        let page = try #require(index.pages.first { $0.language == "en" })
        let bytes = try Data(contentsOf: site.output.appendingPathComponent(page.paths[0]))
        #expect(page.size == bytes.count)
        let tables = String(decoding: bytes[page.parts[0]], as: UTF8.self)
        #expect(tables.hasPrefix("<section>\n<h2 id=\"current\">") && tables.contains("id=\"bilateral\""))
        let history = String(decoding: bytes[page.parts[5]], as: UTF8.self)
        #expect(history.hasPrefix("<section class=\"tariff-history\">") && history.contains("history-us-tw-chips"))
        let brief = try #require(index.briefs.briefs(["brief-02"])?["brief-02"])
        #expect(brief.sources.map(\.path) == ["Content/briefs/brief-02/index.en.md", "Content/briefs/brief-02/index.zh-Hant.md"])
        #expect(brief.titles["en"] == "Brief 2 & <co>")
    }

    /// The tracker after an edit made from the old one and the edited keys' histories equals the tracker computed
    /// whole from the new measures, for every kind of change a brief's measures can have; and a change that adds or
    /// removes a history is refused (the edit goes the whole way).
    @Test func theTrackerRemadeForTheEditedKeysIsTheWholeComputation() throws {
        let countries = ["US", "CN", "JP", "KR", "TW"].compactMap { CountryCode($0) }
        let goods = ["all", "autos", "chips"]
        func measure(_ n: Int, brief: Int, position: Int, rate: Int) throws -> SiteMeasure {
            let by = countries[n % countries.count], on = countries[(n / countries.count + 1 + n) % countries.count]
            let date = try #require(Day(year: 2024 + n % 2, month: 1 + n % 12, day: 1 + n % 28))
            return SiteMeasure(measure: TariffMeasure(by: by, on: on, goods: goods[n % goods.count], rate: Decimal(rate), date: date,
                                                      location: SourceLocation(file: "test")),
                               brief: String(format: "brief-%03d", brief), briefDate: date, position: position)
        }
        // 60 briefs of three measures each, sorted by brief as the index keeps them; brief 30 is the edited one.
        var old: [SiteMeasure] = []
        for brief in 0..<60 { for position in 1...3 { old.append(try measure(brief * 7 + position, brief: brief, position: position, rate: brief + position)) } }
        let range = TrackerChange.range(of: "brief-030", in: old, brief: \.brief)
        let own = Array(old[range])
        let rateChanged = own.enumerated().map { index, item in
            var item = item
            if index == 1 { item.measure.rate += 5 }
            return item
        }
        let dateMoved = own.enumerated().map { index, item in
            var item = item
            if index == 0, let later = Day(year: 2026, month: 6, day: 1) { item.measure.date = later }
            return item
        }
        let dropped = Array(own.dropLast())
        let added = own + [try measure(3 * 7 + 1, brief: 30, position: 4, rate: 99)]
        let movedToAnotherKey = own.enumerated().map { index, item in
            var item = item
            if index == 2 { item.measure.goods = old[0].measure.goods; item.measure.by = old[0].measure.by; item.measure.on = old[0].measure.on }
            return item
        }
        let newKey = own.enumerated().map { index, item in
            var item = item
            if index == 2 { item.measure.goods = "a history of its own" }
            return item
        }
        var remadeSome = false
        for (what, edited) in [("a rate changed", rateChanged), ("a date moved", dateMoved), ("a measure dropped", dropped),
                               ("a measure added", added), ("a measure moved to another history", movedToAnotherKey),
                               ("a new history", newKey)] {
            var new = old
            new.replaceSubrange(range, with: edited)
            let whole = (SiteData.computeTracker(old), SiteData.computeTracker(new))
            let keys = Set((own + edited).map(\.key))
            let sameHistories = whole.0.map(\.key) == whole.1.map(\.key)
            guard let made = TrackerChange.trackers(old: old, new: new, touching: keys) else {
                #expect(!sameHistories, "\(what): refused, though no history came or went")
                continue
            }
            #expect(sameHistories, "\(what)")
            #expect(made.old == whole.0 && made.new == whole.1, "\(what)")
            #expect(made.new.map(\.previous) == whole.1.map(\.previous) && made.new.map(\.current) == whole.1.map(\.current), "\(what)")
            remadeSome = remadeSome || made.new != made.old
        }
        #expect(remadeSome)
    }
}
