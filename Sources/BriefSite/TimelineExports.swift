import BriefCore
import Foundation

/// `/data/timeline.json`: keys in the contract's order, titles only as written.
enum TimelineJSON {
    /// The file in parts: the opening bracket, each month's events (keyed by `partHash`; the last month's last
    /// event has no comma after it), the closing bracket.
    static func write(_ months: [TimelineMonth], languages: [Language], into parts: inout PageParts,
                      partHash: (TimelineMonth, Bool) -> UInt64) {
        parts.append(text: "[\n")
        for (index, month) in months.enumerated() {
            let isLast = index == months.count - 1
            parts.append(fingerprint: partHash(month, isLast)) { lines(month.events, languages: languages, endsFile: isLast) }
        }
        parts.append(text: "]\n")
    }

    static func lines(_ events: ArraySlice<SiteEvent>, languages: [Language], endsFile: Bool) -> String {
        var output = ""
        output.reserveCapacity(events.count * 220)
        for (index, item) in zip(events.indices, events) {
            let event = item.event
            output += "  {\"id\": "; output += JSONString.literal(event.id)
            output += ", \"brief\": "; output += JSONString.literal(item.brief)
            output += ", \"date\": \""; output += event.date.iso
            output += "\", \"end\": "; output += event.end.map { "\"" + $0.iso + "\"" } ?? "null"
            output += ", \"countries\": ["
            for (position, country) in event.countries.enumerated() {
                if position > 0 { output += ", " }
                output += JSONString.literal(country.code)
            }
            output += "], \"title\": {"
            var first = true
            for language in languages {
                guard let title = event.titles[language.code] else { continue }
                if !first { output += ", " }
                first = false
                output += JSONString.literal(language.code); output += ": "; output += JSONString.literal(title)
            }
            output += endsFile && index == events.index(before: events.endIndex) ? "}}\n" : "}},\n"
        }
        return output
    }
}

/// The timeline as an iCalendar file (RFC 5545) readers can subscribe to:
/// all-day events, stable UIDs, titles in one language with a fallback to
/// the default language.
struct TimelineCalendar {
    let paths: SitePaths
    let language: Language
    /// The site's host, for each event's UID: parsed once, not for each month (or each event an edit makes).
    private let host: String

    init(paths: SitePaths, language: Language) {
        self.paths = paths
        self.language = language
        host = URL(string: paths.config.baseURL)?.host ?? "briefsite"
    }

    /// The file in parts: the calendar's header, each month's events (keyed by `partHash`), its end.
    func write(_ months: [TimelineMonth], briefLanguages: [String: Set<String>],
               into parts: inout PageParts, partHash: (TimelineMonth) -> UInt64) {
        let config = paths.config
        var header = ""
        func line(_ text: String, to output: inout String) {
            output += fold(text)
            output += "\r\n"
        }
        line("BEGIN:VCALENDAR", to: &header)
        line("VERSION:2.0", to: &header)
        line("PRODID:-//briefsite//timeline//\(language.code)", to: &header)
        line("CALSCALE:GREGORIAN", to: &header)
        line("METHOD:PUBLISH", to: &header)
        line("X-WR-CALNAME:\(escape(config.title(in: language.code)))", to: &header)
        parts.append(text: header)
        for month in months {
            parts.append(fingerprint: partHash(month)) { events(month.events, briefLanguages: briefLanguages) }
        }
        parts.append(text: "END:VCALENDAR\r\n")
    }

    /// One month's events, as the calendar holds them.
    func events(_ events: ArraySlice<SiteEvent>, briefLanguages: [String: Set<String>]) -> String {
        let config = paths.config
        // One text written line by line (a calendar of 50,000 events was an array of 400,000 lines joined).
        var output = ""
        output.reserveCapacity(events.count * 300)
        func line(_ text: String) {
            output += fold(text)
            output += "\r\n"
        }
        // A brief's events are spread over the month by date: its page's address is made once and remembered.
        var briefURLs: [String: String] = [:]
        for item in events {
            let event = item.event
            let title = event.titles[language.code] ?? event.titles[config.defaultLanguage.code]
                ?? event.titles.values.sorted().first ?? event.id
            let briefURL = briefURLs[item.brief] ?? {
                let pageLanguage = briefLanguages[item.brief]?.contains(language.code) == true ? language : config.defaultLanguage
                let address = paths.absolute(paths.brief(item.brief, pageLanguage))
                briefURLs[item.brief] = address
                return address
            }()
            line("BEGIN:VEVENT")
            line("UID:\(item.brief).\(event.id)@\(host)")
            line("DTSTAMP:\(item.briefDate.compact)T000000Z")
            line("DTSTART;VALUE=DATE:\(event.date.compact)")
            line("DTEND;VALUE=DATE:\((event.end ?? event.date).nextDay.compact)")
            line("SUMMARY:\(escape(title))")
            line("URL:\(briefURL)")
            if !event.countries.isEmpty {
                line("CATEGORIES:\(event.countries.map(\.code).joined(separator: ","))")
            }
            line("END:VEVENT")
        }
        return output
    }

    /// TEXT values of RFC 5545: backslash, semicolon and comma escaped, line breaks as \n.
    func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x3B || $0 == 0x2C || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var result = ""
        var previousWasReturn = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\r": result += "\\n"
            case "\n": if !previousWasReturn { result += "\\n" }
            default: result.unicodeScalars.append(scalar)
            }
            previousWasReturn = scalar == "\r"
        }
        return result
    }

    /// Lines of at most 75 octets, continued with a space, never splitting a character.
    func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var result = ""
        var current = 0
        var limit = 75
        for character in line {
            let size = character.utf8.count
            if current + size > limit {
                result += "\r\n "
                current = 0
                limit = 74
            }
            result.append(character)
            current += size
        }
        return result
    }
}

extension Day {
    var nextDay: Day {
        if day < Day.daysIn(month: month, year: year) { return Day(year: year, month: month, day: day + 1) ?? self }
        if month < 12 { return Day(year: year, month: month + 1, day: 1) ?? self }
        return Day(year: year + 1, month: 1, day: 1) ?? self
    }
}
