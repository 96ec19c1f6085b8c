@testable import BriefCore
@testable import BriefSite
import Foundation
import Testing

/// Fingerprints decide what a build renders again: a change anywhere in an
/// input must change its fingerprint, and the same inputs must give the same
/// number in every process (the build cache on disk is read by the next one).
@Suite struct StableHashTests {
    @Test func aChangedByteAnywhereChangesTheHash() {
        // Lengths around the eight-byte words the hash reads, and a change at every position of each.
        for length in 0...41 {
            let base = String(repeating: "a", count: length)
            var seen: Set<UInt64> = [StableHash.of { $0.combine(base) }.value]
            for position in 0..<length {
                var bytes = Array(base.utf8)
                bytes[position] = UInt8(ascii: "b")
                let changed = String(decoding: bytes, as: UTF8.self)
                #expect(seen.insert(StableHash.of { $0.combine(changed) }.value).inserted, "length \(length), position \(position)")
                #expect(seen.insert(StableHash.of { $0.combine(Data(bytes)) }.value).inserted, "data, length \(length), position \(position)")
            }
        }
        let text = "關稅與貿易 tariffs 2025"
        #expect(StableHash.of { $0.combine(text) } != StableHash.of { $0.combine(text.replacingOccurrences(of: "稅", with: "税")) })
    }

    @Test func whereOneValueEndsAndTheNextBeginsCounts() {
        #expect(StableHash.of { $0.combine("ab"); $0.combine("c") } != StableHash.of { $0.combine("a"); $0.combine("bc") })
        #expect(StableHash.of { $0.combine("abcdefgh"); $0.combine("") } != StableHash.of { $0.combine(""); $0.combine("abcdefgh") })
        #expect(StableHash.of { $0.combine(Data([1, 2])); $0.combine(Data([3])) }
            != StableHash.of { $0.combine(Data([1])); $0.combine(Data([2, 3])) })
        #expect(StableHash.of { $0.combine(1); $0.combine(2) } != StableHash.of { $0.combine(2); $0.combine(1) })
        #expect(StableHash.of { $0.combine(nil as String?) } != StableHash.of { $0.combine("") })
        #expect(StableHash.of { $0.combine(Decimal(string: "1.10")) } != StableHash.of { $0.combine(Decimal(string: "1.11")) })
    }

    @Test func theSameInputsGiveTheSameNumberInEveryProcess() {
        // Pinned: a hash seeded per process (as Swift's Hasher is) would fail here, and so would one that
        // read a string through anything but its UTF-8 bytes.
        let hash = StableHash.of { hash in
            hash.combine("briefsite"); hash.combine("關稅"); hash.combine(20_250_517); hash.combine(true)
            hash.combine(Data("0123456789abcdef!".utf8))
        }
        #expect(hash.value == 555_949_473_199_405_892)
        #expect(hash.hex.count == 16)
    }
}

/// The build cache is written a batch of entries at a time through a buffer, its checksum taken as it goes.
@Suite struct StoredCacheFileTests {
    @Test func aRunHashedInPiecesIsTheRunHashedWhole() {
        let bytes = (0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 7) }
        let whole = bytes.withUnsafeBytes { raw in StableHash.of { $0.combineRun(raw) } }
        for piece in [8, 64, 4_096, 65_536] {
            let pieced = bytes.withUnsafeBytes { raw in
                StableHash.of { hash in
                    for start in stride(from: 0, to: raw.count, by: piece) {
                        hash.combineRun(UnsafeRawBufferPointer(rebasing: raw[start..<min(raw.count, start + piece)]))
                    }
                }
            }
            #expect(pieced == whole, "pieces of \(piece)")
        }
    }

    @Test func aCacheOfSeveralMegabytesComesBackWholeAndADamagedOneNot() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("Public")
        let entries = (0..<30_000).map { index -> StoredCaches.Entry in
            let parts: [PagePart] = (0..<index % 4).map { part in PagePart(fingerprint: UInt64(index * 10 + part), count: index + part) }
            return StoredCaches.Entry.page(StoredCaches.Page(
                key: "zh-hant/briefs/brief-\(index)/\(String(repeating: "關", count: index % 23))",
                fingerprint: UInt64(index) &* 0x9E37_79B9_7F4A_7C15,
                files: [StoredCaches.Output(path: "data/briefs/\(index)/tariffs.csv", fingerprint: UInt64(index))],
                parts: parts))
        }
        StoredCaches(entries: entries).save(root: root, output: output, program: "test-program", previous: nil)
        let file = StoredCaches.file(root: root, output: output)
        let size = try #require(FileTree.size(file.path))
        #expect(size > 2 << 20, "\(size) bytes: the test must cross the writer's one-megabyte buffer")
        let loaded = try #require(StoredCaches.load(root: root, output: output, program: "test-program"))
        #expect(loaded.entries.map(\.identity) == entries.map(\.identity))
        func parts(_ entry: StoredCaches.Entry) -> [PagePart] {
            if case .page(let page) = entry { return page.parts }
            return []
        }
        #expect(loaded.entries.map(parts) == entries.map(parts))
        #expect(StoredCaches.load(root: root, output: output, program: "another-program") == nil)
        // Written back from what was read, it is the same file.
        let first = try Data(contentsOf: file)
        loaded.save(root: root, output: output, program: "test-program", previous: loaded)
        #expect(try Data(contentsOf: file) == first)
        var damaged = first
        damaged[damaged.count - 3 * (1 << 20) / 2] ^= 0x01
        try damaged.write(to: file)
        #expect(StoredCaches.load(root: root, output: output, program: "test-program") == nil)
    }

    /// An entry longer than the writer's buffer (the scan of Content/ is one, 26 MB at 100,000 briefs) is
    /// written a buffer at a time between short ones: the file holds every byte in order, its checksum is the
    /// one of the bytes read back, and the buffer is no larger after it than before.
    @Test func anEntryLongerThanTheBufferIsWrittenThroughIt() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-checksummed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("file").path
        var file = try #require(ChecksummedFile(path: path, start: 3))
        let capacity = file.bufferCapacity
        var expected: [UInt8] = []
        for (index, length) in [5, (5 << 20) + 3, 11, 1 << 20, 7, (2 << 20) - 1].enumerated() {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
            file.append(contentsOf: bytes[...])
            expected += bytes
            #expect(file.bufferCapacity == capacity, "after \(length) bytes")
        }
        let checksum = file.finish()
        #expect(file.write(Array("abc".utf8), at: 0))
        file.close()
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(written.count == expected.count + 3)
        #expect(written.dropFirst(3).elementsEqual(expected))
        #expect(checksum == StoredCaches.checksum(of: Data(expected)))
    }

    /// The manifest is written as it is encoded, a megabyte at a time, its checksum in front: one of many
    /// outputs (past the encoder's megabyte) reads back the same, and a flipped byte is refused. Below
    /// `concurrentEncodingLimit` records its second half is encoded beside the first, beyond it streamed: the
    /// file holds, either way, exactly the bytes one writer encodes.
    @Test(arguments: [false, true]) func aLargeManifestIsWrittenInPiecesAndReadBack(beyondTheConcurrentLimit: Bool) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-manifest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("Public")
        func stamp(_ index: Int) -> EntryStamp {
            EntryStamp(kind: .file, file: FileStamp(size: Int64(index), modified: Int64(index) * 1_000, changed: Int64(index) * 7, inode: UInt64(index)),
                       linkTarget: "")
        }
        let outputs = (0..<(beyondTheConcurrentLimit ? 130_000 : 40_000)).map { index in
            OutputRecord(path: "zh-hant/briefs/brief-\(index)/index.html", stamp: stamp(index),
                         fingerprint: index.isMultiple(of: 3) ? nil : UInt64(index) &* 0x9E37_79B9)
        }
        let manifest = BuildManifest(version: BuildManifest.version, program: "test-program", includeDrafts: false, output: output.path,
                                     inputs: (0..<20_000).map { BuildManifest.Input(path: "Content/briefs/b\($0).en.md", stamp: stamp($0)) },
                                     inputFolders: [FolderRecord(path: "briefs", modified: 7, inode: 8)], outputs: outputs,
                                     spare: beyondTheConcurrentLimit ? outputs : Array(outputs.prefix(100)),
                                     outputFolders: [FolderRecord(path: "en", modified: 9, inode: 10)], spareFolders: [FolderRecord(path: "", modified: 1, inode: 2)],
                                     pagesPerLanguage: ["zh-Hant", "en"], pageCounts: [20_000, 20_000],
                                     warnings: [.init(file: "Content/briefs/b1.en.md", line: 3, column: 1, message: "a warning")],
                                     bodyEditToken: 42)
        manifest.save(root: root)
        let file = BuildManifest.file(root: root, output: output)
        let size = try #require(FileTree.size(file.path))
        #expect(size > 2 << 20, "\(size) bytes: the test must cross the encoder's one-megabyte pieces")
        #expect(BuildManifest.load(root: root, output: output) == manifest)
        #expect((outputs.count + (manifest.spare?.count ?? 0) > BuildManifest.concurrentEncodingLimit) == beyondTheConcurrentLimit)
        let bytes = try #require(FileTree.bytes(file.path))
        let encoded = CacheWriter.encodedBytes(manifest)
        #expect(Array(bytes.dropFirst(8).dropLast(8)) == encoded)
        // The payload ends with where its second half starts: the length of the first half, as one reader finds it.
        var reader = CacheReader(encoded[...])
        _ = try BuildManifest.FirstHalf(from: &reader)
        let secondHalf = bytes.suffix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(secondHalf == reader.position && secondHalf > 0 && secondHalf < encoded.count)
        // A flipped byte in either half, or in where the second starts, and nothing is read.
        for position in [bytes.count / 2, 8 + secondHalf / 2, bytes.count - 8] {
            var damaged = Data(bytes)
            damaged[position] ^= 0x01
            try damaged.write(to: file)
            #expect(BuildManifest.load(root: root, output: output) == nil, "byte \(position)")
        }
    }

    /// The sources' stamps in the last manifest's order are the stamps sorted by path, whatever that order holds:
    /// the same paths (with new stamps), one added, one gone, another in its place, or an order that is not sorted.
    @Test func inputsInTheRecordedOrderAreTheInputsSorted() {
        func stamp(_ value: Int) -> EntryStamp {
            EntryStamp(kind: .file, file: FileStamp(size: Int64(value), modified: Int64(value), changed: 0, inode: UInt64(value)), linkTarget: "")
        }
        let paths = (0..<500).map { "Content/briefs/b\($0 * 7 % 500).\($0.isMultiple(of: 2) ? "en" : "zh-Hant").md" }
        let stamps = Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($1, stamp($0)) })
        let recorded = BuildManifest.inputs(stamps.mapValues { _ in stamp(1_000) })
        #expect(recorded.map(\.path) == paths.sorted())
        var added = stamps
        added["Content/briefs/a-new.en.md"] = stamp(9)
        var gone = stamps
        gone[paths[3]] = nil
        var replaced = gone
        replaced["Content/briefs/a-new.en.md"] = stamp(9)
        for current in [stamps, added, gone, replaced] {
            #expect(BuildManifest.inputs(current, orderedLike: recorded) == BuildManifest.inputs(current))
        }
        #expect(BuildManifest.inputs(stamps, orderedLike: recorded.reversed()) == BuildManifest.inputs(stamps))
        #expect(BuildManifest.inputs(stamps, orderedLike: []) == BuildManifest.inputs(stamps))
    }

    /// A whole regular file's bytes, or nil: what the manifest and the indexes are read with.
    @Test func fileBytesAreAWholeRegularFileOrNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("briefsite-bytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let content = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(content).write(to: folder.appendingPathComponent("full"))
        try Data().write(to: folder.appendingPathComponent("empty"))
        #expect(FileTree.bytes(folder.appendingPathComponent("full").path) == content)
        #expect(FileTree.bytes(folder.appendingPathComponent("empty").path) == [])
        #expect(FileTree.bytes(folder.appendingPathComponent("missing").path) == nil)
        #expect(FileTree.bytes(folder.path) == nil)
    }
}
