import DeskCore
import DeskStore

/// What one decision record means for the answer deadline, the report and the export.
///
/// The one place that sorts decision kinds for them. The switch is exhaustive on purpose: a new kind
/// (the coming `extended`) does not compile until it is given a role here, and the role
/// `.deadlineExtension` is all that the report's `extended` column and the export's `due_at` need.
package enum DecisionRole: Sendable, Equatable {
    /// A reply to the person (accepted, rejected, verification_requested): timed from receipt and
    /// late when made after the due day.
    case answer
    /// Undoes the latest decision (reopened). The deadline keeps counting from receipt.
    case reopening
    /// Extends the deadline to three months from receipt (Art. 12(3)) when recorded by the one-month
    /// due day: the `extended` kind.
    case deadlineExtension

    package init(_ kind: DecisionKind) {
        switch kind {
        case .accepted, .rejected, .verificationRequested: self = .answer
        case .reopened: self = .reopening
        case .extended: self = .deadlineExtension
        }
    }
}
