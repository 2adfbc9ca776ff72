import CadenceEngine
import Foundation

/// A JSON value of a settings update, typed as it was sent (a boolean is not a number).
enum SettingsValue: Decodable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case object([String: SettingsValue])
    case array([SettingsValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let value = try? c.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? c.decode(Double.self) {
            self = .number(value)
        } else if let value = try? c.decode(String.self) {
            self = .string(value)
        } else if let value = try? c.decode([String: SettingsValue].self) {
            self = .object(value)
        } else {
            self = .array(try c.decode([SettingsValue].self))
        }
    }
}

extension TenantSettings {
    /// These settings with the fields of `update` (`PUT /v1/settings`) changed, after checking
    /// each value's type and range and the rules between fields; fields left out keep their value.
    ///
    /// Throws a 400 whose reason names the field (`policy.blockBelow: …`).
    func updated(with update: [String: SettingsValue]) throws(APIError) -> TenantSettings {
        var settings = self
        for (section, value) in update.sorted(by: { $0.key < $1.key }) {
            guard Self.sections.contains(section) else {
                throw APIError.badRequest(
                    "\(section): unknown section; expected one of \(Self.sections.joined(separator: ", "))")
            }
            guard case .object(let fields) = value else { throw APIError.badRequest("\(section): expected an object") }
            for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
                let field = SettingsField(path: "\(section).\(name)", value: value)
                switch section {
                case "policy": try settings.policy.set(field)
                case "trust": try settings.trust.set(field)
                case "enrolment": try settings.enrolment.set(field)
                case "browser": try settings.browser.set(field)
                case "retention": try settings.retention.set(field)
                case "limits": try settings.limits.set(field)
                default: try settings.stepUp.set(field)
                }
            }
        }
        try settings.checkRules()
        return settings
    }

    static let sections = ["policy", "trust", "enrolment", "stepUp", "browser", "limits", "retention"]

    /// The rules between fields.
    func checkRules() throws(APIError) {
        if policy.blockBelow >= policy.challengeBelow {
            let (block, challenge) = (SettingsField.show(policy.blockBelow), SettingsField.show(policy.challengeBelow))
            throw APIError.badRequest(
                "policy.blockBelow: must be below policy.challengeBelow (\(challenge)), is \(block)")
        }
        if let days = retention.timelineDays, days < retention.rawEventDays {
            // A timeline row goes with its batch's events: a shorter period would drop them early.
            throw APIError.badRequest(
                "retention.timelineDays: must be at least retention.rawEventDays (\(retention.rawEventDays)), is \(days)"
            )
        }
        if enrolment.maximumLoginSamples < enrolment.loginSamplesNeeded {
            throw APIError.badRequest(
                "enrolment.maximumLoginSamples: must be at least enrolment.loginSamplesNeeded (\(enrolment.loginSamplesNeeded))"
            )
        }
    }
}

/// One field of a settings update: its dotted path (for error reasons) and its value.
struct SettingsField {
    var path: String
    var value: SettingsValue

    var name: Substring { path.split(separator: ".").last ?? "" }

    func unknown(_ known: [String]) -> APIError {
        APIError.badRequest("\(path): unknown field; expected one of \(known.joined(separator: ", "))")
    }

    /// A finite number in `range`.
    func number(_ range: ClosedRange<Double>) throws(APIError) -> Double {
        guard case .number(let n) = value, n.isFinite, range.contains(n) else {
            throw APIError.badRequest(
                "\(path): must be a number in \(Self.show(range.lowerBound))...\(Self.show(range.upperBound))")
        }
        return n
    }

    /// A number above `lower` and at most `upper`.
    func positive(upTo upper: Double) throws(APIError) -> Double {
        guard case .number(let n) = value, n.isFinite, n > 0, n <= upper else {
            throw APIError.badRequest("\(path): must be a number above 0 and at most \(Self.show(upper))")
        }
        return n
    }

    func integer(_ range: ClosedRange<Int>) throws(APIError) -> Int {
        guard case .number(let n) = value, n.isFinite, n == n.rounded(), n >= Double(range.lowerBound),
            n <= Double(range.upperBound)
        else { throw APIError.badRequest("\(path): must be an integer in \(range.lowerBound)...\(range.upperBound)") }
        return Int(n)
    }

    func bool() throws(APIError) -> Bool {
        guard case .bool(let b) = value else { throw APIError.badRequest("\(path): must be true or false") }
        return b
    }

    func decision() throws(APIError) -> Decision {
        guard case .string(let s) = value, let d = Decision(rawValue: s) else {
            throw APIError.badRequest("\(path): must be one of allow, challenge, block")
        }
        return d
    }

    static func show(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension Policy {
    mutating func set(_ field: SettingsField) throws(APIError) {
        switch field.name {
        case "challengeBelow": challengeBelow = try field.number(0...100)
        case "blockBelow": blockBelow = try field.number(0...100)
        case "onSuspiciousAutomation": onSuspiciousAutomation = try field.decision()
        case "onAutomation": onAutomation = try field.decision()
        case "blockIsFinal": blockIsFinal = try field.bool()
        default:
            throw field.unknown([
                "challengeBelow", "blockBelow", "onSuspiciousAutomation", "onAutomation", "blockIsFinal",
            ])
        }
    }
}

extension TrustParameters {
    mutating func set(_ field: SettingsField) throws(APIError) {
        switch field.name {
        case "takeoverPrior": takeoverPrior = try field.number(0.000_001...0.5)
        case "evidenceHalfLife": evidenceHalfLife = try field.number(1...100_000)
        case "minimumEvidenceToBlock": minimumEvidenceToBlock = try field.number(0...100_000)
        case "minimumEvidenceToChallenge": minimumEvidenceToChallenge = try field.number(0...100_000)
        case "loginSampleWeight": loginSampleWeight = try field.number(0...10)
        default:
            throw field.unknown([
                "takeoverPrior", "evidenceHalfLife", "minimumEvidenceToBlock", "minimumEvidenceToChallenge",
                "loginSampleWeight",
            ])
        }
    }
}

extension EnrolmentPolicy {
    mutating func set(_ field: SettingsField) throws(APIError) {
        switch field.name {
        case "pointerSamplesNeeded": pointerSamplesNeeded = try field.integer(1...100_000)
        case "keySamplesNeeded": keySamplesNeeded = try field.integer(1...100_000)
        case "loginSamplesNeeded": loginSamplesNeeded = try field.integer(1...1000)
        case "maximumSamplesPerEnrolmentSession": maximumSamplesPerEnrolmentSession = try field.integer(1...10_000)
        case "pointerAnchorTarget": pointerAnchorTarget = try field.integer(1...100_000)
        case "keyAnchorTarget": keyAnchorTarget = try field.integer(1...100_000)
        case "maximumSamplesPerSession": maximumSamplesPerSession = try field.integer(0...10_000)
        case "maximumUpdateShare": maximumUpdateShare = try field.number(0...1)
        case "acceptanceQuantile": acceptanceQuantile = try field.number(0...1)
        case "maximumSessionScore": maximumSessionScore = try field.number(-100...100)
        case "maximumLoginSamples": maximumLoginSamples = try field.integer(1...1000)
        default:
            throw field.unknown([
                "pointerSamplesNeeded", "keySamplesNeeded", "loginSamplesNeeded", "maximumSamplesPerEnrolmentSession",
                "pointerAnchorTarget", "keyAnchorTarget", "maximumSamplesPerSession", "maximumUpdateShare",
                "acceptanceQuantile", "maximumSessionScore", "maximumLoginSamples",
            ])
        }
    }
}

extension StepUpPolicy {
    mutating func set(_ field: SettingsField) throws(APIError) {
        switch field.name {
        case "restoredTrust":
            if case .null = field.value {
                restoredTrust = nil
            } else {
                restoredTrust = try field.number(0...100)
            }
        default: throw field.unknown(["restoredTrust"])
        }
    }
}

extension BrowserPolicy {
    mutating func set(_ field: SettingsField) throws(APIError) {
        switch field.name {
        case "showsDecision": showsDecision = try field.bool()
        case "allowedOrigins":
            guard case .array(let values) = field.value, values.count <= 32 else {
                throw APIError.badRequest("\(field.path): must be an array of at most 32 origins")
            }
            var origins: [String] = []
            for value in values {
                guard case .string(let text) = value, let origin = BrowserPolicy.origin(text) else {
                    throw APIError.badRequest(
                        "\(field.path): each must be an origin such as https://bank.example (scheme, host, port; no path)"
                    )
                }
                if !origins.contains(origin) { origins.append(origin) }
            }
            allowedOrigins = origins
        default: throw field.unknown(["showsDecision", "allowedOrigins"])
        }
    }
}

extension UsageLimits {
    mutating func set(_ field: SettingsField) throws(APIError) {
        switch field.name {
        case "sessionEventsPerSecond": sessionEventsPerSecond = try field.positive(upTo: 1e7)
        case "sessionEventBurst": sessionEventBurst = try field.positive(upTo: 1e8)
        case "sessionBytesPerSecond": sessionBytesPerSecond = try field.positive(upTo: 1e9)
        case "sessionByteBurst": sessionByteBurst = try field.positive(upTo: 1e10)
        case "sessionEvents": sessionEvents = try field.integer(1...1_000_000_000)
        case "sessionBytes": sessionBytes = try field.integer(1...1 << 40)
        case "tokenRequestsPerSecond": tokenRequestsPerSecond = try field.positive(upTo: 1e6)
        case "tokenRequestBurst": tokenRequestBurst = try field.positive(upTo: 1e7)
        case "tenantEventsPerSecond": tenantEventsPerSecond = try field.positive(upTo: 1e9)
        case "openSessionsPerUser": openSessionsPerUser = try field.integer(1...100_000)
        case "sessionLifetime": sessionLifetime = try field.positive(upTo: 7 * 86_400)
        default:
            throw field.unknown([
                "sessionEventsPerSecond", "sessionEventBurst", "sessionBytesPerSecond", "sessionByteBurst",
                "sessionEvents", "sessionBytes", "tokenRequestsPerSecond", "tokenRequestBurst",
                "tenantEventsPerSecond", "openSessionsPerUser", "sessionLifetime",
            ])
        }
    }
}

extension RetentionPolicy {
    mutating func set(_ field: SettingsField) throws(APIError) {
        switch field.name {
        case "rawEventDays": rawEventDays = try field.integer(1...3650)
        case "timelineDays":
            if case .null = field.value { timelineDays = nil } else { timelineDays = try field.integer(1...3650) }
        default: throw field.unknown(["rawEventDays", "timelineDays"])
        }
    }
}
