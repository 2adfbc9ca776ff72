import Foundation
import Hummingbird
import Logging
import NIOCore

extension CadenceService {
    /// The folder of the demo bank, dashboard and SDK: `--public DIR` or the bundled resources.
    var publicDirectory: String? {
        if let directory = configuration.publicDirectory { return directory }
        return Bundle.module.url(forResource: "Public", withExtension: nil)?.path
    }

    /// `/` (demo bank, with `--demo`), `/admin` (dashboard) and every other file of the public folder
    /// (`/sdk/cadence.js`, styles, scripts).
    func addStaticRoutes(to router: Router<CadenceRequestContext>) {
        guard let root = publicDirectory else {
            logger.warning("no public folder: the demo bank and dashboard are not served")
            return
        }
        // The demo bank's page, only when it runs (`--demo`).
        if configuration.demo { router.get("/") { _, _ in try page(root, "index.html") } }
        router.get("admin") { _, _ in try page(root, "admin.html") }
        var quiet = logger
        quiet.logLevel = .warning
        router.add(
            middleware: FileMiddleware(root, cacheControl: .init([(MediaType(type: .any), [.noCache])]), logger: quiet))
    }

    private func page(_ root: String, _ name: String) throws -> Response {
        guard let data = FileManager.default.contents(atPath: root + "/" + name) else {
            throw APIError.notFound("\(name) is not part of this build")
        }
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
