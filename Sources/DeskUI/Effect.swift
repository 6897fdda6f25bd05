import DeskCore

/// Decisions the agent asked for; the effect runner stamps the time and the OS user.
public struct DecisionRequest: Equatable, Sendable {
    public var kind: DecisionKind
    public var submissionIDs: [String]
    public var reason: String?
    /// An undo: recorded like any decision, but not pushed onto the undo stack again.
    public var isUndo: Bool
    /// The agent confirmed deciding a submission another reviewer's screen claims: the runner
    /// does not refuse it for that claim.
    public var overridesClaims: Bool

    public init(kind: DecisionKind, submissionIDs: [String], reason: String? = nil, isUndo: Bool = false,
                overridesClaims: Bool = false) {
        self.kind = kind
        self.submissionIDs = submissionIDs
        self.reason = reason
        self.isUndo = isUndo
        self.overridesClaims = overridesClaims
    }

    /// The log records for this request, stamped with who made it and when.
    public func decisions(reviewer: String, osUser: String, decidedAt: Int64) -> [Decision] {
        submissionIDs.map {
            Decision(submissionID: $0, kind: kind, reviewer: reviewer, osUser: osUser, decidedAt: decidedAt, reason: reason)
        }
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
