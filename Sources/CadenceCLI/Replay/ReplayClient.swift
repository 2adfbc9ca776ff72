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

    /// Sends a request; returns the JSON object of the response (empty for an empty body).
    func send(
        _ method: String, _ path: String, body: Data? = nil, bearer: String? = nil
    ) async throws -> [String: Any] {
        guard let url = URL(string: base + path) else {
            throw HTTPFailure(method: method, path: path, status: 0, body: "bad URL")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(bearer ?? apiKey)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw HTTPFailure(method: method, path: path, status: status, body: String(decoding: data, as: UTF8.self))
        }
        if data.isEmpty { return [:] }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
    }
}
