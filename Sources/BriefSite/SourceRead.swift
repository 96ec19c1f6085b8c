import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file read with one `open`: its size is taken from the open descriptor, so
/// a file is never looked up by path more than once (a link is followed by
/// `open` itself; `ContentLoader` has already refused links that leave
/// Content/). Sources are read this way, and the build's own files
/// (`FileTree.bytes`).
enum SourceRead {
    case bytes([UInt8])
    case tooLarge(Int)
    case unreadable

    static func of(_ path: String, limit: Int) -> SourceRead {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .unreadable }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .unreadable }
        let size = Int(info.st_size)
        guard size <= limit else { return .tooLarge(size) }
        // One byte more than the size: a file that grew since fstat is read to its end, within the limit. The
        // room is read into as it is, not zeroed first.
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            count = 0
            while count < buffer.count, let base = buffer.baseAddress {
                let read = Glibc.read(descriptor, base + count, buffer.count - count)
                if read < 0 && errno == EINTR { continue }
                if read < 0 { failed = true }
                if read <= 0 { break }
                count += read
            }
        }
        guard !failed else { return .unreadable }
        var chunk = [UInt8](repeating: 0, count: bytes.count == size + 1 ? 4096 : 0)
        while !chunk.isEmpty {
            guard bytes.count <= limit else { return .tooLarge(bytes.count) }
            let read = chunk.withUnsafeMutableBytes { raw in raw.baseAddress.map { Glibc.read(descriptor, $0, raw.count) } ?? 0 }
            if read < 0 && errno == EINTR { continue }
            if read < 0 { return .unreadable }
            if read == 0 { break }
            bytes.append(contentsOf: chunk[..<read])
        }
        guard bytes.count <= limit else { return .tooLarge(bytes.count) }
        return .bytes(bytes)
    }
}
