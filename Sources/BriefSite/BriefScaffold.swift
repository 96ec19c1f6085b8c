import BriefCore
import Foundation

/// `briefsite new brief <slug>`: a bundle folder with a draft per language.
public enum BriefScaffold {
    public static func create(slug: String, root: URL, today: Day) -> Result<[String], BuildFailure> {
        var diagnostics = Diagnostics()
        let loader = ContentLoader(root: root)
        let siteFile = loader.contentURL.appendingPathComponent("site.yaml")
        guard let text = try? String(contentsOf: siteFile, encoding: .utf8) else {
            return .failure(BuildFailure([.error("Content/site.yaml was not found; run this in the site's root folder or pass --root DIR",
                                                  at: SourceLocation(file: "Content/site.yaml"))]))
        }
        guard let config = SiteConfigDecoder.decode(text, file: "Content/site.yaml", diagnostics: &diagnostics) else {
            return .failure(BuildFailure(diagnostics.sorted))
        }
        let location = SourceLocation(file: "Content/briefs/\(slug)")
        guard Slug.isValid(slug) else {
            return .failure(BuildFailure([.error("'\(slug)' is not a valid slug; use lower-case letters a–z, digits and single hyphens, e.g. us-japan-talks", at: location)]))
        }
        let briefs = loader.contentURL.appendingPathComponent("briefs", isDirectory: true)
        let folder = briefs.appendingPathComponent(slug, isDirectory: true)
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: briefs.path)) ?? []
        if existing.contains(slug) || existing.contains(where: { $0.hasPrefix(slug + ".") && $0.hasSuffix(".md") }) {
            return .failure(BuildFailure([.error("a brief called '\(slug)' already exists; choose another slug", at: location)]))
        }
        var created: [String] = []
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for language in config.languages {
                let file = folder.appendingPathComponent("index.\(language.code).md")
                try template(language: language, isDefault: language == config.defaultLanguage, today: today)
                    .write(to: file, atomically: true, encoding: .utf8)
                created.append("Content/briefs/\(slug)/index.\(language.code).md")
            }
        } catch {
            return .failure(BuildFailure([.error("could not create the brief: \(error.localizedDescription)", at: location)]))
        }
        return .success(created)
    }

    static func template(language: Language, isDefault: Bool, today: Day) -> String {
        let chinese = language.code.lowercased().hasPrefix("zh")
        let title = chinese ? "新簡報標題" : "Title of the new brief"
        let body = chinese
            ? "在這裡寫簡報的第一段。\n\n## 第一節\n\n內文。\n"
            : "Write the brief's first paragraph here.\n\n## First section\n\nText.\n"
        var yaml = """
        ---
        title: \(title)
        date: \(today.iso)
        draft: true
        author:
        topics: []
        countries: []

        """
        if isDefault {
            yaml += """
            # Data shared by every translation: write it once, here.
            # tariffs:
            #   - {by: US, on: CN, rate: 30, previous: 145, date: \(today.iso)}
            # trade:
            #   - {partner: CN, year: 2024, balance: -295000000000}
            # timeline:
            #   - {id: first-event, date: \(today.iso), title: ...}

            """
        }
        return yaml + "---\n\n" + body
    }
}
