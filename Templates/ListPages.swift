import BriefHTML

/// A language's home, the list of all briefs, a topic's or country's page.
public func briefListPage(_ list: BriefListView, bodyClass: String) -> HTML {
    briefListPageTop(list, bodyClass: bodyClass, hasBriefs: !list.briefs.isEmpty)
        + teasers(list.briefs, labels: list.chrome.labels)
        + briefListPageBottom(list, hasBriefs: !list.briefs.isEmpty)
}

/// A list page up to its teasers: a long list is written in parts, its teasers a batch at a time.
public func briefListPageTop(_ list: BriefListView, bodyClass: String, hasBriefs: Bool) -> HTML {
    layoutTop(list.chrome, bodyClass: bodyClass) + """
    <h1>\(list.heading)</h1>
    \(list.introduction.map { HTML("<p class=\"introduction\">\($0)</p>\n") })\(hasBriefs ? HTML("<ol class=\"brief-list\">\n") : HTML("<p>\(list.chrome.labels.noBriefs)</p>\n"))
    """
}

/// Teasers of a list, in order.
public func teasers(_ briefs: [BriefTeaser], labels: Labels) -> HTML {
    briefs.map { teaser($0, labels: labels) }.joined()
}

/// A list page after its teasers.
public func briefListPageBottom(_ list: BriefListView, hasBriefs: Bool) -> HTML {
    """
    \(hasBriefs ? HTML("</ol>\n") : HTML())\(list.moreLink.map { HTML("<p class=\"more\"><a href=\"\($0.href)\">\($0.label)</a></p>\n") })\(sideLinks(list.sideLinks))
    """ + layoutBottom(list.chrome)
}

func teaser(_ brief: BriefTeaser, labels: Labels) -> HTML {
    """
    <li class="brief-teaser">
    <h2><a href="\(brief.href)">\(brief.title)</a>\(brief.isDraft ? HTML(" <span class=\"draft-tag\">\(labels.draft)</span>") : HTML())</h2>
    <p class="brief-meta"><time datetime="\(brief.isoDate)">\(brief.dateText)</time>\(brief.author.map { HTML("<span class=\"separator\">\(labels.separator)</span><span class=\"author\">\($0)</span>") })</p>
    <p class="summary">\(brief.summary)</p>
    </li>

    """
}

func sideLinks(_ links: [Link]) -> HTML {
    guard !links.isEmpty else { return HTML() }
    return """
    <ul class="side-links">
    \(links.map { HTML("<li><a href=\"\($0.href)\">\($0.label)</a></li>\n") })</ul>

    """
}

public func termIndexPage(_ index: TermIndexView, bodyClass: String) -> HTML {
    layout(index.chrome, bodyClass: bodyClass, content: """
    <h1>\(index.heading)</h1>
    <ul class="term-index">
    \(index.terms.map { HTML("<li><a href=\"\($0.link.href)\">\($0.link.label)</a> <span class=\"count\">\($0.count)</span></li>\n") })</ul>

    """)
}

public func plainPage(_ page: PlainPageView) -> HTML {
    layout(page.chrome, bodyClass: "page-plain", content: """
    <article class="plain-page">
    <h1>\(page.title)</h1>
    \(page.body)</article>

    """)
}

public func notFoundPage(_ page: NotFoundView) -> HTML {
    """
    <!DOCTYPE html>
    <html lang="\(page.language)">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>404 | \(page.siteTitle)</title>
    <meta name="robots" content="noindex">
    <style>\(HTML(unsafeRaw: Stylesheet.css))</style>
    </head>
    <body class="page-not-found">
    <main id="main" class="wrap">
    \(page.messages.map { message in HTML("""
    <section lang="\(message.language)">
    <h1>\(message.labels.notFoundTitle)</h1>
    <p>\(message.labels.notFoundText)</p>
    <p><a href="\(message.homeHref)">\(message.labels.backHome)</a></p>
    </section>

    """) })</main>
    </body>
    </html>

    """
}
