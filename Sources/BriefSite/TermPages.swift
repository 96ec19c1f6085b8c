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
        let topicIndexInputs = StableHash.of { hash in
            for (segment, value) in sortedTopics { hash.combine(segment); hash.combine(value.name); hash.combine(value.briefs.count) }
        }
        output.addPage(topicsPath, language: language.code, inputs: topicIndexInputs, entry: sitemapEntry(topicsPath, versions: topicVersions)) { _ in
            let index = TermIndexView(
                chrome: chrome(context, path: topicsPath, title: labels.topics, description: siteDescription(context), versions: topicVersions),
                heading: labels.topics,
                terms: sortedTopics.map { segment, value in
                    TermIndexView.Term(link: Link(label: value.name, href: SitePaths.relative(from: topicsPath, to: paths.topic(segment, language))),
                                       count: labels.briefCount(context.format.integer(value.briefs.count)))
                })
            return termIndexPage(index, bodyClass: "page-topics")
        }

        for (segment, value) in sortedTopics {
            let path = paths.topic(segment, language)
            // A topic is text of one language; its page has no counterpart elsewhere.
            let own = [language.code: path]
            var inputs = teasersHash(value.briefs[...])
            inputs.combine(value.name)
            addBriefList(path, briefs: value.briefs, context, bodyClass: "page-topic", inputs: inputs,
                         entry: sitemapEntry(path, versions: own, lastModified: value.briefs.first?.brief.date), &output) {
                BriefListView(
                    chrome: chrome(context, path: path, title: value.name, description: labels.topicHeading(value.name), versions: own),
                    heading: labels.topicHeading(value.name), briefs: [],
                    sideLinks: [Link(label: labels.topics, href: SitePaths.relative(from: path, to: topicsPath))])
            }
        }

        let countriesPath = paths.countries(language)
        let countryVersions = versions { paths.countries($0) }
        let sortedCountries = countries.map { (code: $0.key, name: context.format.countryName($0.key), briefs: $0.value) }
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
        let countryIndexInputs = StableHash.of { hash in
            for entry in sortedCountries { hash.combine(entry.code.code); hash.combine(entry.briefs.count) }
        }
        output.addPage(countriesPath, language: language.code, inputs: countryIndexInputs,
                       entry: sitemapEntry(countriesPath, versions: countryVersions)) { _ in
            let index = TermIndexView(
                chrome: chrome(context, path: countriesPath, title: labels.countries, description: siteDescription(context),
                               versions: countryVersions),
                heading: labels.countries,
                terms: sortedCountries.map { entry in
                    TermIndexView.Term(link: Link(label: entry.name, href: SitePaths.relative(from: countriesPath, to: paths.country(entry.code, language))),
                                       count: labels.briefCount(context.format.integer(entry.briefs.count)))
                })
            return termIndexPage(index, bodyClass: "page-countries")
        }

        for entry in sortedCountries {
            let path = paths.country(entry.code, language)
            let countryPageVersions = versions { other in
                countryLanguages[entry.code]?.contains(other.code) == true ? paths.country(entry.code, other) : nil
            }
            var inputs = teasersHash(entry.briefs[...])
            inputs.combine(countryPageVersions.keys.sorted().joined(separator: ","))
            addBriefList(path, briefs: entry.briefs, context, bodyClass: "page-country", inputs: inputs,
                         entry: sitemapEntry(path, versions: countryPageVersions, lastModified: entry.briefs.first?.brief.date), &output) {
                BriefListView(
                    chrome: chrome(context, path: path, title: entry.name, description: labels.countryHeading(entry.name),
                                   versions: countryPageVersions),
                    heading: labels.countryHeading(entry.name), briefs: [],
                    sideLinks: [Link(label: labels.countries, href: SitePaths.relative(from: path, to: countriesPath))])
            }
        }
    }
}
