import Foundation

/// One translation of a brief, as read from its file.
public struct BriefTranslation: Sendable {
    public var language: String
    /// The path shown in diagnostics, relative to the site root.
    public var file: String
    /// Set only when the translation is made, with `keys`; without its data once the brief is assembled.
    public private(set) var frontMatter: BriefFrontMatter
    /// Taken from the whole front matter when the translation is made.
    public let keys: FrontMatterKeys
    /// The Markdown; nil for a translation taken from the build cache, whose
    /// body is read from the file again only if it must be rendered again.
    public var body: String?
    public var bodyFirstLine: Int
    /// A stable hash of the body, taken once when the file is read.
    public var bodyHash: UInt64
    /// A stable hash of the front matter's text as written (0 when not taken): an edit that leaves it as it
    /// was changes the body alone.
    public var frontMatterHash: UInt64 = 0

    /// A translation as the build cache keeps it: all but its body, which is in the file itself.
    public init(language: String, file: String, frontMatter: BriefFrontMatter, bodyHash: UInt64, bodyFirstLine: Int) {
        self.language = language
        self.file = file
        self.frontMatter = frontMatter
        keys = FrontMatterKeys(frontMatter)
        self.bodyFirstLine = bodyFirstLine
        self.bodyHash = bodyHash
    }

    public init(language: String, file: String, frontMatter: BriefFrontMatter, body: String, bodyFirstLine: Int) {
        self.init(language: language, file: file, frontMatter: frontMatter, bodyHash: StableHash.of { $0.combine(body) }.value,
                  bodyFirstLine: bodyFirstLine)
        self.body = body
    }

    /// The translation without its front matter's tariffs, trade and events, for a brief that holds them merged.
    public func droppingData() -> BriefTranslation {
        var translation = self
        translation.frontMatter = frontMatter.droppingData()
        return translation
    }
}

/// An event of a brief's timeline, its shared data merged from every
/// translation, its title per language.
public struct TimelineEvent: Sendable, Hashable {
    public var id: String
    public var date: Day
    public var end: Day?
    public var countries: [CountryCode]
    /// Only the titles written, by language code.
    public var titles: EventTitles
    public var location: SourceLocation

    public init(id: String, date: Day, end: Day? = nil, countries: [CountryCode] = [], titles: [String: String],
                location: SourceLocation) {
        self.id = id
        self.date = date
        self.end = end
        self.countries = countries
        self.titles = EventTitles(titles)
        self.location = location
    }
}

/// The data of a brief, shared by its translations.
public struct BriefData: Sendable {
    public var tariffs: [TariffMeasure]
    public var trade: [TradeBalance]
    public var events: [TimelineEvent]

    public init(tariffs: [TariffMeasure] = [], trade: [TradeBalance] = [], events: [TimelineEvent] = []) {
        self.tariffs = tariffs
        self.trade = trade
        self.events = events
    }

    public var isEmpty: Bool { tariffs.isEmpty && trade.isEmpty && events.isEmpty }
}

/// A file of a bundle other than its translations: copied beside each page.
public struct BundleAsset: Sendable, Hashable {
    /// Path inside the bundle folder, with `/` separators.
    public var relativePath: String
    public var sourceURL: URL

    public init(relativePath: String, sourceURL: URL) {
        self.relativePath = relativePath
        self.sourceURL = sourceURL
    }
}

public struct Brief: Sendable {
    public var slug: String
    public var translations: [String: BriefTranslation]
    public var assets: [BundleAsset]
    public var data: BriefData
    /// The date of the default-language translation: the brief's date.
    public var date: Day
    /// The default-language translation is a draft (only in builds with drafts).
    public var isDraft: Bool

    public init(slug: String, translations: [String: BriefTranslation], assets: [BundleAsset] = [], data: BriefData, date: Day,
                isDraft: Bool = false) {
        self.slug = slug
        self.translations = translations
        self.assets = assets
        self.data = data
        self.date = date
        self.isDraft = isDraft
    }
}

public struct PageTranslation: Sendable {
    public var language: String
    public var file: String
    public var frontMatter: PageFrontMatter
    /// The Markdown; nil for a translation taken from the build cache, whose
    /// body is read from the file again only if it must be rendered again.
    public var body: String?
    public var bodyFirstLine: Int
    /// A stable hash of the body, taken once when the file is read.
    public var bodyHash: UInt64
    /// A stable hash of the front matter's text as written (0 when not taken): an edit that leaves it as it
    /// was changes the body alone.
    public var frontMatterHash: UInt64 = 0

    /// A translation as the build cache keeps it: all but its body, which is in the file itself.
    public init(language: String, file: String, frontMatter: PageFrontMatter, bodyHash: UInt64, bodyFirstLine: Int) {
        self.language = language
        self.file = file
        self.frontMatter = frontMatter
        self.bodyFirstLine = bodyFirstLine
        self.bodyHash = bodyHash
    }

    public init(language: String, file: String, frontMatter: PageFrontMatter, body: String, bodyFirstLine: Int) {
        self.init(language: language, file: file, frontMatter: frontMatter, bodyHash: StableHash.of { $0.combine(body) }.value,
                  bodyFirstLine: bodyFirstLine)
        self.body = body
    }
}

public struct PlainPage: Sendable {
    public var slug: String
    public var translations: [String: PageTranslation]

    public init(slug: String, translations: [String: PageTranslation]) {
        self.slug = slug
        self.translations = translations
    }
}

/// Everything that is published, validated: what the render stage reads.
public struct SiteContent: Sendable {
    public var config: SiteConfig
    /// Newest first: brief date descending, then slug.
    public var briefs: [Brief]
    public var pages: [PlainPage]

    public init(config: SiteConfig, briefs: [Brief], pages: [PlainPage]) {
        self.config = config
        self.briefs = briefs
        self.pages = pages
    }
}

/// An event's titles by language code, in the order of the codes: one or two pairs in a list. A dictionary
/// for each of the site's events (and each copy of it in the timeline) was 11 MB at 10,000 briefs.
public struct EventTitles: Sendable, Hashable, Sequence {
    private var pairs: [(key: String, value: String)]

    public init(_ titles: [String: String] = [:]) {
        pairs = titles.sorted { $0.key < $1.key }
    }

    public subscript(language: String) -> String? {
        get { pairs.first { $0.key == language }?.value }
        set {
            let index = pairs.firstIndex { $0.key >= language } ?? pairs.endIndex
            let present = index < pairs.endIndex && pairs[index].key == language
            switch (newValue, present) {
            case (let value?, true): pairs[index].value = value
            case (let value?, false): pairs.insert((language, value), at: index)
            case (nil, true): pairs.remove(at: index)
            case (nil, false): break
            }
        }
    }

    public var count: Int { pairs.count }
    public var isEmpty: Bool { pairs.isEmpty }
    /// The language codes, in order.
    public var keys: [String] { pairs.map(\.key) }
    public var values: [String] { pairs.map(\.value) }

    public func filter(_ isIncluded: ((key: String, value: String)) -> Bool) -> EventTitles {
        var kept = self
        kept.pairs = pairs.filter(isIncluded)
        return kept
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: String)]> {
        pairs.makeIterator()
    }

    public static func == (lhs: EventTitles, rhs: EventTitles) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pairs.count)
        for pair in pairs { hasher.combine(pair.key); hasher.combine(pair.value) }
    }
}
