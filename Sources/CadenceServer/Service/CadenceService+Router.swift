import Hummingbird

extension CadenceService {
    /// Every route of the service, with JSON errors and request metrics.
    public func router() -> Router<CadenceRequestContext> {
        let router = Router(context: CadenceRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        // Outside the error middleware, so that error answers carry them too. CORS is not global:
        // only the events route answers cross-origin, for its tenant's origins (EventsCORS).
        router.add(middleware: SecurityHeaders(tls: configuration.tls != nil))
        router.add(middleware: JSONErrorMiddleware())
        router.add(middleware: AddressLimit(service: self))
        router.add(
            middleware: UploadLimit(bytes: configuration.maximumJSONBytes, timeout: configuration.connections.bodyTimeout))
        addOperationalRoutes(to: router)
        addAPIRoutes(to: router)
        addStepUpRoutes(to: router)
        addSettingsRoutes(to: router)
        addAdminRoutes(to: router)
        addOperatorRoutes(to: router)
        if configuration.demo { addDemoRoutes(to: router) }
        addStaticRoutes(to: router)
        return router
    }

    /// The HTTP application on `configuration.host:port`; `runService()` runs it until SIGINT or
    /// SIGTERM, then lets requests in flight finish (graceful shutdown).
    public func application(
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        Application(
            router: router(),
            server: try serverBuilder(),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "cadence"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}

extension CadenceService {
    /// Runs the HTTP server until SIGINT or SIGTERM; `onRunning` gets the bound port.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        defer { webhooks.stop() }  // pending deliveries stay in the outbox for the next start
        let sweeps = retentionSweeps()
        defer { sweeps.cancel() }
        try await application(onServerRunning: onRunning).runService()
    }
}
