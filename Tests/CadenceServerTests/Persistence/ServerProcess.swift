import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real `cadence` binary running `serve` as a child process on a free loopback port.
///
/// `@unchecked Sendable`: every stored property is a constant set in `init`; the `Process` is
/// only signalled by pid and waited on, which Foundation allows from any thread.
final class ServerProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    let output: URL

    /// The `cadence` executable next to the test bundle (`swift build` puts both in the same folder).
    static func binary() throws -> URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("cadence")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw ServerProcessError("no cadence binary next to \(bundle.path); run `swift build` before `swift test`")
    }

    /// A TCP port nothing listens on now (bound to 0 and released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerProcessError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw ServerProcessError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts `cadence serve` on `database` and waits until `/health` answers.
    init(database: String, environment: [String: String], output: URL) async throws {
        port = try Self.freePort()
        self.output = output
        process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", String(port), "--database", database]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            guard process.isRunning else { throw ServerProcessError("cadence serve exited: \(log)") }
            if let (status, _) = try? await request("GET", "/health", timeout: 1), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        kill9()
        throw ServerProcessError("cadence serve did not answer /health within 120 s: \(log)")
    }

    var log: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// Kills the process with SIGKILL: no shutdown code runs.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops it with SIGTERM (graceful) and waits.
    func terminate() {
        guard process.isRunning else { return }  // killed before: its pid may be another process's now
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    /// Sends a request; returns the status and the body parsed as a JSON object.
    func request(
        _ method: String, _ path: String, bearer: String? = nil, body: Data? = nil, timeout: Double = 10
    ) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!, timeoutInterval: timeout)
        request.httpMethod = method
        request.httpBody = body
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }
}

struct ServerProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
