import DeskCore
import DeskStore
import Foundation

/// The decision log in PostgreSQL behind the desk's store boundary (`DecisionStore`).
///
/// Reads go through the local copy (`DatabaseMirror`): a sync copies the records committed since
/// the last one, then the copy's `DecisionLog` parses them as the file store would, so records,
/// line numbers (a record's position in `seq` order), problems and the saved fold are the file
/// store's. An append is one transaction: the chain lock, a sync under it (so `prepare` sees
/// every record committed before and decides knowing the latest state: the expected-latest
/// check), the submissions' rows locked in id order, the claims of other holders checked again,
/// then the records linked to the head and copied in. A commit the connection lost on the way is
/// reported as an unknown outcome, never as recorded.
package final class DatabaseDecisionStore: DecisionStore, ClaimCheckingStore {
    package let mirror: DatabaseMirror
    /// The local copy of the log, read like a file log.
    package let copy: DecisionLog
    /// Who decides through this desk: its own claims, and those its reviewer took under the same
    /// role (their other screen), never block its decisions (nil: any live claim blocks). Set
    /// `checksClaims` false to write whatever others claim (`--force`, a confirmed override).
    package var claimant: ClaimHolder?
    package var checksClaims = true
    /// Where the last append's time went, phase by phase (for `objection-desk-bench`).
    package private(set) var lastAppendPhases: [(phase: String, seconds: Double)] = []

    package init(mirror: DatabaseMirror) throws {
        self.mirror = mirror
        copy = try DecisionLog(path: mirror.decisionsPath)
    }

    package var location: String { mirror.label }

    /// A record's problem names the database and the record's line in `db export-log`, as
    /// `verify --database` does, never the local copy's path.
    package var recordLocation: String { mirror.label + ", record" }

    /// The copy's new records, their problems named by `recordLocation`.
    private func readCopy() throws -> DecisionChanges {
        var changes = try copy.readNew()
        changes.problems = changes.problems.map { $0.named(recordLocation) }
        changes.tornTail = changes.tornTail?.named(recordLocation)
        return changes
    }

    package var fileLog: DecisionLog? { copy }

    package func readChanges() throws -> DecisionChanges {
        try mirror.reading { connection in try mirror.syncLocked(connection) { try readCopy() } }
    }

    package func rewind() throws { copy.restartReading() }

    /// A decision refused because another holder's live claim covers its submission.
    package struct ClaimedMeanwhile: Error, CustomStringConvertible {
        package var submissionID: String
        package var reviewer: String
        package var others: Int
        package var description: String {
            "claimed meanwhile by \(reviewer): \(submissionID)\(others > 0 ? " and \(others) more" : ""); nothing was recorded"
        }
    }

    @discardableResult
    package func append(prepare: (DecisionChanges) throws -> [Decision]) throws -> DecisionLog.AppendResult {
        var phases = PhaseClock()
        defer { lastAppendPhases = phases.phases }
        return try mirror.withConnection { connection in
            var result = DecisionLog.AppendResult()
            var sent: (records: EncodedRecords, after: Int64, through: Int64, writer: String)?
            try connection.transaction {
                let head = try connection.execute("SELECT last_seq, last_hash FROM objection_desk.lock_chain()")
                result.othersAppended = try mirror.syncLocked(connection) { try readCopy() }
                phases.end("chain lock, sync")
                let decisions = try prepare(result.othersAppended)
                phases.end("prepare")
                guard !decisions.isEmpty else { return }
                // In byte order, which is the order a C or C.UTF-8 server locks them in: its sort
                // of the array then finds it sorted.
                let ids = PostgresArray.literal(Set(decisions.map(\.submissionID)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
                // A bulk's rows, captured for the statement check, stay in memory.
                if decisions.count > 1_000 { try connection.execute("SET LOCAL work_mem = '128MB'") }
                // The records are encoded (and hashed) while the server locks their rows.
                let mark = decisions.count > 1 ? BatchMark(id: BatchMark.newID(), size: decisions.count) : nil
                let (_, records) = try connection.execute("SELECT count(*) FROM objection_desk.lock_submissions($1::text[])", [ids]) {
                    EncodedRecords(decisions, mark: mark, after: head.string(0, 1) ?? SHA256Digest.zeroHex)
                }
                phases.end("row locks, encoding")
                if checksClaims {
                    let claims = try connection.execute("""
                        SELECT submission_id, reviewer FROM objection_desk.claims
                        WHERE submission_id = ANY($1::text[]) AND expires_at > statement_timestamp()
                          AND holder IS DISTINCT FROM $2 AND NOT (reviewer IS NOT DISTINCT FROM $3 AND db_user = session_user)
                        ORDER BY submission_id
                        """, [ids, claimant?.id, claimant?.reviewer])
                    if claims.rowCount > 0 {
                        throw ClaimedMeanwhile(submissionID: claims.string(0, 0)!, reviewer: claims.string(0, 1)!, others: claims.rowCount - 1)
                    }
                }
                phases.end("claims")
                try records.copy(connection)
                phases.end("copy")
                let last = try connection.execute("SELECT max(seq), session_user FROM objection_desk.decisions")
                sent = (records, head.int64(0, 0) ?? 0, last.int64(0, 0) ?? 0, last.string(0, 1) ?? "")
                result.written = decisions.count
            }
            phases.end("commit")
            // Durable now. Added to the local copy as sent (no read back) and taken as read; when
            // others' records came between, copied and read (they, and those, are folded as this
            // append's); when that fails, the desk's next read folds them.
            if let sent {
                result.appended = try? mirror.appendCommitted(connection, sent.records, writer: sent.writer, after: sent.after,
                                                              through: sent.through) { start in
                    // Added as sent: taken as read, not parsed back (0.1 s per 100,000).
                    if let start, let adopted = copy.adopt(sent.records.decisions, appendedAt: start, byteCount: sent.records.lines.count,
                                                           lastLineLength: sent.records.lastLineLength) {
                        return adopted
                    }
                    return try readCopy().decisions
                }
                phases.end("local copy, read")
            }
            return result
        }
    }

    /// Walks the whole chain as stored in the database (not the local copy).
    package func verify(findingHead head: String?) throws -> ChainReport {
        try mirror.reading { connection in try DatabaseChain.verify(connection, findingHead: head, label: mirror.label) }
    }

    /// The role that wrote each record, by line (`db_user`), read from the local copy.
    package func recordWriters() -> [String]? { mirror.writers() }

    package var knowsWriters: Bool { true }
}

/// Durations of consecutive phases.
struct PhaseClock {
    private var start = ContinuousClock.now
    private(set) var phases: [(phase: String, seconds: Double)] = []

    mutating func end(_ phase: String) {
        let now = ContinuousClock.now
        let elapsed = (now - start).components
        phases.append((phase, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18))
        start = now
    }
}
