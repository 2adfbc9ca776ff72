import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTPTypes
import NIOSSL

/// How long a connection may stay open without finishing a request, and how many may be open.
///
/// A client that opens connections and sends nothing, or sends a request's head byte by byte
/// (slowloris), is closed after ``idleTimeout`` (it runs from the last complete request part,
/// not from the last byte, so trickling does not extend it); a request whose body has not
/// arrived in full after ``bodyTimeout`` is answered 408 (see ``UploadLimit``), which is shorter
/// so that the answer goes out before the idle close. Past ``maximumConnections`` open connections,
/// new ones are closed at once, so idle clients cannot exhaust the server's descriptors.
public struct ConnectionLimits: Sendable, Hashable {
    /// Seconds a connection may sit with no complete request head (between requests included).
    public var idleTimeout: Double
    /// Seconds a request's body may take to arrive in full.
    public var bodyTimeout: Double
    /// Connections open at once, all clients together.
    public var maximumConnections: Int
    /// Requests per second one client address may make to the routes that need no credential
    /// (pages, the demo bank's login, health, CORS preflights), sustained and at once.
    public var addressRequestsPerSecond: Double
    public var addressRequestBurst: Double

    public init(
        idleTimeout: Double = 15, bodyTimeout: Double = 10, maximumConnections: Int = 4_096,
        addressRequestsPerSecond: Double = 20, addressRequestBurst: Double = 200
    ) {
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.maximumConnections = maximumConnections
        self.addressRequestsPerSecond = addressRequestsPerSecond
        self.addressRequestBurst = addressRequestBurst
    }

    public static let standard = ConnectionLimits()
}

/// Counts the open connections; a connection beyond the cap is closed as soon as it is set up.
final class ConnectionGate: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let open: NIOLockedValueBox<Int>
    private let limit: Int
    private let refused: @Sendable () -> Void

    init(open: NIOLockedValueBox<Int>, limit: Int, refused: @escaping @Sendable () -> Void) {
        self.open = open
        self.limit = limit
        self.refused = refused
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let admitted = open.withLockedValue { count -> Bool in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard admitted else {
            refused()
            context.close(promise: nil)
            return
        }
        context.channel.closeFuture.whenComplete { [open] _ in open.withLockedValue { $0 -= 1 } }
    }
}

extension CadenceService {
    /// The HTTP/1.1 server: idle timeout and connection cap, behind TLS when configured.
    func serverBuilder() throws -> HTTPServerBuilder {
        let limits = configuration.connections
        let open = NIOLockedValueBox(0)
        let metrics = self.metrics
        let http = HTTPServerBuilder.http1(
            configuration: .init(
                additionalChannelHandlers: [
                    ConnectionGate(open: open, limit: limits.maximumConnections) { metrics.connectionRefused() }
                ],
                idleTimeout: .milliseconds(Int64(limits.idleTimeout * 1000))))
        guard let tls = configuration.tls else { return http }
        let chain = try NIOSSLCertificate.fromPEMFile(tls.certificatePath).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: tls.keyPath, format: .pem)
        var tlsConfiguration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        tlsConfiguration.minimumTLSVersion = .tlsv12
        return try .tls(http, tlsConfiguration: tlsConfiguration)
    }
}
