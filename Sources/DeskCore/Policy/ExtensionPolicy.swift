/// GDPR Art. 12(3): a deadline is extended once, for an open request, within its first month.
package enum ExtensionPolicy {
    /// Why an extension cannot be recorded.
    package struct Refusal: Equatable, Sendable {
        /// The whole sentence, with the article: "its one-month deadline passed on 2026-01-31
        /// (Art. 12(3): extend within the first month)".
        package var reason: String

        /// The reason without its parenthesised detail, for a line that must fit 80 columns.
        package var clause: String { reason.components(separatedBy: " (").first ?? reason }
    }

    /// Why an extension cannot be recorded now, or nil when it can: only once, only for an open
    /// request, and only while the first month runs (the person must be told within it).
    package static func refusal(submittedAt: Int64, status: SubmissionStatus, alreadyExtended: Bool, now: Int64) -> Refusal? {
        if alreadyExtended { return Refusal(reason: "its deadline was already extended (once only: three months from receipt at most)") }
        if !status.isOpen { return Refusal(reason: "it is already answered (\(status.name))") }
        let firstDue = AnswerDeadline.dueDay(submittedAt: submittedAt)
        if now >= firstDue + AnswerDeadline.millisecondsPerDay {
            return Refusal(reason: "its one-month deadline passed on \(Timestamp.formatDate(firstDue)) (Art. 12(3): extend within the first month)")
        }
        return nil
    }
}
