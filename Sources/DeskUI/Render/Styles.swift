import DeskStore
import DeskEngine
import DeskCore

/// The look of each status, with a mark that stays readable without colour.
enum StatusLook {
    static func mark(_ status: SubmissionStatus) -> String {
        switch status {
        case .pending: "·"
        case .awaitingVerification: "?"
        case .accepted: "A"
        case .rejected: "R"
        }
    }

    static func word(_ status: SubmissionStatus) -> String {
        switch status {
        case .pending: "pending"
        case .awaitingVerification: "awaiting verification"
        case .accepted: "accepted"
        case .rejected: "rejected"
        }
    }

    static func role(_ status: SubmissionStatus) -> ColorRole {
        switch status {
        case .pending: .pending
        case .awaitingVerification: .awaiting
        case .accepted: .accepted
        case .rejected: .rejected
        }
    }
}

/// Days left until the GDPR Art. 12(3) one-month answer deadline, as the list shows them.
enum DueLook {
    static func text(daysLeft: Int, status: SubmissionStatus) -> String {
        if status == .accepted || status == .rejected { return "done" }
        if daysLeft < 0 { return "LATE" }
        if daysLeft == 0 { return "today" }
        return "\(daysLeft)d"
    }

    static func role(daysLeft: Int, status: SubmissionStatus) -> ColorRole {
        if status == .accepted || status == .rejected { return .dim }
        if daysLeft < 0 { return .overdue }
        return daysLeft <= 3 ? .warning : .normal
    }

    static func sentence(daysLeft: Int) -> String {
        switch daysLeft {
        case ..<0: "overdue by \(-daysLeft) day\(daysLeft == -1 ? "" : "s")"
        case 0: "due today"
        default: "\(daysLeft) day\(daysLeft == 1 ? "" : "s") left"
        }
    }
}

/// Untrusted text, made safe for the grid.
enum Safe {
    static func line(_ text: String) -> String { TerminalSafety.sanitize(text).text }
    static func multiline(_ text: String) -> String { TerminalSafety.sanitize(text, multiline: true).text }

    /// A justification on one line for the list: its first line, continued with the next lines
    /// after `↵` (a first line such as "Hi," alone says nothing).
    static func firstLine(_ text: String) -> String {
        // No list is wider than this: a huge text costs no more than a short one per paint.
        let safe = TerminalSafety.sanitize(prefix(text, scalars: 4_096).text, multiline: true).text
        let lines = safe.split(separator: "\n").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        return lines.prefix(4).joined(separator: " ↵ ")
    }
}

extension Safe {
    /// The first `limit` Unicode scalars of `text` (bounded work before sanitizing a hostile
    /// text), and whether anything was left out.
    static func prefix(_ text: String, scalars limit: Int) -> (text: String, isCut: Bool) {
        let scalars = text.unicodeScalars
        guard let end = scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex),
              end != scalars.endIndex else { return (text, false) }
        return (String(scalars[..<end]), true)
    }
}

extension Substring {
    func trimmingSpaces() -> String { String(self).trimmingSpaces() }
}
