/// One line of the decision log: what a reviewer decided about a submission, and why.
package struct Decision: Equatable, Sendable {
    package var submissionID: String
    package var kind: DecisionKind
    /// The name the reviewer gave (`--reviewer`), else their login name.
    package var reviewer: String
    /// The real OS account that wrote the line, so the audit trail cannot be spoofed by `--reviewer`.
    package var osUser: String
    /// Milliseconds since the Unix epoch.
    package var decidedAt: Int64
    package var reason: String?
    package var note: String?
    /// The code of a canned reason (`Resources/reasons.json`) when the reviewer picked one; absent
    /// for free text. Replies then give that reason's text in the requester's language.
    package var reasonCode: String?
    /// Set on every record of a multi-record write: readers apply the batch only when all of its
    /// records are present. The log sets it when appending; a single decision has none.
    package var batch: BatchMark?
    /// The chain link: lowercase hex SHA-256 of the previous record line's exact bytes (without its
    /// line terminator), 64 zeros for a log's first record. The log sets it when appending.
    package var prev: String?
    /// On a record written by an undo: the log line of the decision it takes back. The report
    /// counts that decision as undone instead of as an answer followed by a reopening.
    package var undoes: Int?
    /// Who the store itself vouches wrote the record: the database role (`db_user`), set by the
    /// server from the authenticated session. Never part of the line; nil for a file log, where
    /// `reviewer` and `os_user` are what the writer claimed.
    package var recordedBy: String?

    package init(submissionID: String, kind: DecisionKind, reviewer: String, osUser: String,
                decidedAt: Int64, reason: String? = nil, note: String? = nil, reasonCode: String? = nil,
                batch: BatchMark? = nil, prev: String? = nil, undoes: Int? = nil) {
        self.submissionID = submissionID
        self.kind = kind
        self.reviewer = reviewer
        self.osUser = osUser
        self.decidedAt = decidedAt
        self.reason = reason
        self.note = note
        self.reasonCode = reasonCode
        self.batch = batch
        self.prev = prev
        self.undoes = undoes
    }

    /// The same decision without its batch mark and chain link: what the record says, whichever
    /// write carried it and wherever it sits in the log.
    package var unbatched: Decision {
        var copy = self
        copy.batch = nil
        copy.prev = nil
        return copy
    }

    /// The record as one JSON line, newline included, fields in the documented order.
    package func encodedLine() -> [UInt8] {
        var writer = JSONObjectWriter()
        writer.add("submission_id", submissionID)
        writer.add("decision", kind.name)
        writer.add("reviewer", reviewer)
        writer.add("os_user", osUser)
        writer.add("decided_at", Timestamp.formatUTCMillis(decidedAt))
        if let reason { writer.add("reason", reason) }
        if let note { writer.add("note", note) }
        if let reasonCode { writer.add("reason_code", reasonCode) }
        if let undoes { writer.add("undoes", undoes) }
        if let batch {
            writer.add("batch", batch.id)
            writer.add("batch_size", batch.size)
        }
        if let prev { writer.add("prev", prev) }
        var line = writer.finish()
        line.append(0x0A)
        return line
    }
}

/// The fields of a decision line.
package enum DecisionField: Int, RecordField {
    case submissionID, decision, reviewer, osUser, decidedAt, reason, note, reasonCode, batch, batchSize, prev, undoes

    package var key: String {
        switch self {
        case .submissionID: "submission_id"
        case .decision: "decision"
        case .reviewer: "reviewer"
        case .osUser: "os_user"
        case .decidedAt: "decided_at"
        case .reason: "reason"
        case .note: "note"
        case .reasonCode: "reason_code"
        case .batch: "batch"
        case .batchSize: "batch_size"
        case .prev: "prev"
        case .undoes: "undoes"
        }
    }

    package var expectation: FieldExpectation {
        switch self {
        case .reason, .note, .reasonCode, .batch, .prev: .optionalString
        case .batchSize, .undoes: .optionalCount
        default: .requiredString
        }
    }
}

/// Validates decision lines and turns them into `Decision` values.
package struct DecisionLineParser {
    private var fields = RecordLineParser<DecisionField>()
    /// Whether parsed decisions carry their `prev` link (validated either way).
    package var keepsChainLinks: Bool

    package init(keepsChainLinks: Bool = false) {
        self.keepsChainLinks = keepsChainLinks
    }

    package mutating func parse(_ line: UnsafeRawBufferPointer) throws(LineError) -> Decision {
        try fields.locate(line)
        guard let kindName = fields.string(.decision, in: line), let kind = DecisionKind(name: kindName) else {
            throw LineError("\"decision\" must be accepted, rejected, verification_requested, reopened or extended, found \(fields.quoted(.decision, in: line))")
        }
        if fields.isEmpty(.submissionID) { throw LineError("\"submission_id\" is empty") }
        let decidedAt = fields.withString(.decidedAt, in: line) { Timestamp.parseRFC3339($0) } ?? nil
        guard let decidedAt else {
            throw LineError("\"decided_at\" is not an RFC 3339 timestamp: \(fields.quoted(.decidedAt, in: line))")
        }
        let reason = fields.string(.reason, in: line)
        if kind.requiresReason && (reason ?? "").allSatisfy(\.isWhitespace) {
            throw LineError("a \(kind.name) decision needs a non-empty \"reason\"")
        }
        var batch: BatchMark?
        switch (fields.string(.batch, in: line), fields.count(.batchSize, in: line)) {
        case (nil, nil): batch = nil
        case (let id?, let size?) where !id.isEmpty && size >= 2: batch = BatchMark(id: id, size: size)
        default: throw LineError("\"batch\" needs a non-empty id and \"batch_size\" a count of at least 2, together")
        }
        if fields.withString(.prev, in: line, SHA256Text.isDigest) == false {
            throw LineError("\"prev\" must be 64 lowercase hex digits (a SHA-256), found \(fields.quoted(.prev, in: line))")
        }
        let undoes = fields.count(.undoes, in: line)
        if let undoes, undoes < 1 { throw LineError("\"undoes\" must be the line number of an earlier record, found \(undoes)") }
        // The fold never needs the link: only the verifier pays for a String per record.
        let prev = keepsChainLinks ? fields.string(.prev, in: line) : nil
        return Decision(
            submissionID: fields.string(.submissionID, in: line)!, kind: kind,
            reviewer: fields.string(.reviewer, in: line)!, osUser: fields.string(.osUser, in: line)!,
            decidedAt: decidedAt, reason: reason, note: fields.string(.note, in: line),
            reasonCode: fields.string(.reasonCode, in: line), batch: batch, prev: prev, undoes: undoes)
    }

    package mutating func parse(_ line: String) throws(LineError) -> Decision {
        var parser = self
        return try RecordLineParser<DecisionField>.withBytes(of: line) { (raw) throws(LineError) in try parser.parse(raw) }
    }
}

/// Which multi-record write a record belongs to, and how many records that write holds.
package struct BatchMark: Equatable, Sendable {
    package var id: String
    package var size: Int

    package init(id: String, size: Int) {
        self.id = id
        self.size = size
    }

    /// A fresh id: 64 random bits in hex, enough that two writes never share one.
    package static func newID() -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
