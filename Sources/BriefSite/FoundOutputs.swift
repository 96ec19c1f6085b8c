import Foundation

/// The output folder and its spare as the last build's manifest recorded
/// them, checked against the files as they are now, file by file: a file is
/// vouched for only while its stamp is the one recorded.
struct FoundOutputs {
    /// What a walk of one folder found.
    struct Folder {
        /// The files exactly as recorded, by path.
        var verified: [String: OutputRecord] = [:]
        /// Files there that are not as recorded: changed, or unknown.
        var unexpected: [String] = []
        /// Every file there.
        var paths: Set<String> = []
        /// Files recorded but gone.
        var missing = 0

        /// Nothing added, changed or missing since it was recorded.
        var isExact: Bool { unexpected.isEmpty && missing == 0 }

        init() {}

        init(path: String, recorded: [OutputRecord]) {
            let stamps = FileStamps.all(under: path, withChangeTime: false)
            paths = Set(stamps.keys)
            for record in recorded {
                if stamps[record.path] == record.stamp { verified[record.path] = record } else if stamps[record.path] == nil { missing += 1 }
            }
            unexpected = stamps.keys.filter { verified[$0] == nil }
        }
    }

    /// The manifest, when the running program wrote it for this output.
    let manifest: BuildManifest?
    let output: Folder
    /// Nil when there is no spare folder.
    let spare: Folder?

    init(manifest: BuildManifest?, program: String?, writer: OutputWriter) {
        var usable = manifest
        if let manifest, program == nil || manifest.program != program || manifest.output != writer.output.path { usable = nil }
        self.manifest = usable
        let spareExists = FileManager.default.fileExists(atPath: writer.spare.path)
        let folders = [writer.output.path, writer.spare.path]
        // Fingerprints of another program may stand for other bytes: without a usable manifest nothing is vouched for.
        let records = [usable?.outputs ?? [], usable?.spare ?? []]
        let found = FoundSlots()
        // The two walks wait on the disk more than on the processor: both at once.
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            guard index == 0 || spareExists else { return }
            found.set(index, Folder(path: folders[index], recorded: records[index]))
        }
        output = found.get(0) ?? Folder()
        spare = spareExists ? found.get(1) : nil
    }

    /// The fingerprints of the output's files that are as recorded, for the build cache to keep pages by.
    var fingerprints: [String: UInt64] {
        output.verified.compactMapValues(\.fingerprint)
    }
}

private final class FoundSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Int: FoundOutputs.Folder] = [:]

    func set(_ index: Int, _ folder: FoundOutputs.Folder) {
        lock.lock()
        slots[index] = folder
        lock.unlock()
    }

    func get(_ index: Int) -> FoundOutputs.Folder? {
        lock.lock()
        defer { lock.unlock() }
        return slots[index]
    }
}
