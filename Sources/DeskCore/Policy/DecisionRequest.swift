/// Decisions someone asked for (a key on the review screen, an undo), before they are stamped
/// with the time and the OS user and checked against the log.
package struct DecisionRequest: Equatable, Sendable {
    package var kind: DecisionKind
    package var submissionIDs: [String]
    package var reason: String?
    /// An undo: recorded like any decision, but not pushed onto the undo stack again.
    package var isUndo: Bool
    /// Per submission, the log line of the latest decision the reviewer saw (0: none). A decision
    /// is written only if that is still the latest when the log is locked: no silent overwrite.
    package var expectedLatestLines: [Int]
    /// The agent confirmed deciding a submission another reviewer's screen claims: the runner
    /// does not refuse it for that claim.
    package var overridesClaims: Bool
    /// An internal note kept with every record of this request.
    package var note: String?
    /// The canned reason chosen (`Resources/reasons.json`), when its text was kept as it is.
    package var reasonCode: String?
    /// Per submission, what to append instead of `kind`/`reason`/`note`: an undo puts back each
    /// submission's earlier state, which may differ from row to row. Nil: `kind` for all.
    package var restorations: [Restoration]?
    /// On an undo, per submission: the log line of the decision it takes back (`undoes`).
    package var undoneLines: [Int]?

    /// `expectedLatestLines` nil: none of them had a decision.
    package init(kind: DecisionKind, submissionIDs: [String], reason: String? = nil, isUndo: Bool = false,
                expectedLatestLines: [Int]? = nil, note: String? = nil, overridesClaims: Bool = false) {
        self.kind = kind
        self.submissionIDs = submissionIDs
        self.reason = reason
        self.isUndo = isUndo
        self.expectedLatestLines = expectedLatestLines ?? submissionIDs.map { _ in 0 }
        self.note = note
        self.overridesClaims = overridesClaims
    }

    /// The log records for this request, stamped with who made it and when, each with the latest
    /// decision its reviewer saw.
    package func decisions(reviewer: String, osUser: String, decidedAt: Int64) -> [PlannedDecision] {
        submissionIDs.indices.map { index in
            let restoration = restorations?[index]
            return PlannedDecision(
                Decision(submissionID: submissionIDs[index], kind: restoration?.kind ?? kind, reviewer: reviewer, osUser: osUser,
                         decidedAt: decidedAt, reason: restoration == nil ? reason : restoration?.reason,
                         note: restoration == nil ? note : restoration?.note,
                         reasonCode: restoration == nil ? reasonCode : nil, undoes: undoneLines?[index]),
                expectedLatestLine: expectedLatestLines[index])
        }
    }

    /// The same request narrowed to the submissions in `kept`.
    package func keeping(_ kept: Set<String>) -> DecisionRequest {
        var copy = self
        let indices = submissionIDs.indices.filter { kept.contains(submissionIDs[$0]) }
        copy.submissionIDs = indices.map { submissionIDs[$0] }
        copy.expectedLatestLines = indices.map { expectedLatestLines[$0] }
        copy.restorations = restorations.map { all in indices.map { all[$0] } }
        copy.undoneLines = undoneLines.map { all in indices.map { all[$0] } }
        return copy
    }

    /// The status each submission has once this is recorded, counted per status (indexed by
    /// `SubmissionStatus.rawValue`); a kind that keeps the status counts as pending.
    package var resultingStatusCounts: [Int] {
        var counts = [Int](repeating: 0, count: SubmissionStatus.allCases.count)
        for index in submissionIDs.indices {
            let kind = restorations?[index].kind ?? self.kind
            counts[Int((kind.resultingStatus ?? .pending).rawValue)] += 1
        }
        return counts
    }
}

/// What an undo appends for one submission: the record that puts its earlier state back.
package struct Restoration: Equatable, Sendable {
    package var kind: DecisionKind
    package var reason: String?
    package var note: String?
    /// The log line whose state this puts back (0: no decision before, so pending).
    package var restoresLine: Int

    package init(kind: DecisionKind, reason: String? = nil, note: String? = nil, restoresLine: Int) {
        self.kind = kind
        self.reason = reason
        self.note = note
        self.restoresLine = restoresLine
    }
}

/// A decision to append only if its submission's latest decision is still the one seen.
package struct PlannedDecision: Equatable, Sendable {
    package var decision: Decision
    /// The log line of the latest decision the reviewer saw for it (0: none).
    package var expectedLatestLine: Int

    package init(_ decision: Decision, expectedLatestLine: Int) {
        self.decision = decision
        self.expectedLatestLine = expectedLatestLine
    }
}
