import DeskCore
import DeskStore

/// One submission as `objection-desk export` gives it to a data protection officer or a regulator:
/// when it came in, when it was due, where it stands, who decided it, why, and whether in time.
///
/// `last_action`, `decided_at`, `reviewer`, `os_user` and `reason` are those of the latest record
/// (a decision, or a reopening or extension that followed it), empty when there is none:
/// `last_action` says which, so a reopening or an extension never reads like a decision.
/// `within_deadline`: for an accepted or rejected submission, whether that latest record came by
/// the due day; for an open one (pending, awaiting verification), null until the due day has passed,
/// then false. `decisions` counts the records in its history.
package struct AccountabilityRow: Sendable, Equatable {
    package var id: String
    /// The normalized ISO 3166-1 code.
    package var country: String
    /// As written in the queue.
    package var submittedAt: String
    /// 00:00 UTC of the last day an answer is in time, extensions included.
    package var dueDay: Int64
    package var status: SubmissionStatus
    package var latest: Decision?
    package var withinDeadline: Bool?
    package var decisions: Int
    /// A database desk's rows also name the authenticated role that wrote the latest record
    /// (`db_user`, after `os_user`); a file desk's have no such column.
    package var includesDatabaseUser = false

    package static let columnNames = [
        "id", "country", "submitted_at", "due_at", "status", "last_action", "decided_at", "reviewer", "os_user", "reason",
        "within_deadline", "decisions",
    ]

    /// The CSV header: `columnNames`, with `db_user` after `os_user` for a database desk.
    package static func columnNames(includingDatabaseUser: Bool) -> [String] {
        guard includingDatabaseUser else { return columnNames }
        var names = columnNames
        names.insert("db_user", at: names.firstIndex(of: "os_user")! + 1)
        return names
    }

    /// What the deadline needs of one record: its kind, its reviewer (interned) and when.
    package typealias HistoryRecord = (kind: DecisionKind, reviewer: UInt16, decidedAt: Int64)

    /// The row for a submission and its history (oldest first), judged at `now`.
    package init(submission: Submission, status: SubmissionStatus, history: [HistoryRecord], latest: Decision?, now: Int64) {
        var timeline = AnswerTimeline(submittedAt: submission.submittedAt)
        for record in history { _ = timeline.record(record.kind, reviewer: record.reviewer, at: record.decidedAt) }
        id = submission.id
        country = submission.country.description
        submittedAt = submission.submittedAtText
        dueDay = timeline.dueDay
        self.status = status
        self.latest = latest
        decisions = history.count
        if status.isOpen {
            withinDeadline = timeline.isInTime(now) ? nil : false
        } else {
            withinDeadline = latest.map { timeline.isInTime($0.decidedAt) }
        }
    }

    /// The due day as `YYYY-MM-DD`.
    package var dueAt: String { Timestamp.formatDate(dueDay) }

    /// One JSON object, without the newline.
    package func jsonLine() -> [UInt8] {
        var writer = JSONObjectWriter()
        writer.add("id", id)
        writer.add("country", country)
        writer.add("submitted_at", submittedAt)
        writer.add("due_at", dueAt)
        writer.add("status", status.name)
        writer.add("last_action", latest?.kind.name)
        writer.add("decided_at", latest.map { Timestamp.formatUTCMillis($0.decidedAt) })
        writer.add("reviewer", latest?.reviewer)
        writer.add("os_user", latest?.osUser)
        if includesDatabaseUser { writer.add("db_user", latest?.recordedBy) }
        writer.add("reason", latest?.reason)
        if let withinDeadline { writer.add("within_deadline", withinDeadline) } else { writer.addNull("within_deadline") }
        writer.add("decisions", decisions)
        return writer.finish()
    }

    /// The values in `columnNames` order, for CSV; absent values are empty.
    package var csvFields: [String] {
        [id, country, submittedAt, dueAt, status.name, latest?.kind.name ?? "", latest.map { Timestamp.formatUTCMillis($0.decidedAt) } ?? "",
         latest?.reviewer ?? "", latest?.osUser ?? "",
        ] + (includesDatabaseUser ? [latest?.recordedBy ?? ""] : []) + [latest?.reason ?? "",
         withinDeadline.map { $0 ? "true" : "false" } ?? "", String(decisions)]
    }
}
