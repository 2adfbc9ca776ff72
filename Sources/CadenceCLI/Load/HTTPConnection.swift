import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection on SwiftNIO, one request at a time (as a browser tab's
/// batches are): cheap enough that a load generator on the same machine leaves the server the CPU.
///
/// The channel is a `NIOAsyncChannel` served by one task for the connection's life: it takes the
/// requests in the order they are sent, writes each and reads its whole response before the next.
final class HTTPConnection: Sendable {
    struct Response: Sendable {
        var status: Int
        var body: ByteBuffer
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A request waiting for the connection, and who waits for its response.
    private struct Exchange: Sendable {
        var head: HTTPRequestHead
        var body: ByteBuffer?
        var reply: CheckedContinuation<Response, any Error>
    }

    private let exchanges: AsyncStream<Exchange>.Continuation
    private let serving: Task<Void, Never>

    private init(exchanges: AsyncStream<Exchange>.Continuation, serving: Task<Void, Never>) {
        self.exchanges = exchanges
        self.serving = serving
    }

    static func connect(host: String, port: Int, group: any EventLoopGroup) async throws -> HTTPConnection {
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let (stream, exchanges) = AsyncStream.makeStream(of: Exchange.self)
        let serving = Task { await serve(channel, stream) }
        return HTTPConnection(exchanges: exchanges, serving: serving)
    }

    /// Sends one request and waits for its whole response.
    func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)], body: ByteBuffer?) async throws
        -> Response
    {
        var fields = HTTPHeaders([("Host", "127.0.0.1")])
        for (name, value) in headers { fields.add(name: name, value: value) }
        fields.add(name: "Content-Length", value: String(body?.readableBytes ?? 0))
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: fields)
        return try await withCheckedThrowingContinuation { reply in
            if case .terminated = exchanges.yield(Exchange(head: head, body: body, reply: reply)) {
                reply.resume(throwing: Failure(description: "connection closed"))
            }
        }
    }

    func close() async {
        exchanges.finish()
        await serving.value
    }

    /// Answers the exchanges one after the other until ``close()``; once the connection failed,
    /// every exchange after fails with the same error.
    private static func serve(
        _ channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>, _ exchanges: AsyncStream<Exchange>
    ) async {
        var broken: (any Error)?
        do {
            try await channel.executeThenClose { inbound, outbound in
                var responses = inbound.makeAsyncIterator()
                for await exchange in exchanges {
                    if let broken {
                        exchange.reply.resume(throwing: broken)
                        continue
                    }
                    do {
                        var parts: [HTTPClientRequestPart] = [.head(exchange.head)]
                        if let body = exchange.body { parts.append(.body(.byteBuffer(body))) }
                        parts.append(.end(nil))
                        try await outbound.write(contentsOf: parts)
                        exchange.reply.resume(returning: try await response(from: &responses))
                    } catch {
                        broken = error
                        exchange.reply.resume(throwing: error)
                    }
                }
            }
        } catch {
            // Closing a connection that already failed; its exchanges were answered.
        }
    }

    /// The next whole response on the connection.
    private static func response(
        from parts: inout NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    ) async throws -> Response {
        var status = 0
        var body = ByteBuffer()
        while let part = try await parts.next() {
            switch part {
            case .head(let head):
                status = Int(head.status.code)
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                return Response(status: status, body: body)
            }
        }
        throw Failure(description: "connection closed")
    }
}
