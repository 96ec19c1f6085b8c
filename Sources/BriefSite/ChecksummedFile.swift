import BriefCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file written through a buffer, its bytes hashed as they go: whole
/// buffers are a multiple of eight bytes, so the hash is the one of all the
/// bytes at once (`StableHash.combineRun`).
struct ChecksummedFile {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var offset: Int
    private var hash = StableHash()
    private var count = 0
    private var failed = false
    private static let flushSize = 1 << 20

    init?(path: String, start: Int) {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
        offset = start
        buffer.reserveCapacity(ChecksummedFile.flushSize + 64)
    }

    mutating func append(_ byte: UInt8) {
        buffer.append(byte)
    }

    /// A long run of bytes goes through the buffer a buffer's worth at a time: appended whole, it grew the buffer
    /// to its size for the rest of the file (the scan of Content/, 26 MB at 100,000 briefs, is one entry).
    mutating func append(contentsOf bytes: ArraySlice<UInt8>) {
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = min(bytes.endIndex, start + max(ChecksummedFile.flushSize - buffer.count, 8))
            buffer.append(contentsOf: bytes[start..<end])
            start = end
            if buffer.count >= ChecksummedFile.flushSize { flush(all: false) }
        }
    }

    /// Room the buffer holds, written or not (what a test of long runs looks at).
    var bufferCapacity: Int { buffer.capacity }

    /// Writes what is buffered: all of it, or the longest run of whole words.
    private mutating func flush(all: Bool) {
        let length = all ? buffer.count : buffer.count & ~7
        buffer.withUnsafeBytes { raw in
            let part = UnsafeRawBufferPointer(rebasing: raw[0..<length])
            hash.combineRun(part)
            if !failed && !write(part, at: offset) { failed = true }
        }
        offset += length
        count += length
        buffer.removeFirst(length)
    }

    /// Writes the rest; the checksum of everything appended, or nil when a write failed.
    mutating func finish() -> StableHash? {
        flush(all: true)
        hash.combine(count)
        return failed ? nil : hash
    }

    func write(_ bytes: [UInt8], at position: Int) -> Bool {
        bytes.withUnsafeBytes { write($0, at: position) }
    }

    private func write(_ bytes: UnsafeRawBufferPointer, at position: Int) -> Bool {
        var done = 0
        while done < bytes.count, let base = bytes.baseAddress {
            let written = pwrite(descriptor, base + done, bytes.count - done, off_t(position + done))
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            done += written
        }
        return true
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
