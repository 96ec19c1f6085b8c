import BriefCore
import BriefMarkdown
import BriefTemplates
import Foundation

/// A build after an edit of one brief's body alone — the editor's most
/// common change — made without the rest of the site: the body is rendered
/// and put into its page as the output holds it, in place of the old body
/// and reading time (`BodySplice`), and that one file is replaced.
///
/// It applies only when the result is certain to be the page a whole build
/// would write, and the rest of the output certain not to change:
/// - the manifest vouches for the output exactly, and Content/ differs from
///   it by this one file, whose front matter has the same text (so the
///   site's data, titles and lists are as they were);
/// - the last build left a record for the page (`BodyEditRecord`) under the
///   manifest's token, for the page the output holds (same fingerprint);
/// - the body shows nowhere else: the page is not in a feed, and a summary
///   cut from the body (when lists show one) is unchanged;
/// - its data blocks are the ones it had, in the same order with the same
///   options: their HTML (the site's computed data) is taken from the old
///   page;
/// - the new body renders without a diagnostic: a mistake is reported by a
///   whole build, with every other one.
/// Links resolve against the sources the record's build found, which are
/// the sources now: Content/ changed by this one file only.
///
/// Anything else, and any doubt, returns nil: the whole build runs.
enum BodyEdit {
    /// The hash of a front matter's text, never 0 (which stands for "not taken").
    static func frontMatterHash(_ text: String) -> UInt64 {
        let value = StableHash.of { $0.combine(text) }.value
        return value == 0 ? 1 : value
    }

    /// An edited source that may be an edit of its body alone: its record, and its text cut at the front matter.
    struct Candidate {
        var index: LoadedBodyEdit
        var body: String
    }

    /// The edit of `source` (the one file of Content/ that changed) as a candidate for this path: its front
    /// matter has the text the last build recorded for a page made from it. Checked before the build cache is
    /// read, which this path does not need.
    static func candidate(root: URL, output: URL, manifest: BuildManifest, source: String) -> Candidate? {
        guard let token = manifest.bodyEditToken,
              let index = LoadedBodyEdit.load(root: root, output: output, token: token, source: source)
        else { return nil }
        let record = index.record
        guard !record.inFeed, let split = ContentLoader.reread(root.appendingPathComponent(source), path: source),
              frontMatterHash(split.frontMatter) == record.frontMatterHash, split.bodyFirstLine == record.bodyFirstLine
        else { return nil }
        return Candidate(index: index, body: split.body)
    }

    /// Builds the site by this path when it applies (see above); nil when it does not, and nothing was changed.
    static func build(_ candidate: Candidate, root: URL, writer: OutputWriter, manifest: BuildManifest, inputs: [BuildManifest.Input],
                      inputFolders: [FolderRecord], found: FoundOutputs.Folder, started: DispatchTime,
                      leavesMemoryToExit: Bool = false) -> Result<BuildReport, BuildFailure>? {
        let output = writer.output
        var clock = StageClock()
        defer { clock.report() }
        let (index, record) = (candidate.index, candidate.index.record)
        guard found.listed >= 0, found.isExact,
              let recorded = found.verified[record.file], recorded.fingerprint == record.pageFingerprint
        else { return nil }
        var manifest = manifest
        manifest.inputs = inputs
        manifest.inputFolders = inputFolders
        let bodyHash = StableHash.of { $0.combine(candidate.body) }.value
        if bodyHash == record.bodyHash {
            // Saved again with the same bytes: nothing to make, only the file's new stamp to record.
            manifest.save(root: root)
            return .success(report(manifest, written: 0, started: started, found: found))
        }
        guard let made = page(for: candidate.body, record: record, index: index, root: root, pageFile: output.appendingPathComponent(record.file))
        else { return nil }
        clock.lap("body edit: the page")
        // From here the output changes: until the new manifest is saved, the old one must not vouch for it.
        BuildManifest.remove(root: root, output: output)
        let fingerprint = StableHash.of { hash in
            hash.combine("body edit"); hash.combine(Int(truncatingIfNeeded: record.pageFingerprint)); hash.combine(Int(truncatingIfNeeded: bodyHash))
        }.value
        let stamp: EntryStamp?
        do {
            stamp = try writer.replace(record.file, with: .bytes(Data(made.page)))
        } catch {
            return .failure(.writing(error, output: output))
        }
        guard let stamp else { return nil }
        clock.lap("body edit: write")
        manifest.outputs = manifest.outputs.map { $0.path == record.file ? OutputRecord(path: $0.path, stamp: stamp, fingerprint: fingerprint) : $0 }
        manifest.outputFolders = FolderRecord.restamped(found.observed, under: output.path, touched: [FoundOutputs.parent(of: record.file)],
                                                        clock: writer.folderClock)
        var updated = record
        updated.bodyHash = bodyHash
        updated.pageFingerprint = fingerprint
        updated.splice = made.splice
        updated.blocks = made.blocks
        updated.readingMinutes = made.readingMinutes
        let newToken = UInt64.random(in: 1...UInt64.max)
        manifest.bodyEditToken = newToken
        // The index and the manifest are saved at once, on a core each (one after the other they were a tenth of a body
        // edit at 1,000 briefs). A manifest that names an index that could not be saved is saved again without it: the
        // next build then makes a whole one. Until then it names a token no index has, which a build takes as no index.
        let indexSaved = IndexedSlots<Bool>(count: 1)
        let savingIndex = DispatchGroup()
        DispatchQueue.global().async(group: savingIndex) { [updated] in
            indexSaved.set(0, index.save(replacing: updated, token: newToken, root: root, output: output))
        }
        manifest.save(root: root)
        savingIndex.wait()
        if indexSaved.collect().first != true {
            manifest.bodyEditToken = nil
            manifest.save(root: root)
        }
        clock.lap("body edit: index and manifest")
        // Left to the process's exit with the rest of the build's reading (see `SiteBuilder.build`).
        if leavesMemoryToExit { ProcessEnd.leave(manifest) }
        return .success(report(manifest, written: 1, started: started, found: found))
    }

    /// The new page: the body rendered, checked, and put in place of the old one.
    private static func page(for body: String, record: BodyEditRecord, index: LoadedBodyEdit, root: URL,
                             pageFile: URL) -> (page: [UInt8], splice: BodySplice, blocks: [PlacedBlock], readingMinutes: Int)? {
        guard let sources = index.sourcePages(), let old = FileTree.bytes(pageFile.path) else { return nil }
        let resolver = LinkResolver(sources: sources, root: root)
        let renderer = MarkdownRenderer(options: MarkdownOptions(allowsRawHTML: index.allowsRawHTML,
                                                                 blockKinds: Set(BlockKind.allCases.map(\.rawValue)),
                                                                 listsHeadings: false))
        // The body's data blocks, asked for in the same order with the same options, are the ones the old page
        // shows: their HTML is taken from it. Any other block shows the site's data anew: a whole build renders it.
        var blocksTaken = 0
        var otherBlock = false
        let rendered = renderer.render(body, file: record.source, firstLine: record.bodyFirstLine, resolveLink: { request in
            resolver.resolve(request, file: record.source, bundlePath: record.bundlePath, pagePath: record.pagePath)
        }, renderBlock: { request in
            guard blocksTaken < record.blocks.count, let html = oldHTML(of: record.blocks[blocksTaken], asking: request, record: record, page: old)
            else {
                otherBlock = true
                return .failure(BuildFailure([]))
            }
            blocksTaken += 1
            return .success(html)
        })
        guard !otherBlock, blocksTaken == record.blocks.count, rendered.diagnostics.isEmpty,
              rendered.placedBlocks.count == record.blocks.count else { return nil }
        if let summary = record.derivedSummary, StableHash.of({ $0.combine(rendered.derivedSummary) }).value != summary { return nil }
        let minutes = rendered.reading.minutes
        let readingTime = minutes == record.readingMinutes
            ? nil : SiteRenderer.readingTime(minutes, LanguageContext(language: Language(code: record.language, name: record.language)))
        return record.splice.apply(to: old, readingTime: readingTime, body: rendered.html).map {
            (page: $0.page, splice: $0.splice, blocks: rendered.placedBlocks, readingMinutes: minutes)
        }
    }

    /// The HTML of a block the old page shows, when `request` asks for that block.
    private static func oldHTML(of block: PlacedBlock, asking request: BlockRequest, record: BodyEditRecord, page: [UInt8]) -> String? {
        let start = record.splice.bodyStart + block.start
        guard block.kind == request.kind, block.options == request.options, block.start >= 0, block.count >= 0,
              block.start + block.count <= record.splice.bodyCount, start + block.count <= page.count else { return nil }
        return String(decoding: page[start..<(start + block.count)], as: UTF8.self)
    }

    private static func report(_ manifest: BuildManifest, written: Int, started: DispatchTime, found: FoundOutputs.Folder) -> BuildReport {
        var report = BuildReport.afterEdit(manifest, written: written, bodiesRendered: written, started: started, found: found)
        report.madeFromTheOldPage = true
        return report
    }
}
