import BriefHTML
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A page written in parts: once a megabyte has gathered it goes to the
/// build's spill file, so that a page of the whole site's data (the tariff
/// tracker holds every measure ever recorded; 30 MB a language at 10,000
/// briefs) is never whole in memory, nor are the views of all its parts.
/// Without a spill file (the preview), or when the file stops taking bytes,
/// the parts gather in memory.
///
/// A part made with a fingerprint of its inputs is copied from the page as
/// the last build wrote it when that page had a part with the same
/// fingerprint (`EarlierParts`): one event's new date renders one year of
/// the timeline, not all of them.
struct PageParts {
    private let spill: SpillFile?
    private let earlier: EarlierParts?
    /// The page's own file in the build's staging folder, when it has one (`StagingFolder`): the parts go
    /// there as they gather instead of to the spill file.
    private let placing: (folder: StagingFolder, file: String)?
    private var descriptor: Int32 = -1
    private var placedCount = 0
    private var placeFailure: Int32 = 0
    private var pending = Data()
    private var kept: [Spilled] = []
    private var spillFailed = false
    private(set) var parts: [PagePart] = []
    private(set) var reused = 0
    static let flushSize = 1 << 20

    init(spill: SpillFile?, earlier: EarlierParts? = nil, placing: (folder: StagingFolder, file: String)? = nil) {
        self.spill = spill
        self.earlier = earlier
        self.placing = placing
    }

    /// A part rendered every time.
    mutating func append(_ html: HTML) {
        add(html, fingerprint: PagePart.unkeyed)
    }

    /// A part whose bytes follow from `fingerprint`: copied from the earlier page when it had one, else made.
    mutating func append(fingerprint: UInt64, _ make: () -> HTML) {
        append(fingerprint: fingerprint, text: { make().rendered })
    }

    /// A part of a data file (JSON, iCalendar) rendered every time.
    mutating func append(text: String) {
        add(text, fingerprint: PagePart.unkeyed)
    }

    /// A part of a data file whose bytes follow from `fingerprint`: copied from the earlier file when it had one.
    mutating func append(fingerprint: UInt64, text make: () -> String) {
        if fingerprint != PagePart.unkeyed, let bytes = earlier?.bytes(of: fingerprint) {
            pending.append(bytes)
            parts.append(PagePart(fingerprint: fingerprint, count: bytes.count))
            reused += 1
            if pending.count >= PageParts.flushSize { flush() }
            return
        }
        add(make(), fingerprint: fingerprint)
    }

    private mutating func add(_ html: HTML, fingerprint: UInt64) {
        add(html.rendered, fingerprint: fingerprint)
    }

    private mutating func add(_ text: String, fingerprint: UInt64) {
        var text = text
        let count = text.withUTF8 { bytes in
            pending.append(bytes)
            return bytes.count
        }
        parts.append(PagePart(fingerprint: fingerprint, count: count))
        if pending.count >= PageParts.flushSize { flush() }
    }

    private mutating func flush() {
        if let placing {
            place(into: placing)
            return
        }
        guard let spill, !spillFailed, !pending.isEmpty else { return }
        if let part = spill.keep(pending) {
            kept.append(part)
            pending = Data()
        } else {
            spillFailed = true
        }
    }

    /// Appends what gathered to the page's file, made at the first call (so an empty page has its file too).
    /// After a failure the rest is dropped: the writer reports the failure and the build fails.
    private mutating func place(into placing: (folder: StagingFolder, file: String)) {
        defer { pending.removeAll(keepingCapacity: true) }
        guard placeFailure == 0 else { return }
        if descriptor < 0 {
            guard let opened = placing.folder.create(placing.file) else {
                placeFailure = errno == 0 ? EIO : errno
                return
            }
            descriptor = opened
        }
        if pending.withUnsafeBytes({ FileTree.writeAll($0, to: descriptor) }) {
            placedCount += pending.count
        } else {
            placeFailure = errno == 0 ? EIO : errno
        }
    }

    /// The page's bytes as they wait to be written, or as they were placed.
    mutating func finish() -> OutputFile.Contents {
        flush()
        if placing != nil {
            var written = PlacedStamp.none
            if descriptor >= 0 {
                if placeFailure == 0 { written = PlacedStamp.of(descriptor) }
                close(descriptor)
                descriptor = -1
            }
            return .placed(count: placedCount, failure: placeFailure, written: written)
        }
        guard let joined = Spilled(joining: kept, tail: pending) else { return .bytes(pending) }
        return .spilled(joined)
    }
}

/// One part of a page written in parts: the fingerprint of its inputs (or
/// `unkeyed`) and its length in bytes, in the page's order.
struct PagePart: Sendable, Equatable {
    var fingerprint: UInt64
    var count: Int

    static let unkeyed: UInt64 = 0
}

/// A page as the last build wrote it, read a part at a time. Used only when
/// its parts' lengths add up to the page's size; the page itself is one the
/// manifest vouches for (or the preview's bytes in memory).
final class EarlierParts {
    private let source: Source
    private var byFingerprint: [UInt64: (offset: Int, count: Int)] = [:]

    private enum Source {
        case bytes(Data)
        case file(Int32)
    }

    init?(contents: OutputFile.Contents, parts: [PagePart]) {
        guard parts.contains(where: { $0.fingerprint != PagePart.unkeyed }) else { return nil }
        let total = parts.reduce(0) { $0 + $1.count }
        switch contents {
        case .bytes(let data):
            guard data.count == total else { return nil }
            source = .bytes(data)
        case .kept(let path):
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            var info = stat()
            guard fstat(descriptor, &info) == 0, Int(info.st_size) == total else {
                close(descriptor)
                return nil
            }
            source = .file(descriptor)
        case .copy, .spilled, .spliced, .placed:
            // A spilled or placed page belongs to one build's spill file or staging folder; a copied file has no parts.
            return nil
        }
        var offset = 0
        for part in parts {
            if part.fingerprint != PagePart.unkeyed, byFingerprint[part.fingerprint] == nil {
                byFingerprint[part.fingerprint] = (offset, part.count)
            }
            offset += part.count
        }
    }

    deinit {
        if case .file(let descriptor) = source { close(descriptor) }
    }

    func bytes(of fingerprint: UInt64) -> Data? {
        guard let (offset, count) = byFingerprint[fingerprint] else { return nil }
        switch source {
        case .bytes(let data):
            return data.subdata(in: data.startIndex + offset..<data.startIndex + offset + count)
        case .file(let descriptor):
            var bytes = Data(count: count)
            return bytes.withUnsafeMutableBytes { FileTree.readFully(descriptor, into: $0, at: offset) } ? bytes : nil
        }
    }
}
