import DeskCore
import DeskStore

/// What `Desk.record` wrote, and what it refused because others had decided meanwhile.
package struct RecordOutcome: Sendable {
    /// A submission whose latest decision changed since it was seen: nothing was written for it.
    package struct Conflict: Equatable, Sendable {
        package var submissionID: String
        /// The decision now latest (who, what, when), or nil when it was reopened to nothing.
        package var latest: Decision?
    }

    package var written: [Decision] = []
    package var conflicts: [Conflict] = []
    package var changes = Desk.Changes()

    package init() {}
}
