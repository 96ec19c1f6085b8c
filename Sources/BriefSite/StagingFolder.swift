import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The folder a build makes the site in when there is no output yet (the first build, a fresh clone, a
/// deploy): the render writes each page into it as soon as the page is made, on the core that made it,
/// instead of moving its bytes into the spill file and out again at the end. The writer then writes what
/// the render did not place and moves the folder into place (`OutputWriter.write(_:found:spareFound:staged:)`).
///
/// Only a build with no output may do this: with one, a page whose bytes did not change is linked rather
/// than written, so that it keeps its file and its mtime, and that is decided at the end. Nothing of the
/// output changes until the move, so a failed build only removes this folder; a killed one leaves it to
/// the next build's sweep of staging folders (`OutputWriter.removeLeftovers`).
public final class StagingFolder: Sendable {
    public let path: String
    /// Data files that several pages add (a table's CSV, the same from each language's page), by the hash of
    /// their path: the fingerprint of the bytes of the first to claim the path, which writes them. Hashes, not
    /// paths, to keep it small (330,000 paths at 100,000 briefs); a fingerprint covers the path too, so a path
    /// that shares another's hash has another fingerprint and is left to the writer.
    private let claims = Mutex<[Int: UInt64]>([:])

    /// Makes the folder; nil when it cannot be made (the writer then makes the site as it always could).
    init?(path: String) {
        guard mkdir(path, 0o755) == 0 else { return nil }
        self.path = path
    }

    /// Writes `raw` to `file` (a path in the site) and gives the file's stamp as written; nil when it could not
    /// be written, in which case the caller keeps the bytes for the writer, which writes them again or reports why
    /// it cannot.
    func place(_ raw: UnsafeRawBufferPointer, at file: String) -> PlacedStamp? {
        guard let descriptor = create(file) else { return nil }
        defer { close(descriptor) }
        guard FileTree.writeAll(raw, to: descriptor) else { return nil }
        return PlacedStamp.of(descriptor)
    }

    /// A text's UTF-8 written to `file` (see `place(_:at:)`).
    func place(_ text: String, at file: String) -> PlacedStamp? {
        var text = text
        return text.withUTF8 { place(UnsafeRawBufferPointer($0), at: file) }
    }

    /// A data file that several pages may add, placed once: by the first to claim its path. A later claim with
    /// the same bytes (fingerprint) is placed by that one; one with other bytes, or a file that could not be
    /// written, is returned as it was, for the writer (which keeps the first of a path in the render's order and
    /// writes it over what is there). A placed file that is not whole when the site is moved into place fails the
    /// write (`OutputWriter.makeAfresh` compares sizes).
    func placeShared(_ file: OutputFile) -> OutputFile {
        guard case .bytes(let data) = file.contents, let fingerprint = file.fingerprint else { return file }
        let key = file.path.hashValue
        let earlier = claims.withLock { claimed -> UInt64? in
            if let earlier = claimed[key] { return earlier }
            claimed[key] = fingerprint
            return nil
        }
        if let earlier, earlier != fingerprint { return file }
        var written = PlacedStamp.none
        if earlier == nil {
            guard let stamp = data.withUnsafeBytes({ place($0, at: file.path) }) else { return file }
            written = stamp
        }
        var placed = file
        placed.contents = .placed(count: data.count, failure: 0, written: written)
        return placed
    }

    /// A new file at `file`, opened for writing, its folders made when they are missing; nil with `errno` set
    /// when it cannot be.
    func create(_ file: String) -> Int32? {
        let target = path + "/" + file
        var descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 && errno == ENOENT {
            guard makeFolders(holding: file) else { return nil }
            descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        return descriptor >= 0 ? descriptor : nil
    }

    /// Makes the missing folders of `file`: up from the innermost to the first that is there, then back down.
    /// No list of the folders made is kept (200,000 of them at 100,000 briefs): a file whose folder is missing
    /// finds out by failing to open, once a folder. Two threads may make the same folder; the second finds it
    /// there (`EEXIST`).
    private func makeFolders(holding file: String) -> Bool {
        let folders = OutputWriter.folders(of: file)
        var index = folders.count - 1
        while index >= 0 {
            if mkdir(path + "/" + folders[index], 0o755) == 0 || errno == EEXIST { break }
            guard errno == ENOENT else { return false }
            index -= 1
        }
        for folder in folders[(index + 1)...] where mkdir(path + "/" + folder, 0o755) != 0 && errno != EEXIST {
            return false
        }
        return true
    }

    /// Removes the folder and what is in it (a failed build's, or one the writer did not take).
    func remove() {
        FileTree.remove(path)
    }
}
