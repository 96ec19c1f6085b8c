import BriefCore
import Foundation

/// A CSV file per RFC 4180: CRLF line ends, quotes only where needed, and
/// text cells that a spreadsheet would run as a formula disarmed with `'`.
struct CSVTable {
    enum Cell {
        case text(String)
        case number(Decimal)
        /// Always one decimal: `-92.0`.
        case oneDecimal(Decimal)
        case integer(Int)
        case empty
    }

    let header: [String]
    private(set) var rows: [[Cell]] = []

    init(_ header: [String]) {
        self.header = header
    }

    mutating func append(_ row: [Cell]) {
        rows.append(row)
    }

    /// Written into one string: a map and a join per row made and freed a score of strings for each line.
    var text: String {
        var output = ""
        output.reserveCapacity(64 * (rows.count + 1))
        for (index, name) in header.enumerated() {
            if index > 0 { output.append(",") }
            output.append(CSVTable.quote(name))
        }
        output.append("\r\n")
        appendRows(to: &output)
        return output
    }

    /// The rows without the header (what an edit of one brief puts in place of its old rows).
    var rowsText: String {
        var output = ""
        output.reserveCapacity(64 * rows.count)
        appendRows(to: &output)
        return output
    }

    private func appendRows(to output: inout String) {
        for row in rows {
            for (index, cell) in row.enumerated() {
                if index > 0 { output.append(",") }
                output.append(CSVTable.render(cell))
            }
            output.append("\r\n")
        }
    }

    static func render(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): return quote(disarm(text))
        case .number(let number): return plain(number)
        case .oneDecimal(let number): return oneDecimal(number)
        case .integer(let number): return String(number)
        case .empty: return ""
        }
    }

    /// The shortest form, ASCII minus: `-115`, `27.5`, `-68400000000`.
    static func plain(_ number: Decimal) -> String {
        number.plainText
    }

    static func oneDecimal(_ number: Decimal) -> String {
        var value = number
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 1, .plain)
        let text = rounded.plainText
        return text.utf8.contains(UInt8(ascii: ".")) ? text : text + ".0"
    }

    static func disarm(_ text: String) -> String {
        switch text.utf8.first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): return "'" + text
        default: return text
        }
    }

    static func quote(_ text: String) -> String {
        // On the bytes: the four characters are ASCII, and walking Characters cost more than the rest of the cell.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") })
        else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The CSV tables of the contract's data exports, and of every table a page shows.
enum DataTables {
    static let measureHeader = ["brief", "position", "by", "on", "goods", "date", "previous", "rate", "change_pp", "change_pct", "effective"]

    static func optional(_ number: Decimal?) -> CSVTable.Cell {
        number.map(CSVTable.Cell.number) ?? .empty
    }

    /// Measures with their own previous rate and changes (tariffs.csv).
    static func measures(_ measures: [SiteMeasure]) -> CSVTable {
        var table = CSVTable(measureHeader)
        for item in measures {
            let measure = item.measure
            let change = item.change
            table.append([.text(item.brief), .integer(item.position), .text(measure.by.code), .text(measure.on.code),
                          .text(measure.goods), .text(measure.date.iso), optional(measure.previous), .number(measure.rate),
                          optional(change.points), change.percent.map(CSVTable.Cell.oneDecimal) ?? .empty,
                          optional(measure.effective)])
        }
        return table
    }

    static func tracker(_ rows: [TrackerRow]) -> CSVTable {
        var table = CSVTable(["by", "on", "goods", "date", "previous", "rate", "change_pp", "change_pct", "effective", "brief", "position"])
        for row in rows {
            let measure = row.current.measure
            let change = row.change
            table.append([.text(row.key.by.code), .text(row.key.on.code), .text(row.key.goods), .text(measure.date.iso),
                          optional(row.previous), .number(measure.rate), optional(change.points),
                          change.percent.map(CSVTable.Cell.oneDecimal) ?? .empty, optional(measure.effective),
                          .text(row.current.brief), .integer(row.current.position)])
        }
        return table
    }

    static func bilateral(_ rows: [BilateralRow]) -> CSVTable {
        var table = CSVTable(["a", "b", "rate_a_on_b", "rate_b_on_a", "gap"])
        for row in rows {
            table.append([.text(row.a.code), .text(row.b.code), .number(row.rateAOnB), .number(row.rateBOnA), .number(row.gap)])
        }
        return table
    }

    static func tariffTrade(_ rows: [TariffTradeRow]) -> CSVTable {
        var table = CSVTable(["partner", "rate", "year", "balance"])
        for row in rows {
            table.append([.text(row.partner.code), .number(row.tariff.measure.rate), .integer(row.balance.balance.year),
                          .number(row.balance.balance.balance)])
        }
        return table
    }

    static func trade(_ balances: [SiteBalance]) -> CSVTable {
        var table = CSVTable(["brief", "partner", "year", "balance"])
        for item in balances {
            table.append([.text(item.brief), .text(item.balance.partner.code), .integer(item.balance.year), .number(item.balance.balance)])
        }
        return table
    }
}
