import BriefHTML

public func timelinePage(_ page: TimelinePageView) -> HTML {
    let labels = page.chrome.labels
    let yearLinks: [HTML] = page.years.map { HTML("<li><a href=\"#\($0.anchor)\">\($0.label)</a></li>\n") }
    let sections: [HTML] = page.years.map { year in
        """
        <section class="timeline-year" id="\(year.anchor)">
        <h2>\(year.label)</h2>
        <ol class="event-list">
        \(year.events.map(eventItem))</ol>
        </section>

        """
    }
    return layout(page.chrome, bodyClass: "page-timeline", content: """
    <h1>\(labels.timeline)</h1>
    <p class="introduction">\(labels.timelineIntro)</p>
    <p class="data-downloads"><a href="\(page.calendarHref)" type="text/calendar">\(labels.subscribeCalendar)</a>\(labels.separator)<a href="\(page.jsonHref)" type="application/json">\(labels.downloadJSON)</a></p>
    \(page.years.isEmpty ? HTML("<p>\(labels.noEvents)</p>\n") : HTML("""
    <nav class="year-nav" aria-label="\(labels.year)">
    <ul>
    \(yearLinks)</ul>
    </nav>

    """))\(sections)
    """)
}

public func trackerPage(_ page: TrackerPageView) -> HTML {
    let labels = page.chrome.labels
    let histories: [HTML] = page.histories.map { history in
        """
        <section class="tariff-history">
        <h3>\(history.heading)</h3>
        \(tariffTable(history.table, labels: labels))</section>

        """
    }
    return layout(page.chrome, bodyClass: "page-tracker", content: """
    <h1>\(labels.tariffTracker)</h1>
    <p class="introduction">\(labels.trackerIntro)</p>
    <section>
    <h2 id="current">\(labels.currentTariffs)</h2>
    \(page.current.rows.isEmpty ? HTML("<p>\(labels.noTariffs)</p>\n") : tariffTable(page.current, labels: labels))</section>
    <section>
    <h2 id="bilateral">\(labels.bilateralComparison)</h2>
    \(page.bilateral.rows.isEmpty ? HTML("<p>\(labels.noTariffs)</p>\n") : bilateralTable(page.bilateral, labels: labels))</section>
    <section>
    <h2 id="tariffs-and-trade">\(labels.tariffAndTrade)</h2>
    \(page.tariffTrade.rows.isEmpty ? HTML("<p>\(labels.noTariffs)</p>\n") : tariffTradeTable(page.tariffTrade, labels: labels))</section>
    \(page.histories.isEmpty ? HTML() : HTML("""
    <section>
    <h2 id="history">\(labels.history)</h2>
    \(histories)</section>

    """))
    """)
}
