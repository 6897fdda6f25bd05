import DeskStore
import DeskEngine
import DeskCore

/// The four views bound to `1`–`4`: which statuses the list shows before the filter applies.
package enum ViewMode: Int, CaseIterable, Sendable {
    case pending = 1, awaiting, decided, all

    package var title: String {
        switch self {
        case .pending: "Pending"
        case .awaiting: "Awaiting verification"
        case .decided: "Decided"
        case .all: "All"
        }
    }

    var statuses: [SubmissionStatus]? {
        switch self {
        case .pending: [.pending]
        case .awaiting: [.awaitingVerification]
        case .decided: [.accepted, .rejected]
        case .all: nil
        }
    }
}
