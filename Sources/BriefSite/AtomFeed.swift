import BriefCore
import BriefHTML
import Foundation

/// A language's Atom feed (RFC 4287): its 20 newest published briefs.
struct AtomFeed {
    let paths: SitePaths
    let context: LanguageContext

    static let entryCount = 20

    /// The briefs the feed carries, text and all.
    static func entries(_ briefs: [PublishedBrief]) -> ArraySlice<PublishedBrief> {
        briefs.filter { !$0.isDraft }.prefix(entryCount)
    }

    func render(_ briefs: [PublishedBrief]) -> String {
        let language = context.language
        let config = paths.config
        let entries = AtomFeed.entries(briefs)
        let updated = entries.map(\.translation.frontMatter.date).max().map(AtomFeed.timestamp) ?? "1970-01-01T00:00:00Z"
        let siteTitle = config.title(in: language.code)
        var xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(esc(language.code))">
        <title>\(esc(siteTitle))</title>

        """
        if let description = config.description[language.code] {
            xml += "<subtitle>\(esc(description))</subtitle>\n"
        }
        xml += """
        <id>\(esc(paths.absolute(paths.home(language))))</id>
        <link rel="alternate" type="text/html" hreflang="\(esc(language.code))" href="\(esc(paths.absolute(paths.home(language))))"/>
        <link rel="self" type="application/atom+xml" href="\(esc(paths.absolute(paths.feed(language))))"/>
        <updated>\(updated)</updated>
        <author><name>\(esc(siteTitle))</name></author>
        <generator>briefsite</generator>

        """
        for item in entries {
            let matter = item.translation.frontMatter
            let url = paths.absolute(paths.brief(item.brief.slug, language))
            xml += """
            <entry>
            <title>\(esc(matter.title))</title>
            <id>\(esc(url))</id>
            <link rel="alternate" type="text/html" href="\(esc(url))"/>
            <published>\(AtomFeed.timestamp(matter.date))</published>
            <updated>\(AtomFeed.timestamp(matter.date))</updated>

            """
            if let author = matter.author {
                xml += "<author><name>\(esc(author))</name></author>\n"
            }
            for topic in matter.topics {
                xml += "<category term=\"\(esc(topic.value))\"/>\n"
            }
            xml += """
            <summary>\(esc(item.summary))</summary>
            <content type="html" xml:base="\(esc(url))">\(esc(item.html.value))</content>
            </entry>

            """
        }
        xml += "</feed>\n"
        return xml
    }

    private func esc(_ text: String) -> String { XMLText.escape(text) }

    static func timestamp(_ day: Day) -> String { "\(day.iso)T00:00:00Z" }
}

/// `/sitemap.xml` with the hreflang alternates of every page. The sitemap
/// protocol allows 50,000 URLs in one file: a larger site gets
/// `sitemap-1.xml`, `sitemap-2.xml`, ... and `/sitemap.xml` becomes their index.
struct SitemapWriter {
    let paths: SitePaths
    static let urlsPerFile = 50_000

    /// `spill`: where each file's text goes as it is made, a piece at a time, so that a large site's files
    /// (tens of megabytes each) are never held whole.
    func files(_ entries: [SitemapEntry], urlsPerFile: Int = SitemapWriter.urlsPerFile, spill: SpillFile? = nil) -> [OutputFile] {
        files([SitemapLog(entries)], urlsPerFile: urlsPerFile, spill: spill)
    }

    /// The entries are read from the logs one at a time as they are written, in order of their paths.
    func files(_ logs: [SitemapLog], urlsPerFile: Int = SitemapWriter.urlsPerFile, spill: SpillFile? = nil) -> [OutputFile] {
        let sorted = logs.placesByPath()
        guard sorted.count > urlsPerFile else {
            return [OutputFile(path: SitePaths.sitemap, contents: urlSet(sorted[...], of: logs, spill: spill))]
        }
        let parts = stride(from: 0, to: sorted.count, by: urlsPerFile).enumerated().map { number, start in
            OutputFile(path: "sitemap-\(number + 1).xml",
                       contents: urlSet(sorted[start..<min(sorted.count, start + urlsPerFile)], of: logs, spill: spill))
        }
        var index = """
        <?xml version="1.0" encoding="UTF-8"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

        """
        for part in parts { index += "<sitemap><loc>\(XMLText.escape(paths.absolute(part.path)))</loc></sitemap>\n" }
        index += "</sitemapindex>\n"
        return [OutputFile(path: SitePaths.sitemap, text: index)] + parts
    }

    private func urlSet(_ places: ArraySlice<(log: Int, index: Int)>, of logs: [SitemapLog], spill: SpillFile?) -> OutputFile.Contents {
        var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">

        """
        var kept: [Spilled] = []
        var spill = spill
        for place in places {
            guard let entry = logs[place.log][place.index] else { continue }
            xml += "<url>\n<loc>\(XMLText.escape(paths.absolute(entry.path)))</loc>\n"
            if let lastModified = entry.lastModified { xml += "<lastmod>\(lastModified)</lastmod>\n" }
            if entry.alternates.count > 1 || entry.xDefault != entry.path {
                for alternate in entry.alternates {
                    xml += "<xhtml:link rel=\"alternate\" hreflang=\"\(XMLText.escape(alternate.language))\" href=\"\(XMLText.escape(paths.absolute(alternate.path)))\"/>\n"
                }
                if let xDefault = entry.xDefault {
                    xml += "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"\(XMLText.escape(paths.absolute(xDefault)))\"/>\n"
                }
            }
            xml += "</url>\n"
            if let file = spill, xml.utf8.count >= SitemapWriter.pieceSize {
                if let piece = file.keep(xml) { kept.append(piece); xml = "" } else { spill = nil }
            }
        }
        xml += "</urlset>\n"
        guard !kept.isEmpty else { return .bytes(Data(xml.utf8)) }
        if let piece = spill?.keep(xml), let joined = Spilled(joining: kept + [piece]) { return .spilled(joined) }
        return Spilled(joining: kept, tail: Data(xml.utf8)).map { .spilled($0) } ?? .bytes(Data(xml.utf8))
    }

    /// How much of a sitemap is made before it goes to the spill file.
    static let pieceSize = 256 * 1024
}
