import DeskStore
import Foundation

/// Wakes a review screen on a database desk: a connection of its own that LISTENs on the desk's
/// channels (a decision committed, submissions inserted, by any server). Its socket goes into the
/// screen's `ppoll` beside the terminal, as inotify's descriptor does for files, so another
/// server's decision shows within the live-update delay and an idle screen costs no CPU.
///
/// When the connection breaks (the server restarted, the network went) `descriptor` is nil, the
/// screen falls back to refreshing every second (each refresh tries the desk's own connection,
/// and says "database unreachable, retrying" while it fails), and `maintain` connects again at
/// most every two seconds; once back, the refresh catches up from the last `seq` copied.
package final class DatabaseListener: ChangeSignal {
    private let open: () throws -> PostgresConnection
    private var connection: PostgresConnection?
    private var lastAttempt: Int64 = 0
    private let clock: () -> Int64

    /// `open` makes a new connection with the desk's connection string.
    package init(clock: @escaping () -> Int64, open: @escaping () throws -> PostgresConnection) {
        self.open = open
        self.clock = clock
        _ = connect()
    }

    private func connect() -> Bool {
        lastAttempt = clock()
        do {
            let fresh = try open()
            try fresh.listen(DeskSchema.decisionsChannel)
            try fresh.listen(DeskSchema.submissionsChannel)
            connection = fresh
            return true
        } catch {
            connection = nil
            return false
        }
    }

    package var descriptor: Int32? {
        guard let connection, connection.isOpen else { return nil }
        let socket = connection.socketDescriptor
        return socket >= 0 ? socket : nil
    }

    package func drain() -> Bool {
        guard let connection else { return false }
        do {
            try connection.consumeInput()
        } catch {
            self.connection = nil  // broken: the screen refreshes (and learns it) until `maintain` reconnects
            return true
        }
        if !connection.isOpen {
            self.connection = nil
            return true
        }
        return !connection.takeNotifications().isEmpty
    }

    package func maintain() -> Bool {
        guard connection == nil || !(connection?.isOpen ?? false), clock() - lastAttempt >= 2_000 else { return false }
        return connect()
    }
}
