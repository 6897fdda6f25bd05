import DeskCore

/// Decisions the agent asked for; the effect runner stamps the time and the OS user.
public struct DecisionRequest: Equatable, Sendable {
    public var kind: DecisionKind
    public var submissionIDs: [String]
    public var reason: String?
    /// An undo: recorded like any decision, but not pushed onto the undo stack again.
    public var isUndo: Bool
    /// Per submission, the log line of the latest decision the reviewer saw (0: none). A decision
    /// is written only if that is still the latest when the log is locked: no silent overwrite.
    public var expectedLatestLines: [Int]
    /// The agent confirmed deciding a submission another reviewer's screen claims: the runner
    /// does not refuse it for that claim.
    public var overridesClaims: Bool

    /// `expectedLatestLines` nil: none of them had a decision.
    public init(kind: DecisionKind, submissionIDs: [String], reason: String? = nil, isUndo: Bool = false,
                expectedLatestLines: [Int]? = nil, overridesClaims: Bool = false) {
        self.kind = kind
        self.submissionIDs = submissionIDs
        self.reason = reason
        self.isUndo = isUndo
        self.expectedLatestLines = expectedLatestLines ?? submissionIDs.map { _ in 0 }
        self.overridesClaims = overridesClaims
    }

    /// The log records for this request, stamped with who made it and when, each with the latest
    /// decision its reviewer saw.
    public func decisions(reviewer: String, osUser: String, decidedAt: Int64) -> [PlannedDecision] {
        zip(submissionIDs, expectedLatestLines).map { id, expected in
            PlannedDecision(
                Decision(submissionID: id, kind: kind, reviewer: reviewer, osUser: osUser, decidedAt: decidedAt, reason: reason),
                expectedLatestLine: expected)
        }
    }

    /// The same request narrowed to the submissions in `kept`.
    public func keeping(_ kept: Set<String>) -> DecisionRequest {
        var copy = self
        let indices = submissionIDs.indices.filter { kept.contains(submissionIDs[$0]) }
        copy.submissionIDs = indices.map { submissionIDs[$0] }
        copy.expectedLatestLines = indices.map { expectedLatestLines[$0] }
        return copy
    }
}

/// What a key asks the outside world to do; the reducer itself never performs I/O.
public enum Effect: Equatable, Sendable {
    /// Append these decisions (one write + fsync), then report `.recorded` or `.recordFailed`.
    case record(DecisionRequest)
    /// Read whatever both files gained, then report `.reloaded`.
    case reload
    case quit
}
