import BriefCore
import BriefSite
import Foundation
import Testing

@Suite struct SiteErrorTests {
    /// Builds a site that must fail, and checks that Public/ did not change.
    func failingBuild(_ files: [String: String], siteYAML: String = TemporarySite.defaultSiteYAML) throws -> [String] {
        let site = try TemporarySite(SampleBriefs.twoBriefSite, siteYAML: TemporarySite.defaultSiteYAML)
        try site.buildSucceeding()
        let before = site.snapshot()
        try site.write("Content/site.yaml", siteYAML)
        for (path, text) in files { try site.write(path, text) }
        let diagnostics = try site.buildFailing()
        let after = site.snapshot()
        #expect(before.keys.sorted() == after.keys.sorted(), "a failed build changed the set of files in Public/")
        for (path, (data, modified)) in before {
            #expect(after[path]?.0 == data && after[path]?.1 == modified, "a failed build changed Public/\(path)")
        }
        #expect(diagnostics.contains { $0.severity == .error })
        return diagnostics.filter { $0.severity == .error }.map(\.description)
    }

    @Test func allErrorsOfABuildAreReportedTogether() throws {
        let errors = try failingBuild([
            "Content/briefs/one.zh-Hant.md": "---\ntitle: 一\ndate: 2025-13-01\n---\n",
            "Content/briefs/two.zh-Hant.md": "---\ntitle: 二\ndate: 2025-01-01\nauthor: [x]\n---\n",
            "Content/briefs/three.zh-Hant.md": "---\ntitle: 三\ndate: 2025-01-01\n---\n[x](nowhere.zh-Hant.md)\n",
        ])
        #expect(errors == [
            "Content/briefs/one.zh-Hant.md:3:7: error: 'date' is not a valid date: '2025-13-01'; write it as YYYY-MM-DD, e.g. 2025-05-17",
            "Content/briefs/two.zh-Hant.md:4:9: error: 'author' must be text, not a list",
        ], "file errors stop the build before links are checked")
        let linkErrors = try failingBuild([
            "Content/briefs/three.zh-Hant.md": "---\ntitle: 三\ndate: 2025-01-01\n---\n[x](nowhere.zh-Hant.md)\n\n![y](../missing.png)\n",
        ])
        #expect(linkErrors.count == 2)
        #expect(linkErrors[0].hasPrefix("Content/briefs/three.zh-Hant.md:5:1: error: 'nowhere.zh-Hant.md' links to Content/briefs/nowhere.zh-Hant.md, which does not exist"))
        #expect(linkErrors[1].hasPrefix("Content/briefs/three.zh-Hant.md:7:1: error: '../missing.png' links to Content/missing.png, which does not exist"))
    }

    @Test func duplicateBriefAcrossTheTwoForms() throws {
        let errors = try failingBuild(["Content/briefs/japan.en.md": "---\ntitle: Again\ndate: 2025-01-01\n---\n"])
        #expect(errors == ["Content/briefs/japan/index.en.md:1:1: error: brief 'japan' has two en files: this one and Content/briefs/japan.en.md; keep one (a bundle folder or a single file, not both)"])
    }

    @Test func briefWithoutDefaultLanguageTranslation() throws {
        let errors = try failingBuild(["Content/briefs/lonely.en.md": "---\ntitle: Lonely\ndate: 2025-01-01\n---\n"])
        #expect(errors == ["Content/briefs/lonely.en.md:1:1: error: brief 'lonely' has no zh-Hant translation, which every brief needs; add Content/briefs/lonely.zh-Hant.md (or index.zh-Hant.md in its folder)"])
    }

    @Test func badSlugsAndLanguagesInFileNames() throws {
        let errors = try failingBuild([
            "Content/briefs/Bad_Slug.zh-Hant.md": "---\ntitle: x\ndate: 2025-01-01\n---\n",
            "Content/briefs/fine.fr.md": "---\ntitle: x\ndate: 2025-01-01\n---\n",
            "Content/briefs/other.zh-hant.md": "---\ntitle: x\ndate: 2025-01-01\n---\n",
            "Content/pages/briefs.en.md": "---\ntitle: x\n---\n",
        ])
        #expect(errors.contains("Content/briefs/Bad_Slug.zh-Hant.md:1:1: error: 'Bad_Slug' is not a valid slug; use lower-case letters a–z, digits and single hyphens, e.g. us-japan-talks"))
        #expect(errors.contains("Content/briefs/fine.fr.md:1:1: error: 'fr' in the file name is not a language of this site (zh-Hant, en); rename the file or add the language to site.yaml"))
        #expect(errors.contains("Content/briefs/other.zh-hant.md:1:1: error: 'zh-hant' in the file name is not a language of this site (zh-Hant, en); did you mean 'zh-Hant'?"))
        #expect(errors.contains("Content/pages/briefs.en.md:1:1: error: a page cannot be called 'briefs': the site uses /briefs/ itself; rename the file"))
    }

    @Test func translationsMustNotDisagreeOnSharedData() throws {
        let errors = try failingBuild([
            "Content/briefs/geneva.en.md": SampleBriefs.genevaEn.replacingOccurrences(of: "timeline:\n  - {id: geneva, title: Geneva talks}", with: """
            tariffs:
              - {by: US, on: CN, rate: 31, previous: 145, date: 2025-05-11}
            timeline:
              - {id: geneva, date: 2025-05-09, title: Geneva talks}
              - {id: other, title: No date anywhere}
            """),
        ])
        #expect(errors.contains { $0.hasPrefix("Content/briefs/geneva.en.md:7:5: error: these tariffs differ from those in Content/briefs/geneva.zh-Hant.md:8:3") })
        #expect(errors.contains { $0.hasPrefix("Content/briefs/geneva.en.md:9:24: error: event 'geneva' has date 2025-05-09 here but 2025-05-10 in Content/briefs/geneva.zh-Hant.md:10:24") })
        #expect(errors.contains { $0.hasPrefix("Content/briefs/geneva.en.md:10:5: error: event 'other' has no date in any translation") })
    }

    @Test func topicsThatCollideInOneLanguage() throws {
        let errors = try failingBuild([
            "Content/briefs/extra.zh-Hant.md": "---\ntitle: x\ndate: 2025-01-01\n---\n",
            "Content/briefs/extra.en.md": "---\ntitle: x\ndate: 2025-01-01\ntopics: [tariffs!]\n---\n",
        ])
        #expect(errors == [
            "Content/briefs/geneva.en.md:4:10: error: topics 'Tariffs' and 'tariffs!' (Content/briefs/extra.en.md:4:10) would share the page topics/tariffs/; write them the same way",
            "Content/briefs/japan/index.en.md:4:10: error: topics 'Tariffs' and 'tariffs!' (Content/briefs/extra.en.md:4:10) would share the page topics/tariffs/; write them the same way",
        ])
    }

    @Test func unsafeLinksAreRefused() throws {
        let errors = try failingBuild([
            "Content/briefs/bad-links.zh-Hant.md": """
            ---
            title: x
            date: 2025-01-01
            ---
            [a](javascript:alert(1)) [b](JavaScript:void) ![c](data:image/png;base64,AAAA) [d](/zh-hant/about/) [e](../../site.yaml)
            """,
        ])
        #expect(errors.contains { $0.hasPrefix("Content/briefs/bad-links.zh-Hant.md:5:1: error: links with 'javascript:' are not allowed") })
        #expect(errors.contains { $0.hasPrefix("Content/briefs/bad-links.zh-Hant.md:5:26: error: links with 'javascript:' are not allowed") })
        #expect(errors.contains { $0.hasPrefix("Content/briefs/bad-links.zh-Hant.md:5:47: error: links with 'data:' are not allowed") })
        #expect(errors.contains { $0.contains("'/zh-hant/about/' is an absolute path") })
        #expect(errors.contains { $0.contains("'../../site.yaml' points outside Content/") } || errors.contains { $0.contains("site.yaml") })
    }

    @Test func siteYAMLMistakes() throws {
        let errors = try failingBuild([:], siteYAML: """
        title:
          zh-Hant: 測試
          fr: Essai
        baseURL: example.test
        languages:
          - code: zh-Hant
            name: 繁體中文
          - code: en
            name: English
            prefix: zh-hant
        theme: dark
        """)
        #expect(errors.contains("Content/site.yaml:3:3: error: 'title' is given for 'fr', which is not one of the site's languages"))
        #expect(errors.contains("Content/site.yaml:4:10: error: baseURL 'example.test' is not an absolute http(s) URL; write it like https://www.example.org/"))
        #expect(errors.contains("Content/site.yaml:8:11: error: two languages share the prefix 'zh-hant'; give each its own 'prefix'"))
        #expect(errors.contains { $0.hasPrefix("Content/site.yaml:11:1: error: unknown key 'theme' in site.yaml") })
    }

    @Test func invalidUTF8IsReportedWithItsLine() throws {
        let site = try TemporarySite(SampleBriefs.twoBriefSite)
        var bytes = Data("---\ntitle: x\ndate: 2025-01-01\n---\nok\nbad ".utf8)
        bytes.append(contentsOf: [0xFF, 0xFE])
        try site.writeBytes("Content/briefs/binary.zh-Hant.md", bytes)
        let errors = try site.buildFailing().map(\.description)
        #expect(errors == ["Content/briefs/binary.zh-Hant.md:6:5: error: the file is not valid UTF-8 (first bad byte here); save it as UTF-8"])
    }

    @Test func missingContentFolderOrSiteYAML() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        guard case .failure(let failure) = SiteBuilder.build(root: empty) else {
            Issue.record("a folder without Content/ built")
            return
        }
        #expect(failure.diagnostics.map(\.description) == ["Content:1:1: error: there is no Content/ folder here; run briefsite from the site's root folder or pass --root DIR"])
        #expect(!FileManager.default.fileExists(atPath: empty.appendingPathComponent("Public").path))
    }
}
