import DeskCore
import DeskStore

/// Claims in PostgreSQL behind the desk's claim boundary (`ClaimStore`): one lease row per
/// claimed submission (`objection_desk.claims`), taken with `FOR UPDATE SKIP LOCKED` so two
/// screens asking at once split the rows without waiting, expired leases of anyone replaced,
/// live ones of others left alone (row-level security would refuse touching them anyway).
///
/// A claim's `osUser` is the database role that took it (`db_user`, set by the server): on this
/// store the role is the identity a teammate cannot borrow. Expiry is judged by the server's
/// clock, so desks on servers whose clocks differ agree on it.
package final class DatabaseClaimStore: ClaimStore {
    let mirror: SharedConnection

    package init(connection: SharedConnection) {
        mirror = connection
    }

    package var watchPath: String? { nil }

    package func claim(_ ids: [String], for holder: ClaimHolder, until expiresAt: Int64, now: Int64) throws -> ClaimOutcome {
        var seen = Set<String>()
        let wanted = ids.filter { seen.insert($0).inserted }
        let seconds = String(max(1, (expiresAt - now + 999) / 1_000))
        return try mirror.use { connection in
            try connection.transaction {
                let array = PostgresArray.literal(wanted)
                try connection.execute("DELETE FROM objection_desk.claims WHERE holder = $1 AND NOT (submission_id = ANY($2::text[]))",
                                       [holder.id, array])
                var held: Set<String> = []
                if !wanted.isEmpty {
                    try Self.releaseGoneProcesses(connection, among: array, except: holder.id)
                    let locked = try connection.execute("SELECT objection_desk.lock_claimable($1::text[], $2, $3)",
                                                        [array, holder.id, String(wanted.count)]).column0.compactMap { $0 }
                    if !locked.isEmpty {
                        let lockedArray = PostgresArray.literal(locked)
                        let expiry = "statement_timestamp() + make_interval(secs => $2::double precision)"
                        try connection.execute("""
                            DELETE FROM objection_desk.claims WHERE submission_id = ANY($1::text[]) AND holder <> $2
                              AND expires_at <= statement_timestamp()
                            """, [lockedArray, holder.id])
                        try connection.execute("""
                            UPDATE objection_desk.claims SET expires_at = \(expiry), reviewer = $3
                            WHERE submission_id = ANY($1::text[]) AND holder = $4
                            """, [lockedArray, seconds, holder.reviewer, holder.id])
                        try connection.execute("""
                            INSERT INTO objection_desk.claims (submission_id, holder, reviewer, os_user, host, pid, expires_at)
                            SELECT unnest($1::text[]), $4, $3, $5, $6, $7::integer, \(expiry)
                            ON CONFLICT (submission_id) DO NOTHING
                            """, [lockedArray, seconds, holder.reviewer, holder.id, holder.osUser, holder.host, String(holder.pid)])
                    }
                }
                let claims = try Self.live(connection)
                var heldByOthers: [String: String] = [:]
                var others: [Claim] = []
                var mine: Claim?
                for claim in claims {
                    if claim.holder == holder.id {
                        mine = claim
                        held = Set(claim.ids)
                    } else {
                        others.append(claim)
                        for id in claim.ids where seen.contains(id) { heldByOthers[id] = claim.holder }
                    }
                }
                let granted = wanted.filter { held.contains($0) }
                mine?.ids = granted
                return ClaimOutcome(granted: granted, heldByOthers: heldByOthers, others: others, mine: granted.isEmpty ? nil : mine)
            }
        }
    }

    package func release(_ holder: ClaimHolder) throws {
        try mirror.use { connection in
            _ = try connection.execute("DELETE FROM objection_desk.claims WHERE holder = $1", [holder.id])
        }
    }

    package func liveClaims(now: Int64) throws -> [Claim] {
        try mirror.read { connection in try Self.live(connection) }
    }

    /// Ends the leases on `ids` of screens on this host whose process is gone (killed), as the
    /// file store does, so that the rows `liveClaims` shows free can be taken. Row security lets
    /// a role end only its own leases: another role's dead screen holds until its lease expires.
    private static func releaseGoneProcesses(_ connection: PostgresConnection, among ids: String, except holder: String) throws {
        let host = ClaimHolder.currentHost
        let pids = try connection.execute("""
            SELECT DISTINCT pid FROM objection_desk.claims
            WHERE host = $1 AND holder <> $2 AND submission_id = ANY($3::text[]) AND expires_at > statement_timestamp()
            """, [host, holder, ids]).column0.compactMap { $0.flatMap { Int32($0) } }
        let gone = pids.filter { !ProcessLiveness.isRunning($0) }
        guard !gone.isEmpty else { return }
        try connection.execute("DELETE FROM objection_desk.claims WHERE host = $1 AND holder <> $2 AND pid = ANY($3::integer[])",
                               [host, holder, PostgresArray.literal(gone.map(String.init))])
    }

    /// Every live claim, one per holder, ids in id order. As on files, a claim whose process on
    /// this host is gone (a screen killed) no longer counts; its row stays until it expires.
    static func live(_ connection: PostgresConnection) throws -> [Claim] {
        let thisHost = ClaimHolder.currentHost
        return try rows(connection).filter { $0.host != thisHost || ProcessLiveness.isRunning($0.pid) }
    }

    private static func rows(_ connection: PostgresConnection) throws -> [Claim] {
        let rows = try connection.execute("""
            SELECT holder, reviewer, db_user, host, pid,
                   (extract(epoch FROM renewed_at) * 1000)::bigint, (extract(epoch FROM expires_at) * 1000)::bigint, submission_id
            FROM objection_desk.claims WHERE expires_at > statement_timestamp()
            ORDER BY holder, submission_id
            """)
        var claims: [Claim] = []
        for row in 0..<rows.rowCount {
            let holder = rows.string(row, 0)!
            let id = rows.string(row, 7)!
            if claims.last?.holder == holder {
                claims[claims.count - 1].ids.append(id)
                claims[claims.count - 1].renewedAt = max(claims[claims.count - 1].renewedAt, rows.int64(row, 5) ?? 0)
                claims[claims.count - 1].expiresAt = max(claims[claims.count - 1].expiresAt, rows.int64(row, 6) ?? 0)
            } else {
                claims.append(Claim(holder: holder, reviewer: rows.string(row, 1)!, osUser: rows.string(row, 2)!, host: rows.string(row, 3)!,
                                    pid: Int32(rows.int(row, 4) ?? 0), renewedAt: rows.int64(row, 5) ?? 0,
                                    expiresAt: rows.int64(row, 6) ?? 0, ids: [id]))
            }
        }
        return claims
    }
}
