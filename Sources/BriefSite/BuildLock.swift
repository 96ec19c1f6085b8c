import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One build of a site at a time: two builds at once would both update the
/// spare folder and the build cache. The lock is the kernel's (`flock`), so
/// a build that is killed releases it with its process.
final class BuildLock {
    private let descriptor: Int32

    /// Takes the lock of the site at `root`, waiting (and saying so) while another build holds it;
    /// nil when no lock file can be made (a read-only site), and then the build goes on without one.
    init?(root: URL, waiting: () -> Void) {
        let folder = BuildManifest.folder(root: root)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        descriptor = open(folder.appendingPathComponent("build.lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waiting()
            while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        }
    }

    deinit {
        close(descriptor)
    }
}
