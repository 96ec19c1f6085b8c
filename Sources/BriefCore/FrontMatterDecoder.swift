import Foundation

/// Turns the YAML front matter of a brief or a page into typed models,
/// reporting every wrong key, type and value with its line and column.
public enum FrontMatterDecoder {
    public static let briefKeys = ["title", "date", "author", "affiliation", "summary", "draft", "topics", "countries",
                                   "tariffs", "trade", "timeline"]
    public static let pageKeys = ["title", "date", "summary", "draft", "menu"]
    public static let measureKeys = ["by", "on", "goods", "rate", "previous", "effective", "date"]
    public static let balanceKeys = ["partner", "year", "balance"]
    public static let eventKeys = ["id", "date", "end", "title", "countries"]
    public static let rateRange: ClosedRange<Decimal> = 0...1000

    public static func brief(_ document: YAMLDocument, diagnostics: inout Diagnostics) -> BriefFrontMatter? {
        guard let root = document.root else {
            diagnostics.error("the front matter is empty; a brief needs at least 'title:' and 'date: YYYY-MM-DD'", at: document.startLocation)
            return nil
        }
        guard let keys = MappingReader(root, in: document, what: "the front matter", allowedKeys: briefKeys, diagnostics: &diagnostics) else {
            return nil
        }
        let title = keys.text("title", required: true, example: "The brief's title", &diagnostics)
        let date = keys.day("date", required: true, &diagnostics)
        let author = keys.text("author", &diagnostics)
        let affiliation = keys.text("affiliation", &diagnostics)
        let summary = keys.text("summary", &diagnostics)
        let draft = keys.bool("draft", &diagnostics) ?? false
        let topics = (keys.sequence("topics", &diagnostics) ?? []).compactMap { node -> Located<String>? in
            ScalarReading.text(node, key: "topics", in: document, &diagnostics).map { Located($0, at: document.location(of: node)) }
        }
        let countries = countryList(keys, "countries", &diagnostics) ?? []
        let tariffs = keys.sequence("tariffs", &diagnostics).map { nodes in
            Located(nodes.compactMap { measure($0, in: document, &diagnostics) }, at: keys.location("tariffs"))
        }
        let trade = keys.sequence("trade", &diagnostics).map { nodes in
            Located(nodes.compactMap { balance($0, in: document, &diagnostics) }, at: keys.location("trade"))
        }
        let timeline = keys.sequence("timeline", &diagnostics).map { nodes in
            Located(events(nodes, in: document, &diagnostics), at: keys.location("timeline"))
        }
        guard let title, let date else { return nil }
        return BriefFrontMatter(title: title, date: date, author: author, affiliation: affiliation, summary: summary,
                                draft: draft, topics: topics, countries: countries, tariffs: tariffs, trade: trade,
                                timeline: timeline)
    }

    public static func page(_ document: YAMLDocument, diagnostics: inout Diagnostics) -> PageFrontMatter? {
        guard let root = document.root else {
            diagnostics.error("the front matter is empty; a page needs at least 'title:'", at: document.startLocation)
            return nil
        }
        guard let keys = MappingReader(root, in: document, what: "the front matter", allowedKeys: pageKeys, diagnostics: &diagnostics) else {
            return nil
        }
        let title = keys.text("title", required: true, example: "About us", &diagnostics)
        let date = keys.day("date", &diagnostics)
        let summary = keys.text("summary", &diagnostics)
        let draft = keys.bool("draft", &diagnostics) ?? false
        let menu = keys.integer("menu", example: "1", &diagnostics)
        guard let title else { return nil }
        return PageFrontMatter(title: title, date: date, summary: summary, draft: draft, menu: menu)
    }

    static func countryList(_ keys: MappingReader, _ key: String, _ diagnostics: inout Diagnostics) -> [CountryCode]? {
        guard let nodes = keys.sequence(key, &diagnostics) else { return nil }
        var seen = Set<CountryCode>()
        var codes: [CountryCode] = []
        codes.reserveCapacity(nodes.count)
        for node in nodes {
            guard let code = ScalarReading.country(node, key: key, in: keys.document, &diagnostics) else { continue }
            if seen.insert(code).inserted {
                codes.append(code)
            } else {
                diagnostics.error("'\(code)' is listed twice in '\(key)'; remove one", at: keys.document.location(of: node))
            }
        }
        return CountryLists.shared(codes)
    }

    static func percent(_ keys: MappingReader, _ key: String, required: Bool, _ diagnostics: inout Diagnostics) -> Decimal? {
        guard let value = keys.number(key, required: required, example: "25", &diagnostics) else { return nil }
        guard rateRange.contains(value) else {
            diagnostics.error("'\(key)' is \(value)%, outside 0 to 1000; a rate is a percentage such as 25 for 25%", at: keys.location(key))
            return nil
        }
        return value
    }

    static func measure(_ node: YAMLNode, in document: YAMLDocument, _ diagnostics: inout Diagnostics) -> TariffMeasure? {
        guard let keys = MappingReader(node, in: document, what: "a tariff measure", allowedKeys: measureKeys, diagnostics: &diagnostics) else {
            return nil
        }
        let by = keys.country("by", required: true, &diagnostics)
        let on = keys.country("on", required: true, &diagnostics)
        let goods = keys.text("goods", &diagnostics) ?? "all"
        let rate = percent(keys, "rate", required: true, &diagnostics)
        let previous = percent(keys, "previous", required: false, &diagnostics)
        let effective = percent(keys, "effective", required: false, &diagnostics)
        let date = keys.day("date", required: true, &diagnostics)
        guard let by, let on, let rate, let date else { return nil }
        if by == on {
            diagnostics.error("a tariff measure's 'by' and 'on' are both \(by); a country does not tax its own goods", at: keys.location("on"))
            return nil
        }
        if keys.has("previous") && previous == nil || keys.has("effective") && effective == nil { return nil }
        return TariffMeasure(by: by, on: on, goods: goods, rate: rate, previous: previous, effective: effective, date: date,
                             location: document.location(of: node))
    }

    static func balance(_ node: YAMLNode, in document: YAMLDocument, _ diagnostics: inout Diagnostics) -> TradeBalance? {
        guard let keys = MappingReader(node, in: document, what: "a trade balance", allowedKeys: balanceKeys, diagnostics: &diagnostics) else {
            return nil
        }
        let partner = keys.country("partner", required: true, &diagnostics)
        let year = keys.integer("year", required: true, &diagnostics)
        let balance = keys.number("balance", required: true, example: "-68400000000", &diagnostics)
        if let year, !(1900...2200).contains(year) {
            diagnostics.error("'year' \(year) is not a plausible year; write the four-digit year of the balance", at: keys.location("year"))
            return nil
        }
        guard let partner, let year, let balance else { return nil }
        return TradeBalance(partner: partner, year: year, balance: balance, location: document.location(of: node))
    }

    static func events(_ nodes: [YAMLNode], in document: YAMLDocument, _ diagnostics: inout Diagnostics) -> [EventEntry] {
        var events: [EventEntry] = []
        // Sized once: the slack of an array grown by appending was a quarter of the events' memory.
        events.reserveCapacity(nodes.count)
        var firstByID: [String: SourceLocation] = [:]
        for node in nodes {
            guard let keys = MappingReader(node, in: document, what: "an event", allowedKeys: eventKeys, diagnostics: &diagnostics) else {
                continue
            }
            guard let id = keys.text("id", required: true, example: "geneva-talks", &diagnostics) else { continue }
            guard Slug.isValid(id) else {
                diagnostics.error("event id '\(id)' is not a slug; use lower-case letters, digits and single hyphens, e.g. 'geneva-talks'", at: keys.location("id"))
                continue
            }
            if let first = firstByID[id] {
                diagnostics.error("event id '\(id)' is used twice in this brief (first at line \(first.line)); give each event its own id", at: keys.location("id"))
                continue
            }
            firstByID[id] = keys.location("id")
            let date = keys.day("date", &diagnostics)
            let end = keys.day("end", &diagnostics)
            let title = keys.text("title", &diagnostics)
            let countries = countryList(keys, "countries", &diagnostics)
            if let date, let end, end < date {
                diagnostics.error("event '\(id)' ends (\(end)) before it starts (\(date)); 'end' must not be before 'date'", at: keys.location("end"))
            }
            events.append(EventEntry(id: id, date: date, end: end, title: title, countries: countries,
                                     location: document.location(of: node),
                                     dateLocation: keys.has("date") ? keys.location("date") : nil,
                                     endLocation: keys.has("end") ? keys.location("end") : nil,
                                     countriesLocation: keys.has("countries") ? keys.location("countries") : nil))
        }
        return events
    }
}

/// `[a-z0-9]+(-[a-z0-9]+)*`
public enum Slug {
    /// One scan of the bytes (Foundation's `contains("--")` was most of the check, on every event's id).
    public static func isValid(_ text: String) -> Bool {
        var previous: UInt8 = 0x2D
        for byte in text.utf8 {
            if byte == 0x2D {
                if previous == 0x2D { return false }
            } else if !((byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)) {
                return false
            }
            previous = byte
        }
        return previous != 0x2D
    }
}
