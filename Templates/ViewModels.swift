import BriefHTML

/// A link as templates show it: the href is already relative to the page.
public struct Link: Sendable {
    public var label: String
    public var href: String
    public var isCurrent: Bool
    /// Set when the label is in another language than the page.
    public var language: String?

    public init(label: String, href: String, isCurrent: Bool = false, language: String? = nil) {
        self.label = label
        self.href = href
        self.isCurrent = isCurrent
        self.language = language
    }
}

/// `<link rel="alternate" hreflang>`: an absolute URL per translation.
public struct Alternate: Sendable, Hashable {
    public var hreflang: String
    public var href: String

    public init(hreflang: String, href: String) {
        self.hreflang = hreflang
        self.href = href
    }
}

/// What every page has around its content.
public struct PageChrome: Sendable {
    public var language: String
    public var labels: Labels
    public var siteTitle: String
    /// nil on a language's home, whose title is the site's.
    public var pageTitle: String?
    public var description: String
    public var canonicalURL: String
    public var alternates: [Alternate]
    public var openGraphType: String
    public var stylesheetHref: String
    public var feedHref: String
    public var homeHref: String
    public var navigation: [Link]
    public var languageSwitch: [Link]
    public var isDraft: Bool
    /// Extra markup for the end of `<head>`, from the code that serves the
    /// page (never from a brief).
    public var headExtra: HTML
    /// schema.org data as JSON whose strings escape `<`, `>` and `&`, so it
    /// cannot close the script element it stands in.
    public var structuredData: String?

    public init(language: String, labels: Labels, siteTitle: String, pageTitle: String?, description: String,
                canonicalURL: String, alternates: [Alternate], openGraphType: String = "website", stylesheetHref: String,
                feedHref: String, homeHref: String, navigation: [Link], languageSwitch: [Link], isDraft: Bool = false,
                headExtra: HTML = HTML()) {
        self.language = language
        self.labels = labels
        self.siteTitle = siteTitle
        self.pageTitle = pageTitle
        self.description = description
        self.canonicalURL = canonicalURL
        self.alternates = alternates
        self.openGraphType = openGraphType
        self.stylesheetHref = stylesheetHref
        self.feedHref = feedHref
        self.homeHref = homeHref
        self.navigation = navigation
        self.languageSwitch = languageSwitch
        self.isDraft = isDraft
        self.headExtra = headExtra
        structuredData = nil
    }
}

/// A brief in a list.
public struct BriefTeaser: Sendable {
    public var title: String
    public var href: String
    public var isoDate: String
    public var dateText: String
    public var summary: String
    public var author: String?
    public var topics: [Link]
    public var isDraft: Bool

    public init(title: String, href: String, isoDate: String, dateText: String, summary: String, author: String?,
                topics: [Link], isDraft: Bool = false) {
        self.title = title
        self.href = href
        self.isoDate = isoDate
        self.dateText = dateText
        self.summary = summary
        self.author = author
        self.topics = topics
        self.isDraft = isDraft
    }
}

public struct BriefPageView: Sendable {
    public var chrome: PageChrome
    public var title: String
    public var isoDate: String
    public var dateText: String
    public var author: String?
    public var affiliation: String?
    public var summary: String
    public var readingTime: String
    public var topics: [Link]
    public var countries: [Link]
    public var translations: [Link]
    public var briefsHref: String
    /// Rendered from Markdown by BriefMarkdown; safe by construction.
    public var body: HTML
    /// Data components that the body did not place itself.
    public var appendix: HTML

    public init(chrome: PageChrome, title: String, isoDate: String, dateText: String, author: String?, affiliation: String?,
                summary: String, readingTime: String, topics: [Link], countries: [Link], translations: [Link],
                briefsHref: String, body: HTML, appendix: HTML = HTML()) {
        self.chrome = chrome
        self.title = title
        self.isoDate = isoDate
        self.dateText = dateText
        self.author = author
        self.affiliation = affiliation
        self.summary = summary
        self.readingTime = readingTime
        self.topics = topics
        self.countries = countries
        self.translations = translations
        self.briefsHref = briefsHref
        self.body = body
        self.appendix = appendix
    }
}

/// Home, the list of briefs, a topic's or a country's briefs.
public struct BriefListView: Sendable {
    public var chrome: PageChrome
    public var heading: String
    public var introduction: String?
    public var briefs: [BriefTeaser]
    public var moreLink: Link?
    public var sideLinks: [Link]

    public init(chrome: PageChrome, heading: String, introduction: String? = nil, briefs: [BriefTeaser],
                moreLink: Link? = nil, sideLinks: [Link] = []) {
        self.chrome = chrome
        self.heading = heading
        self.introduction = introduction
        self.briefs = briefs
        self.moreLink = moreLink
        self.sideLinks = sideLinks
    }
}

/// The list of all topics or all countries, with how many briefs each has.
public struct TermIndexView: Sendable {
    public struct Term: Sendable {
        public var link: Link
        public var count: String

        public init(link: Link, count: String) {
            self.link = link
            self.count = count
        }
    }

    public var chrome: PageChrome
    public var heading: String
    public var terms: [Term]

    public init(chrome: PageChrome, heading: String, terms: [Term]) {
        self.chrome = chrome
        self.heading = heading
        self.terms = terms
    }
}

public struct PlainPageView: Sendable {
    public var chrome: PageChrome
    public var title: String
    public var body: HTML

    public init(chrome: PageChrome, title: String, body: HTML) {
        self.chrome = chrome
        self.title = title
        self.body = body
    }
}

/// The 404 page speaks every language of the site at once, since the server
/// shows it for any address.
public struct NotFoundView: Sendable {
    public struct Message: Sendable {
        public var language: String
        public var labels: Labels
        public var homeHref: String

        public init(language: String, labels: Labels, homeHref: String) {
            self.language = language
            self.labels = labels
            self.homeHref = homeHref
        }
    }

    public var language: String
    public var siteTitle: String
    public var messages: [Message]

    public init(language: String, siteTitle: String, messages: [Message]) {
        self.language = language
        self.siteTitle = siteTitle
        self.messages = messages
    }
}
