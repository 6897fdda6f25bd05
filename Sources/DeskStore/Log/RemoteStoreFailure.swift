/// A failure of a store that lives on a server (PostgreSQL), as the screen words it: the
/// reviewer is told the store is unreachable and being retried, or that a commit was cut off and
/// may or may not have been recorded — never that a decision was recorded when that is unknown.
package protocol RemoteStoreFailure: Error, CustomStringConvertible {
    /// The server could not be reached (down, a network cut, a connection lost).
    var isUnreachable: Bool { get }
    /// The connection broke while a commit was on its way.
    var outcomeIsUnknown: Bool { get }
}

/// A change signal the review screen waits on beside the terminal (`ChangeWatcher` for files, a
/// LISTEN connection for a database).
package protocol ChangeSignal: AnyObject {
    /// Readable when something may have changed; nil when there is nothing to wait on (the screen
    /// then refreshes periodically).
    var descriptor: Int32? { get }
    /// Takes what made `descriptor` readable; true when something changed (or the channel broke
    /// and a refresh should tell).
    func drain() -> Bool
    /// Called at each periodic refresh: a lost channel may be opened again. True when it was
    /// (a refresh then catches up on what was missed).
    func maintain() -> Bool
}

extension ChangeWatcher: ChangeSignal {
    package func maintain() -> Bool { false }
}
