import Foundation

/// A file of the built site, by its path under Public/.
public struct OutputFile: Sendable {
    public enum Contents: Sendable {
        case bytes(Data)
        /// A file copied as it is (a bundle's image or PDF).
        case copy(URL)
        /// The file as the last build wrote it, unchanged: the build cache
        /// found its fingerprint the same and the manifest vouches for the
        /// file at this path (in the current output) holding those bytes.
        case kept(path: String)
        /// Bytes a build moved out of memory into its spill file until they are written.
        case spilled(Spilled)
        /// A file made of ranges of another (an output file as the last build wrote it) and new bytes.
        case spliced(SplicedFile)
        /// Bytes the render already wrote into the build's staging folder (`StagingFolder`): `count` of them,
        /// or, when `failure` is not 0, the error (`errno`) that stopped their writing, for the writer to report.
        /// `written`: the file as the one who wrote it saw it then (`PlacedStamp.none` for a file another job wrote).
        case placed(count: Int, failure: Int32, written: PlacedStamp)
    }

    public var path: String
    public var contents: Contents
    /// Set when the bytes are known to follow from inputs with this
    /// fingerprint: equal fingerprints, equal bytes, no need to hash them.
    public var fingerprint: UInt64?

    public init(path: String, contents: Contents, fingerprint: UInt64? = nil) {
        self.path = path
        self.contents = contents
        self.fingerprint = fingerprint
    }

    public init(path: String, text: String) {
        self.init(path: path, contents: .bytes(Data(text.utf8)))
    }

    /// Written already, into the build's staging folder.
    var isPlaced: Bool {
        if case .placed = contents { return true }
        return false
    }
}

/// What a file written into the staging folder was when its last byte was written, taken from its open
/// descriptor (`fstat`): the writer's stamp of the file without a stat by path, which walks every folder of
/// the path again (5,300 of them were 2 % of a cold build of 1,000 briefs). Moving the folder into place
/// changes neither.
public struct PlacedStamp: Sendable, Equatable {
    public var modified: Int64
    public var inode: UInt64

    /// Not taken: the writer stats the file by its path.
    public static let none = PlacedStamp(modified: 0, inode: 0)

    public var isTaken: Bool { inode != 0 }

    /// The stamp of the open file `descriptor`; `.none` when it cannot be had.
    static func of(_ descriptor: Int32) -> PlacedStamp {
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .none }
        return PlacedStamp(modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                           inode: UInt64(info.st_ino))
    }
}

/// One HTML page of the site, for the sitemap: its path and its translations.
struct SitemapEntry: Sendable {
    var path: String
    var alternates: [(language: String, path: String)]
    var xDefault: String?
    var lastModified: String?
}

/// A file made of ranges of an existing file and new bytes, in order: an
/// edit that changes a few parts of a large file copies the rest in the
/// kernel rather than through memory (see `EventEdit`).
public struct SplicedFile: Sendable {
    public enum Piece: Sendable {
        case old(Range<Int>)
        case new(Data)
    }

    /// The existing file's absolute path.
    public var source: String
    public var pieces: [Piece]
}
