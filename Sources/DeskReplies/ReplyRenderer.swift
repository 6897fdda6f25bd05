import DeskCore
import Foundation
import Mustache

/// Writes the reply to a decision in the requester's language, from the templates and the reasons.
///
/// Template variables: `id` (the submission's id), `submitted_date` (the day it was received),
/// `reason` (why: the catalog text in the reply language for a coded reason, else the reviewer's
/// text as written) and `due_date` (for an extension, the new last day to answer). Dates are UTC
/// days written out in the reply language.
package struct ReplyRenderer: Sendable {
    package let templates: ReplyTemplateSet
    package let reasons: ReasonCatalog

    package init(templates: ReplyTemplateSet, reasons: ReasonCatalog) {
        self.templates = templates
        self.reasons = reasons
    }

    /// The shipped templates and reasons, found as `BundledResource` finds files.
    package static func bundled() throws(ReplyResourceError) -> ReplyRenderer {
        ReplyRenderer(templates: try .bundled(), reasons: try .bundled())
    }

    /// The reply for `decision` about `submission`; nil for a decision that gets none (`reopened`).
    ///
    /// `extendedDue`: for an extension, the new due day (epoch ms); by default three months after
    /// receipt, as `AnswerDeadline` counts.
    package func reply(for decision: Decision, submission: Submission, extendedDue: Int64? = nil) -> Reply? {
        let wanted = ReplyLanguage(locale: submission.locale)
        guard let (template, language) = templates.template(for: decision.kind, in: wanted) else { return nil }
        var context: [String: Any] = [
            "id": submission.id,
            "submitted_date": LongDate.format(submission.submittedAt, in: language),
            "reason": reasonText(decision, in: language),
        ]
        if decision.kind == .extended {
            let due = extendedDue ?? AnswerDeadline.dueDay(submittedAt: submission.submittedAt, extended: true)
            context["due_date"] = LongDate.format(due, in: language)
        }
        let subject = template.subject.render(context, library: template.library)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        return Reply(
            submissionID: submission.id, to: submission.email, language: language,
            subject: subject, body: Self.tidy(template.body.render(context, library: template.library)),
            decision: decision.kind, decidedAt: decision.decidedAt)
    }

    /// The reply to show for a submission's history: that of its latest decision, if it gets one.
    package func preview(history: [Decision], submission: Submission) -> Reply? {
        history.last.flatMap { reply(for: $0, submission: submission) }
    }

    /// The catalog text in `language` when the decision names a known code, else its own text.
    package func reasonText(_ decision: Decision, in language: ReplyLanguage) -> String {
        if let code = decision.reasonCode, let reason = reasons.reason(code: code) { return reason.text(in: language) }
        return decision.reason ?? ""
    }

    /// Blank lines at either end removed, one final newline. (Trailing spaces stay: "-- " is the
    /// signature separator.)
    private static func tidy(_ body: String) -> String {
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var end = lines.count
        while end > 0 && lines[end - 1].allSatisfy(\.isWhitespace) { end -= 1 }
        var start = 0
        while start < end && lines[start].allSatisfy(\.isWhitespace) { start += 1 }
        return lines[start..<end].joined(separator: "\n") + "\n"
    }
}
