import DeskCore

/// How the screen names a decision someone already made: "rejected by ben at 2026-11-23 09:12 UTC
/// (2 h ago)", so a change over it is never made without knowing who, what and when.
enum PriorDecisionWording {
    static func describe(_ decision: Decision, now: Int64) -> String {
        let when = Timestamp.formatUTCMillis(decision.decidedAt).prefix(16).replacingOccurrences(of: "T", with: " ")
        let age = RelativeAge.describe(since: decision.decidedAt, now: now)
        return "\(decision.kind.name) by \(Safe.line(decision.reviewer)) at \(when) UTC (\(age))"
    }

    /// "accepted", "rejected", "sent for verification": as in "obj-1 accepted by ben 3 s ago".
    static func participle(_ kind: DecisionKind) -> String {
        switch kind {
        case .accepted: "accepted"
        case .rejected: "rejected"
        case .verificationRequested: "sent for verification"
        case .reopened: "reopened"
        case .extended: "given more time"
        }
    }

    /// "486 pending, 14 awaiting verification" for counts indexed by `SubmissionStatus.rawValue`.
    static func breakdown(_ counts: [Int]) -> String {
        SubmissionStatus.allCases.compactMap { status in
            let count = counts[Int(status.rawValue)]
            return count == 0 ? nil : "\(count) \(StatusLook.word(status))"
        }.joined(separator: ", ")
    }
}
