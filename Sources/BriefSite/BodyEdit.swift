import BriefCore
import BriefMarkdown
import BriefTemplates
import Foundation

/// A build after an edit of one brief's body alone — the editor's most
/// common change — made without the rest of the site: the body is rendered
/// and put into its page as the output holds it, in place of the old body
/// and reading time (`BodySplice`), and that one file is replaced. A body
/// its language's feed carries is put into the feed too (`FeedSplice`), and
/// the two files go through the spare folder, as an event edit's do: the
/// output is still only ever the old site or the new one.
///
/// It applies only when the result is certain to be the page a whole build
/// would write, and the rest of the output certain not to change:
/// - the manifest vouches for the output exactly, and Content/ differs from
///   it by this one file, whose front matter has the same text (so the
///   site's data, titles and lists are as they were);
/// - the last build left a record for the page (`BodyEditRecord`) under the
///   manifest's token, for the page the output holds (same fingerprint);
/// - the body shows nowhere else but in the feed the record names, whose
///   file is as recorded and holds the old body once; a summary cut from the
///   body (when lists and the feed show one) is unchanged;
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
        guard let split = ContentLoader.reread(root.appendingPathComponent(source), path: source),
              frontMatterHash(split.frontMatter) == record.frontMatterHash, split.bodyFirstLine == record.bodyFirstLine
        else { return nil }
        return Candidate(index: index, body: split.body)
    }

    /// Builds the site by this path when it applies (see above); nil when it does not, and nothing was changed.
    static func build(_ candidate: Candidate, root: URL, writer: OutputWriter, manifest: BuildManifest, inputs: [BuildManifest.Input],
                      inputFolders: [FolderRecord], found foundOutputs: FoundOutputs, started: DispatchTime,
                      leavesMemoryToExit: Bool = false) -> Result<BuildReport, BuildFailure>? {
        let output = writer.output
        let found = foundOutputs.output
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
        if let feedFile = record.feedFile {
            return withFeed(feedFile, made: made, bodyHash: bodyHash, candidate: candidate, root: root, writer: writer, manifest: manifest,
                            found: foundOutputs, started: started, leavesMemoryToExit: leavesMemoryToExit, clock: &clock)
        }
        // From here the output changes: until the new manifest is saved, the old one must not vouch for it.
        BuildManifest.remove(root: root, output: output)
        let fingerprint = fingerprint(record.pageFingerprint, bodyHash: bodyHash)
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
        let updated = updatedRecord(record, made: made, bodyHash: bodyHash, pageFingerprint: fingerprint)
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

    /// The page's fingerprint after the edit: the old one and the new body.
    private static func fingerprint(_ old: UInt64, bodyHash: UInt64, of kind: String = "body edit") -> UInt64 {
        StableHash.of { hash in
            hash.combine(kind); hash.combine(Int(truncatingIfNeeded: old)); hash.combine(Int(truncatingIfNeeded: bodyHash))
        }.value
    }

    private static func updatedRecord(_ record: BodyEditRecord, made: MadePage, bodyHash: UInt64, pageFingerprint: UInt64) -> BodyEditRecord {
        var updated = record
        updated.bodyHash = bodyHash
        updated.pageFingerprint = pageFingerprint
        updated.splice = made.splice
        updated.blocks = made.blocks
        updated.readingMinutes = made.readingMinutes
        return updated
    }

    /// The edit of a body its language's feed carries: the page and the feed, made from the old files and written
    /// through the spare (two files cannot replace two in one step); nil when the feed is not as recorded or does
    /// not hold the old body exactly once.
    private static func withFeed(_ feedFile: String, made: MadePage, bodyHash: UInt64, candidate: Candidate, root: URL, writer: OutputWriter,
                                 manifest: BuildManifest, found: FoundOutputs, started: DispatchTime, leavesMemoryToExit: Bool,
                                 clock: inout StageClock) -> Result<BuildReport, BuildFailure>? {
        let (index, record) = (candidate.index, candidate.index.record)
        guard let feedRecord = found.output.verified[feedFile], let feedFingerprint = feedRecord.fingerprint,
              let oldFeed = FileTree.bytes(writer.output.appendingPathComponent(feedFile).path),
              let newFeed = FeedSplice.replace(String(decoding: made.oldBody, as: UTF8.self), with: made.newBody, in: oldFeed)
        else { return nil }
        clock.lap("body edit: the feed")
        let pageFingerprint = fingerprint(record.pageFingerprint, bodyHash: bodyHash)
        let updated = updatedRecord(record, made: made, bodyHash: bodyHash, pageFingerprint: pageFingerprint)
        let replaced: EditedOutput.Replaced = [
            record.file: (.bytes(Data(made.page)), pageFingerprint),
            feedFile: (.bytes(Data(newFeed)), fingerprint(feedFingerprint, bodyHash: bodyHash, of: "body edit, feed")),
        ]
        let output = writer.output
        let done = EditedOutput.writeAndSave(replaced, kind: "body edit", bodiesRendered: 1, manifest: manifest, inputs: manifest.inputs,
                                             inputFolders: manifest.inputFolders, root: root, writer: writer, found: found, started: started,
                                             clock: &clock) { [timeline = manifest.timelineToken, tracker = manifest.trackerToken] in
            EditedOutput.IndexTokens(bodyEdit: EditedOutput.savedToken { index.save(replacing: updated, token: $0, root: root, output: output) },
                                     timeline: timeline, tracker: tracker)
        }
        return done.map { report, edited in
            var report = report
            report.madeFromTheOldPage = true
            if leavesMemoryToExit { ProcessEnd.leave((edited, replaced)) }
            return report
        }
    }

    /// A page made from the old one: its bytes, where its parts now are, and the old and new body.
    struct MadePage {
        var page: [UInt8]
        var splice: BodySplice
        var blocks: [PlacedBlock]
        var readingMinutes: Int
        /// The body's HTML as the old page held it (its bytes there), and as the new one holds it.
        var oldBody: ArraySlice<UInt8>
        var newBody: String
    }

    /// The new page: the body rendered, checked, and put in place of the old one.
    private static func page(for body: String, record: BodyEditRecord, index: LoadedBodyEdit, root: URL, pageFile: URL) -> MadePage? {
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
        // `apply` checks that the old ranges fit the page.
        let splice = record.splice
        guard let made = splice.apply(to: old, readingTime: readingTime, body: rendered.html) else { return nil }
        return MadePage(page: made.page, splice: made.splice, blocks: rendered.placedBlocks, readingMinutes: minutes,
                        oldBody: old[splice.bodyStart..<(splice.bodyStart + splice.bodyCount)], newBody: rendered.html)
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
