import BriefCore
import BriefMarkdown
import BriefSite
import Foundation

/// One input of the fuzzer: the bytes of a brief's source file. The reader
/// runs first, in memory (UTF-8, front matter, YAML read twice — by the subset
/// reader and by Yams, which must agree — typed decoding, Markdown
/// with its block options); an input the reader accepts is then built as the
/// only brief of a small site, through every stage but writing.
enum FuzzReader {
    static let site: URL = {
        let root = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("briefsite-fuzz-\(getpid())", isDirectory: true)
        let briefs = root.appendingPathComponent("Content/briefs", isDirectory: true)
        try? FileManager.default.createDirectory(at: briefs, withIntermediateDirectories: true)
        let config = """
            title: { zh-Hant: 基金會, en: Foundation }
            baseURL: https://example.org/
            languages:
              - { code: zh-Hant, name: 繁體中文, prefix: zh-hant }
              - { code: en, name: English }
            """
        try? config.write(to: root.appendingPathComponent("Content/site.yaml"), atomically: false, encoding: .utf8)
        return root
    }()

    static func read(_ bytes: Data) {
        guard bytes.count <= 1 << 20, let text = String(validating: bytes, as: UTF8.self) else { return }
        let file = "Content/briefs/fuzz.md"
        guard case .success(let split) = FrontMatterSplitter.split(text, file: file),
              case .success(let document) = YAMLDocument.parse(split.frontMatter, file: file, firstLine: split.frontMatterFirstLine)
        else { return }
        // What the fast subset reader read, Yams must read the same, positions included.
        guard case .success(let yams) = YAMLDocument.parseWithYams(split.frontMatter, file: file, firstLine: split.frontMatterFirstLine),
              yams.root == document.root else {
            fatalError("the subset reader and Yams disagree on:\n\(split.frontMatter)")
        }
        var diagnostics = Diagnostics()
        let matter = FrontMatterDecoder.brief(document, diagnostics: &diagnostics)
        var otherReaders = Diagnostics()
        _ = FrontMatterDecoder.page(document, diagnostics: &otherReaders)
        _ = SiteConfigDecoder.decode(split.frontMatter, file: "Content/site.yaml", diagnostics: &otherReaders)
        let body = MarkdownRenderer().render(split.body, file: file, firstLine: split.bodyFirstLine, renderBlock: { request in
            var blockDiagnostics = Diagnostics()
            if let kind = BlockKind(rawValue: request.kind) {
                _ = BlockOptions.tariffFilter(request.options, kind: kind, fence: request.location, diagnostics: &blockDiagnostics)
            }
            return .success("")
        })
        _ = body.derivedSummary
        guard matter != nil, !diagnostics.hasErrors else { return }
        buildAsOnlyBrief(bytes)
    }

    static func buildAsOnlyBrief(_ bytes: Data) {
        let file = site.appendingPathComponent("Content/briefs/fuzz.md")
        guard (try? bytes.write(to: file)) != nil else { return }
        _ = SiteBuilder.render(root: site, settings: RenderSettings(includeDrafts: true))
    }
}

#if FUZZING
// SwiftPM links an executable's own entry point, so libFuzzer is started
// from it rather than from libFuzzer's main.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@main
struct FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { data, size in
            guard let data else { return 0 }
            FuzzReader.read(Data(bytes: data, count: size))
            return 0
        })
    }
}
#else
/// Without the fuzzer: runs the files named on the command line through the
/// same reader, to replay a crash under a debugger.
@main
struct ReplayInputs {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let bytes = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot be read")
                continue
            }
            FuzzReader.read(bytes)
            print("\(path): read without a crash")
        }
    }
}
#endif
