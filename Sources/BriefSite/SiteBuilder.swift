import BriefCore
import BriefHTML
import Foundation

public struct BuildReport: Sendable {
    public var pagesPerLanguage: [(language: String, pages: Int)]
    public var files: WriteSummary?
    public var warnings: [Diagnostic]
    public var elapsedMilliseconds: Int
    /// What was rendered and what the build cache let the build keep (nil for a build with nothing to do).
    public var rendering: RenderCounters?
    /// Source files parsed, and taken from the build cache unread.
    public var parsing: (parsed: Int, reused: Int)?
    /// A source file changed while the build read it, and the site was built again from the files as they are now.
    public var builtAgainAfterAChange = false
    /// Folders of the output that its check listed (changed since the last build, or too recently to vouch);
    /// nil when the check walked the whole output, having no record of its folders.
    public var outputFoldersListed: Int?
    /// The one page changed was made from its old self and its edited body alone (see `BodyEdit`).
    public var madeFromTheOldPage = false
    /// One brief's events were put into the pages and files that show them, the rest kept (see `EventEdit`).
    public var splicedEvents = false
    /// One brief's tariffs and trade were put into the pages and files that show them, the rest kept (see `TariffEdit`).
    public var splicedTariffs = false
}

/// The pipeline: load → validate → compute → render → write.
public enum SiteBuilder {
    /// Loads, validates and renders the site in memory. Nothing is written. `settings` is taken, not copied: the
    /// stamps of its walk of Content/ are let go once the sources are loaded (40 MB at 100,000 briefs).
    public static func render(root: URL, settings given: consuming RenderSettings, parseCache: ParseCache? = nil, renderCache: RenderCache? = nil,
                              layout: ContentLayout? = nil, changed: Set<String>? = nil,
                              loadedLayout: ((ContentLayout) -> Void)? = nil, loadedSources: ((ParseCache) -> Void)? = nil)
        -> Result<(site: RenderedSite, warnings: [Diagnostic], config: SiteConfig), BuildFailure> {
        var diagnostics = Diagnostics()
        var clock = StageClock()
        defer { clock.report() }
        // A build that spills what it renders also lets bodies go once hashed when Content/ is large: they are
        // read again to be rendered. A small site keeps them (reading each file twice cost 2 % of a cold build).
        var settings = consume given
        let sourceBytes = settings.walkedInputs.map { $0.values.reduce(Int64(0)) { $0 + max(0, $1.file.size) } }
        let keepsBodies = settings.spill == nil || sourceBytes.map { $0 <= settings.bodiesKeptUpToBytes } ?? false
        settings.keepsBodyHTML = keepsBodies
        if !keepsBodies && settings.leavesMemoryToExit {
            // A large site: what the render made is freed on a core beside the writing instead of being left to the
            // exit, so that the memory the writing and the saved indexes take is the memory it gave back.
            settings.leavesMemoryToExit = false
            settings.freesInBackground = true
        }
        var loader = ContentLoader(root: root, cache: parseCache, keepsBodies: keepsBodies)
        loader.walked = settings.walkedInputs
        let loadedContent = loader.load(diagnostics: &diagnostics, layout: layout, changed: changed)
        loader.walked = nil
        settings.walkedInputs = nil
        clock.lap("load")
        guard var loaded = loadedContent else {
            return .failure(BuildFailure(diagnostics.sorted))
        }
        // The layout goes to whoever keeps it (a build writes it to its cache at once), and the sources to the render,
        // which lets them go after the bodies: held here to the end of the render, they were some 45 MB of the peak
        // of a build of 100,000 briefs.
        loadedLayout?(loaded.takeLayout())
        if let parseCache { loadedSources?(parseCache) }
        let assembler = SiteAssembler(config: loaded.config, includeDrafts: settings.includeDrafts)
        let content = assembler.assemble(briefs: loaded.briefs, pages: loaded.pages, unreadable: loaded.unreadable, diagnostics: &diagnostics)
        // The briefs as loaded hold each translation's own tariffs, trade and events, which the assembled briefs
        // do not (they have them merged): let them go, and with them the parse cache's when its entries are being
        // written already (`loadedSources`).
        loaded.briefs = []
        clock.lap("assemble")
        guard !diagnostics.hasErrors else {
            return .failure(BuildFailure(diagnostics.sorted))
        }
        // The briefs as assembled go with the renderer, which keeps them without their data (`SiteRenderer.init`).
        let renderer = SiteRenderer(content: consume content, root: loader.root, settings: settings)
        clock.lap("compute")
        let site = renderer.render(cache: renderCache ?? RenderCache(), sources: loaded.takeFiles())
        clock.lap("render")
        diagnostics.append(contentsOf: site.diagnostics)
        var seen = Set<String>()
        for file in site.files where !seen.insert(file.path).inserted {
            diagnostics.error("two outputs would be written to \(file.path); rename one of the pages or files that produce it",
                              at: SourceLocation(file: "Public/\(file.path)"))
        }
        guard !diagnostics.hasErrors else {
            return .failure(BuildFailure(diagnostics.sorted))
        }
        ProcessEnd.dispose((loaded, renderer), settings)
        return .success((site, diagnostics.sorted.filter { $0.severity == .warning }, loaded.config))
    }

    /// Builds the site into `output` (default: `Public/` in `root`). On any
    /// error nothing in `output` changes. `leavesMemoryToExit`: the process
    /// ends right after, so what the build made is not freed (see `ProcessEnd`).
    public static func build(root: URL, output: URL? = nil, includeDrafts: Bool = false,
                             leavesMemoryToExit: Bool = false,
                             bodiesKeptUpToBytes: Int64 = RenderSettings.defaultBodiesKeptUpToBytes) -> Result<BuildReport, BuildFailure> {
        let started = DispatchTime.now()
        let root = root.standardizedFileURL
        let target = (output ?? root.appendingPathComponent("Public", isDirectory: true)).standardizedFileURL
        if let problem = unsafeOutput(target, root: root, isDefault: output == nil) {
            return .failure(BuildFailure([problem]))
        }
        let lock = BuildLock(root: root) {
            FileHandle.standardError.write(Data("waiting for another build of this site to finish…\n".utf8))
        }
        defer { withExtendedLifetime(lock) {} }
        let contentPath = root.appendingPathComponent("Content").path
        var clock = StageClock()
        defer { clock.report() }
        let program = BuildManifest.program
        // The file system's clock is read from a marker in the build cache, for the output too when it is the site's.
        let cacheFolder = BuildManifest.folder(root: root)
        let contentClock = FolderClock(marker: cacheFolder.appendingPathComponent("content.clock").path)
        let writer = OutputWriter(output: target, clockMarker: target.deletingLastPathComponent().path == root.path
                                  ? cacheFolder.appendingPathComponent("output.clock") : nil)
        let manifest = BuildManifest.load(root: root, output: target)
        // The walks of Content/ and of the output wait on the file system: both at once. When Content/ changed,
        // the build cache is read and decoded beside the output's walk, which leaves a core mostly idle.
        // The stamps sorted for the manifest are made once, beside the output's walk: the comparison with the last
        // manifest and the new manifest both use them.
        let inputWalk = IndexedSlots<(check: InputCheck.Result, sorted: [BuildManifest.Input], same: Bool,
                                      bodyEdit: BodyEdit.Candidate?, eventEdit: EventEdit.Candidate?,
                                      tariffEdit: TariffEdit.Candidate?)>(count: 1)
        let storedRead = IndexedSlots<StoredCaches?>(count: 1)
        let walking = DispatchGroup()
        DispatchQueue.global().async(group: walking) {
            let usable = manifest?.program == program ? manifest : nil
            let check = InputCheck.check(contentPath, inputs: usable?.inputs ?? [], folders: usable?.inputFolders ?? [], clock: contentClock)
            let sorted = BuildManifest.inputs(check.stamps, orderedLike: manifest?.inputs ?? [])
            let same = manifest.map { $0.includeDrafts == includeDrafts && $0.inputs == sorted } ?? false
            // One source changed may be an edit of its body alone (`BodyEdit`), of a brief's events alone
            // (`EventEdit`) or of its tariffs and trade alone (`TariffEdit`), none of which needs the build cache.
            let changed = usable.flatMap { manifest -> String? in
                guard manifest.includeDrafts == includeDrafts,
                      let changed = BuildManifest.changedPaths(manifest.inputs, sorted, upTo: 1), changed.count == 1 else { return nil }
                return changed[0]
            }
            let bodyEdit = usable.flatMap { manifest in
                changed.flatMap { BodyEdit.candidate(root: root, output: target, manifest: manifest, source: "Content/" + $0) }
            }
            let eventEdit = bodyEdit != nil ? nil : usable.flatMap { manifest in
                changed.flatMap { EventEdit.candidate(root: root, output: target, manifest: manifest, source: "Content/" + $0) }
            }
            let tariffEdit = bodyEdit != nil || eventEdit != nil ? nil : usable.flatMap { manifest in
                changed.flatMap { TariffEdit.candidate(root: root, output: target, manifest: manifest, source: "Content/" + $0) }
            }
            inputWalk.set(0, (check, sorted, same, bodyEdit, eventEdit, tariffEdit))
            if !same && bodyEdit == nil && eventEdit == nil && tariffEdit == nil {
                storedRead.set(0, program.flatMap { StoredCaches.load(root: root, output: target, program: $0) })
            }
        }
        let found = FoundOutputs(manifest: manifest, program: program, writer: writer)
        defer { found.waitForSpareWalk() }
        walking.wait()
        var walk = inputWalk.take().first ?? (InputCheck.Result(stamps: [:], folders: [], listed: -1), [], false, nil, nil, nil)
        let (sortedInputs, inputsAreSame, bodyEdit, eventEdit, tariffEdit) = (walk.sorted, walk.same, walk.bodyEdit, walk.eventEdit,
                                                                             walk.tariffEdit)
        let inputFolders = walk.check.folders
        // The stamps by path go to the render, which lets them go once the sources are loaded: no other reference is kept.
        var inputs = walk.check.stamps
        walk.check.stamps = [:]
        // A build that ends here ends the process: what it read (the manifest's, the checks' and the indexes'
        // records) is left to the exit, not freed a record at a time on one core (20 ms at 10,000 briefs).
        func leftToExit(_ result: Result<BuildReport, BuildFailure>) -> Result<BuildReport, BuildFailure> {
            if leavesMemoryToExit { ProcessEnd.leave((manifest, found, walk, inputs, sortedInputs)) }
            return result
        }
        if var manifest = found.manifest, found.output.isExact, manifest.includeDrafts == includeDrafts, inputsAreSame {
            // Folders that could not vouch for their listing last time (changed moments before) may now.
            if found.output.listed >= 0, found.output.observed != manifest.outputFolders || inputFolders != manifest.inputFolders {
                manifest.outputFolders = found.output.observed
                manifest.inputFolders = inputFolders
                manifest.save(root: root)
            }
            let elapsed = Int((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000)
            return leftToExit(.success(BuildReport(pagesPerLanguage: Array(zip(manifest.pagesPerLanguage, manifest.pageCounts)),
                                                   files: WriteSummary(written: 0, unchanged: manifest.outputs.count, removed: 0),
                                                   warnings: manifest.diagnostics, elapsedMilliseconds: elapsed,
                                                   outputFoldersListed: found.output.listed >= 0 ? found.output.listed : nil)))
        }
        clock.lap("stamps")
        // An event or tariff edit, and the edit of a body a feed carries, write through the spare: its walk starts now,
        // beside the edit's own checks (the candidates exclude each other: a body edit is neither).
        if eventEdit != nil || tariffEdit != nil || bodyEdit?.index.record.inFeed == true { found.startSpareWalk() }
        if let bodyEdit, let manifest = found.manifest,
           let result = BodyEdit.build(bodyEdit, root: root, writer: writer, manifest: manifest, inputs: sortedInputs,
                                       inputFolders: inputFolders, found: found, started: started, leavesMemoryToExit: leavesMemoryToExit) {
            return leftToExit(result)
        }
        if let eventEdit, let manifest = found.manifest,
           let result = EventEdit.build(eventEdit, root: root, writer: writer, manifest: manifest, inputs: sortedInputs,
                                        inputFolders: inputFolders, found: found, started: started, leavesMemoryToExit: leavesMemoryToExit) {
            return leftToExit(result)
        }
        if let tariffEdit, let manifest = found.manifest,
           let result = TariffEdit.build(tariffEdit, root: root, writer: writer, manifest: manifest, inputs: sortedInputs,
                                         inputFolders: inputFolders, found: found, started: started, leavesMemoryToExit: leavesMemoryToExit) {
            return leftToExit(result)
        }
        // The spare matters only when writing: walk it while the site is rendered.
        let spill = SpillFile(in: BuildManifest.folder(root: root))
        var settings = RenderSettings(includeDrafts: includeDrafts, spill: spill, leavesMemoryToExit: leavesMemoryToExit)
        // With no output yet, pages are written as they are made, into the folder that becomes the output.
        var staging = writer.stagingForFirstBuild()
        settings.staging = staging
        defer { staging?.remove() }
        settings.walkedInputs = inputs
        settings.bodiesKeptUpToBytes = bodiesKeptUpToBytes
        settings.recordsBodyEdits = program != nil
        var parseCache = ParseCache()
        var renderCache = RenderCache()
        let stored = storedRead.collect().first ?? program.flatMap { StoredCaches.load(root: root, output: target, program: $0) }
        stored?.fill(parseCache: parseCache, renderCache: renderCache, output: target, vouched: found.output.verified)
        let tree = StoredCaches.tree(inputs)
        inputs = [:]
        // Texts edited in an output that is as recorded (not their front matter: data shows on several pages)
        // likely change one file, replaced in the output itself (`OutputWriter.patch`): the spare is not looked at.
        let likelyPatch = found.output.isExact && found.manifest.flatMap { manifest in
            BuildManifest.changedPaths(manifest.inputs, sortedInputs, upTo: 8).map { changed in
                !changed.isEmpty && changed.allSatisfy { stored?.bodyChanged(in: "Content/" + $0, root: root) == true }
            }
        } == true
        if !likelyPatch { found.startSpareWalk() }
        clock.lap("cache read")
        // The cache file is written from the time the sources are loaded (see `StoredCaches.FileWriter`); the
        // scan of Content/ goes into it as soon as it is made.
        var cacheFile = program.map { StoredCaches.FileWriter(root: root, output: target, program: $0, previous: stored) }
        if let cacheFile { renderCache.writeStores(to: cacheFile) }
        func writingLayout(to file: StoredCaches.FileWriter?) -> (ContentLayout) -> Void {
            { file?.add(.layout(StoredCaches.Layout(tree: tree, layout: $0))) }
        }
        var result = render(root: root, settings: settings.handedOver(), parseCache: parseCache, renderCache: renderCache,
                            layout: stored?.layout(tree: tree), loadedLayout: writingLayout(to: cacheFile),
                            loadedSources: { [cacheFile] in cacheFile?.takeParsed(from: $0) })
        let faulted = renderCache.hadFault
        if faulted {
            // A file changed while it was built: build again from the files alone, each read once and held, and
            // kept in memory for the writer (what the first render placed is removed).
            staging?.remove()
            staging = nil
            parseCache = ParseCache()
            renderCache = RenderCache()
            cacheFile = program.map { StoredCaches.FileWriter(root: root, output: target, program: $0, previous: stored) }
            if let cacheFile { renderCache.writeStores(to: cacheFile) }
            result = render(root: root, settings: RenderSettings(includeDrafts: includeDrafts), parseCache: parseCache,
                            renderCache: renderCache, loadedLayout: writingLayout(to: cacheFile))
        }
        clock.lap("render")
        let rendering = renderCache.takeCounters()
        let parsing = parseCache.takeCounts()
        let rendered: (site: RenderedSite, warnings: [Diagnostic], config: SiteConfig)
        switch result {
        case .failure(let failure):
            cacheFile?.discard()
            return .failure(failure)
        case .success(let value): rendered = value
        }
        // The build cache follows from what was rendered, not from what is written: it is saved while the site
        // is written (a cache left by a build whose writing then fails vouches for nothing: its pages are checked
        // against the output the next manifest records).
        let savingCaches = DispatchGroup()
        defer { savingCaches.wait() }
        if let cacheFile {
            let (parses, renders) = (parseCache, renderCache)
            DispatchQueue.global().async(group: savingCaches) {
                StoredCaches.save(parseCache: parses, renderCache: renders, writer: cacheFile)
            }
        }
        // What an edit of one body needs next time, saved while the site is written; the manifest names it.
        let savedIndex = IndexedSlots<UInt64?>(count: 1)
        let savingIndex = DispatchGroup()
        defer { savingIndex.wait() }
        if let edits = rendered.site.bodyEdits {
            let allowsRawHTML = rendered.config.allowsRawHTML
            DispatchQueue.global().async(group: savingIndex) {
                let token = UInt64.random(in: 1...UInt64.max)
                let index = BodyEditIndex(token: token, allowsRawHTML: allowsRawHTML, sources: edits.sources, records: edits.records)
                savedIndex.set(0, index.save(root: root, output: target) ? token : nil)
            }
        }
        // And what an edit of one brief's events needs (`EventEdit`), the same way.
        let savedTimeline = IndexedSlots<UInt64?>(count: 1)
        if let made = rendered.site.timelineIndex {
            DispatchQueue.global().async(group: savingIndex) {
                var timeline = made
                timeline.token = UInt64.random(in: 1...UInt64.max)
                timeline.findBriefMonths()
                savedTimeline.set(0, timeline.save(root: root, output: target) ? timeline.token : nil)
            }
        }
        // And what an edit of one brief's tariffs or trade needs (`TariffEdit`).
        let savedTracker = IndexedSlots<UInt64?>(count: 1)
        if let made = rendered.site.trackerIndex {
            DispatchQueue.global().async(group: savingIndex) {
                var tracker = made
                tracker.token = UInt64.random(in: 1...UInt64.max)
                savedTracker.set(0, tracker.save(root: root, output: target) ? tracker.token : nil)
            }
        }
        var files = rendered.site.files
        if output != nil { files.append(OutputFile(path: outputMarker, text: "Built by briefsite; this folder is replaced by each build.\n")) }
        // From here the output and the spare change: until the new manifest is saved, the old one must not vouch for them.
        BuildManifest.remove(root: root, output: target)
        let written: OutputWriter.Result
        do {
            if likelyPatch, let patched = try writer.patch(files, found: found.output, spare: found.manifest?.spare,
                                                          spareFolders: found.manifest?.spareFolders ?? []) {
                written = patched
            } else {
                written = try writer.write(files, found: found.output, spareFound: found.spare()?.indexed(), staged: staging)
            }
        } catch {
            return .failure(.writing(error, output: target))
        }
        clock.lap("write")
        let pages = rendered.config.languages.map { ($0.code, rendered.site.pagesPerLanguage[$0.code] ?? 0) }
        if let program {
            savingIndex.wait()
            clock.lap("body-edit index (the rest of it)")
            let bodyEditToken = savedIndex.collect().first ?? nil
            let timelineToken = savedTimeline.collect().first ?? nil
            let trackerToken = savedTracker.collect().first ?? nil
            // Input stamps taken before the build started: a file edited while it ran makes the next build render it again.
            BuildManifest(version: BuildManifest.version, program: program, includeDrafts: includeDrafts, output: target.path,
                          inputs: sortedInputs, inputFolders: inputFolders, outputs: written.outputs, spare: written.spare,
                          outputFolders: written.outputFolders, spareFolders: written.spareFolders,
                          pagesPerLanguage: pages.map(\.0), pageCounts: pages.map(\.1),
                          warnings: rendered.warnings.map { .init(file: $0.location.file, line: $0.location.line,
                                                                 column: $0.location.column, message: $0.message) },
                          bodyEditToken: bodyEditToken, timelineToken: timelineToken, trackerToken: trackerToken)
                .save(root: root)
            clock.lap("manifest")
            savingCaches.wait()
            clock.lap("cache write (the rest of it)")
        }
        if leavesMemoryToExit { ProcessEnd.leave((parseCache, renderCache, stored, rendered, files, found, written)) }
        let elapsed = Int((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000)
        return .success(BuildReport(pagesPerLanguage: pages, files: written.summary, warnings: rendered.warnings, elapsedMilliseconds: elapsed,
                                    rendering: rendering, parsing: parsing, builtAgainAfterAChange: faulted,
                                    outputFoldersListed: found.output.listed >= 0 ? found.output.listed : nil))
    }

    /// Everything `build` checks, links included, and the same again with
    /// drafts included, so that a draft's mistakes show before it is
    /// published; writes nothing.
    public static func check(root: URL) -> Result<BuildReport, BuildFailure> {
        let started = DispatchTime.now()
        let published = render(root: root.standardizedFileURL, settings: RenderSettings(includeDrafts: false))
        let withDrafts = render(root: root.standardizedFileURL, settings: RenderSettings(includeDrafts: true))
        switch (published, withDrafts) {
        case (.success(let rendered), .success):
            let elapsed = Int((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000)
            let pages = rendered.config.languages.map { ($0.code, rendered.site.pagesPerLanguage[$0.code] ?? 0) }
            return .success(BuildReport(pagesPerLanguage: pages, files: nil, warnings: rendered.warnings, elapsedMilliseconds: elapsed))
        case (.failure(let failure), .success), (.success, .failure(let failure)):
            return .failure(failure)
        case (.failure(let first), .failure(let second)):
            return .failure(BuildFailure(Diagnostics(first.diagnostics + second.diagnostics).sorted))
        }
    }

    static let outputMarker = ".briefsite-output"

    /// A build replaces its output folder whole, so it must never be pointed
    /// at the site itself or at a folder that briefsite did not make.
    static func unsafeOutput(_ output: URL, root: URL, isDefault: Bool) -> Diagnostic? {
        let outputPath = output.resolvingSymlinksInPath().path
        let rootPath = root.resolvingSymlinksInPath().path
        let content = root.appendingPathComponent("Content").resolvingSymlinksInPath().path
        let location = SourceLocation(file: output.path)
        if outputPath == "/" || rootPath == outputPath || rootPath.hasPrefix(outputPath + "/") {
            return .error("the output folder \(output.path) holds the site itself and would be replaced; choose another --output", at: location)
        }
        if outputPath == content || outputPath.hasPrefix(content + "/") {
            return .error("the output folder \(output.path) is inside Content/; choose another --output", at: location)
        }
        if !isDefault, let names = try? FileManager.default.contentsOfDirectory(atPath: outputPath), !names.isEmpty,
           !names.contains(outputMarker) {
            return .error("\(output.path) is not empty and was not built by briefsite, and a build replaces it whole; empty it or choose another --output", at: location)
        }
        return nil
    }
}

/// Stage timings on standard error when BRIEFSITE_TIMING is set: for profiling, not for tests.
struct StageClock {
    let enabled = ProcessInfo.processInfo.environment["BRIEFSITE_TIMING"] != nil
    var last = DispatchTime.now()
    var laps: [(String, Double, Int, Int?)] = []
    var notes: [String] = []

    mutating func lap(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        laps.append((name, Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1_000_000, StageClock.peakMegabytes(),
                     HeapInUse.megabytes()))
        last = now
    }

    /// A line of its own in the report, such as a stage's inner timings.
    mutating func note(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        notes.append(text())
    }

    /// The process's peak resident size so far: which stage makes the peak.
    static func peakMegabytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss / 1024
    }

    func report() {
        guard enabled else { return }
        let text = laps.map { name, milliseconds, peak, heap in
            String(format: "%@ %.1f ms (peak %d MB", name, milliseconds, peak) + (heap.map { ", heap \($0) MB)" } ?? ")")
        }.joined(separator: ", ")
        FileHandle.standardError.write(Data(notes.map { "timing: \($0)\n" }.joined().utf8))
        FileHandle.standardError.write(Data("timing: \(text)\n".utf8))
    }
}
