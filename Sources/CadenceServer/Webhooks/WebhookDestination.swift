import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where webhooks may be sent. A tenant's URL is a request the service makes on its behalf from
/// inside the bank's network, so by default it may only reach public addresses over https:
/// never loopback, private, link-local (the cloud metadata service at 169.254.169.254 among
/// them), carrier-grade NAT, multicast, reserved or documentation ranges, in IPv4 or IPv6
/// (mapped and NAT64 forms included). The check runs on the addresses the name resolves to, when
/// the URL is set and again at every delivery, and the delivery connects to the address it
/// checked (no second lookup an attacker's DNS could answer differently).
public struct WebhookDestinationPolicy: Sendable, Hashable {
    /// Plain `http://` URLs (development only).
    public var allowsPlainHTTP: Bool
    /// Loopback and private destinations (development only: a receiver on the same machine).
    public var allowsPrivateAddresses: Bool

    public init(allowsPlainHTTP: Bool, allowsPrivateAddresses: Bool) {
        self.allowsPlainHTTP = allowsPlainHTTP
        self.allowsPrivateAddresses = allowsPrivateAddresses
    }

    /// https to public addresses only: the default.
    public static let publicHTTPS = WebhookDestinationPolicy(allowsPlainHTTP: false, allowsPrivateAddresses: false)
    /// Anything http(s), loopback included (`cadence serve --dev-webhooks`): never in production.
    public static let development = WebhookDestinationPolicy(allowsPlainHTTP: true, allowsPrivateAddresses: true)
}

/// Why a webhook destination was refused.
public struct RefusedDestination: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// A webhook URL checked against a ``WebhookDestinationPolicy``: its host and port, and the
/// address a delivery connects to.
struct WebhookDestination: Sendable {
    let url: URL
    let host: String
    /// The checked address to connect to (numeric), or nil when `host` is itself an address.
    let pinnedAddress: String?

    /// The URL's syntax: absolute http(s) (http only when the policy allows it), a host, no user
    /// name or password, at most 2,048 characters.
    static func parse(_ text: String, policy: WebhookDestinationPolicy) throws(RefusedDestination) -> (URL, String) {
        guard text.utf8.count <= 2048, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let rawHost = url.host, !rawHost.isEmpty
        else { throw RefusedDestination(description: "must be an absolute https URL") }
        guard scheme == "https" || policy.allowsPlainHTTP else {
            throw RefusedDestination(description: "must use https (plain http only with cadence serve --dev-webhooks)")
        }
        guard url.user == nil, url.password == nil else {
            throw RefusedDestination(description: "must not carry a user name or password")
        }
        let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        return (url, host)
    }

    /// Parses `text`, resolves its host and checks every address it resolves to.
    static func check(_ text: String, policy: WebhookDestinationPolicy) async throws(RefusedDestination)
        -> WebhookDestination
    {
        let (url, host) = try parse(text, policy: policy)
        if policy.allowsPrivateAddresses { return WebhookDestination(url: url, host: host, pinnedAddress: nil) }
        let addresses = await resolve(host)
        guard let first = addresses.first else {
            throw RefusedDestination(description: "its host \(host.prefix(255)) does not resolve")
        }
        for address in addresses {
            if let kind = IPAddress.forbiddenKind(address) {
                throw RefusedDestination(
                    description: "its host resolves to \(address.text), \(kind); webhooks go to public addresses only")
            }
        }
        let literal = addresses.count == 1 && first.text == host
        return WebhookDestination(url: url, host: host, pinnedAddress: literal ? nil : first.text)
    }

    /// Every address `host` resolves to (getaddrinfo, off the cooperative threads); numeric forms
    /// such as `2130706433` or `0x7f.1` resolve as the C library reads them.
    static func resolve(_ host: String) async -> [IPAddress] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var hints = addrinfo()
                hints.ai_family = AF_UNSPEC
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var result: UnsafeMutablePointer<addrinfo>?
                guard getaddrinfo(host, nil, &hints, &result) == 0, let list = result else {
                    continuation.resume(returning: [])
                    return
                }
                defer { freeaddrinfo(list) }
                var addresses: [IPAddress] = []
                var cursor: UnsafeMutablePointer<addrinfo>? = list
                while let entry = cursor {
                    if let address = IPAddress(entry.pointee.ai_addr), !addresses.contains(address) {
                        addresses.append(address)
                    }
                    cursor = entry.pointee.ai_next
                }
                continuation.resume(returning: addresses)
            }
        }
    }
}

/// An IPv4 or IPv6 address as its bytes (4 or 16).
struct IPAddress: Sendable, Hashable {
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    init?(_ address: UnsafeMutablePointer<sockaddr>?) {
        guard let address else { return nil }
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            let v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            bytes = withUnsafeBytes(of: v4) { Array($0) }
        case AF_INET6:
            let v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            bytes = withUnsafeBytes(of: v6) { Array($0) }
        default: return nil
        }
    }

    /// Numeric text (`93.184.215.14`, `2606:2800::1`).
    var text: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { raw in inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(cString: buffer)
    }

    /// What makes `address` a destination no webhook may reach, or nil for a public address.
    static func forbiddenKind(_ address: IPAddress) -> String? {
        let b = address.bytes
        if b.count == 4 { return forbiddenV4(b) }
        guard b.count == 16 else { return "not an IP address" }
        if b.allSatisfy({ $0 == 0 }) { return "the unspecified address" }
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return "loopback" }
        // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d).
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff { return forbiddenV4(Array(b[12...])) }
        if b[0..<12].allSatisfy({ $0 == 0 }) { return forbiddenV4(Array(b[12...])) }
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..<12].allSatisfy({ $0 == 0 }) {
            return forbiddenV4(Array(b[12...]))
        }
        if b[0] & 0xfe == 0xfc { return "a private (unique local) address" }  // fc00::/7, fd00:ec2::254 included
        if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return "link-local" }  // fe80::/10
        if b[0] == 0xfe && b[1] & 0xc0 == 0xc0 { return "site-local" }  // fec0::/10
        if b[0] == 0xff { return "multicast" }
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 { return "a documentation address" }
        if b[0] == 0x01 && b[1..<8].allSatisfy({ $0 == 0 }) { return "a discard address" }  // 100::/64
        if b[0] == 0x20 && b[1] == 0x02 { return forbiddenV4(Array(b[2..<6])) }  // 6to4 embeds an IPv4 address
        return nil
    }

    private static func forbiddenV4(_ b: [UInt8]) -> String? {
        switch (b[0], b[1]) {
        case (0, _): return "the unspecified network"
        case (10, _): return "a private address"
        case (100, 64...127): return "carrier-grade NAT (shared) address space"
        case (127, _): return "loopback"
        case (169, 254): return "link-local (cloud metadata lives there)"
        case (172, 16...31): return "a private address"
        case (192, 0) where b[2] == 0 || b[2] == 2: return "a reserved or documentation address"
        case (192, 88) where b[2] == 99: return "a reserved relay address"
        case (192, 168): return "a private address"
        case (198, 18...19): return "a benchmarking address"
        case (198, 51) where b[2] == 100: return "a documentation address"
        case (203, 0) where b[2] == 113: return "a documentation address"
        case (224...239, _): return "multicast"
        case (240...255, _): return "reserved (or broadcast)"
        default: return nil
        }
    }
}
