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
        return Spilled(file: self, offset: offset, count: raw.count)
    }

    func read(_ spilled: Spilled) -> Data? {
        var data = Data(count: spilled.count)
        let complete = data.withUnsafeMutableBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var done = 0
            while done < raw.count {
                let count = pread(descriptor, base + done, raw.count - done, off_t(spilled.offset) + off_t(done))
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return false }
                done += count
            }
            return true
        }
        return complete ? data : nil
    }

    /// A file's bytes moved out of memory; the file as it was when they cannot be.
    func spilled(_ file: OutputFile) -> OutputFile {
        guard case .bytes(let data) = file.contents, let kept = keep(data) else { return file }
        var moved = file
        moved.contents = .spilled(kept)
        return moved
    }
}

/// Bytes in a spill file: where they start and how many.
public struct Spilled: Sendable {
    let file: SpillFile
    let offset: Int64
    let count: Int

    public func read() -> Data? {
        file.read(self)
    }
}
