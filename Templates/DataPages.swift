import BriefHTML

public func timelinePage(_ page: TimelinePageView) -> HTML {
    timelinePageTop(page) + page.years.map(timelineYear).joined() + layoutBottom(page.chrome)
}

/// The timeline page up to its years (a page written in parts gives the years' labels and anchors, without events).
public func timelinePageTop(_ page: TimelinePageView) -> HTML {
    let labels = page.chrome.labels
    let yearLinks: [HTML] = page.years.map { HTML("<li><a href=\"#\($0.anchor)\">\($0.label)</a></li>\n") }
    return layoutTop(page.chrome, bodyClass: "page-timeline") + """
    <h1>\(labels.timeline)</h1>
    <p class="introduction">\(labels.timelineIntro)</p>
    <p class="data-downloads"><a href="\(page.calendarHref)" type="text/calendar">\(labels.subscribeCalendar)</a>\(labels.separator)<a href="\(page.jsonHref)" type="application/json">\(labels.downloadJSON)</a></p>
    \(page.years.isEmpty ? HTML("<p>\(labels.noEvents)</p>\n") : HTML("""
    <nav class="year-nav" aria-label="\(labels.year)">
    <ul>
    \(yearLinks)</ul>
    </nav>

    """))
    """
}

public func timelineYear(_ year: TimelineYear) -> HTML {
    timelineYearTop(year) + timelineEvents(year.events) + timelineYearBottom()
}

/// A year of the timeline up to its events (a page written in parts adds them a month at a time).
public func timelineYearTop(_ year: TimelineYear) -> HTML {
    """
    <section class="timeline-year" id="\(year.anchor)">
    <h2>\(year.label)</h2>
    <ol class="event-list">

    """
}

public func timelineEvents(_ events: [EventView]) -> HTML {
    events.map(eventItem).joined()
}

public func timelineYearBottom() -> HTML {
    """
    </ol>
    </section>

    """
}

public func trackerPage(_ page: TrackerPageView) -> HTML {
    let labels = page.chrome.labels
    return trackerPageTop(page, hasHistories: !page.histories.isEmpty)
        + page.histories.map { tariffHistory($0, labels: labels) }.joined()
        + trackerPageBottom(page, hasHistories: !page.histories.isEmpty)
}

/// The tracker page up to its histories (a page written in parts leaves `histories` empty and says whether there are any).
public func trackerPageTop(_ page: TrackerPageView, hasHistories: Bool) -> HTML {
    trackerPageHead(page.chrome)
        + trackerTables(current: page.current, bilateral: page.bilateral, tariffTrade: page.tariffTrade, labels: page.chrome.labels)
        + trackerHistoriesTop(labels: page.chrome.labels, hasHistories: hasHistories)
}

/// The tracker page up to its tables.
public func trackerPageHead(_ chrome: PageChrome) -> HTML {
    let labels = chrome.labels
    return layoutTop(chrome, bodyClass: "page-tracker") + """
    <h1>\(labels.tariffTracker)</h1>
    <p class="introduction">\(labels.trackerIntro)</p>

    """
}

/// The tracker's tables of current rates, bilateral comparison, and tariff against trade: a part of their
/// own, which an edit of one brief's tariffs makes again (the page's head and histories aside).
public func trackerTables(current: DataTable<TariffRowView>, bilateral: DataTable<BilateralRowView>,
                          tariffTrade: DataTable<TariffTradeRowView>, labels: Labels) -> HTML {
    """
    <section>
    <h2 id="current">\(labels.currentTariffs)</h2>
    \(current.rows.isEmpty ? HTML("<p>\(labels.noTariffs)</p>\n") : tariffTable(current, labels: labels))</section>
    <section>
    <h2 id="bilateral">\(labels.bilateralComparison)</h2>
    \(trackerBilateral(bilateral, labels: labels))</section>
    <section>
    <h2 id="tariffs-and-trade">\(labels.tariffAndTrade)</h2>
    \(trackerTariffTrade(tariffTrade, labels: labels))</section>

    """
}

/// The bilateral table of the tracker, or the line that says there is none.
public func trackerBilateral(_ table: DataTable<BilateralRowView>, labels: Labels) -> HTML {
    table.rows.isEmpty ? HTML("<p>\(labels.noTariffs)</p>\n") : bilateralTable(table, labels: labels)
}

/// The table of tariff against trade of the tracker, or the line that says there is none.
public func trackerTariffTrade(_ table: DataTable<TariffTradeRowView>, labels: Labels) -> HTML {
    table.rows.isEmpty ? HTML("<p>\(labels.noTariffs)</p>\n") : tariffTradeTable(table, labels: labels)
}

public func trackerHistoriesTop(labels: Labels, hasHistories: Bool) -> HTML {
    hasHistories ? HTML("<section>\n<h2 id=\"history\">\(labels.history)</h2>\n") : HTML()
}

/// The table under a heading that already says what its caption says.
func captionHidden<Row>(_ table: DataTable<Row>) -> DataTable<Row> {
    var hidden = table
    hidden.captionIsHidden = true
    return hidden
}

public func tariffHistory(_ history: TariffHistoryView, labels: Labels) -> HTML {
    """
    <section class="tariff-history">
    <h3>\(history.heading)</h3>
    \(tariffTable(captionHidden(history.table), labels: labels))</section>

    """
}

public func trackerPageBottom(_ page: TrackerPageView, hasHistories: Bool) -> HTML {
    trackerHistoriesBottom(hasHistories: hasHistories) + layoutBottom(page.chrome)
}

public func trackerHistoriesBottom(hasHistories: Bool) -> HTML {
    hasHistories ? HTML("</section>\n") : HTML()
}
