import Crypto
import Foundation

/// A user's seeded rank for the background cohort: the first 8 bytes of
/// MD5(`cadence-cohort/<tenant>/<user>`), big-endian, as a signed 64-bit integer.
///
/// Stored in the user row (`cohortRank`; PostgreSQL computes the same value as a generated
/// column, `('x' || substr(md5(…), 1, 16))::bit(64)::bigint`), so that the cohort is the first
/// rows of one index range on either store, and both stores pick the same users. MD5 only because
/// both databases can compute it in SQL for existing rows; the rank is no secret and needs no
/// collision resistance, only a spread that does not follow the order ids were created in.
public enum CohortRank {
    public static func of(tenantId: String, userId: String) -> Int64 {
        let digest = Insecure.MD5.hash(data: Data("cadence-cohort/\(tenantId)/\(userId)".utf8))
        return Int64(bitPattern: digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) })
    }
}
