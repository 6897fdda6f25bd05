import DeskCore
import DeskStore

/// One submission's decision records walked in log order: its deadline, and for each record
/// whether it answered late and whether it overrode another reviewer's decision.
///
/// - Late: an answer (see `DecisionRole`) decided after the due day (UTC) has ended. Due is the same
///   date one month after receipt (`AnswerDeadline`), three months once an extension was recorded
///   by the one-month due day. Every answer is judged, also one made after a reopening: the clock
///   runs from receipt.
/// - Override: a record by reviewer B that moves a submission out of `accepted` or `rejected` when
///   that status was set by the latest status-setting record, made by reviewer A ≠ B. Re-deciding
///   the same status changes nothing and is no override; undoing one's own decision is none either.
///   Reviewers are compared by the `reviewer` field (here as the ledger's interned number).
package struct AnswerTimeline: Sendable {
    package let submittedAt: Int64
    /// 00:00 UTC of the last day on which an answer is in time.
    package private(set) var dueDay: Int64
    package private(set) var isExtended = false
    /// The status the records so far leave, and who set it.
    private var status: SubmissionStatus = .pending
    private var statusReviewer: UInt16?

    /// What one record amounted to.
    package struct Step: Sendable, Equatable {
        package var role: DecisionRole
        /// Milliseconds from receipt to the record, for answers; nil for other roles.
        package var answerMillis: Int64?
        package var isLate = false
        package var isOverride = false
    }

    package init(submittedAt: Int64) {
        self.submittedAt = submittedAt
        dueDay = AnswerDeadline.dueDay(submittedAt: submittedAt)
    }

    /// Whether `instant` falls on or before the due day (UTC).
    package func isInTime(_ instant: Int64) -> Bool {
        instant < dueDay + Timestamp.millisPerDay
    }

    /// Takes the next record of this submission, in log order.
    package mutating func record(_ kind: DecisionKind, reviewer: UInt16, at decidedAt: Int64) -> Step {
        record(DecisionRole(kind), setting: kind.resultingStatus, reviewer: reviewer, at: decidedAt)
    }

    /// The same, by role; `setting` is the status the record leaves, nil when it leaves it as it was.
    mutating func record(_ role: DecisionRole, setting newStatus: SubmissionStatus?, reviewer: UInt16,
                         at decidedAt: Int64) -> Step {
        var step = Step(role: role)
        switch role {
        case .answer:
            step.answerMillis = decidedAt - submittedAt
            step.isLate = !isInTime(decidedAt)
        case .deadlineExtension:
            if !isExtended && isInTime(decidedAt) {
                isExtended = true
                dueDay = AnswerDeadline.dueDay(submittedAt: submittedAt, months: AnswerDeadline.extendedMonths)
            }
        case .reopening:
            break
        }
        if let newStatus {
            if status == .accepted || status == .rejected, newStatus != status,
               let statusReviewer, statusReviewer != reviewer {
                step.isOverride = true
            }
            status = newStatus
            statusReviewer = reviewer
        }
        return step
    }
}
