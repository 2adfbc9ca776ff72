// swift-tools-version:6.1
// Micro-benchmarks of the behaviour engine (ordo-one/benchmark), kept in their own package so the
// root package's build and tests never see the benchmark dependency. Run from this folder:
//   swift package benchmark
import PackageDescription

let package = Package(
    name: "CadenceBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "cadence", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                .product(name: "CadenceEngine", package: "cadence"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ],
    swiftLanguageModes: [.v6]
)
