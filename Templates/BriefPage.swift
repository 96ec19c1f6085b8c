import BriefHTML

public func briefPage(_ brief: BriefPageView) -> HTML {
    let labels = brief.chrome.labels
    return layout(brief.chrome, bodyClass: "page-brief", content: """
    <article class="brief">
    <header class="brief-header">
    <p class="kicker"><a href="\(brief.briefsHref)">\(labels.briefs)</a></p>
    <h1>\(brief.title)</h1>
    \(byline(brief))<p class="brief-meta"><time datetime="\(brief.isoDate)">\(brief.dateText)</time><span class="separator">\(labels.separator)</span><span>\(brief.readingTime)</span></p>
    \(termList(brief.topics, className: "topics", label: labels.topics))\(translationLinks(brief.translations, labels: labels))</header>
    <div class="brief-body">
    \(brief.body)</div>
    \(brief.appendix)\(brief.countries.isEmpty ? HTML() : """
    <footer class="brief-footer">
    \(termList(brief.countries, className: "countries", label: labels.countries))</footer>

    """)</article>

    """)
}

func byline(_ brief: BriefPageView) -> HTML {
    guard brief.author != nil || brief.affiliation != nil else { return HTML() }
    let separator: HTML = brief.author != nil && brief.affiliation != nil ? "<span class=\"separator\">\(brief.chrome.labels.separator)</span>" : HTML()
    return """
    <p class="byline">\(brief.author.map { HTML("<span class=\"author\">\($0)</span>") })\(separator)\(brief.affiliation.map { HTML("<span class=\"affiliation\">\($0)</span>") })</p>

    """
}

func termList(_ links: [Link], className: String, label: String) -> HTML {
    guard !links.isEmpty else { return HTML() }
    return """
    <div class="terms \(className)"><span class="terms-label">\(label)</span>
    <ul>
    \(links.map { HTML("<li><a href=\"\($0.href)\">\($0.label)</a></li>\n") })</ul>
    </div>

    """
}

func translationLinks(_ links: [Link], labels: Labels) -> HTML {
    guard !links.isEmpty else { return HTML() }
    return """
    <p class="translations">\(labels.alsoIn) \(links.map(languageLink).joined(separator: HTML(stringLiteral: labels.listSeparator)))</p>

    """
}
