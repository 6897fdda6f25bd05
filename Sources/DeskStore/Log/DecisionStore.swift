import DeskCore

/// What one read of a store found: new records in order, and problems (file:line, or row ids).
package typealias DecisionChanges = DecisionLog.ReadResult

/// The boundary between the desk and where its decisions live.
///
/// The JSON-lines log (`DecisionLog`) is the first implementation and the default. The next one is
/// PostgreSQL: `readChanges` becomes `SELECT … WHERE seq > last_seen` (woken by LISTEN/NOTIFY),
/// `append` a transaction that locks the chain head row, reads what others committed, lets
/// `prepare` decide (the expected-latest check), inserts with the chain links and commits, and
/// `verify` the same walk over the rows. Claims have their own boundary (`ClaimStore`), since they
/// are coordination, not the record. Tests for this protocol are written once
/// (`DecisionStoreContract` in the tests) and run against every implementation.
package protocol DecisionStore: AnyObject {
    /// Where the records live, for messages (a path, or a database and table).
    var location: String { get }

    /// What a problem with a record names as its file, before `:line` (the record's line in the
    /// log): the log's path, or the database and "record" (line N of `db export-log`), as
    /// `verify` names it.
    var recordLocation: String { get }

    /// Records appended since the last read or append, by anyone, in order.
    func readChanges() throws -> DecisionChanges

    /// The next `readChanges` starts again from the first record (the queue was replaced and
    /// every decision must be folded onto the new rows).
    func rewind() throws

    /// Appends what `prepare` returns as one all-or-nothing unit and returns once it is durable.
    /// `prepare` runs while the store excludes other writers, after what they appended since the
    /// last read has been read (and is handed to it): it decides knowing the latest state.
    @discardableResult
    func append(prepare: (DecisionChanges) throws -> [Decision]) throws -> DecisionLog.AppendResult

    /// Walks the whole chain; `head` asks whether a record with that hash is still there.
    func verify(findingHead head: String?) throws -> ChainReport

    /// The JSON-lines file the store reads through (the log itself, or a database's local copy):
    /// the desk saves its fold of the records beside it. Nil when there is none.
    var fileLog: DecisionLog? { get }

    /// Who the store itself vouches wrote each record, by line number (line 1 first): the
    /// database's authenticated role. Nil when the store cannot tell (a file: any member of the
    /// team could have written any line).
    func recordWriters() -> [String]?

    /// Whether `recordWriters` names an authenticated writer for every record (a database): the
    /// desk's exports then carry it as `db_user`.
    var knowsWriters: Bool { get }
}

extension DecisionStore {
    package var recordLocation: String { location }
    package var fileLog: DecisionLog? { nil }
    package func recordWriters() -> [String]? { nil }
    package var knowsWriters: Bool { false }
}

extension DecisionLog: DecisionStore {
    package var location: String { path }

    package func readChanges() throws -> DecisionChanges { try readNew() }

    package func rewind() throws { restartReading() }

    package var fileLog: DecisionLog? { self }

    package func verify(findingHead head: String?) throws -> ChainReport {
        try ChainVerifier.verify(path: path, findingHead: head)
    }
}
