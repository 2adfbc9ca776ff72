// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "cadence",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cadence", targets: ["cadence"]),
        .library(name: "CadenceEngine", targets: ["CadenceEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // The behaviour engine: events, features, detectors, calibration, trust, metrics, evaluation.
        // Pure Swift, no I/O beyond the data-set loaders, no server dependency.
        .target(name: "CadenceEngine", swiftSettings: swiftSettings),
        // The `cadence` command line: subcommands, progress, tables, reports.
        .target(
            name: "CadenceCLI",
            dependencies: [
                "CadenceEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "cadence",
            dependencies: ["CadenceCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CadenceEngineTests", dependencies: ["CadenceEngine"], swiftSettings: swiftSettings),
        .testTarget(name: "CadenceCLITests", dependencies: ["CadenceCLI", "CadenceEngine"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
