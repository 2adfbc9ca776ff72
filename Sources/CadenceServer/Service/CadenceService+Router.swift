import Hummingbird

extension CadenceService {
    /// Every route of the service, with JSON errors and request metrics.
    public func router() -> Router<CadenceRequestContext> {
        let router = Router(context: CadenceRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        // Any origin may call: the SDK posts from the bank's pages to Cadence's origin. No
        // cookies are used anywhere (every credential is a bearer header or the token query),
        // so this grants a page nothing it could not do without credentials.
        router.add(
            middleware: CORSMiddleware(allowOrigin: .originBased, allowMethods: [.get, .post, .put, .delete, .options]))
        router.add(middleware: JSONErrorMiddleware())
        router.add(middleware: UploadLimit(bytes: configuration.maximumJSONBytes))
        addOperationalRoutes(to: router)
        addAPIRoutes(to: router)
        addStepUpRoutes(to: router)
        addSettingsRoutes(to: router)
        addAdminRoutes(to: router)
        if configuration.demo { addDemoRoutes(to: router) }
        addStaticRoutes(to: router)
        return router
    }

    /// The HTTP application on `configuration.host:port`; `runService()` runs it until SIGINT or
    /// SIGTERM, then lets requests in flight finish (graceful shutdown).
    public func application(
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
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
        try await application(onServerRunning: onRunning).runService()
    }
}
