import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection on SwiftNIO, one request at a time (as a browser tab's
/// batches are): cheap enough that a load generator on the same machine leaves the server the CPU.
final class HTTPConnection: Sendable {
    struct Response: Sendable {
        var status: Int
        var body: ByteBuffer
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let channel: any Channel
    private let handler: ResponseHandler

    private init(channel: any Channel, handler: ResponseHandler) {
        self.channel = channel
        self.handler = handler
    }

    static func connect(host: String, port: Int, group: any EventLoopGroup) async throws -> HTTPConnection {
        let handler = ResponseHandler()
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: host, port: port).get()
        return HTTPConnection(channel: channel, handler: handler)
    }

    /// Sends one request and waits for its whole response.
    func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)], body: ByteBuffer?) async throws
        -> Response
    {
        let promise = channel.eventLoop.makePromise(of: Response.self)
        var fields = HTTPHeaders([("Host", "127.0.0.1")])
        for (name, value) in headers { fields.add(name: name, value: value) }
        fields.add(name: "Content-Length", value: String(body?.readableBytes ?? 0))
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: fields)
        let channel = self.channel
        let handler = self.handler
        channel.eventLoop.execute {
            handler.expect(promise)
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil) }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil)).cascadeFailure(to: promise)
        }
        return try await promise.futureResult.get()
    }

    func close() async {
        try? await channel.close()
    }
}

/// Collects the response to the one request in flight.
private final class ResponseHandler: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked Sendable: every property is touched only on the channel's event loop.
    typealias InboundIn = HTTPClientResponsePart

    private var pending: EventLoopPromise<HTTPConnection.Response>?
    private var status = 0
    private var body = ByteBuffer()

    func expect(_ promise: EventLoopPromise<HTTPConnection.Response>) {
        pending = promise
        status = 0
        body.clear()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            let promise = pending
            pending = nil
            promise?.succeed(HTTPConnection.Response(status: status, body: body))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        pending?.fail(error)
        pending = nil
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        pending?.fail(HTTPConnection.Failure(description: "connection closed"))
        pending = nil
    }
}
