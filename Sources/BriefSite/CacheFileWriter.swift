import BriefCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension StoredCaches {
    /// The build cache's file as one build writes it: the parse cache's entries as soon as the sources are
    /// loaded, so that the translations they hold (each with its own tariffs, trade and events) can go before
    /// the render instead of being kept to the end; then the render cache's. (Written beside the assembly on a
    /// core of its own, the entries were held longer and the peak was 6 MB higher at 10,000 briefs.) Used by one
    /// thread at a time: the build's, then the one that saves the caches beside the writing of the site. A
    /// writer not finished leaves no file.
    final class FileWriter: @unchecked Sendable {
        private let reused: [Identity: ArraySlice<UInt8>]
        private let target: URL
        private let temporary: String
        private let program: String
        private var file: ChecksummedFile?
        /// Entries come from the render's threads too (`add`).
        private let appending = NSLock()

        init(root: URL, output: URL, program: String, previous: StoredCaches?) {
            reused = previous?.encodedByIdentity ?? [:]
            target = StoredCaches.file(root: root, output: output)
            // Each writer its own: a build that starts again writes a second one while the first is let go.
            temporary = target.path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            self.program = program
            // The header's checksum has a fixed width: a placeholder now, the real one when the entries are written.
            let headerCount = StoredCaches.header(program: program, checksum: StableHash()).utf8.count
            try? FileManager.default.createDirectory(at: BuildManifest.folder(root: root), withIntermediateDirectories: true)
            file = ChecksummedFile(path: temporary, start: headerCount)
        }

        deinit {
            if let file {
                file.close()
                unlink(temporary)
            }
        }

        /// Takes the parse cache's entries out of it and writes them, each batch let go once written.
        func takeParsed(from cache: ParseCache) {
            var parsed = cache.takeEntriesForStorage()
            while !parsed.isEmpty {
                let batch = parsed.suffix(StoredCaches.batchSize).map { Entry.parsed(Parsed(path: $0.path, stamp: $0.stamp, file: $0.file)) }
                parsed.removeLast(batch.count)
                append(batch)
            }
        }

        /// An entry made while the site renders, written at once, from any thread (see `RenderCache.writeStores`).
        func add(_ entry: Entry) {
            let bytes = reused[entry.identity] ?? entry.encoded()
            appending.lock()
            defer { appending.unlock() }
            guard var current = file else { return }
            file = nil  // so that the buffer it holds is not copied as it grows
            Framing.append((entry.kind, bytes), to: &current)
            file = current
        }

        /// Writes the entries `batches` hands over, then the header with the checksum of them all, and puts the
        /// file in place of the last one.
        func finish(_ batches: (_ emit: ([Entry]) -> Void) -> Void) {
            batches { append($0) }
            appending.lock()
            defer { appending.unlock() }
            guard var file else { return }
            self.file = nil
            defer { file.close() }
            guard let checksum = file.finish(),
                  file.write(Array(StoredCaches.header(program: program, checksum: checksum).utf8), at: 0),
                  rename(temporary, target.path) == 0
            else {
                unlink(temporary)
                return
            }
        }

        /// Removes what was written: the build failed.
        func discard() {
            appending.lock()
            defer { appending.unlock() }
            guard let file else { return }
            self.file = nil
            file.close()
            unlink(temporary)
        }

        /// Each entry encoded on every core; one that the last file held with the same identity keeps its bytes.
        private func append(_ batch: [Entry]) {
            let reused = reused
            let items = batch.parallelMap { entry -> (kind: UInt8, bytes: ArraySlice<UInt8>) in
                if let bytes = reused[entry.identity] { return (entry.kind, bytes) }
                return (entry.kind, entry.encoded())
            }
            appending.lock()
            defer { appending.unlock() }
            guard var current = file else { return }
            file = nil  // so that the buffer it holds is not copied as it grows
            defer { file = current }
            for item in items { Framing.append(item, to: &current) }
        }
    }
}
