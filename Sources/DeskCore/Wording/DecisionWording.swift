/// How a decision is put into words, the same way on the screen and on the command line.
package enum DecisionWording {
    /// "accepted", "rejected", "requested verification for", "reopened", "extended the deadline
    /// of": as in "ben rejected obj-1", "accepted 2 submissions".
    package static func pastTense(_ kind: DecisionKind) -> String {
        switch kind {
        case .accepted: "accepted"
        case .rejected: "rejected"
        case .verificationRequested: "requested verification for"
        case .reopened: "reopened"
        case .extended: "extended the deadline of"
        }
    }

    /// "accepted", "rejected", "sent for verification": as in "obj-1 accepted by ben 3 s ago".
    package static func participle(_ kind: DecisionKind) -> String {
        switch kind {
        case .accepted: "accepted"
        case .rejected: "rejected"
        case .verificationRequested: "sent for verification"
        case .reopened: "reopened"
        case .extended: "given more time"
        }
    }

    /// "accepted 2 submissions", "requested verification for 1 submission".
    package static func decided(_ kind: DecisionKind, count: Int) -> String {
        "\(pastTense(kind)) \(count) submission\(count == 1 ? "" : "s")"
    }

    /// "2026-11-23 09:12" (or "2026-11-23 09:12:05" with `seconds`), UTC.
    package static func time(_ millis: Int64, seconds: Bool = false) -> String {
        Timestamp.formatUTCMillis(millis).prefix(seconds ? 19 : 16).replacingOccurrences(of: "T", with: " ")
    }

    /// Who decided what and when: "rejected by ben at 2026-11-23 09:12 UTC (2 h ago)", so a
    /// change over it is never made without knowing. The screen gives minutes; the command line,
    /// whose output may be kept, gives `seconds`. The reviewer's name is escaped.
    package static func prior(_ decision: Decision, now: Int64, seconds: Bool = false) -> String {
        let age = RelativeAge.describe(since: decision.decidedAt, now: now)
        return "\(decision.kind.name) by \(TerminalSafety.sanitize(decision.reviewer).text) at \(time(decision.decidedAt, seconds: seconds)) UTC (\(age))"
    }
}
