// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "briefsite",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "briefsite", targets: ["briefsite"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            path: "Sources/CCmarkGFM",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "CFileExchange", path: "Sources/CFileExchange"),
        // jemalloc as the program's malloc (the executable alone: the tests keep the system's).
        .target(
            name: "CAllocator",
            path: "Sources/CAllocator",
            linkerSettings: [.linkedLibrary("jemalloc")]
        ),
        .target(name: "BriefHTML", path: "Sources/BriefHTML"),
        .target(
            name: "BriefCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            path: "Sources/BriefCore",
            // Foundation's own ICU, for number styles its FormatStyle API does not offer (compact-long).
            linkerSettings: [.linkedLibrary("_FoundationICU", .when(platforms: [.linux]))]
        ),
        .target(
            name: "BriefMarkdown",
            dependencies: ["CCmarkGFM", "BriefCore", "BriefHTML"],
            path: "Sources/BriefMarkdown"
        ),
        .target(
            name: "BriefTemplates",
            dependencies: ["BriefHTML", "BriefCore"],
            path: "Templates"
        ),
        .target(
            name: "BriefSite",
            dependencies: ["BriefCore", "BriefMarkdown", "BriefHTML", "BriefTemplates", "CFileExchange"],
            path: "Sources/BriefSite"
        ),
        .target(
            name: "BriefPreview",
            dependencies: [
                "BriefSite", "BriefCore", "BriefHTML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/BriefPreview"
        ),
        .executableTarget(
            name: "briefsite",
            dependencies: [
                "BriefSite", "BriefCore", "BriefPreview", "CAllocator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/briefsite",
            // Every command is a short process, which the dynamic loader's work delays: a position-dependent program
            // needs none of its 105,000 relocations applied, and symbols not exported are not looked up (2.3 ms of
            // a 8.2 ms start; see Benchmarks/README.md).
            linkerSettings: [.unsafeFlags(["-Xclang-linker", "-no-pie", "-Xlinker", "--no-export-dynamic"],
                                          .when(platforms: [.linux], configuration: .release))]
        ),
        // The fuzzed reader (Tests/Fuzz/run builds it with -sanitize=fuzzer);
        // a plain build replays saved inputs through the same code.
        .executableTarget(
            name: "brief-fuzz",
            dependencies: ["BriefCore", "BriefMarkdown", "BriefSite"],
            path: "Tests/Fuzz/Sources"
        ),
        .testTarget(
            name: "BriefTests",
            dependencies: [
                "BriefCore", "BriefMarkdown", "BriefHTML", "BriefTemplates", "BriefSite", "BriefPreview",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/BriefTests"
        ),
    ]
)
