import Foundation

/// A source file read with one `open`: its size is taken from the open
/// descriptor, so a file is never looked up by path more than once (a
/// link is followed by `open` itself; `ContentLoader` has already refused
/// links that leave Content/).
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
        // One byte more than the size: a file that grew since fstat is read to its end, within the limit.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard bytes.count <= limit else { return .tooLarge(bytes.count) }
                bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 4096)))
            }
            let count = bytes.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return read(descriptor, base + filled, raw.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .unreadable
            }
            if count == 0 { break }
            filled += count
        }
        guard filled <= limit else { return .tooLarge(filled) }
        bytes.removeSubrange(filled...)
        return .bytes(bytes)
    }
}
