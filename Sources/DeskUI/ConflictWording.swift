import DeskStore
import DeskEngine
import DeskCore

/// How the screen says that others decided some rows first: "ben rejected it 4 s ago",
/// "3 of 500 were decided by ben meanwhile: skipped".
package enum ConflictWording {
    package static func describe(_ conflicts: [RecordOutcome.Conflict], of total: Int, now: Int64) -> String {
        if total == 1, let conflict = conflicts.first {
            guard let latest = conflict.latest else { return "its decisions changed meanwhile (the log was reread)" }
            // Named: the cursor may have moved on by the time the message is read.
            return "\(Safe.line(latest.reviewer)) \(DecisionWording.pastTense(latest.kind)) \(Safe.line(conflict.submissionID)) \(RelativeAge.describe(since: latest.decidedAt, now: now))"
        }
        var reviewers: [String] = []
        for conflict in conflicts {
            let name = conflict.latest.map { Safe.line($0.reviewer) } ?? "?"
            if !reviewers.contains(name) { reviewers.append(name) }
        }
        let names = reviewers.count <= 2 ? reviewers.joined(separator: " and ") : "\(reviewers[0]) and \(reviewers.count - 1) others"
        return "\(conflicts.count) of \(total) were decided by \(names) meanwhile: skipped"
    }
}
