/// A decision to append only if its submission's latest decision is still the one seen.
public struct PlannedDecision: Equatable, Sendable {
    public var decision: Decision
    /// The log line of the latest decision the reviewer saw for it (0: none).
    public var expectedLatestLine: Int

    public init(_ decision: Decision, expectedLatestLine: Int) {
        self.decision = decision
        self.expectedLatestLine = expectedLatestLine
    }
}

/// What `Desk.record` wrote, and what it refused because others had decided meanwhile.
public struct RecordOutcome: Sendable {
    /// A submission whose latest decision changed since it was seen: nothing was written for it.
    public struct Conflict: Equatable, Sendable {
        public var submissionID: String
        /// The decision now latest (who, what, when), or nil when it was reopened to nothing.
        public var latest: Decision?
    }

    public var written: [Decision] = []
    public var conflicts: [Conflict] = []
    public var changes = Desk.Changes()

    public init() {}
}
