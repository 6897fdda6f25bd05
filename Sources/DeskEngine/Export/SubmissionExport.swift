import DeskCore
import DeskStore

/// A submission with its current standing, as exported by `list --format jsonl|csv`.
///
/// Exports never contain the screen's sanitized text: jsonl carries the exact values, escaped only
/// as JSON requires; CSV cells are quoted as RFC 4180 requires and defused against spreadsheet
/// formulas (`CSV.cell`).
package struct ExportRow: Sendable {
    package var submission: Submission
    package var status: SubmissionStatus
    package var latest: Decision?
    /// The UTC day (epoch ms) by which the answer is due, after any extension.
    package var dueDay: Int64
    /// The row's near-duplicate cluster id and size, when clusters were built (jsonl only).
    package var clusterID: String?
    package var clusterSize: Int?
    /// A database desk's rows also name the authenticated role that wrote the latest record
    /// (`db_user`, after `reviewer`); a file desk's have no such column.
    package var includesDatabaseUser = false

    package init(submission: Submission, status: SubmissionStatus, latest: Decision?, extended: Bool = false) {
        self.submission = submission
        self.status = status
        self.latest = latest
        dueDay = AnswerDeadline.dueDay(submittedAt: submission.submittedAt, extended: extended)
    }

    package static let columnNames = [
        "id", "status", "submitted_at", "country", "email", "email_verified", "justification",
        "platform", "locale", "account_url", "last_action", "decided_at", "reviewer", "reason",
    ]

    /// The CSV header: `columnNames`, with `db_user` after `reviewer` for a database desk.
    package static func columnNames(includingDatabaseUser: Bool) -> [String] {
        guard includingDatabaseUser else { return columnNames }
        var names = columnNames
        names.insert("db_user", at: names.firstIndex(of: "reviewer")! + 1)
        return names
    }

    /// One JSON object, without the newline.
    package func jsonLine() -> [UInt8] {
        var writer = JSONObjectWriter()
        writer.add("id", submission.id)
        writer.add("status", status.name)
        writer.add("submitted_at", submission.submittedAtText)
        writer.add("country", submission.country.description)
        writer.add("email", submission.email)
        if let verified = submission.emailVerified { writer.add("email_verified", verified) } else { writer.addNull("email_verified") }
        writer.add("justification", submission.justification)
        writer.add("platform", submission.platform)
        writer.add("locale", submission.locale)
        writer.add("account_url", submission.accountURL)
        writer.add("last_action", latest?.kind.name)
        writer.add("decided_at", latest.map { Timestamp.formatUTCMillis($0.decidedAt) })
        writer.add("reviewer", latest?.reviewer)
        if includesDatabaseUser { writer.add("db_user", latest?.recordedBy) }
        writer.add("reason", latest?.reason)
        writer.add("due_at", Timestamp.formatDate(dueDay))
        if let clusterSize {
            writer.add("cluster", clusterID)
            writer.add("cluster_size", clusterSize)
        }
        return writer.finish()
    }

    /// The values in `columnNames` order, for CSV.
    package var csvFields: [String] {
        [
            submission.id, status.name, submission.submittedAtText, submission.country.description, submission.email,
            submission.emailVerified.map { $0 ? "true" : "false" } ?? "", submission.justification,
            submission.platform ?? "", submission.locale ?? "", submission.accountURL ?? "",
            latest?.kind.name ?? "", latest.map { Timestamp.formatUTCMillis($0.decidedAt) } ?? "", latest?.reviewer ?? "",
        ] + (includesDatabaseUser ? [latest?.recordedBy ?? ""] : []) + [latest?.reason ?? ""]
    }
}
