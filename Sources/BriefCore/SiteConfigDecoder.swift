import Foundation

/// Reads site.yaml: title and description per language, baseURL, languages.
public enum SiteConfigDecoder {
    public static let keys = ["title", "description", "baseURL", "languages", "rawHTML"]
    public static let languageKeys = ["code", "name", "prefix"]

    public static func decode(_ text: String, file: String, diagnostics: inout Diagnostics) -> SiteConfig? {
        var source = text
        if source.hasPrefix("\u{FEFF}") { source.removeFirst() }
        source = source.replacingOccurrences(of: "\r\n", with: "\n")
        let document: YAMLDocument
        switch YAMLDocument.parse(source, file: file, firstLine: 1) {
        case .success(let parsed): document = parsed
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return nil
        }
        guard let root = document.root else {
            diagnostics.error("site.yaml is empty; it needs title, baseURL and languages", at: document.startLocation)
            return nil
        }
        guard let reader = MappingReader(root, in: document, what: "site.yaml", allowedKeys: keys, diagnostics: &diagnostics) else {
            return nil
        }
        let languages = decodeLanguages(reader, &diagnostics)
        let codes = Set(languages.map(\.code))
        let title = localized(reader, "title", required: true, codes: codes, &diagnostics)
        let description = localized(reader, "description", required: false, codes: codes, &diagnostics)
        let rawHTML = reader.bool("rawHTML", &diagnostics) ?? false
        var baseURL = reader.text("baseURL", required: true, example: "https://www.example.org/", &diagnostics)
        if let url = baseURL {
            if let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil {
                baseURL = url
            } else {
                diagnostics.error("baseURL '\(url)' is not an absolute http(s) URL; write it like https://www.example.org/", at: reader.location("baseURL"))
                baseURL = nil
            }
        }
        guard !languages.isEmpty, let title, let baseURL else {
            if !reader.has("languages") {
                diagnostics.error("site.yaml has no 'languages'; list them, the default first: '- code: zh-Hant' with a 'name'", at: document.startLocation)
            }
            return nil
        }
        return SiteConfig(title: title, description: description ?? [:], baseURL: baseURL, languages: languages, allowsRawHTML: rawHTML)
    }

    static func decodeLanguages(_ reader: MappingReader, _ diagnostics: inout Diagnostics) -> [Language] {
        guard let nodes = reader.sequence("languages", &diagnostics) else { return [] }
        if nodes.isEmpty {
            diagnostics.error("'languages' is empty; list at least one language", at: reader.location("languages"))
        }
        var languages: [Language] = []
        for node in nodes {
            guard let keys = MappingReader(node, in: reader.document, what: "a language", allowedKeys: languageKeys, diagnostics: &diagnostics) else {
                continue
            }
            guard let code = keys.text("code", required: true, example: "en", &diagnostics) else { continue }
            guard LanguageTag.isWellFormed(code) else {
                diagnostics.error("'\(code)' is not a language code; use a BCP 47 tag such as en, zh-Hant or ja", at: keys.location("code"))
                continue
            }
            let name = keys.text("name", &diagnostics) ?? Locale(identifier: code).localizedString(forIdentifier: code) ?? code
            let prefix = keys.text("prefix", &diagnostics)
            if let prefix, !Slug.isValid(prefix) {
                diagnostics.error("prefix '\(prefix)' is not a URL segment; use lower-case letters, digits and hyphens, e.g. zh-hant", at: keys.location("prefix"))
                continue
            }
            let language = Language(code: code, name: name, prefix: prefix)
            if languages.contains(where: { $0.code == code }) {
                diagnostics.error("language '\(code)' is listed twice", at: keys.location("code"))
                continue
            }
            if languages.contains(where: { $0.prefix == language.prefix }) {
                diagnostics.error("two languages share the prefix '\(language.prefix)'; give each its own 'prefix'", at: keys.location("code"))
                continue
            }
            if ["data", "assets"].contains(language.prefix) {
                diagnostics.error("the prefix '\(language.prefix)' is taken by the site's own files; choose another", at: keys.location("code"))
                continue
            }
            languages.append(language)
        }
        return languages
    }

    static func localized(_ reader: MappingReader, _ key: String, required: Bool, codes: Set<String>,
                          _ diagnostics: inout Diagnostics) -> [String: String]? {
        guard let node = reader.valueNode(key) else {
            if required { diagnostics.error("site.yaml has no '\(key)'; give it per language, e.g. '\(key):' then '  en: ...'", at: reader.document.startLocation) }
            return nil
        }
        if let scalar = node.scalar {
            let text = scalar.string.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else {
                diagnostics.error("'\(key)' is empty", at: reader.location(key))
                return nil
            }
            return Dictionary(uniqueKeysWithValues: codes.map { ($0, text) })
        }
        guard let mapping = node.mapping else {
            diagnostics.error("'\(key)' must map language codes to text", at: reader.location(key))
            return nil
        }
        var result: [String: String] = [:]
        for pair in mapping {
            let (codeNode, textNode) = (pair.key, pair.value)
            guard let code = codeNode.scalar?.string, let text = textNode.scalar?.string else {
                diagnostics.error("'\(key)' must map language codes to text", at: reader.document.location(of: codeNode))
                continue
            }
            if !codes.isEmpty && !codes.contains(code) {
                var message = "'\(key)' is given for '\(code)', which is not one of the site's languages"
                if let suggestion = Suggestion.closest(to: code, among: codes.sorted()) { message += "; did you mean '\(suggestion)'?" }
                diagnostics.error(message, at: reader.document.location(of: codeNode))
                continue
            }
            result[code] = text
        }
        return result
    }
}

/// BCP 47 well-formedness, loosely: letters and digits in subtags of 1–8.
public enum LanguageTag {
    public static func isWellFormed(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}
