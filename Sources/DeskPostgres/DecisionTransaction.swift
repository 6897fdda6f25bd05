import DeskStore
import DeskEngine
import DeskCore

/// An array of text as a PostgreSQL array literal, for one `$n::text[]` parameter.
package enum PostgresArray {
    /// `{"a","b\\"c"}`: every element quoted, `"` and `\` escaped.
    package static func literal(_ values: some Sequence<String>) -> String {
        var text = "{"
        var first = true
        for value in values {
            if !first { text += "," }
            first = false
            text += "\""
            for character in value.unicodeScalars {
                if character == "\"" || character == "\\" { text.unicodeScalars.append("\\") }
                text.unicodeScalars.append(character)
            }
            text += "\""
        }
        return text + "}"
    }
}

/// Writing decisions to the database as the file log's append does: all records of a command or
/// bulk in one transaction, each written only if its submission's latest record is still the one
/// the reviewer saw and no other screen's live claim covers it.
///
/// The transaction locks the submissions' rows in id order, then takes the chain lock, then
/// reads each submission's latest record and the live claims, encodes the records that still
/// hold — linked to the chain's head, with a batch mark when there are several — and inserts
/// them. The server checks the links again; a commit that cannot be confirmed is reported as
/// such (`PostgresError.Kind.outcomeUnknown`).
package enum DecisionTransaction {
    /// A submission's latest record as the transaction found it.
    package struct Latest: Sendable, Equatable {
        package var seq: Int64
        package var decision: String
        package var dbUser: String
        package var line: String
    }

    /// Why a record was not written.
    package enum Refusal: Sendable, Equatable {
        /// The submission's latest record is not the one the reviewer saw (nil: it has none).
        case decidedMeanwhile(submissionID: String, latest: Latest?)
        /// Another holder's live claim covers the submission.
        case claimedByOther(submissionID: String, holder: String, reviewer: String, dbUser: String)

        package var submissionID: String {
            switch self {
            case .decidedMeanwhile(let id, _), .claimedByOther(let id, _, _, _): id
            }
        }
    }

    package struct Written: Sendable, Equatable {
        package var submissionID: String
        package var seq: Int64
        /// The SHA-256 of the record line (the chain's head after the last one).
        package var hash: String
    }

    package struct Outcome: Sendable, Equatable {
        package var written: [Written]
        package var refused: [Refusal]
    }

    /// Appends `decisions` in one transaction.
    ///
    /// - Parameters:
    ///   - expecting: for each submission id, the `seq` of the latest record the reviewer saw
    ///     (0: none). Ids without an entry are not checked (an explicit override).
    ///   - holder: the writer's claim holder, whose own claims do not block it; nil with
    ///     `checkingClaims` set: every live claim blocks.
    ///   - checkingClaims: false writes whatever others claim (the CLI's --force).
    package static func append(_ connection: PostgresConnection, _ decisions: [Decision], expecting: [String: Int64],
                              holder: String? = nil, checkingClaims: Bool = true) throws -> Outcome {
        guard !decisions.isEmpty else { return Outcome(written: [], refused: []) }
        var seen = Set<String>()
        let ids = decisions.map(\.submissionID).filter { seen.insert($0).inserted }
        let idArray = PostgresArray.literal(ids)
        return try connection.transaction {
            try connection.execute("SELECT count(*) FROM objection_desk.lock_submissions($1::text[])", [idArray])
            let head = try connection.execute("SELECT last_seq, last_hash FROM objection_desk.lock_chain()")
            let lastSeq = head.int64(0, 0) ?? 0
            let link = head.string(0, 1) ?? SHA256Digest.zeroHex

            var refused: [String: Refusal] = [:]
            let latestRows = try connection.execute("""
                SELECT DISTINCT ON (submission_id) submission_id, seq, decision, db_user, line
                FROM objection_desk.decisions WHERE submission_id = ANY($1::text[])
                ORDER BY submission_id, seq DESC
                """, [idArray])
            var latest: [String: Latest] = [:]
            for row in 0..<latestRows.rowCount {
                latest[latestRows.string(row, 0)!] = Latest(seq: latestRows.int64(row, 1)!, decision: latestRows.string(row, 2)!,
                                                            dbUser: latestRows.string(row, 3)!, line: latestRows.string(row, 4)!)
            }
            for id in ids {
                guard let expected = expecting[id] else { continue }
                let found = latest[id]
                if (found?.seq ?? 0) != expected { refused[id] = .decidedMeanwhile(submissionID: id, latest: found) }
            }
            if checkingClaims {
                let claims = try connection.execute("""
                    SELECT submission_id, holder, reviewer, db_user FROM objection_desk.claims
                    WHERE submission_id = ANY($1::text[]) AND holder IS DISTINCT FROM $2 AND expires_at > statement_timestamp()
                    """, [idArray, holder])
                for row in 0..<claims.rowCount where refused[claims.string(row, 0)!] == nil {
                    let id = claims.string(row, 0)!
                    refused[id] = .claimedByOther(submissionID: id, holder: claims.string(row, 1)!, reviewer: claims.string(row, 2)!,
                                                  dbUser: claims.string(row, 3)!)
                }
            }

            let accepted = decisions.filter { refused[$0.submissionID] == nil }
            if !accepted.isEmpty {
                let mark = accepted.count > 1 ? BatchMark(id: BatchMark.newID(), size: accepted.count) : nil
                _ = try DecisionRows.copy(connection, accepted, mark: mark, after: link)
            }
            let rows = try connection.execute(
                "SELECT submission_id, seq, hash FROM objection_desk.decisions WHERE seq > $1 ORDER BY seq", [String(lastSeq)])
            let written = (0..<rows.rowCount).map {
                Written(submissionID: rows.string($0, 0)!, seq: rows.int64($0, 1)!, hash: rows.string($0, 2)!)
            }
            return Outcome(written: written, refused: ids.compactMap { refused[$0] })
        }
    }
}

/// Claims in the database: leases on submissions, one row each.
package enum ClaimLeases {
    /// The same identity as a file store's claim holder.
    package typealias Holder = ClaimHolder

    /// Takes (or renews) claims for `leaseSeconds`: on `ids`, or — with `ids` nil — on the
    /// `wanted` oldest pending submissions nobody holds. Rows another transaction is taking are
    /// skipped, not waited for (`FOR UPDATE SKIP LOCKED`); live claims of other holders are left
    /// alone; expired ones are replaced. Returns the ids now held, oldest first.
    @discardableResult
    package static func take(_ connection: PostgresConnection, holder: Holder, ids: [String]?, wanted: Int = 100,
                            leaseSeconds: Int) throws -> [String] {
        try connection.transaction {
            let locked = try connection.execute("SELECT objection_desk.lock_claimable($1::text[], $2, $3)",
                                                [ids.map { PostgresArray.literal($0) }, holder.id, String(ids?.count ?? wanted)]).column0.compactMap { $0 }
            guard !locked.isEmpty else { return [] }
            let lockedArray = PostgresArray.literal(locked)
            try connection.execute("""
                DELETE FROM objection_desk.claims WHERE submission_id = ANY($1::text[]) AND expires_at <= statement_timestamp()
                """, [lockedArray])
            let expiry = "statement_timestamp() + make_interval(secs => $2::double precision)"
            try connection.execute("""
                UPDATE objection_desk.claims SET expires_at = \(expiry), reviewer = $3
                WHERE submission_id = ANY($1::text[]) AND holder = $4
                """, [lockedArray, String(leaseSeconds), holder.reviewer, holder.id])
            try connection.execute("""
                INSERT INTO objection_desk.claims (submission_id, holder, reviewer, os_user, host, pid, expires_at)
                SELECT unnest($1::text[]), $4, $3, $5, $6, $7::integer, \(expiry)
                ON CONFLICT (submission_id) DO NOTHING
                """, [lockedArray, String(leaseSeconds), holder.reviewer, holder.id, holder.osUser, holder.host, String(holder.pid)])
            let held = Set(try connection.execute("SELECT submission_id FROM objection_desk.claims WHERE holder = $1 AND submission_id = ANY($2::text[])",
                                                  [holder.id, lockedArray]).column0.compactMap { $0 })
            return locked.filter { held.contains($0) }
        }
    }

    /// Ends this holder's claims on `ids` (nil: all of them).
    package static func release(_ connection: PostgresConnection, holder: String, ids: [String]? = nil) throws {
        try connection.execute("""
            DELETE FROM objection_desk.claims WHERE holder = $1 AND ($2::text[] IS NULL OR submission_id = ANY($2::text[]))
            """, [holder, ids.map { PostgresArray.literal($0) }])
    }
}
