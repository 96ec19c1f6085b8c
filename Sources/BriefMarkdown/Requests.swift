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
}

/// A body rendered to HTML with what templates and feeds need to know of it.
public struct RenderedBody: Sendable {
    public var html: String
    public var headings: [Heading]
    /// The opening paragraphs as plain text, for a derived summary.
    public var leadParagraphs: [String]
    public var reading: ReadingMeasure
    /// Block kinds that were rendered in place.
    public var blocksRendered: Set<String>
    public var diagnostics: [Diagnostic]

    public var derivedSummary: String { Summary.derive(from: leadParagraphs) }
}

public struct MarkdownOptions: Sendable {
    public var allowsRawHTML: Bool
    public var blockKinds: Set<String>

    public init(allowsRawHTML: Bool = false, blockKinds: Set<String> = []) {
        self.allowsRawHTML = allowsRawHTML
        self.blockKinds = blockKinds
    }
}
