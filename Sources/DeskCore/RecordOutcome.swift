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
