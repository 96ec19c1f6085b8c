import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a build keeps what it rendered until it is written: one unnamed
/// scratch file instead of memory, so that a build's peak memory does not
/// grow with the size of the site (each page's bytes, each body's HTML).
/// The file is unlinked as soon as it is made: nothing is left behind, even
/// by a killed build. What the system does not take (a full disk) stays in
/// memory instead.
public final class SpillFile: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var end: Int64 = 0

    /// A scratch file in `folder`; nil when none can be made there.
    public init?(in folder: URL) {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(".spill-\(getpid())-\(UUID().uuidString)").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        unlink(path)
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Stores `data`; nil if it could not be written.
    func keep(_ data: Data) -> Spilled? {
        data.withUnsafeBytes { keep($0) }
    }

    /// Stores `bytes`; nil if they could not be written.
    func keep(_ bytes: [UInt8]) -> Spilled? {
        bytes.withUnsafeBytes { keep($0) }
    }

    /// Stores the text's UTF-8 straight from the string, with no copy made first.
    func keep(_ text: String) -> Spilled? {
        var text = text
        return text.withUTF8 { keep(UnsafeRawBufferPointer($0)) }
    }

    private func keep(_ raw: UnsafeRawBufferPointer) -> Spilled? {
        lock.lock()
        let offset = end
        end += Int64(raw.count)
        lock.unlock()
        var done = 0
        while done < raw.count, let base = raw.baseAddress {
            let count = pwrite(descriptor, base + done, raw.count - done, off_t(offset) + off_t(done))
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            done += count
        }
        return Spilled(file: self, extent: Spilled.Extent(offset: offset, count: raw.count))
    }

    /// Reads `raw.count` bytes at `offset` into `raw`.
    fileprivate func read(into raw: UnsafeMutableRawBufferPointer, at offset: Int64) -> Bool {
        FileTree.readFully(descriptor, into: raw, at: Int(offset))
    }

    /// A file's bytes moved out of memory; the file as it was when they cannot be.
    func spilled(_ file: OutputFile) -> OutputFile {
        guard case .bytes(let data) = file.contents, let kept = keep(data) else { return file }
        var moved = file
        moved.contents = .spilled(kept)
        return moved
    }
}

/// Bytes in a spill file: one run of them, or the parts of a page written
/// in parts, with what the file did not take kept in memory after them.
public struct Spilled: Sendable {
    struct Extent: Sendable {
        let offset: Int64
        let count: Int
    }

    let file: SpillFile
    /// The first run held inline, the rest of a page written in parts in a box: a list for every file was a
    /// small allocation for each of 430,000 files at 100,000 briefs, and the rest held inline made every
    /// output file's record larger.
    private let first: Extent
    private let rest: Rest?

    /// The runs after the first, and bytes after them that stayed in memory (the spill file stopped taking
    /// bytes midway).
    private final class Rest: Sendable {
        let extents: [Extent]
        let tail: Data

        init(extents: [Extent], tail: Data) {
            self.extents = extents
            self.tail = tail
        }
    }

    private var more: [Extent] { rest?.extents ?? [] }
    var tail: Data { rest?.tail ?? Data() }

    /// The runs in order.
    var extents: [Extent] { [first] + more }

    public var count: Int { more.reduce(first.count + tail.count) { $0 + $1.count } }

    /// The parts one after another, or nil when they are in different spill files.
    init?(joining parts: [Spilled], tail: Data = Data()) {
        guard let head = parts.first, parts.allSatisfy({ $0.file === head.file && $0.tail.isEmpty }) else { return nil }
        file = head.file
        first = head.first
        let more = head.more + parts.dropFirst().flatMap { [$0.first] + $0.more }
        rest = more.isEmpty && tail.isEmpty ? nil : Rest(extents: more, tail: tail)
    }

    init(file: SpillFile, extent: Extent) {
        self.file = file
        first = extent
        rest = nil
    }

    public func read() -> Data? {
        var data = Data()
        data.reserveCapacity(count)
        return forEachPiece { data.append(contentsOf: $0); return true } ? data : nil
    }

    /// The bytes in order, at most `size` at a time (a page of the whole
    /// site's data is never read whole); false when a read failed or `body` said stop.
    func forEachPiece(size: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        var buffer = [UInt8](repeating: 0, count: min(size, more.reduce(first.count) { max($0, $1.count) }))
        func read(_ extent: Extent) -> Bool {
            var done = 0
            while done < extent.count {
                let length = min(buffer.count, extent.count - done)
                let fine = buffer.withUnsafeMutableBytes { raw -> Bool in
                    let piece = UnsafeMutableRawBufferPointer(rebasing: raw[0..<length])
                    return file.read(into: piece, at: extent.offset + Int64(done)) && body(UnsafeRawBufferPointer(piece))
                }
                guard fine else { return false }
                done += length
            }
            return true
        }
        guard read(first) else { return false }
        for extent in more { guard read(extent) else { return false } }
        return tail.isEmpty || tail.withUnsafeBytes { body($0) }
    }
}
