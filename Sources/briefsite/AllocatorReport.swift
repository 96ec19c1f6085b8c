import BriefSite
import CAllocator
import Foundation

/// Which malloc the program runs on, for the timings printed when profiling (BRIEFSITE_TIMING): a build that
/// found itself on the system's malloc would be slower and larger without saying why.
enum AllocatorReport {
    static func printIfTiming() {
        guard ProcessInfo.processInfo.environment["BRIEFSITE_TIMING"] != nil else { return }
        let line: String
        if let version = briefsite_allocator_version() {
            let megabytes = Double(HeapInUse.bytes() ?? 0) / 1_048_576
            var dirty = -1, muzzy = -1
            _ = briefsite_allocator_decay(&dirty, &muzzy)
            line = "timing: allocator jemalloc \(String(cString: version)), freed pages kept \(dirty) ms (dirty) and \(muzzy) ms (muzzy), "
                + "\(String(format: "%.1f", megabytes)) MB allocated at the end\n"
        } else {
            line = "timing: allocator the system's malloc\n"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }
}
