import BriefCore

/// A link or image destination written in a brief, handed to the site so it
/// can check it and turn a source-file path into the page's URL.
public struct LinkRequest: Sendable {
    public var destination: String
    public var isImage: Bool
    public var location: SourceLocation
}

public enum LinkResolution: Sendable {
    /// Leave the destination as written (external URLs, fragments).
    case keep
    /// Write this destination instead.
    case rewrite(String)
    /// The link is wrong; the message says how to fix it.
    case error(String)
}

/// A fenced block whose info string names a component (```tariffs).
public struct BlockRequest: Sendable {
    public var kind: String
    /// The YAML options written inside the fence.
    public var options: String
    /// Where the fence opens; options start on the next line.
    public var location: SourceLocation
}

public struct Heading: Sendable, Hashable {
    public var level: Int
    public var id: String
    public var text: String

    public init(level: Int, id: String, text: String) {
        self.level = level
        self.id = id
        self.text = text
    }
}

/// A body rendered to HTML with what templates and feeds need to know of it.
public struct RenderedBody: Sendable {
    /// Empty in a body taken from the build cache, which keeps everything else.
    public var html: String
    public var headings: [Heading]
    public var reading: ReadingMeasure
    /// Block kinds that were rendered in place.
    public var blocksRendered: Set<String>
    public var diagnostics: [Diagnostic]
    /// A summary cut from the opening paragraphs, computed once; the
    /// paragraphs themselves are not kept (a site's worth of them is a lot of text).
    public let derivedSummary: String
    /// The blocks rendered in place, in order, with where their HTML is in `html`.
    public var placedBlocks: [PlacedBlock] = []

    /// `leadParagraphs`: the opening paragraphs as plain text, for the derived summary.
    public init(html: String, headings: [Heading], leadParagraphs: [String], reading: ReadingMeasure, blocksRendered: Set<String>,
                diagnostics: [Diagnostic]) {
        self.html = html
        self.headings = headings
        self.reading = reading
        self.blocksRendered = blocksRendered
        self.diagnostics = diagnostics
        derivedSummary = Summary.derive(from: leadParagraphs)
    }
}

extension RenderedBody {
    /// A body as the build cache keeps it: what lists and feeds need. Its
    /// HTML is in the page it was written to.
    public init(cachedHeadings headings: [Heading], reading: ReadingMeasure, blocksRendered: Set<String>, diagnostics: [Diagnostic],
                derivedSummary: String) {
        html = ""
        self.headings = headings
        self.reading = reading
        self.blocksRendered = blocksRendered
        self.diagnostics = diagnostics
        self.derivedSummary = derivedSummary
    }
}

/// A block rendered in place: the request it answered, and the byte range
/// of its HTML in the body's HTML.
public struct PlacedBlock: Sendable, Equatable {
    public var kind: String
    public var options: String
    public var start: Int
    public var count: Int

    public init(kind: String, options: String, start: Int, count: Int) {
        self.kind = kind
        self.options = options
        self.start = start
        self.count = count
    }
}

public struct MarkdownOptions: Sendable {
    public var allowsRawHTML: Bool
    public var blockKinds: Set<String>
    /// Whether `RenderedBody.headings` lists the headings (their ids are given either way). The site's pages show
    /// no list of them, and a site's worth of heading texts and ids was 4 % of a build's memory at its peak.
    public var listsHeadings: Bool

    public init(allowsRawHTML: Bool = false, blockKinds: Set<String> = [], listsHeadings: Bool = true) {
        self.allowsRawHTML = allowsRawHTML
        self.blockKinds = blockKinds
        self.listsHeadings = listsHeadings
    }
}
