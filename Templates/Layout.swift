import BriefHTML

/// The document around every page's content.
public func layout(_ page: PageChrome, bodyClass: String, content: HTML) -> HTML {
    layoutTop(page, bodyClass: bodyClass) + content + layoutBottom(page)
}

/// The document up to the page's content: for a page written in parts.
public func layoutTop(_ page: PageChrome, bodyClass: String) -> HTML {
    let fullTitle = page.pageTitle.map { "\($0) | \(page.siteTitle)" } ?? page.siteTitle
    return """
    <!DOCTYPE html>
    <html lang="\(page.language)">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(fullTitle)</title>
    <meta name="description" content="\(page.description)">
    \(page.isDraft ? HTML("<meta name=\"robots\" content=\"noindex\">\n") : HTML())<link rel="canonical" href="\(page.canonicalURL)">
    \(page.alternates.map { alternate in HTML("<link rel=\"alternate\" hreflang=\"\(alternate.hreflang)\" href=\"\(alternate.href)\">\n") })<link rel="alternate" type="application/atom+xml" title="\(page.siteTitle)" href="\(page.feedHref)">
    <link rel="stylesheet" href="\(page.stylesheetHref)">
    <meta property="og:type" content="\(page.openGraphType)">
    <meta property="og:title" content="\(page.pageTitle ?? page.siteTitle)">
    <meta property="og:description" content="\(page.description)">
    <meta property="og:url" content="\(page.canonicalURL)">
    <meta property="og:site_name" content="\(page.siteTitle)">
    \(page.structuredData.map { HTML("<script type=\"application/ld+json\">\(HTML(unsafeRaw: $0))</script>\n") })\(page.headExtra)</head>
    <body class="\(bodyClass)">
    <a class="skip-link" href="#main">\(page.labels.skipToContent)</a>
    <header class="site-header">
    <div class="wrap site-header-inner">
    <a class="site-title" href="\(page.homeHref)">\(page.siteTitle)</a>
    <nav class="site-nav" aria-label="\(page.labels.mainNavigation)">
    <ul>
    \(page.navigation.map(navigationItem))</ul>
    </nav>
    \(languageSwitch(page))</div>
    </header>
    \(page.isDraft ? HTML("<div class=\"draft-banner\" role=\"note\"><strong>\(page.labels.draft)</strong> \(page.labels.draftNotice)</div>\n") : HTML())<main id="main" class="wrap">

    """
}

/// The document after the page's content.
public func layoutBottom(_ page: PageChrome) -> HTML {
    """
    </main>
    <footer class="site-footer">
    <div class="wrap">
    <p><a href="\(page.homeHref)">\(page.siteTitle)</a>\(page.labels.separator)<a href="\(page.feedHref)" type="application/atom+xml">\(page.labels.feed)</a></p>
    </div>
    </footer>
    </body>
    </html>

    """
}

func navigationItem(_ link: Link) -> HTML {
    if link.isCurrent {
        return "<li><a href=\"\(link.href)\" aria-current=\"page\">\(link.label)</a></li>\n"
    }
    return "<li><a href=\"\(link.href)\">\(link.label)</a></li>\n"
}

func languageSwitch(_ page: PageChrome) -> HTML {
    guard page.languageSwitch.count > 1 else { return HTML() }
    let items: [HTML] = page.languageSwitch.map { link in
        let code = link.language ?? page.language
        if link.isCurrent {
            return "<li><span aria-current=\"true\" lang=\"\(code)\">\(link.label)</span></li>\n"
        }
        return "<li><a href=\"\(link.href)\" hreflang=\"\(code)\" lang=\"\(code)\">\(link.label)</a></li>\n"
    }
    return """
    <nav class="language-switch" aria-label="\(page.labels.languageNavigation)">
    <ul>
    \(items)</ul>
    </nav>

    """
}

/// A link whose text may be in another language than the page.
func languageLink(_ link: Link) -> HTML {
    if let language = link.language {
        return "<a href=\"\(link.href)\" hreflang=\"\(language)\" lang=\"\(language)\">\(link.label)</a>"
    }
    return "<a href=\"\(link.href)\">\(link.label)</a>"
}
