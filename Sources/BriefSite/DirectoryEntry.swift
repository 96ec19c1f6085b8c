#if canImport(Glibc)
import Glibc
#endif

/// The name of an entry that `readdir` returned. A `dirent` is only as long
/// as its name: reading the struct's whole 256-byte `d_name` (which
/// `entry.pointee.d_name` does, copying the struct) reads past the record,
/// and past the end of the buffer for the last record of a buffer that ends
/// a mapping. That read crashed a 10,000-brief build walking its output
/// (segfault at a page boundary in the output walk). The name is read up to
/// its terminating zero and no further.
enum DirectoryEntry {
    static func name(of entry: UnsafeMutablePointer<dirent>) -> String? {
        guard let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name) else { return nil }
        return String(cString: UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self))
    }

    /// Whether the entry is a folder (not a link to one), as the folder's
    /// listing says: no `stat` needed. False when the file system does not
    /// say (`DT_UNKNOWN`), and the caller looks the entry up.
    static func isFolder(_ entry: UnsafeMutablePointer<dirent>) -> Bool {
        type(of: entry) == UInt8(DT_DIR)
    }

    /// `DT_DIR`, `DT_REG`, …; `DT_UNKNOWN` where the file system does not say.
    static func type(of entry: UnsafeMutablePointer<dirent>) -> UInt8 {
        guard let offset = MemoryLayout<dirent>.offset(of: \dirent.d_type) else { return UInt8(DT_UNKNOWN) }
        return UnsafeRawPointer(entry).load(fromByteOffset: offset, as: UInt8.self)
    }
}
