import BriefCore
import Foundation

/// `/data/timeline.json`: keys in the contract's order, titles only as written.
enum TimelineJSON {
    static func render(_ events: [SiteEvent], languages: [Language]) -> String {
        var output = "[\n"
        for (index, item) in events.enumerated() {
            let event = item.event
            let titles = languages.compactMap { language in
                event.titles[language.code].map { "\(JSONString.literal(language.code)): \(JSONString.literal($0))" }
            }
            output += "  {\"id\": \(JSONString.literal(event.id)), \"brief\": \(JSONString.literal(item.brief)), \"date\": \(JSONString.literal(event.date.iso)), "
            output += "\"end\": \(event.end.map { JSONString.literal($0.iso) } ?? "null"), "
            output += "\"countries\": [\(event.countries.map { JSONString.literal($0.code) }.joined(separator: ", "))], "
            output += "\"title\": {\(titles.joined(separator: ", "))}}"
            output += index == events.count - 1 ? "\n" : ",\n"
        }
        return output + "]\n"
    }
}

/// The timeline as an iCalendar file (RFC 5545) readers can subscribe to:
/// all-day events, stable UIDs, titles in one language with a fallback to
/// the default language.
struct TimelineCalendar {
    let paths: SitePaths
    let language: Language

    func render(_ events: [SiteEvent], briefLanguages: [String: Set<String>]) -> String {
        let config = paths.config
        let host = URL(string: config.baseURL)?.host ?? "briefsite"
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//briefsite//timeline//\(language.code)",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:\(escape(config.title(in: language.code)))",
        ]
        for item in events {
            let event = item.event
            let title = event.titles[language.code] ?? event.titles[config.defaultLanguage.code] ?? event.titles.values.sorted().first ?? event.id
            let pageLanguage = briefLanguages[item.brief]?.contains(language.code) == true ? language : config.defaultLanguage
            let end = (event.end ?? event.date).nextDay
            lines += [
                "BEGIN:VEVENT",
                "UID:\(item.brief).\(event.id)@\(host)",
                "DTSTAMP:\(compact(item.briefDate))T000000Z",
                "DTSTART;VALUE=DATE:\(compact(event.date))",
                "DTEND;VALUE=DATE:\(compact(end))",
                "SUMMARY:\(escape(title))",
                "URL:\(paths.absolute(paths.brief(item.brief, pageLanguage)))",
            ]
            if !event.countries.isEmpty {
                lines.append("CATEGORIES:\(event.countries.map(\.code).joined(separator: ","))")
            }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    func compact(_ day: Day) -> String {
        let year = String(day.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + (day.month < 10 ? "0" : "") + String(day.month)
            + (day.day < 10 ? "0" : "") + String(day.day)
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
            let size = String(character).utf8.count
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
