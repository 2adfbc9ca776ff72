import CadenceServer
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The few calls `cadence replay` makes to the service, over Foundation's URLSession.
struct ReplayClient: Sendable {
    let base: String
    let apiKey: String
    let session: URLSession

    init(base: String, apiKey: String, connections: Int) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.apiKey = apiKey
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(connections, 1)
        configuration.timeoutIntervalForRequest = 60
        session = URLSession(configuration: configuration)
    }

    struct HTTPFailure: Error, CustomStringConvertible {
        var method: String
        var path: String
        var status: Int
        var body: String
        var description: String { "\(method) \(path) → \(status): \(body.prefix(300))" }
    }

    /// Sends a request and decodes its answer as `Answer`, the type the server encodes it from.
    func send<Answer: Decodable>(
        _ method: String, _ path: String, body: (some Encodable)? = nil as Data?, bearer: String? = nil,
        answer: Answer.Type
    ) async throws -> Answer {
        guard let url = URL(string: base + path) else {
            throw HTTPFailure(method: method, path: path, status: 0, body: "bad URL")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(bearer ?? apiKey)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = try (body as? Data) ?? JSONEncoder().encode(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw HTTPFailure(method: method, path: path, status: status, body: String(decoding: data, as: UTF8.self))
        }
        do {
            return try Self.decoder.decode(Answer.self, from: data)
        } catch {
            throw HTTPFailure(
                method: method, path: path, status: status,
                body: "the answer is not a \(Answer.self): \(error); \(String(decoding: data, as: UTF8.self))")
        }
    }

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
