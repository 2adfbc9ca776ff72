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
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Webhook delivery: pinned DNS, no redirects, bounded time and size (and TLS with swift-nio-ssl,
        // which HummingbirdTLS shares for `--tls-certificate`).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already dependencies of Hummingbird; named so that CadenceServer may import them.
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.26.0"),
        // The multi-node store (`--database postgres://…`): pooled connections, bind parameters, no ORM.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // The behaviour engine: events, features, detectors, calibration, trust, metrics, evaluation.
        // Pure Swift, no I/O beyond the data-set loaders, no server dependency.
        .target(name: "CadenceEngine", swiftSettings: swiftSettings),
        // The service: HTTP API, storage, auth, webhooks, metrics, static pages (`cadence serve`).
        .target(
            name: "CadenceServer",
            dependencies: [
                "CadenceEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            resources: [.copy("Public")],
            swiftSettings: swiftSettings
        ),
        // The `cadence` command line: subcommands, progress, tables, reports.
        .target(
            name: "CadenceCLI",
            dependencies: [
                "CadenceEngine",
                "CadenceServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "cadence",
            dependencies: ["CadenceCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        // Fixtures the engine's and the CLI's tests share.
        .target(name: "CadenceTestFixtures", path: "Tests/CadenceTestFixtures", swiftSettings: swiftSettings),
        .testTarget(
            name: "CadenceEngineTests", dependencies: ["CadenceEngine", "CadenceTestFixtures"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CadenceServerTests",
            dependencies: [
                "CadenceServer",
                "CadenceEngine",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CadenceCLITests", dependencies: ["CadenceCLI", "CadenceEngine", "CadenceTestFixtures"],
            swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
