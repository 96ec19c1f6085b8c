@testable import BriefPreview
import Foundation
import Testing

@Suite struct RebuildCommandTests {
    /// The preview rebuilds the templates with the flags that made the running binary: a release binary with the
    /// Swift runtime linked in (as `.ci/preview` builds it) asks for both, or every module is compiled again.
    @Test func asksForWhatMadeTheRunningBinary() {
        #expect(RebuildCommand.arguments(package: "/site", executable: "/site/.build/debug/briefsite", runtimeLinkedIn: false)
                == ["swift", "build", "--product", "briefsite", "--package-path", "/site"])
        #expect(RebuildCommand.arguments(package: "/site", executable: "/site/.build/release/briefsite", runtimeLinkedIn: true)
                == ["swift", "build", "--product", "briefsite", "--package-path", "/site", "-c", "release", "--static-swift-stdlib"])
        #expect(RebuildCommand.arguments(package: "/site", executable: ".build/x86_64-unknown-linux-gnu/release/briefsite",
                                         runtimeLinkedIn: false).suffix(2) == ["-c", "release"])
    }

    /// The tests run on the shared Swift runtime, which the check must see as not linked in.
    @Test func seesTheSharedRuntimeOfTheTestProcess() throws {
        let maps = String(decoding: try #require(FileHandle(forReadingAtPath: "/proc/self/maps")).readDataToEndOfFile(), as: UTF8.self)
        #expect(maps.contains("/libswiftCore.so"))
        #expect(!RebuildCommand.runtimeLinkedIn)
    }
}
