import BriefCore
import BriefSite
import Foundation
import Testing

/// Every input the fuzzer was seeded with or found a crash with
/// (Tests/Fuzz/seeds, Tests/Fuzz/regressions), built as the only brief of a
/// site: the build ends with the brief's page or with errors located in the
/// brief, and never crashes or hangs.
@Suite struct FuzzRegressionTests {
    static let folders = ["Tests/Fuzz/seeds", "Tests/Fuzz/regressions"]

    static var inputs: [String] {
        folders.flatMap { folder -> [String] in
            let url = TemporarySite.packageRoot.appendingPathComponent(folder, isDirectory: true)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(folder)/\($0)" }
        }
    }

    static let brief = "Content/briefs/fuzz.zh-Hant.md"

    @Test func seedsAreThere() {
        #expect(FuzzRegressionTests.inputs.filter { $0.hasPrefix("Tests/Fuzz/seeds/") }.count >= 2)
    }

    @Test(arguments: inputs)
    func savedInputBuildsOrFailsInPlace(_ input: String) throws {
        let bytes = try Data(contentsOf: TemporarySite.packageRoot.appendingPathComponent(input))
        let site = try TemporarySite()
        try site.writeBytes(FuzzRegressionTests.brief, bytes)
        let started = Date()
        switch site.build(drafts: true) {
        case .success:
            #expect(site.exists("Public/zh-hant/briefs/fuzz/index.html"))
        case .failure(let failure):
            let errors = failure.diagnostics.filter { $0.severity == .error }
            #expect(!errors.isEmpty)
            for error in errors {
                #expect(error.location.file == FuzzRegressionTests.brief, "\(error)")
                #expect(error.location.line >= 1, "\(error)")
            }
            #expect(!site.exists("Public"))
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
