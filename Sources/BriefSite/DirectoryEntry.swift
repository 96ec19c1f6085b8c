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
}
