import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The bytes the program's allocations hold now, when its malloc is jemalloc (the `briefsite` executable links
/// it): beside the peak resident size, the stage timings show what each stage left allocated, which the peak
/// hides. Looked up by name at run time, so the library and tests need not link jemalloc.
public enum HeapInUse {
    private typealias Control = @convention(c) (UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?,
                                                UnsafeMutableRawPointer?, Int) -> Int32

    private static let control: Control? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallctl") else { return nil }
        return unsafeBitCast(symbol, to: Control.self)
    }()

    /// Bytes allocated now; nil without jemalloc.
    public static func bytes() -> Int? {
        guard let control else { return nil }
        // Statistics are as of the last epoch: move it on first.
        var epoch: UInt64 = 0
        var next: UInt64 = 1
        var epochSize = MemoryLayout<UInt64>.size
        _ = control("epoch", &epoch, &epochSize, &next, epochSize)
        var allocated = 0
        var size = MemoryLayout<Int>.size
        guard control("stats.allocated", &allocated, &size, nil, 0) == 0 else { return nil }
        return allocated
    }

    /// Megabytes allocated now; nil without jemalloc.
    static func megabytes() -> Int? {
        bytes().map { $0 / 1_048_576 }
    }
}
