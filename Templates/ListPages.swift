import BriefHTML

/// A language's home, the list of all briefs, a topic's or country's page.
public func briefListPage(_ list: BriefListView, bodyClass: String) -> HTML {
    layout(list.chrome, bodyClass: bodyClass, content: """
    <h1>\(list.heading)</h1>
    \(list.introduction.map { HTML("<p class=\"introduction\">\($0)</p>\n") })\(teaserList(list.briefs, labels: list.chrome.labels))\(list.moreLink.map { HTML("<p class=\"more\"><a href=\"\($0.href)\">\($0.label)</a></p>\n") })\(sideLinks(list.sideLinks))
    """)
}

func teaserList(_ briefs: [BriefTeaser], labels: Labels) -> HTML {
    guard !briefs.isEmpty else { return "<p>\(labels.noBriefs)</p>\n" }
    return """
    <ol class="brief-list">
    \(briefs.map { teaser($0, labels: labels) })</ol>

    """
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
