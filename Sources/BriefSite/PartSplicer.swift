import BriefCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Puts new parts in place of old ones in a file written in parts (a
/// timeline file a part a month, a tracker page a part a history), as the
/// output holds it: each part replaced must first be, byte for byte, what
/// its old inputs render to (or hold, found by their bytes, what is
/// replaced in it); the parts around are copied from the file.
enum PartSplicer {
    /// The file with these parts (by position) made again, each from its old bytes by `remake` (nil when they are
    /// not what it expects), with its size and parts (no contents when every part made again has the bytes it had);
    /// nil when the file is not as the index says.
    static func remake(_ file: TimelineIndex.File, in output: URL, parts changed: [Int],
                       remake: (_ position: Int, _ old: [UInt8]) -> Data?) -> (contents: OutputFile.Contents?, size: Int, parts: [Range<Int>])? {
        guard let first = file.paths.first else { return nil }
        let source = output.path + "/" + first
        let descriptor = open(source, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, Int(info.st_size) == file.size else { return nil }
        let changed = Set(changed)
        var pieces: [SplicedFile.Piece] = []
        var parts = file.parts
        var position = 0
        var shift = 0
        var differs = false
        for (index, range) in file.parts.enumerated() {
            parts[index] = (range.lowerBound + shift)..<(range.upperBound + shift)
            guard changed.contains(index) else { continue }
            guard range.lowerBound >= position, range.upperBound <= file.size,
                  let oldBytes = read(descriptor, range), let made = remake(index, oldBytes)
            else { return nil }
            differs = differs || !ByteSearch.same(made, oldBytes)
            pieces.append(.old(position..<range.lowerBound))
            pieces.append(.new(made))
            parts[index] = (range.lowerBound + shift)..<(range.lowerBound + shift + made.count)
            shift += made.count - range.count
            position = range.upperBound
        }
        pieces.append(.old(position..<file.size))
        return (differs ? .spliced(SplicedFile(source: source, pieces: pieces)) : nil, file.size + shift, parts)
    }

    private static func read(_ descriptor: Int32, _ range: Range<Int>) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: range.count)
        return bytes.withUnsafeMutableBytes { FileTree.readFully(descriptor, into: $0, at: range.lowerBound) } ? bytes : nil
    }
}
