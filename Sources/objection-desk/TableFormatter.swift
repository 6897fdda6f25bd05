import DeskStore
import DeskEngine
import DeskCore
import Foundation

/// The human-readable `list` table: every value sanitized, cut to the terminal's width.
struct SubmissionTableFormatter {
    let width: Int
    let now: Int64

    private var fixedColumns: [(title: String, width: Int)] {
        [("ID", 18), ("STATUS", 9), ("SUBMITTED", 10), ("DUE", 5), ("CC", 2), ("V", 1), ("EMAIL", 28)]
    }

    private var textWidth: Int {
        max(10, width - fixedColumns.reduce(0) { $0 + $1.width + 1 } - 2)
    }

    func header() -> String {
        fixedColumns.map { DisplayWidth.pad($0.title, toWidth: $0.width) }.joined(separator: " ") + "   JUSTIFICATION\n"
    }

    func line(_ row: ExportRow, escaped: Bool) -> String {
        let submission = row.submission
        let daysLeft = Int((row.dueDay - Timestamp.floorDivision(now, AnswerDeadline.millisecondsPerDay).quotient * AnswerDeadline.millisecondsPerDay) / AnswerDeadline.millisecondsPerDay)
        let due = row.status == .accepted || row.status == .rejected ? "-" : (daysLeft < 0 ? "late" : "\(daysLeft)d")
        let verified = submission.emailVerified.map { $0 ? "✓" : "✗" } ?? "?"
        let values = [
            safe(submission.id), Self.statusLabel(row.status), Timestamp.formatDate(submission.submittedAt), due,
            submission.country.description, verified, safe(submission.email),
        ]
        let cells = zip(values, fixedColumns).map { DisplayWidth.pad($0, toWidth: $1.width) }
        let flag = escaped ? "!" : " "
        let text = DisplayWidth.truncate(safe(submission.justification), toWidth: textWidth)
        return cells.joined(separator: " ") + " " + flag + " " + text + "\n"
    }

    static func statusLabel(_ status: SubmissionStatus) -> String {
        switch status {
        case .pending: "pending"
        case .awaitingVerification: "verifying"
        case .accepted: "accepted"
        case .rejected: "rejected"
        }
    }

    private func safe(_ text: String) -> String { TerminalSafety.sanitize(text).text }
}

enum TerminalWidth {
    /// Columns of the terminal on stdout, or nil when stdout is not a terminal.
    static func current() -> Int? {
        var size = winsize()
        guard isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else {
            return nil
        }
        return Int(size.ws_col)
    }
}
