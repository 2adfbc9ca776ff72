/// Decodes SDK event batches (`docs/wire-format.md`, version 1) straight from the request bytes.
///
/// Hand-written for throughput: one pass over the bytes, no intermediate JSON tree, numbers
/// parsed with Clinger's exact fast path (falling back to the standard library for the rare
/// number it cannot convert exactly). Strict: anything that is not a well-formed version-1 batch
/// throws a ``WireDecodingError`` naming the byte offset, the field path and the reason (the
/// optional `env` object included: flags and counts only, see ``EnvironmentReport``); unknown
/// fields of the batch object, and extra trailing elements of an event array, are skipped so that
/// newer SDKs stay readable. Nothing in the input can crash it: every index is bounds-checked,
/// sizes, nesting and number ranges are limited by ``WireLimits``, NaN and infinities are refused.
public struct WireDecoder: Sendable {
    public var limits: WireLimits

    public init(limits: WireLimits = .standard) {
        self.limits = limits
    }

    /// Decodes one batch from raw bytes (UTF-8 JSON).
    public func decode(_ bytes: some Collection<UInt8>) throws(WireDecodingError) -> WireBatch {
        let result: Result<WireBatch, WireDecodingError>? = bytes.withContiguousStorageIfAvailable { buffer in
            decodeResult(buffer)
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { decodeResult($0) }.get()
    }

    private func decodeResult(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<WireBatch, WireDecodingError> {
        guard buffer.count <= limits.maximumBytes else {
            return .failure(
                WireDecodingError(
                    .tooLarge, offset: limits.maximumBytes, field: "$",
                    reason: "body of \(buffer.count) bytes exceeds the limit of \(limits.maximumBytes)"))
        }
        var parser = WireParser(bytes: buffer, limits: limits)
        do {
            return .success(try parser.batch())
        } catch {
            return .failure(error)
        }
    }
}
