import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Watches folders for changes and reports them in debounced batches:
/// inotify on Linux (create, change, delete, rename, and the rename-over
/// that editors use to save), polling elsewhere or where inotify fails.
public final class FileWatcher: @unchecked Sendable {
    let roots: [URL]
    /// Quiet time after the last event before a batch is reported.
    let quiet: Double
    /// The longest a burst of events can delay a batch.
    let maximumDelay: Double
    private let onChange: @Sendable ([String]) -> Void
    private let lock = NSLock()
    private var running = false
    private var thread: Thread?
    private(set) var usesPolling = false
    private let forcePolling: Bool

    public init(roots: [URL], quiet: Double = 0.01, maximumDelay: Double = 0.2, forcePolling: Bool = false,
         onChange: @escaping @Sendable ([String]) -> Void) {
        self.forcePolling = forcePolling
        self.roots = roots.map(\.standardizedFileURL)
        self.quiet = quiet
        self.maximumDelay = maximumDelay
        self.onChange = onChange
    }

    /// Watches from the moment it returns: the folders are registered (or
    /// first listed, when polling) before it does, so that a file saved right
    /// after is seen, however late the watching thread gets to run.
    public func start() {
        lock.lock()
        running = true
        lock.unlock()
        #if os(Linux)
        let watches = forcePolling ? nil : InotifyWatches(roots: roots)
        let polls = watches == nil
        #else
        let polls = true
        #endif
        if polls { usesPolling = true }
        let known = polls ? snapshot() : [:]
        let thread = Thread { [self] in
            #if os(Linux)
            if let watches { watch(watches) } else { watchByPolling(from: known) }
            #else
            watchByPolling(from: known)
            #endif
        }
        thread.name = "briefsite-watcher"
        self.thread = thread
        thread.start()
    }

    public func stop() {
        lock.lock()
        running = false
        lock.unlock()
    }

    private var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    /// Editors' scratch files, and hidden files, which the site never reads (the loader skips them too): a save
    /// made as a hidden temporary file renamed over the brief was seen as two changes when the rename came more
    /// than `quiet` after the write, and the first, with nothing to rebuild, still reloaded every browser.
    static func ignored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx") || name == "4913"
    }

    #if os(Linux)
    private func watch(_ watches: InotifyWatches) {
        let descriptor = watches.descriptor
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var pending = Set<String>()
        var firstEvent: Double?
        var lastEvent: Double = 0
        let headerSize = MemoryLayout<inotify_event>.size
        while isRunning {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let now = FileWatcher.now()
            var timeout: Int32 = 250
            if let first = firstEvent {
                let due = min(lastEvent + quiet, first + maximumDelay)
                timeout = Int32(max(0, (due - now) * 1000))
            }
            let ready = poll(&poller, 1, timeout)
            if ready > 0 {
                let count = read(descriptor, &buffer, buffer.count)
                var offset = 0
                while count > 0, offset + headerSize <= count {
                    let event = buffer.withUnsafeBytes { raw in raw.load(fromByteOffset: offset, as: inotify_event.self) }
                    let nameBytes = buffer[(offset + headerSize)..<(offset + headerSize + Int(event.len))]
                    let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                    offset += headerSize + Int(event.len)
                    guard let folder = watches.folders[event.wd] else { continue }
                    let path = name.isEmpty ? folder : folder + "/" + name
                    if event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { watches.add(path) }
                    if event.mask & UInt32(IN_IGNORED) != 0 { watches.folders[event.wd] = nil }
                    if !name.isEmpty && FileWatcher.ignored(name) { continue }
                    pending.insert(path)
                    let time = FileWatcher.now()
                    if firstEvent == nil { firstEvent = time }
                    lastEvent = time
                }
            }
            if let first = firstEvent {
                let time = FileWatcher.now()
                if time >= lastEvent + quiet || time >= first + maximumDelay {
                    let batch = pending.sorted()
                    pending.removeAll()
                    firstEvent = nil
                    if !batch.isEmpty { onChange(batch) }
                }
            }
        }
    }
    #endif

    /// Compares every file's size and times against the last look.
    private func watchByPolling(from first: [String: String]) {
        var known = first
        while isRunning {
            Thread.sleep(forTimeInterval: 0.3)
            let now = snapshot()
            var changed = Set<String>()
            for (path, stamp) in now where known[path] != stamp { changed.insert(path) }
            for path in known.keys where now[path] == nil { changed.insert(path) }
            known = now
            if !changed.isEmpty { onChange(changed.sorted()) }
        }
    }

    private func snapshot() -> [String: String] {
        var result: [String: String] = [:]
        for root in roots {
            guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey]) else { continue }
            for case let url as URL in enumerator where !FileWatcher.ignored(url.lastPathComponent) {
                let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey])
                result[url.path] = "\(values?.fileSize ?? -1)-\(values?.contentModificationDate?.timeIntervalSince1970 ?? 0)"
            }
        }
        return result
    }

    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000
    }
}

#if os(Linux)
/// An inotify descriptor and the folders it watches, every folder under the
/// roots; used by one thread at a time (made by `start`, then the watcher's).
final class InotifyWatches: @unchecked Sendable {
    let descriptor: Int32
    var folders: [Int32: String] = [:]
    // IN_CLOSE_WRITE rather than IN_MODIFY: a file is read once its writer is done, not half-written.
    private let mask = UInt32(IN_CREATE | IN_DELETE | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
        | IN_DELETE_SELF | IN_MOVE_SELF)

    /// Nil where inotify cannot be used or no root exists: then the watcher polls.
    init?(roots: [URL]) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        for root in roots where FileManager.default.fileExists(atPath: root.path) { add(root.path) }
        if folders.isEmpty { return nil }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    func add(_ path: String) {
        let handle = inotify_add_watch(descriptor, path, mask)
        guard handle >= 0 else { return }
        folders[handle] = path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names where !name.hasPrefix(".") {
            var isFolder: ObjCBool = false
            let child = path + "/" + name
            if FileManager.default.fileExists(atPath: child, isDirectory: &isFolder), isFolder.boolValue { add(child) }
        }
    }
}
#endif
