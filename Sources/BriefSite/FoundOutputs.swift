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
            verified.reserveCapacity(recorded.count)
            for record in recorded {
                switch stamps[record.path] {
                case record.stamp?: verified[record.path] = record
                case nil: missing += 1
                default: continue
                }
            }
            // Every verified file was found: when all that were found are verified, none is unexpected.
            if verified.count < stamps.count { unexpected = stamps.keys.filter { verified[$0] == nil } }
        }
    }

    /// The manifest, when the running program wrote it for this output.
    let manifest: BuildManifest?
    let output: Folder
    private let spareRecords: [OutputRecord]
    private let sparePath: String

    /// Walks the output folder; the spare is walked only when a build will write (`walkSpare`).
    init(manifest: BuildManifest?, program: String?, writer: OutputWriter) {
        var usable = manifest
        if let manifest, program == nil || manifest.program != program || manifest.output != writer.output.path { usable = nil }
        self.manifest = usable
        // Fingerprints of another program may stand for other bytes: without a usable manifest nothing is vouched for.
        output = Folder(path: writer.output.path, recorded: usable?.outputs ?? [])
        spareRecords = usable?.spare ?? []
        sparePath = writer.spare.path
    }

    /// The spare folder checked against its record, or nil when there is no spare folder.
    func walkSpare() -> Folder? {
        guard FileManager.default.fileExists(atPath: sparePath) else { return nil }
        return Folder(path: sparePath, recorded: spareRecords)
    }

    /// The fingerprints of the output's files that are as recorded, for the build cache to keep pages by.
    var fingerprints: [String: UInt64] {
        output.verified.compactMapValues(\.fingerprint)
    }
}
