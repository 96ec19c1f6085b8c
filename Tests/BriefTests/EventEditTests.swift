import BriefCore
@testable import BriefSite
import Foundation
import Testing

/// An edit of one brief's events alone puts them into the pages and files
/// that show them (`EventEdit`): the output must be, byte for byte, what a
/// build from nothing gives, and every edit that shows beyond them, or that
/// the index cannot vouch for, must go the whole way.
@Suite struct EventEditTests {
    /// 28 briefs in two languages, a day apart: the eight oldest are in no feed (a feed carries 20). Each has a
    /// round of talks in January–April 2024 and a tariff in May–August, seven events a month; `brief-07` also
    /// has the only event of June 2023. `brief-02` is a folder; `brief-03` and `brief-25` (in the feed) show
    /// their events with a ```timeline block, `brief-05` with two.
    static func site() throws -> TemporarySite {
        var files: [String: String] = [:]
        for index in 0..<28 {
            let slug = String(format: "brief-%02d", index)
            let date = String(format: "2025-03-%02d", index + 1)
            let folder = index == 2 ? "Content/briefs/\(slug)/index" : "Content/briefs/\(slug)"
            let talks = String(format: "2024-%02d-%02d", index % 4 + 1, 10 + index % 10)
            let tariff = String(format: "2024-%02d-05", index % 4 + 5)
            let tariffEnd = String(format: "2024-%02d-20", index % 4 + 5)
            let solo = index == 7 ? "  - {id: solo-7, date: 2023-06-01, title: 單獨事件}\n" : ""
            let soloEnglish = index == 7 ? "  - {id: solo-7, title: A lone event}\n" : ""
            let blocks = index == 3 || index == 25 ? "\n```timeline\n```\n"
                : index == 5 ? "\n```timeline\n```\n\nAnd again:\n\n```timeline\n```\n" : ""
            files["\(folder).zh-Hant.md"] = """
            ---
            title: 簡報\(index)
            date: \(date)
            summary: 簡報\(index)摘要。
            countries: [US, CN]
            timeline:
              - id: talks-\(index)
                date: \(talks)
                title: 第\(index)輪談判
                countries: [US, CN]
              - id: tariff-\(index)
                date: \(tariff)
                end: \(tariffEnd)
                title: 關稅生效 \(index)
            \(solo)---

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
              - {id: tariff-\(index), title: Tariff \(index) takes effect}
            \(soloEnglish)---

            The opening paragraph of brief \(index).
            \(blocks)
            """
        }
        return try TemporarySite(files)
    }

    static func edit(_ site: TemporarySite, _ path: String, _ change: (String) -> String) throws {
        let text = try BodyEditTests.source(site, path)
        let changed = change(text)
        #expect(changed != text, "the edit of \(path) changed nothing")
        try site.write(path, changed)
    }

    /// The site built whole, and the timeline index (and its token) that build saved.
    static func builtWithIndex() throws -> (site: TemporarySite, index: LoadedTimelineIndex, token: UInt64) {
        let site = try EventEditTests.site()
        try site.buildSucceeding()
        let manifest = try #require(BuildManifest.load(root: site.root, output: site.output))
        let token = try #require(manifest.timelineToken)
        return (site, try #require(LoadedTimelineIndex.load(root: site.root, output: site.output, token: token)), token)
    }

    /// The change and splicer of an edit that leaves brief-07's events as they are: the splicer knows the briefs of
    /// brief-07's three months, and each month's old and new events are the same.
    static func unchangedBrief07(_ site: TemporarySite, _ index: LoadedTimelineIndex) throws -> (change: TimelineChange, splicer: EventSplicer) {
        let config = try #require(EditedBrief.siteConfig(site.root))
        let entry = try #require(index.briefs(["brief-07"])?["brief-07"])
        let events = entry.months.compactMap { index.month($0) }.flatMap { $0.events.filter { $0.brief == "brief-07" } }
        let change = try #require(TimelineChange(index: index, slug: "brief-07", entry: entry, events: events))
        return (change, try #require(EventSplicer(config: config, change: change, index: index, output: site.output)))
    }

    /// The files an event's edit may write: the brief's two pages and the timeline's seven.
    static func timelineFiles(_ slug: String) -> Set<String> {
        ["zh-hant/briefs/\(slug)/index.html", "en/briefs/\(slug)/index.html", "zh-hant/timeline/index.html", "en/timeline/index.html",
         "data/timeline.json", "data/timeline.ics", "data/timeline.zh-Hant.ics", "data/timeline.en.ics"]
    }

    @Test func anEditedEventIsPutIntoThePagesAndFilesThatShowIt() throws {
        let site = try EventEditTests.site()
        try site.buildSucceeding()
        let edits: [(String, String, String, (String) -> String)] = [
            ("a date moved within its month", "brief-01", "Content/briefs/brief-01.zh-Hant.md", {
                $0.replacingOccurrences(of: "date: 2024-02-11", with: "date: 2024-02-25")
            }),
            ("a date moved to another month", "brief-01", "Content/briefs/brief-01.zh-Hant.md", {
                $0.replacingOccurrences(of: "date: 2024-02-25", with: "date: 2024-03-03")
            }),
            ("an English title reworded, with markup-like text", "brief-01", "Content/briefs/brief-01.en.md", {
                $0.replacingOccurrences(of: "\"Talks, round 1\"", with: "\"Talks <b>one</b> & more; then, 2 < 3\"")
            }),
            ("an end date added and the countries changed", "brief-04", "Content/briefs/brief-04.zh-Hant.md", {
                $0.replacingOccurrences(of: "    date: 2024-01-14\n", with: "    date: 2024-01-14\n    end: 2024-01-16\n")
                    .replacingOccurrences(of: "title: 第4輪談判\n    countries: [US, CN]", with: "title: 第4輪談判\n    countries: [JP, EU, US]")
            }),
            ("an event of a folder brief", "brief-02", "Content/briefs/brief-02/index.zh-Hant.md", {
                $0.replacingOccurrences(of: "date: 2024-07-05", with: "date: 2024-07-01")
            }),
            ("the events of a brief that shows them with a block", "brief-03", "Content/briefs/brief-03.zh-Hant.md", {
                $0.replacingOccurrences(of: "date: 2024-04-13", with: "date: 2024-01-02")
            }),
            ("the events of a brief with two blocks, both orders changed", "brief-05", "Content/briefs/brief-05.zh-Hant.md", {
                $0.replacingOccurrences(of: "date: 2024-02-15", with: "date: 2024-06-30")
            }),
            ("a Chinese title rewritten longer", "brief-05", "Content/briefs/brief-05.zh-Hant.md", {
                $0.replacingOccurrences(of: "title: 第5輪談判", with: "title: 第五輪談判：延長至下月，雙方仍在協商")
            }),
            // The feed carries its body, not the events shown after it.
            ("the events of a brief in the feed", "brief-20", "Content/briefs/brief-20.zh-Hant.md", {
                $0.replacingOccurrences(of: "date: 2024-01-10", with: "date: 2024-01-11")
            }),
        ]
        for (number, (what, slug, path, change)) in edits.enumerated() {
            try EventEditTests.edit(site, path, change)
            let before = site.snapshot()
            let report = try site.buildSucceeding()
            #expect(report.splicedEvents, "after \(what)")
            // The first edit makes the spare (the first build made none); each after it finds the spare holding the
            // output's own files and links again only those the edit before it wrote.
            #expect(report.files?.throughLinkedSpare == (number > 0), "after \(what)")
            let after = site.snapshot()
            let changed = Set(after.keys.filter { after[$0]?.0 != before[$0]?.0 })
            #expect(!changed.isEmpty && changed.isSubset(of: EventEditTests.timelineFiles(slug)), "after \(what): \(changed.sorted())")
            #expect(report.files?.written == changed.count, "after \(what)")
            try BodyEditTests.expectSameAsFromNothing(site, what)
        }
        // A comment in the events: their data is as it was, and nothing is written.
        try EventEditTests.edit(site, "Content/briefs/brief-03.zh-Hant.md") {
            $0.replacingOccurrences(of: "timeline:\n", with: "timeline:\n  # moved in March\n")
        }
        let commented = try site.buildSucceeding()
        #expect(commented.splicedEvents && commented.files?.written == 0)
        // Then the body around the block the events were put into: made from that page.
        try EventEditTests.edit(site, "Content/briefs/brief-03.en.md") { $0 + "\nA closing paragraph.\n" }
        let body = try site.buildSucceeding()
        #expect(body.madeFromTheOldPage)
        try BodyEditTests.expectSameAsFromNothing(site, "the body edited after its events")
        // The same brief's events again, after its body.
        try EventEditTests.edit(site, "Content/briefs/brief-03.zh-Hant.md") {
            $0.replacingOccurrences(of: "date: 2024-01-02", with: "date: 2024-01-03")
        }
        #expect(try site.buildSucceeding().splicedEvents)
        try BodyEditTests.expectSameAsFromNothing(site, "events edited after the body")
        // A whole build over what the edits left, and an edit after it.
        try EventEditTests.edit(site, "Content/briefs/brief-06.en.md") { $0.replacingOccurrences(of: "title: Brief 6", with: "title: Brief six") }
        #expect(try !site.buildSucceeding().splicedEvents)
        try BodyEditTests.expectSameAsFromNothing(site, "a title changed after the edits")
        try EventEditTests.edit(site, "Content/briefs/brief-06.zh-Hant.md") {
            $0.replacingOccurrences(of: "date: 2024-03-16", with: "date: 2024-03-17")
        }
        #expect(try site.buildSucceeding().splicedEvents)
        try BodyEditTests.expectSameAsFromNothing(site, "an edit after a whole build")
    }

    static let wholeBuildEdits: [(String, @Sendable (TemporarySite) throws -> Void)] = [
        ("an event moved to a month with no events", { site in
            try edit(site, "Content/briefs/brief-01.zh-Hant.md") { $0.replacingOccurrences(of: "date: 2024-02-11", with: "date: 2023-11-11") }
        }),
        ("the only event of a month moved out of it", { site in
            try edit(site, "Content/briefs/brief-07.zh-Hant.md") { $0.replacingOccurrences(of: "date: 2023-06-01", with: "date: 2024-01-01") }
        }),
        ("the events of a brief in the feed that shows them with a block", { site in
            try edit(site, "Content/briefs/brief-25.zh-Hant.md") { $0.replacingOccurrences(of: "date: 2024-02-15", with: "date: 2024-02-16") }
        }),
        ("an event with the brief's summary", { site in
            try edit(site, "Content/briefs/brief-01.zh-Hant.md") {
                $0.replacingOccurrences(of: "date: 2024-02-11", with: "date: 2024-02-12").replacingOccurrences(of: "簡報1摘要", with: "新摘要")
            }
        }),
        ("an event with a country of the brief", { site in
            try edit(site, "Content/briefs/brief-01.zh-Hant.md") {
                $0.replacingOccurrences(of: "date: 2024-02-11", with: "date: 2024-02-12").replacingOccurrences(of: "countries: [US, CN]\ntimeline", with: "countries: [US]\ntimeline")
            }
        }),
        ("an event given tariffs too", { site in
            try edit(site, "Content/briefs/brief-01.zh-Hant.md") {
                $0.replacingOccurrences(of: "timeline:\n", with: "tariffs:\n  - {by: US, on: CN, rate: 20, date: 2024-02-11}\ntimeline:\n")
            }
        }),
        ("an event edited after its page was changed in Public", { site in
            try site.write("Public/en/briefs/brief-01/index.html", "changed by hand")
            try edit(site, "Content/briefs/brief-01.zh-Hant.md") { $0.replacingOccurrences(of: "date: 2024-02-11", with: "date: 2024-02-12") }
        }),
        ("an event edited after the timeline was changed in Public", { site in
            try site.write("Public/data/timeline.json", "[]\n")
            try edit(site, "Content/briefs/brief-01.zh-Hant.md") { $0.replacingOccurrences(of: "date: 2024-02-11", with: "date: 2024-02-12") }
        }),
        ("an event edited with the timeline index damaged", { site in
            let folder = site.root.appendingPathComponent(".briefsite-cache")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasPrefix("timeline-") {
                var bytes = try Data(contentsOf: folder.appendingPathComponent(name))
                bytes[bytes.count / 2] ^= 0x55
                try bytes.write(to: folder.appendingPathComponent(name))
            }
            try edit(site, "Content/briefs/brief-01.zh-Hant.md") { $0.replacingOccurrences(of: "date: 2024-02-11", with: "date: 2024-02-12") }
        }),
        ("an event edited with a draft translation beside it", { site in
            try site.write("Content/briefs/brief-01.en.md", try BodyEditTests.source(site, "Content/briefs/brief-01.en.md")
                .replacingOccurrences(of: "summary:", with: "draft: true\nsummary:"))
            _ = site.build()
            try edit(site, "Content/briefs/brief-01.zh-Hant.md") { $0.replacingOccurrences(of: "date: 2024-02-11", with: "date: 2024-02-12") }
        }),
    ]

    @Test(arguments: 0..<EventEditTests.wholeBuildEdits.count)
    func editsThatShowBeyondTheEventsTakeTheWholeBuild(_ index: Int) throws {
        let (what, edit) = EventEditTests.wholeBuildEdits[index]
        let site = try EventEditTests.site()
        try site.buildSucceeding()
        try edit(site)
        let report = try site.buildSucceeding()
        #expect(!report.splicedEvents, "after \(what)")
        try BodyEditTests.expectSameAsFromNothing(site, what)
    }

    @Test func aMistakeInTheEditedEventsIsReportedAndChangesNothing() throws {
        let site = try EventEditTests.site()
        try site.buildSucceeding()
        let before = site.snapshot()
        let path = "Content/briefs/brief-01.zh-Hant.md"
        try EventEditTests.edit(site, path) { $0.replacingOccurrences(of: "end: 2024-06-20", with: "end: 2024-06-01") }
        let diagnostics = try site.buildFailing()
        #expect(diagnostics.contains { $0.location.file == path && $0.severity == .error }, "\(diagnostics)")
        let after = site.snapshot()
        #expect(after.count == before.count && after.keys.allSatisfy { after[$0]?.0 == before[$0]?.0 })
        // Put right, the edit goes this way again.
        try EventEditTests.edit(site, path) { $0.replacingOccurrences(of: "end: 2024-06-01", with: "end: 2024-06-21") }
        try site.buildSucceeding()
        try BodyEditTests.expectSameAsFromNothing(site, "a mistake put right")
    }

    /// Into an output folder of one's choosing (`--output`): its own indexes, its marker kept, the same bytes
    /// as a build from nothing.
    @Test func anEditIntoAnotherOutputFolder() throws {
        let site = try EventEditTests.site()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-out-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        guard case .success = SiteBuilder.build(root: site.root, output: folder) else { throw TestFailure("the first build failed") }
        try EventEditTests.edit(site, "Content/briefs/brief-04.zh-Hant.md") {
            $0.replacingOccurrences(of: "date: 2024-01-14", with: "date: 2024-01-29")
        }
        guard case .success(let report) = SiteBuilder.build(root: site.root, output: folder) else { throw TestFailure("the edit's build failed") }
        #expect(report.splicedEvents && report.files?.written == 8)
        var built = filesWithBytes(under: folder)
        #expect(built.removeValue(forKey: SiteBuilder.outputMarker) != nil)
        let differences = IncrementalBuildTests.differences(built, try IncrementalBuildTests.coldBuild(of: site))
        #expect(differences.isEmpty, "\(differences)")
    }

    /// An edit makes each month's part of every timeline file event by event, each event's text made once for
    /// both the old and the new events: for every file and month of the site, that is the part the whole build
    /// writes, the JSON's last month (whose last line ends the file) included.
    @Test func eachMonthMadeEventByEventIsTheMonthAsAWholeBuildMakesIt() throws {
        let (site, index, _) = try EventEditTests.builtWithIndex()
        let (change, splicer) = try EventEditTests.unchangedBrief07(site, index)
        var compared = 0
        for file in index.files {
            let path = try #require(file.paths.first)
            let bytes = try Data(contentsOf: site.output.appendingPathComponent(path))
            for position in file.parts.indices {
                let month = try #require(index.month(position))
                let isLast = position == file.parts.count - 1
                let (whole, inTurn) = splicer.monthIsItsEventsInTurn(file, month.events[...], isLast: isLast)
                #expect(whole != nil && whole == inTurn, "\(file.kind) \(file.language) month \(position)")
                // The splicer knows the briefs of the months the change touches (brief-07's three): those are written as made.
                guard change.months[position] != nil else { continue }
                #expect(whole.map { Data($0.utf8) } == bytes[file.parts[position]], "\(file.kind) \(file.language) month \(position)")
                compared += 1
            }
        }
        #expect(compared == 5 * 3)
    }

    /// A month made from its old bytes (`MonthPatch`) is the month a whole render of its new events makes, in every
    /// file: an event moved within the month (to its start and to its end), one given an end date (its text
    /// changes, not its place), one gone from the month and one come into it, and two at once. The JSON export's last
    /// month is left out (it is always made whole).
    @Test func aMonthPatchedFromItsBytesIsTheMonthRenderedWhole() throws {
        let (site, index, _) = try EventEditTests.builtWithIndex()
        let (change, splicer) = try EventEditTests.unchangedBrief07(site, index)
        let outsider = try #require(index.month(0)?.events.first)
        func moved(_ event: SiteEvent, toDay day: Int, end: Int? = nil) throws -> SiteEvent {
            var moved = event
            moved.event.date = try #require(Day(year: event.event.date.year, month: event.event.date.month, day: day))
            if let end { moved.event.end = try #require(Day(year: event.event.date.year, month: event.event.date.month, day: end)) }
            // An end before the date is refused when a brief loads: the moved event keeps its end only where it still follows.
            if let kept = moved.event.end, kept < moved.event.date { moved.event.end = nil }
            return moved
        }
        var patched = 0
        for file in index.files {
            let render = try #require(splicer.renderer(file))
            let path = try #require(file.paths.first)
            let bytes = try Data(contentsOf: site.output.appendingPathComponent(path))
            // The months brief-07's events are in: the splicer knows the briefs of those (their links' titles).
            for position in change.months.keys.sorted() where !(file.kind == .json && position == file.parts.count - 1) {
                let old = try #require(index.month(position)).events
                guard old.count >= 3, let first = old.first, let last = old.last else { continue }
                let variants: [(String, [SiteEvent])] = [
                    ("the first moved to the end", Array(old.dropFirst()) + [try moved(first, toDay: 28)]),
                    ("the last moved to the start", [try moved(last, toDay: 1)] + Array(old.dropLast())),
                    ("one given an end", old.map { $0 == old[old.startIndex + 1] ? (try? moved($0, toDay: min($0.event.date.day, 27), end: 28)) ?? $0 : $0 }),
                    ("one gone", Array(old.dropFirst(2).prefix(1)) + Array(old.prefix(2)) + Array(old.dropFirst(3))),
                    ("one come in", Array(old) + [try moved(outsider, toDay: 15)]),
                    ("one gone and one come in", Array(old.dropFirst()) + [try moved(outsider, toDay: 2)]),
                ]
                for (what, unsorted) in variants {
                    let new = unsorted.sorted(by: SiteEvent.timelineOrder)[...]
                    let whole = render(new, false)
                    let made = MonthPatch.patched(Array(bytes[file.parts[position]]), old: old, new: new, render: { render([$0][...], false) })
                    #expect(made != nil, "\(file.kind) \(file.language) month \(position): \(what) was not patched")
                    #expect(made == Data(whole.utf8), "\(file.kind) \(file.language) month \(position): \(what)")
                    patched += 1
                }
                // A month whose bytes are not its events' is made whole, not patched.
                let damaged = Array(bytes[file.parts[position]]) + Array(render(old[old.startIndex...old.startIndex], false).utf8)
                #expect(MonthPatch.patched(damaged, old: old, new: Array(old.dropFirst())[...], render: { render([$0][...], false) }) == nil)
            }
        }
        // Two months in five files but the JSON export's last.
        #expect(patched == (5 * 2 - 1) * 6)
    }

    /// The index and its reader agree on every value, and one left by another build is never read.
    @Test func theIndexReadsBackAsWritten() throws {
        let (site, index, token) = try EventEditTests.builtWithIndex()
        #expect(LoadedTimelineIndex.load(root: site.root, output: site.output, token: token &+ 1) == nil)
        #expect(index.files.count == 5)
        // June 2023, then January–August 2024.
        #expect(index.monthKeys.map { "\($0.year)-\($0.month)" } == ["2023-6"] + (1...8).map { "2024-\($0)" })
        let january = try #require(index.month(1))
        #expect(january.events.count == 7 && january.events.allSatisfy { $0.event.date.month == 1 })
        let briefs = try #require(index.briefs(["brief-07", "brief-02"]))
        #expect(briefs["brief-07"]?.months == [0, 4, 8])
        #expect(briefs["brief-02"]?.sources.map(\.path) == ["Content/briefs/brief-02/index.en.md", "Content/briefs/brief-02/index.zh-Hant.md"])
        #expect(briefs["brief-02"]?.titles["en"] == "Brief 2 & <co>")
        // Each month's part of the JSON export is that month's events, as written in the file.
        let json = try #require(index.files.first { $0.kind == .json })
        let bytes = try Data(contentsOf: site.output.appendingPathComponent("data/timeline.json"))
        #expect(json.size == bytes.count)
        let first = String(decoding: bytes[json.parts[1]], as: UTF8.self)
        #expect(first.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 7 && first.contains("\"date\": \"2024-01-"))
    }
}
