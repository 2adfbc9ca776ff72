import Benchmark

/// Per-operation cost of what the service does for each unit of behaviour it scores.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        maxDuration: .seconds(2),
        maxIterations: 100_000
    )
    fixedTextBenchmarks()
    freeTextBenchmarks()
    pointerBenchmarks()
    wireBenchmarks()
}
