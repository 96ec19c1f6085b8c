import BriefCore
import BriefHTML
import BriefTemplates

extension SiteRenderer {
    /// Topic and country pages of one language, and their two index pages.
    func renderTerms(_ briefs: [PublishedBrief], _ context: LanguageContext, _ output: inout OutputCollector) {
        let language = context.language
        let labels = context.labels

        var topics: [String: (name: String, briefs: [PublishedBrief])] = [:]
        var countries: [CountryCode: [PublishedBrief]] = [:]
        for item in briefs {
            for topic in item.translation.frontMatter.topics {
                let segment = TextSegment.make(topic.value)
                topics[segment, default: (topic.value, [])].briefs.append(item)
            }
            for code in item.translation.frontMatter.countries {
                countries[code, default: []].append(item)
            }
        }

        let topicsPath = paths.topics(language)
        let topicVersions = versions { paths.topics($0) }
        let sortedTopics = topics.sorted { $0.value.name.localizedStandardCompare($1.value.name) == .orderedAscending }
        let topicIndex = TermIndexView(
            chrome: chrome(context, path: topicsPath, title: labels.topics, description: siteDescription(context), versions: topicVersions),
            heading: labels.topics,
            terms: sortedTopics.map { segment, value in
                TermIndexView.Term(link: Link(label: value.name, href: SitePaths.relative(from: topicsPath, to: paths.topic(segment, language))),
                                   count: labels.briefCount(context.format.integer(value.briefs.count)))
            })
        output.addPage(topicsPath, language: language.code, html: termIndexPage(topicIndex, bodyClass: "page-topics"),
                       entry: sitemapEntry(topicsPath, versions: topicVersions))

        for (segment, value) in sortedTopics {
            let path = paths.topic(segment, language)
            // A topic is text of one language; its page has no counterpart elsewhere.
            let own = [language.code: path]
            let view = BriefListView(
                chrome: chrome(context, path: path, title: value.name, description: labels.topicHeading(value.name), versions: own),
                heading: labels.topicHeading(value.name), briefs: value.briefs.map { teaser($0, context, from: path) },
                sideLinks: [Link(label: labels.topics, href: SitePaths.relative(from: path, to: topicsPath))])
            output.addPage(path, language: language.code, html: briefListPage(view, bodyClass: "page-topic"),
                           entry: sitemapEntry(path, versions: own, lastModified: value.briefs.first?.brief.date))
        }

        let countriesPath = paths.countries(language)
        let countryVersions = versions { paths.countries($0) }
        let sortedCountries = countries.map { (code: $0.key, name: context.format.countryName($0.key), briefs: $0.value) }
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
        let countryIndex = TermIndexView(
            chrome: chrome(context, path: countriesPath, title: labels.countries, description: siteDescription(context),
                           versions: countryVersions),
            heading: labels.countries,
            terms: sortedCountries.map { entry in
                TermIndexView.Term(link: Link(label: entry.name, href: SitePaths.relative(from: countriesPath, to: paths.country(entry.code, language))),
                                   count: labels.briefCount(context.format.integer(entry.briefs.count)))
            })
        output.addPage(countriesPath, language: language.code, html: termIndexPage(countryIndex, bodyClass: "page-countries"),
                       entry: sitemapEntry(countriesPath, versions: countryVersions))

        for entry in sortedCountries {
            let path = paths.country(entry.code, language)
            let countryPageVersions = versions { other in
                countryLanguages[entry.code]?.contains(other.code) == true ? paths.country(entry.code, other) : nil
            }
            let view = BriefListView(
                chrome: chrome(context, path: path, title: entry.name, description: labels.countryHeading(entry.name),
                               versions: countryPageVersions),
                heading: labels.countryHeading(entry.name), briefs: entry.briefs.map { teaser($0, context, from: path) },
                sideLinks: [Link(label: labels.countries, href: SitePaths.relative(from: path, to: countriesPath))])
            output.addPage(path, language: language.code, html: briefListPage(view, bodyClass: "page-country"),
                           entry: sitemapEntry(path, versions: countryPageVersions, lastModified: entry.briefs.first?.brief.date))
        }
    }
}
