import BriefHTML

// Tables of data: a caption, column headers with scope, numbers right-aligned
// on tabular figures, "no value" spelled out for screen readers, and a link
// to a CSV of exactly the table's rows.

func figureCell(_ figure: Figure, labels: Labels) -> HTML {
    guard let text = figure.text else {
        return "<td class=\"number\"><span class=\"no-value\"><span aria-hidden=\"true\">—</span><span class=\"visually-hidden\">\(labels.noValue)</span></span></td>"
    }
    switch figure.direction {
    case .up:
        return "<td class=\"number\"><span class=\"change change-up\"><span class=\"change-mark\" aria-hidden=\"true\">▲</span>\(text)<span class=\"visually-hidden\"> (\(labels.increase))</span></span></td>"
    case .down:
        return "<td class=\"number\"><span class=\"change change-down\"><span class=\"change-mark\" aria-hidden=\"true\">▼</span>\(text)<span class=\"visually-hidden\"> (\(labels.decrease))</span></span></td>"
    case .none:
        return "<td class=\"number\">\(text)</td>"
    }
}

func countryCell(_ country: CountryCell) -> HTML {
    "<td><abbr class=\"country\" title=\"\(country.code)\">\(country.name)</abbr></td>"
}

func sourceCell(_ links: [Link]) -> HTML {
    "<td class=\"source\">\(links.map(languageLink).joined(separator: "<br>"))</td>"
}

func tableFooter(_ href: String, labels: Labels) -> HTML {
    "<p class=\"table-download\"><a href=\"\(href)\" type=\"text/csv\" download>\(labels.downloadCSV)</a></p>\n"
}

func table(id: String, caption: String, captionIsHidden: Bool = false, header: HTML, rows: [HTML], csvHref: String,
           labels: Labels) -> HTML {
    let captionClass: HTML = captionIsHidden ? " class=\"visually-hidden\"" : HTML()
    return """
    <figure class="data-table" id="\(id)">
    <div class="table-scroll">
    <table>
    <caption\(captionClass)>\(caption)</caption>
    <thead>
    <tr>\(header)</tr>
    </thead>
    <tbody>
    \(rows)</tbody>
    </table>
    </div>
    \(tableFooter(csvHref, labels: labels))</figure>

    """
}

public func tariffTable(_ data: DataTable<TariffRowView>, labels: Labels) -> HTML {
    let source: HTML = data.showsSource ? "<th scope=\"col\">\(labels.source)</th>" : HTML()
    let header: HTML = """
    <th scope="col">\(labels.imposedBy)</th><th scope="col">\(labels.imposedOn)</th><th scope="col">\(labels.goods)</th>\
    <th scope="col" class="number">\(labels.previousRate)</th><th scope="col" class="number">\(labels.rate)</th>\
    <th scope="col" class="number">\(labels.changePoints)</th><th scope="col" class="number">\(labels.changePercent)</th>\
    <th scope="col" class="number">\(labels.effectiveRate)</th><th scope="col">\(labels.date)</th>\(source)
    """
    let rows: [HTML] = data.rows.map { tariffRow($0, showsSource: data.showsSource, labels: labels) }
    return table(id: data.id, caption: data.caption, captionIsHidden: data.captionIsHidden, header: header, rows: rows, csvHref: data.csvHref, labels: labels)
}

/// One row of a table of measures (an edit of one brief's tariffs puts the tracker's changed rows in place
/// of the old ones).
public func tariffRow(_ row: TariffRowView, showsSource: Bool, labels: Labels) -> HTML {
    """
    <tr>\(countryCell(row.by))\(countryCell(row.on))<td>\(row.goods)</td>\(figureCell(row.previous, labels: labels))\
    \(figureCell(row.rate, labels: labels))\(figureCell(row.changePoints, labels: labels))\(figureCell(row.changePercent, labels: labels))\
    \(figureCell(row.effective, labels: labels))<td class="date"><time datetime="\(row.isoDate)">\(row.date)</time></td>\
    \(showsSource ? sourceCell(row.source.map { [$0] } ?? []) : HTML())</tr>

    """
}

public func tradeTable(_ data: DataTable<TradeRowView>, labels: Labels) -> HTML {
    let header: HTML = """
    <th scope="col">\(labels.partner)</th><th scope="col" class="number">\(labels.year)</th><th scope="col" class="number">\(labels.balance)</th>\
    \(data.showsSource ? HTML("<th scope=\"col\">\(labels.source)</th>") : HTML())
    """
    let rows: [HTML] = data.rows.map { row in
        """
        <tr>\(countryCell(row.partner))<td class="number">\(row.year)</td>\(figureCell(row.balance, labels: labels))\
        \(data.showsSource ? sourceCell(row.source.map { [$0] } ?? []) : HTML())</tr>

        """
    }
    return table(id: data.id, caption: data.caption, captionIsHidden: data.captionIsHidden, header: header, rows: rows, csvHref: data.csvHref, labels: labels)
}

public func bilateralTable(_ data: DataTable<BilateralRowView>, labels: Labels) -> HTML {
    let header: HTML = """
    <th scope="col">\(labels.countryA)</th><th scope="col">\(labels.countryB)</th>\
    <th scope="col" class="number">\(labels.rateAOnB)</th><th scope="col" class="number">\(labels.rateBOnA)</th>\
    <th scope="col" class="number">\(labels.gap)</th><th scope="col">\(labels.source)</th>
    """
    let rows: [HTML] = data.rows.map { row in
        """
        <tr>\(countryCell(row.a))\(countryCell(row.b))\(figureCell(row.rateAOnB, labels: labels))\(figureCell(row.rateBOnA, labels: labels))\
        \(figureCell(row.gap, labels: labels))\(sourceCell(row.sources))</tr>

        """
    }
    return table(id: data.id, caption: data.caption, captionIsHidden: data.captionIsHidden, header: header, rows: rows, csvHref: data.csvHref, labels: labels)
}

public func tariffTradeTable(_ data: DataTable<TariffTradeRowView>, labels: Labels) -> HTML {
    let header: HTML = """
    <th scope="col">\(labels.partner)</th><th scope="col" class="number">\(labels.usRate)</th>\
    <th scope="col" class="number">\(labels.year)</th><th scope="col" class="number">\(labels.balance)</th><th scope="col">\(labels.source)</th>
    """
    let rows: [HTML] = data.rows.map { row in
        """
        <tr>\(countryCell(row.partner))\(figureCell(row.rate, labels: labels))<td class="number">\(row.year)</td>\
        \(figureCell(row.balance, labels: labels))\(sourceCell(row.sources))</tr>

        """
    }
    return table(id: data.id, caption: data.caption, captionIsHidden: data.captionIsHidden, header: header, rows: rows, csvHref: data.csvHref, labels: labels)
}

func eventItem(_ event: EventView) -> HTML {
    let when: HTML = "<time datetime=\"\(event.isoDate)\">\(event.when)</time>"
    let title: HTML = event.titleLanguage.map { HTML("<span lang=\"\($0)\">\(event.title)</span>") } ?? HTML("\(event.title)")
    let titled: HTML = event.brief.map { HTML("<a href=\"\($0.href)\"\($0.language.map { HTML(" hreflang=\"\($0)\"") })>\(title)</a>") } ?? title
    let countries: HTML = event.countries.isEmpty ? HTML() : "<span class=\"event-countries\">\(event.countries)</span>"
    return """
    <li class="event" id="\(event.id)"\(event.isoEnd.map { HTML(" data-end=\"\($0)\"") })><span class="event-date">\(when)</span> <span class="event-title">\(titled)</span> \(countries)</li>

    """
}

public func eventList(_ list: EventListView) -> HTML {
    """
    <section class="events">
    <h2>\(list.heading)</h2>
    <ol class="event-list">
    \(list.events.map(eventItem))</ol>
    </section>

    """
}
