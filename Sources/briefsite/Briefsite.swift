import ArgumentParser
import BriefCore
import BriefPreview
import BriefSite
import Foundation

@main
struct Briefsite: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "briefsite",
        abstract: "Builds the foundation's bilingual site of policy briefs from Content/.",
        version: version,
        subcommands: [Build.self, Check.self, New.self, Serve.self]
    )
}

struct SiteRootOption: ParsableArguments {
    @Option(name: .long, help: "The site's root folder, which holds Content/ (default: the current folder).")
    var root: String = "."

    var url: URL {
        URL(fileURLWithPath: root, isDirectory: true, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
    }
}

enum Report {
    static func printErrors(_ failure: BuildFailure) {
        for diagnostic in failure.diagnostics {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
        let errors = failure.diagnostics.filter { $0.severity == .error }.count
        FileHandle.standardError.write(Data("\(errors) error\(errors == 1 ? "" : "s"); nothing was written.\n".utf8))
    }

    static func printWarnings(_ warnings: [Diagnostic]) {
        for warning in warnings {
            FileHandle.standardError.write(Data((warning.description + "\n").utf8))
        }
    }

    static func pages(_ report: BuildReport) -> String {
        let total = report.pagesPerLanguage.reduce(0) { $0 + $1.pages }
        let parts = report.pagesPerLanguage.map { "\($0.language) \($0.pages)" }.joined(separator: ", ")
        return "\(total) pages (\(parts))"
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build the site into Public/ (or --output DIR).")

    @OptionGroup var site: SiteRootOption

    @Flag(name: .long, help: "Include briefs and pages marked draft: true.")
    var drafts = false

    @Option(name: .long, help: "Write the site here instead of Public/.")
    var output: String?

    func run() throws {
        let outputURL = output.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) }
        switch SiteBuilder.build(root: site.url, output: outputURL, includeDrafts: drafts, leavesMemoryToExit: true) {
        case .failure(let failure):
            Report.printErrors(failure)
            throw ExitCode.failure
        case .success(let report):
            Report.printWarnings(report.warnings)
            if report.builtAgainAfterAChange {
                FileHandle.standardError.write(Data("note: a source file changed while the site was built; it was built again from the files as they are now\n".utf8))
            }
            let files = report.files.map { "\($0.written) written, \($0.unchanged) unchanged, \($0.removed) removed" } ?? ""
            // What the build cache spared: pages and files rendered of all, source files read of all.
            let work = report.rendering.map { counts in
                let sources = report.parsing.map { "; \($0.parsed) of \($0.parsed + $0.reused) sources read" } ?? ""
                let parts = counts.partsReused == 0 ? ""
                    : " (\(counts.partsReused) of \(counts.partsReused + counts.partsRendered) of their parts copied from the last build)"
                let edit = report.madeFromTheOldPage ? " (the edited body put into its page as last built)"
                    : report.splicedEvents ? " (the edited events put into the pages and files that show them)"
                    : report.splicedTariffs ? " (the edited tariffs and trade put into the pages and files that show them)" : ""
                return "; \(counts.pagesRendered) of \(counts.pagesRendered + counts.pagesReused) outputs rendered\(edit)\(parts)\(sources)"
            } ?? ""
            AllocatorReport.printIfTiming()
            print("Built \(Report.pages(report)); files: \(files); \(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s")\(work); \(report.elapsedMilliseconds) ms")
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every file, link and translation as build would, drafts included; write nothing.")

    @OptionGroup var site: SiteRootOption

    func run() throws {
        switch SiteBuilder.check(root: site.url) {
        case .failure(let failure):
            Report.printErrors(failure)
            throw ExitCode.failure
        case .success(let report):
            Report.printWarnings(report.warnings)
            print("Checked \(Report.pages(report)): no errors, \(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s"); \(report.elapsedMilliseconds) ms")
        }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Start a new brief.", subcommands: [NewBrief.self])
}

struct NewBrief: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brief",
        abstract: "Create Content/briefs/<slug>/ with a draft in every language of the site, dated today.")

    @OptionGroup var site: SiteRootOption

    @Argument(help: "The brief's URL name: lower-case letters, digits and hyphens, e.g. us-japan-talks.")
    var slug: String

    func run() throws {
        switch BriefScaffold.create(slug: slug, root: site.url, today: Day.today()) {
        case .failure(let failure):
            Report.printErrors(failure)
            throw ExitCode.failure
        case .success(let created):
            for path in created { print("created \(path)") }
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site with drafts: built in memory, rebuilt on every change, reloaded in the browser.")

    @OptionGroup var site: SiteRootOption

    @Option(help: "The address to listen on; 0.0.0.0 shares the drafts with the whole network.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Flag(help: "Open the default language's home in a browser.")
    var open = false

    func run() async throws {
        let root = site.url
        // Templates/ belongs to the package being run; watch it when the site lives in that package.
        let package = FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path)
            && FileManager.default.fileExists(atPath: root.appendingPathComponent("Templates").path) ? root : nil
        let executable = URL(fileURLWithPath: CommandLine.arguments[0],
                             relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
        let server = PreviewServer(configuration: PreviewConfiguration(
            root: root, host: host, port: port, openBrowser: open, packageRoot: package, executable: executable,
            arguments: CommandLine.arguments))
        do {
            try await server.run()
        } catch let error as PreviewError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
    }
}
