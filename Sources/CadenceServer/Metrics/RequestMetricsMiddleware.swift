import Hummingbird

/// Counts every request and times it, for `GET /metrics`.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        metrics.request(status: response.status.code, seconds: seconds)
        if response.status == .requestTimeout { metrics.limitReached(.bodyTimeout) }
        return response
    }
}
