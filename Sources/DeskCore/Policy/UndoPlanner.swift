/// One record of a submission's history, as the undo planner reads it.
package struct HistoryRecord: Equatable, Sendable {
    /// Its line in the decision log.
    package var line: Int
    package var kind: DecisionKind
    package var reason: String?
    /// The line of the record before it for the same submission (0: none).
    package var previousLine: Int

    package init(line: Int, kind: DecisionKind, reason: String? = nil, previousLine: Int) {
        self.line = line
        self.kind = kind
        self.reason = reason
        self.previousLine = previousLine
    }
}

/// What undo planning reads: each submission's records, newest first.
package protocol DecisionHistory {
    /// The submission's records, newest first (empty: no decision); nil when the queue does not
    /// hold it.
    func records(ofSubmission id: String) -> [HistoryRecord]?
    /// Its latest decision, to name who changed it.
    func latestDecision(ofSubmission id: String) -> Decision?
}

/// Undo puts back what was there before a request, row by row, and only where nobody changed
/// the row since.
///
/// The undo appends, for each submission, the record that restores its earlier state (the earlier
/// `verification_requested` again with its reason, say), or `reopened` when it was pending, so
/// the log stays append-only and its history reads right. The request expects the line of the
/// agent's own record: if someone decided the row after it, the store refuses, as it refuses any
/// stale decision. Lines an earlier undo wrote count as the line they put back (`restoredLines`).
package enum UndoPlanner {
    /// A submission someone changed after the request being undone: left as it is.
    package struct Changed: Equatable, Sendable {
        package var submissionID: String
        /// Its latest decision now (nil: its history changed, the log was read again).
        package var latest: Decision?
    }

    package struct Plan: Equatable, Sendable {
        /// The records that undo what can be undone (nil: nothing can be).
        package var request: DecisionRequest?
        /// The submissions left as they are.
        package var changed: [Changed] = []
    }

    /// Plans undoing `done` (a request that was recorded).
    package static func plan(undoing done: DecisionRequest, history: some DecisionHistory, restoredLines: [Int: Int] = [:]) -> Plan {
        var plan = Plan()
        var ids: [String] = []
        var expected: [Int] = []
        var restorations: [Restoration] = []
        var undone: [Int] = []
        for (id, seenBefore) in zip(done.submissionIDs, done.expectedLatestLines) {
            guard let records = history.records(ofSubmission: id), let mine = record(following: seenBefore, in: records),
                  equivalentLine(records.first?.line ?? 0, restoredLines: restoredLines) == mine.line else {
                plan.changed.append(Changed(submissionID: id, latest: history.latestDecision(ofSubmission: id)))
                continue
            }
            ids.append(id)
            expected.append(records.first?.line ?? 0)
            restorations.append(restoration(before: mine, in: records))
            undone.append(mine.line)
        }
        guard !ids.isEmpty else { return plan }
        var request = DecisionRequest(kind: .reopened, submissionIDs: ids, isUndo: true, expectedLatestLines: expected)
        // Plain `reopened` lines when every row was pending before; otherwise one record each.
        if restorations.contains(where: { $0.kind != .reopened || $0.restoresLine != 0 }) { request.restorations = restorations }
        request.undoneLines = undone
        plan.request = request
        return plan
    }

    /// Once an undo is recorded: each line it wrote, mapped to the earlier line whose state it
    /// put back (a further undo counts the first as the second).
    package static func restoredLines(by undo: DecisionRequest, history: some DecisionHistory) -> [Int: Int] {
        var result: [Int: Int] = [:]
        for (index, id) in undo.submissionIDs.enumerated() {
            guard let restored = undo.restorations?[index].restoresLine, restored > 0,
                  let records = history.records(ofSubmission: id),
                  let written = record(following: undo.expectedLatestLines[index], in: records) else { continue }
            result[written.line] = restored
        }
        return result
    }

    /// The record written on top of `seen` (the line the agent saw when deciding): the one whose
    /// previous record is that line.
    package static func record(following seen: Int, in records: [HistoryRecord]) -> HistoryRecord? {
        records.first { $0.previousLine == seen }
    }

    /// A line written by an undo counts as the line whose state it put back.
    package static func equivalentLine(_ line: Int, restoredLines: [Int: Int]) -> Int {
        var current = line
        var steps = 0
        while let earlier = restoredLines[current], steps < 1_000 {
            current = earlier
            steps += 1
        }
        return current
    }

    /// The record that puts back the state before `record`.
    private static func restoration(before record: HistoryRecord, in records: [HistoryRecord]) -> Restoration {
        guard record.previousLine > 0, let earlier = records.first(where: { $0.line == record.previousLine }) else {
            return Restoration(kind: .reopened, restoresLine: 0)
        }
        return Restoration(kind: earlier.kind, reason: earlier.reason, note: "undo: puts back line \(earlier.line)", restoresLine: earlier.line)
    }
}
