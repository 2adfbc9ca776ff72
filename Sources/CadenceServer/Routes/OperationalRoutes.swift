import Foundation
import Hummingbird
import NIOCore

extension CadenceService {
    /// `GET /health` (unauthenticated) and `GET /metrics` (the admin key: the counters describe
    /// every tenant's traffic).
    func addOperationalRoutes(to router: Router<CadenceRequestContext>) {
        router.get("health") { _, _ in
            _ = try await store.setting("token-secret")
            return Health(status: "ok", version: CadenceService.version)
        }

        router.group().add(middleware: Authenticate(credential: .operatorKey, service: self)).get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render())))
        }
    }

    public static let version = "0.1.0"
}
