import Foundation

/// One translation of a brief, as read from its file.
public struct BriefTranslation: Sendable {
    public var language: String
    /// The path shown in diagnostics, relative to the site root.
    public var file: String
    public var frontMatter: BriefFrontMatter
    /// The Markdown, or empty when `bodyIsRead` is false.
    public var body: String
    public var bodyFirstLine: Int
    /// A stable hash of `body`, taken once when the file is read.
    public var bodyHash: UInt64
    /// False for a translation taken from the build cache: its body is read
    /// from the file again only if it must be rendered again.
    public var bodyIsRead: Bool

    public init(language: String, file: String, frontMatter: BriefFrontMatter, body: String, bodyFirstLine: Int) {
        self.language = language
        self.file = file
        self.frontMatter = frontMatter
        self.body = body
        self.bodyFirstLine = bodyFirstLine
        bodyHash = StableHash.of { $0.combine(body) }.value
        bodyIsRead = true
    }
}

/// The cache keeps what was read of a file but its body: that is in the file itself.
extension BriefTranslation: Codable {
    enum CodingKeys: String, CodingKey { case language, file, frontMatter, bodyFirstLine, bodyHash }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        language = try container.decode(String.self, forKey: .language)
        file = try container.decode(String.self, forKey: .file)
        frontMatter = try container.decode(BriefFrontMatter.self, forKey: .frontMatter)
        bodyFirstLine = try container.decode(Int.self, forKey: .bodyFirstLine)
        bodyHash = try container.decode(UInt64.self, forKey: .bodyHash)
        body = ""
        bodyIsRead = false
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(language, forKey: .language)
        try container.encode(file, forKey: .file)
        try container.encode(frontMatter, forKey: .frontMatter)
        try container.encode(bodyFirstLine, forKey: .bodyFirstLine)
        try container.encode(bodyHash, forKey: .bodyHash)
    }
}

/// An event of a brief's timeline, its shared data merged from every
/// translation, its title per language.
public struct TimelineEvent: Sendable, Hashable {
    public var id: String
    public var date: Day
    public var end: Day?
    public var countries: [CountryCode]
    /// Only the titles written, keyed by language code.
    public var titles: [String: String]
    public var location: SourceLocation

    public init(id: String, date: Day, end: Day? = nil, countries: [CountryCode] = [], titles: [String: String],
                location: SourceLocation) {
        self.id = id
        self.date = date
        self.end = end
        self.countries = countries
        self.titles = titles
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
    /// The Markdown, or empty when `bodyIsRead` is false.
    public var body: String
    public var bodyFirstLine: Int
    /// A stable hash of `body`, taken once when the file is read.
    public var bodyHash: UInt64
    /// False for a translation taken from the build cache: its body is read
    /// from the file again only if it must be rendered again.
    public var bodyIsRead: Bool

    public init(language: String, file: String, frontMatter: PageFrontMatter, body: String, bodyFirstLine: Int) {
        self.language = language
        self.file = file
        self.frontMatter = frontMatter
        self.body = body
        self.bodyFirstLine = bodyFirstLine
        bodyHash = StableHash.of { $0.combine(body) }.value
        bodyIsRead = true
    }
}

/// The cache keeps what was read of a file but its body: that is in the file itself.
extension PageTranslation: Codable {
    enum CodingKeys: String, CodingKey { case language, file, frontMatter, bodyFirstLine, bodyHash }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        language = try container.decode(String.self, forKey: .language)
        file = try container.decode(String.self, forKey: .file)
        frontMatter = try container.decode(PageFrontMatter.self, forKey: .frontMatter)
        bodyFirstLine = try container.decode(Int.self, forKey: .bodyFirstLine)
        bodyHash = try container.decode(UInt64.self, forKey: .bodyHash)
        body = ""
        bodyIsRead = false
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(language, forKey: .language)
        try container.encode(file, forKey: .file)
        try container.encode(frontMatter, forKey: .frontMatter)
        try container.encode(bodyFirstLine, forKey: .bodyFirstLine)
        try container.encode(bodyHash, forKey: .bodyHash)
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
