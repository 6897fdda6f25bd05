import CLibPQ
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A NOTIFY delivered to this connection.
package struct PostgresNotification: Sendable, Equatable {
    package var channel: String
    package var payload: String
    /// The server process of the connection that sent it.
    package var senderPID: Int32

    package init(channel: String, payload: String, senderPID: Int32) {
        self.channel = channel
        self.payload = payload
        self.senderPID = senderPID
    }
}

/// LISTEN/NOTIFY without a thread of its own: the connection's socket goes into the caller's
/// `poll`/`ppoll` next to the terminal; when it is readable, `consumeInput()` then
/// `takeNotifications()`.
///
/// NOTIFY is delivered at commit, folded within a transaction, and lost while a listener is
/// disconnected: treat it as a wake-up and read `WHERE seq > last_seen`, also after reconnecting.
extension PostgresConnection {
    /// Starts listening on `channel` (quoted as an identifier).
    package func listen(_ channel: String) throws(PostgresError) {
        try execute("LISTEN " + escapeIdentifier(channel))
    }

    package func unlisten(_ channel: String) throws(PostgresError) {
        try execute("UNLISTEN " + escapeIdentifier(channel))
    }

    /// The connection's socket, to wait on with `poll` for readability (-1 when closed). It can
    /// change after a reconnect: ask again each time.
    package var socketDescriptor: Int32 { PQsocket(handle) }

    /// Reads what arrived on the socket without blocking; throws when the connection broke.
    package func consumeInput() throws(PostgresError) {
        if PQconsumeInput(handle) == 0 { throw connectionError() }
    }

    /// The notifications read so far (after `consumeInput` or any statement), oldest first.
    package func takeNotifications() -> [PostgresNotification] {
        var found: [PostgresNotification] = []
        while let notify = PQnotifies(handle) {
            let entry = notify.pointee
            found.append(PostgresNotification(channel: entry.relname.map { String(cString: $0) } ?? "",
                                              payload: entry.extra.map { String(cString: $0) } ?? "",
                                              senderPID: entry.be_pid))
            PQfreemem(notify)
        }
        return found
    }

    /// Waits up to `timeoutMilliseconds` for notifications (a convenience for commands and
    /// tests; a screen polls `socketDescriptor` itself). Returns at once when some are pending.
    package func waitForNotifications(timeoutMilliseconds: Int) throws(PostgresError) -> [PostgresNotification] {
        try consumeInput()
        var found = takeNotifications()
        guard found.isEmpty else { return found }
        var waitFor = poll_fd(socketDescriptor)
        let ready = poll(&waitFor, 1, Int32(clamping: timeoutMilliseconds))
        if ready < 0 && errno != EINTR { throw PostgresError(kind: .connection, message: "poll failed: errno \(errno)") }
        if ready > 0 {
            try consumeInput()
            found = takeNotifications()
        }
        return found
    }

    private func poll_fd(_ descriptor: Int32) -> pollfd {
        pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    }
}
