import Foundation

/// One connection that several parts of a desk use (the local copy's syncs, the decision store,
/// the claim store), one thread at a time, opened again when it broke.
package final class SharedConnection: @unchecked Sendable {
    // @unchecked: the connection is only touched under `lock`.
    private let connection: PostgresConnection
    private let lock = NSLock()
    /// Where it points, without the password.
    package let target: String

    package init(_ connection: sending PostgresConnection) {
        target = connection.target
        self.connection = connection
    }

    /// Runs `body` with the connection; a connection that broke (a restarted server, a network
    /// back) is opened again first, so a desk catches up on its next read.
    package func use<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if !connection.isOpen { try connection.reconnect() }
        return try body(connection)
    }
}
