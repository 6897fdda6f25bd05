import Dispatch
import Foundation

/// One connection that several parts of a desk use (the local copy's syncs, the decision store,
/// the claim store), one thread at a time, opened again when it broke.
///
/// Two ways in. `read` is for statements that change nothing (a sync, a look at claims, the
/// chain walk): when the connection had been idle and its server went away unseen (a host that
/// rebooted sent no FIN; a middlebox forgot the connection), the first statement is what fails,
/// so a read is retried once after a reset. `use` is for writes and is never repeated: a
/// transaction that lost its connection is rolled back by the server, or, when COMMIT was on its
/// way, has an unknown outcome (`outcomeUnknown`); repeating it could record it twice, or on
/// what the reviewer did not see. The caller says so and the reviewer acts again.
package final class SharedConnection: @unchecked Sendable {
    // @unchecked: the connection and `lastFailedReconnect` are only touched under `lock`.
    private let connection: PostgresConnection
    private let lock = NSLock()
    /// Where it points, without the password.
    package let target: String
    /// The longest a reconnect may wait for the server (a screen retries on its own).
    package var reconnectTimeoutMilliseconds = 2_000
    /// A reconnect that failed less than this ago is not tried again: the screen reads claims
    /// every 100 ms, and each would otherwise knock on a server that is down.
    static let reconnectSpacingNanoseconds: UInt64 = 1_000_000_000
    private var lastFailedReconnect: (at: UInt64, error: PostgresError)?

    package init(_ connection: sending PostgresConnection) {
        target = connection.target
        self.connection = connection
    }

    /// Runs `body`, a write (or a read that is part of one), with the connection; a connection
    /// that broke (a restarted server, a network back) is opened again first. Never repeated.
    package func use<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        _ = try openIfBroken()
        return try body(connection)
    }

    /// Runs `body`, which only reads, with the connection; repeated once after a reset when the
    /// connection had been idle and was found dead by `body`'s first statement.
    package func read<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let reopened = try openIfBroken()
        do {
            return try body(connection)
        } catch let error as PostgresError where !reopened && error.kind == .connection && !connection.isOpen && !connection.stall.tripped {
            // A server that stopped answering (tripped) already cost the whole limit: not again.
            try reconnect()
            return try body(connection)
        }
    }

    /// Opens the connection again if libpq knows it broke (or the server closed it while idle);
    /// returns whether it did.
    private func openIfBroken() throws -> Bool {
        connection.noticeClosedConnection()
        if connection.isOpen { return false }
        try reconnect()
        return true
    }

    private func reconnect() throws {
        let now = DispatchTime.now().uptimeNanoseconds
        if let last = lastFailedReconnect, now - last.at < Self.reconnectSpacingNanoseconds { throw last.error }
        do {
            try connection.reconnect(timeoutMilliseconds: reconnectTimeoutMilliseconds)
            lastFailedReconnect = nil
        } catch {
            lastFailedReconnect = (DispatchTime.now().uptimeNanoseconds, error)
            throw error
        }
    }
}
