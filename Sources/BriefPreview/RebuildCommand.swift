import Foundation

/// The `swift build` that makes this program again after a template changed. It must ask for what made the
/// running binary — the configuration, and whether the Swift runtime is linked into it — or SwiftPM takes the
/// flags as changed and compiles every module again instead of the templates alone.
enum RebuildCommand {
    static func arguments(package: String, executable: String, runtimeLinkedIn: Bool) -> [String] {
        var arguments = ["swift", "build", "--product", "briefsite", "--package-path", package]
        if executable.contains("/release/") { arguments += ["-c", "release"] }
        if runtimeLinkedIn { arguments.append("--static-swift-stdlib") }
        return arguments
    }

    /// Whether this process carries the Swift runtime in its own binary (`--static-swift-stdlib`, as `.ci/preview`
    /// builds it) rather than loading the shared library.
    static var runtimeLinkedIn: Bool {
        // Read to its end, not by its size: /proc reports none.
        guard let maps = FileHandle(forReadingAtPath: "/proc/self/maps")?.readDataToEndOfFile(), !maps.isEmpty else { return false }
        return !String(decoding: maps, as: UTF8.self).contains("/libswiftCore.so")
    }
}
