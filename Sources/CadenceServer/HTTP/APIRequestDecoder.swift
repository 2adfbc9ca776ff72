import Foundation
import Hummingbird
import NIOCore

/// Reads JSON request bodies of at most the context's ``CadenceRequestContext/maxUploadSize``
/// bytes, answering 413 beyond it and 400 with the field and the reason when the body does not fit.
public struct APIRequestDecoder: RequestDecoder {
    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext)
        async throws -> T
    {
        let bytes = try await request.bodyBytes(
            upTo: context.maxUploadSize, within: (context as? CadenceRequestContext)?.bodyTimeout)
        guard !bytes.isEmpty else { throw APIError.badRequest("the body is empty; a JSON object is expected") }
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw APIError.badRequest(Self.describe(error))
        } catch {
            throw APIError.badRequest("the body is not valid JSON")
        }
    }

    /// "field: reason" for a decoding error.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            return text.isEmpty ? "body" : String(text.drop(while: { $0 == "." }))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required field is missing"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(describe(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(describe(type)), found null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON" }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "the body does not have the expected shape"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: type is any Decodable.Type ? "an object" : "\(type)"
        }
    }
}

extension Request {
    /// The body as bytes, at most `limit` of them; 413 beyond.
    /// Past `seconds` without the whole body (a declared length that never arrives, a body sent a
    /// byte at a time) the answer is 408; a body cut short by the client is 400, never 500.
    func bodyBytes(upTo limit: Int, within seconds: Double? = nil) async throws -> [UInt8] {
        let body = self.body
        var buffer: ByteBuffer
        do {
            guard let seconds else {
                buffer = try await body.collect(upTo: limit)
                return buffer.readBytes(length: buffer.readableBytes) ?? []
            }
            buffer = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask { try await body.collect(upTo: limit) }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let collected = first else {
                    throw APIError.requestTimeout("the body did not arrive within \(APIError.show(seconds)) s")
                }
                return collected
            }
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge("the body exceeds the limit of \(limit) bytes")
        } catch let error as APIError {
            throw error
        } catch is CancellationError {
            throw APIError.requestTimeout("the body did not arrive in time")
        } catch {
            throw APIError.badRequest("the body ended before it was complete")
        }
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}
