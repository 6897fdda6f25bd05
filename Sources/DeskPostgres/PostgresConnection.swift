import CLibPQ
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection: parameterised statements, transactions, COPY both ways, LISTEN/NOTIFY.
///
/// **One thread at a time.** A `PGconn` is not thread-safe, so this class is not `Sendable`: the
/// code that opens a connection uses it, or hands it over whole (`sending`) to the one thread
/// that will. Open a second connection for a second thread; a screen's listener is its own
/// connection.
///
/// Every call blocks until the server answers. Nothing waits forever: connecting gives up after
/// `connect_timeout` (10 s unless the connection string or `PGCONNECT_TIMEOUT` says otherwise),
/// every statement is cancelled by the server after `statement_timeout`, and TCP keepalives plus
/// `tcp_user_timeout` notice a peer that vanished (all overridable in the connection string).
///
/// Values always travel as parameters (`$1`, …), never spliced into SQL; identifiers go through
/// `escapeIdentifier`. Error messages never hold the password: the ones libpq and the server
/// write are scrubbed of every password this connection knows.
package final class PostgresConnection {
    let handle: OpaquePointer
    /// Where the connection points (`host=… port=… dbname=… user=…`), without the password.
    package let target: String
    /// Passwords to scrub from every message: the connection string's, libpq's, `PGPASSWORD`.
    let secrets: [String]
    private let statementTimeoutMilliseconds: Int
    /// The client's own limit on a wait for the server (see `StallWatch`).
    let stall: StallWatch
    /// Warnings and notices the server sent, newest last (at most 100 kept).
    package private(set) var notices: [String] = []

    /// The defaults this wrapper adds. Options the connection string sets win over them.
    package struct Settings: Sendable {
        /// Seconds to wait for a connection (libpq's `connect_timeout`); `PGCONNECT_TIMEOUT` or
        /// the string's own value win over it.
        package var connectTimeoutSeconds = 10
        /// Milliseconds after which the server cancels a statement (0: never); the client gives
        /// up on a server that does not answer at all after this plus a grace (`StallWatch`).
        /// `OBJECTION_DESK_STATEMENT_TIMEOUT` (milliseconds, or with `ms`/`s`) changes the default.
        package var statementTimeoutMilliseconds = Settings.environmentStatementTimeout ?? 30_000
        /// Shown in `pg_stat_activity` unless the string names one.
        package var applicationName = "objection-desk"

        package init(connectTimeoutSeconds: Int = 10, statementTimeoutMilliseconds: Int = Settings.environmentStatementTimeout ?? 30_000,
                    applicationName: String = "objection-desk") {
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
            self.applicationName = applicationName
        }

        /// `OBJECTION_DESK_STATEMENT_TIMEOUT`: `30000`, `30000ms` or `30s` (nil: unset or not a
        /// duration).
        package static var environmentStatementTimeout: Int? {
            guard let raw = getenv("OBJECTION_DESK_STATEMENT_TIMEOUT").map({ String(cString: $0) }) else { return nil }
            return parseDuration(raw)
        }

        package static func parseDuration(_ raw: String) -> Int? {
            let text = raw.trimmingWhitespace()
            if text.hasSuffix("ms") { return Int(text.dropLast(2)).flatMap { $0 >= 0 ? $0 : nil } }
            if text.hasSuffix("s") { return Double(text.dropLast()).flatMap { $0 >= 0 && $0 < 1e9 ? Int($0 * 1000) : nil } }
            return Int(text).flatMap { $0 >= 0 ? $0 : nil }
        }
    }

    /// Connects with `conninfo`: a libpq connection string, a `postgresql://` URI, or "" for
    /// libpq's defaults (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGSERVICE`, `~/.pgpass`, …).
    package init(_ conninfo: String, settings: Settings = Settings()) throws(PostgresError) {
        let parsed = try ConnectionString(conninfo)
        var keywords: [String] = ["fallback_application_name"]
        var values: [String] = [settings.applicationName]
        if getenv("PGCONNECT_TIMEOUT") == nil {
            keywords.append("connect_timeout")
            values.append(String(settings.connectTimeoutSeconds))
        }
        // A server that vanished without closing the connection (a cut network) is noticed
        // within about half a minute instead of when the kernel gives up (minutes to hours).
        for (keyword, value) in [("keepalives_idle", "15"), ("keepalives_interval", "5"), ("keepalives_count", "3"),
                                 ("tcp_user_timeout", "30000")] {
            keywords.append(keyword)
            values.append(value)
        }
        // Options before "dbname" are defaults the expanded string overrides; after it, they win.
        keywords += ["dbname", "client_encoding"]
        values += [conninfo, "UTF8"]
        let connection = Self.connect(keywords: keywords, values: values)
        guard let connection else {
            throw PostgresError(kind: .connection, message: "cannot connect to the database: libpq is out of memory")
        }
        var known = [parsed.password, getenv("PGPASSWORD").map { String(cString: $0) }].compactMap { $0 }
        if let used = PQpass(connection).map({ String(cString: $0) }), !used.isEmpty { known.append(used) }
        let resolved = ConnectionString(connection: connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            let raw = PQerrorMessage(connection).map { String(cString: $0) } ?? ""
            PQfinish(connection)
            throw PostgresError(kind: .connection,
                                message: "cannot connect to the database (\(resolved.redacted)): "
                                    + ConnectionString.scrub(raw, removing: known).trimmingWhitespace())
        }
        handle = connection
        statementTimeoutMilliseconds = settings.statementTimeoutMilliseconds
        stall = StallWatch(limitMilliseconds: StallWatch.limit(forStatementTimeout: settings.statementTimeoutMilliseconds))
        target = resolved.redacted
        secrets = known
        PQsetNoticeReceiver(handle, { context, result in
            guard let context, let result else { return }
            let connection = Unmanaged<PostgresConnection>.fromOpaque(context).takeUnretainedValue()
            connection.keepNotice(result)
        }, Unmanaged.passUnretained(self).toOpaque())
        try configureSession()
    }

    /// The session's settings, at connecting and again after a reconnect: the statement timeout,
    /// UTC, and what frees the server from a client that vanished. An open transaction left idle
    /// (the client stopped, or its network did) is ended after the statement timeout, so its
    /// locks (the chain's among them) do not block the other desks; over TCP the server's side
    /// of the connection gets the client's keepalives and `tcp_user_timeout`, and a running
    /// statement checks every 5 s that its client is still there.
    private func configureSession() throws(PostgresError) {
        let timeout = String(statementTimeoutMilliseconds)
        try execute("""
            SELECT set_config('statement_timeout', $1, false), set_config('TimeZone', 'UTC', false),
                   set_config('idle_in_transaction_session_timeout', $1, false),
                   set_config('tcp_keepalives_idle', '15', false), set_config('tcp_keepalives_interval', '5', false),
                   set_config('tcp_keepalives_count', '3', false), set_config('tcp_user_timeout', '30000', false),
                   set_config('client_connection_check_interval', '5000', false)
            """, [timeout])
    }

    deinit { PQfinish(handle) }

    /// Connects again with the same parameters after the connection broke (a restarted server, a
    /// network that came back); waits at most the connect timeout, or `timeoutMilliseconds` when
    /// given (a screen retrying must not freeze for the whole connect timeout when packets to
    /// the server are dropped). LISTENs are not renewed.
    package func reconnect(timeoutMilliseconds: Int? = nil) throws(PostgresError) {
        var timedOut = false
        if let timeoutMilliseconds {
            timedOut = !resetWithin(milliseconds: timeoutMilliseconds)
        } else {
            PQreset(handle)
        }
        guard isOpen else {
            let raw = timedOut ? "no answer within \(timeoutMilliseconds ?? 0) ms" : PQerrorMessage(handle).map { String(cString: $0) } ?? ""
            throw PostgresError(kind: .connection, message: "cannot reconnect to the database (\(target)): "
                                    + ConnectionString.scrub(raw, removing: secrets).trimmingWhitespace())
        }
        try configureSession()
    }

    /// `PQreset`'s non-blocking form under a deadline of our own; false when the deadline passed.
    private func resetWithin(milliseconds: Int) -> Bool {
        guard PQresetStart(handle) == 1 else { return true }  // failed at once: the error says why
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(milliseconds, 0)) * 1_000_000
        var status = PGRES_POLLING_WRITING  // libpq's rule: wait for writing first
        while status != PGRES_POLLING_OK && status != PGRES_POLLING_FAILED {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { return false }
            let events = status == PGRES_POLLING_READING ? Int16(POLLIN) : Int16(POLLOUT)
            var entry = pollfd(fd: PQsocket(handle), events: events, revents: 0)
            let waited = poll(&entry, 1, Int32(min((deadline - now) / 1_000_000 + 1, 60_000)))
            if waited < 0 && errno != EINTR { return true }
            if waited == 0 { continue }
            status = PQresetPoll(handle)
        }
        return true
    }

    private static func connect(keywords: [String], values: [String]) -> OpaquePointer? {
        let keywordPointers = keywords.map { strdup($0) }
        let valuePointers = values.map { strdup($0) }
        defer {
            keywordPointers.forEach { free($0) }
            valuePointers.forEach { free($0) }
        }
        let keywordArray: [UnsafePointer<CChar>?] = keywordPointers.map { UnsafePointer($0) } + [nil]
        let valueArray: [UnsafePointer<CChar>?] = valuePointers.map { UnsafePointer($0) } + [nil]
        return keywordArray.withUnsafeBufferPointer { keywordBuffer in
            valueArray.withUnsafeBufferPointer { valueBuffer in
                PQconnectdbParams(keywordBuffer.baseAddress, valueBuffer.baseAddress, 1)
            }
        }
    }

    private func keepNotice(_ result: OpaquePointer) {
        let message = PQresultErrorField(result, desk_pg_diag_message_primary).map { String(cString: $0) } ?? ""
        let severity = PQresultErrorField(result, desk_pg_diag_severity).map { String(cString: $0) } ?? "NOTICE"
        if notices.count >= 100 { notices.removeFirst() }
        notices.append("\(severity): " + ConnectionString.scrub(message, removing: secrets))
    }

    /// Whether the connection is still usable (libpq has not seen it break).
    package var isOpen: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Reads what the server sent while the connection was idle, without waiting: a server that
    /// restarted or ended the session has closed it, and `isOpen` then says so (instead of the
    /// next statement failing). One `poll` when nothing came.
    package func noticeClosedConnection() {
        var entry = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        guard entry.fd >= 0 else { return }
        if poll(&entry, 1, 0) > 0 { _ = PQconsumeInput(handle) }
    }

    /// The server's version as a number (150018 for 15.18).
    package var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// The server process serving this connection (as `pg_stat_activity` and notifications name it).
    package var backendPID: Int32 { PQbackendPID(handle) }

    /// Runs `sql` with `parameters` bound to `$1`, `$2`, … (text format; nil is SQL NULL).
    ///
    /// One statement per call (the extended protocol refuses several). A parameter holding U+0000
    /// is refused before anything is sent: PostgreSQL text cannot store that character.
    @discardableResult
    package func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresResult {
        for (index, parameter) in parameters.enumerated() where parameter?.utf8.contains(0) == true {
            throw PostgresError(kind: .usage, message: "parameter $\(index + 1) holds U+0000, which PostgreSQL text cannot store")
        }
        let pointers = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { pointers.forEach { free($0) } }
        let values: [UnsafePointer<CChar>?] = pointers.map { $0.map { UnsafePointer($0) } }
        let result = stall.watch(socket: PQsocket(handle)) {
            values.withUnsafeBufferPointer { buffer in
                PQexecParams(handle, sql, Int32(buffer.count), nil, buffer.count == 0 ? nil : buffer.baseAddress, nil, nil, 0)
            }
        }
        return try check(result, accepting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK])
    }

    /// Runs a script of several statements without parameters (the simple query protocol):
    /// migrations and fixed DDL only, never text from outside.
    package func executeScript(_ sql: String) throws(PostgresError) {
        let result = stall.watch(socket: PQsocket(handle)) { PQexec(handle, sql) }
        _ = try check(result, accepting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY])
        // PQexec keeps only the last result; an error stops the script there.
    }

    /// Turns a result into a value, or into the error it carries (or the connection's).
    func check(_ result: OpaquePointer?, accepting: [ExecStatusType]) throws(PostgresError) -> PostgresResult {
        guard let result else { throw connectionError() }
        let wrapped = PostgresResult(handle: result)
        let status = PQresultStatus(result)
        if accepting.contains(status) { return wrapped }
        if status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR || status == PGRES_BAD_RESPONSE {
            var error = PostgresResult.error(from: result, secrets: secrets, fallback: "the statement failed")
            if error.sqlState == nil && !isOpen {
                error.kind = .connection
                if stall.tripped { error.message = stalledMessage }
            }
            throw error
        }
        throw PostgresError(kind: .usage, message: "unexpected result \(String(cString: PQresStatus(status)))")
    }

    /// The connection's last error, as a `PostgresError`.
    func connectionError(_ fallback: String = "the connection to the server was lost") -> PostgresError {
        if stall.tripped && !isOpen { return PostgresError(kind: .connection, message: stalledMessage) }
        let raw = PQerrorMessage(handle).map { String(cString: $0) }?.trimmingWhitespace() ?? ""
        return PostgresError(kind: .connection, message: ConnectionString.scrub(raw.isEmpty ? fallback : raw, removing: secrets))
    }

    var stalledMessage: String {
        let limit = stall.limitMilliseconds
        let shown = limit % 1000 == 0 ? "\(limit / 1000) s" : "\(limit) ms"
        return "the database server did not answer for \(shown) (\(target)); the connection was closed"
    }

    /// Quotes `name` as an SQL identifier (`PQescapeIdentifier`): `"ana"`, `"a""b"`.
    package func escapeIdentifier(_ name: String) throws(PostgresError) -> String {
        guard !name.utf8.contains(0), let escaped = PQescapeIdentifier(handle, name, name.utf8.count) else {
            throw PostgresError(kind: .usage, message: "cannot quote the identifier: " + ConnectionString.scrub(
                PQerrorMessage(handle).map { String(cString: $0) } ?? "", removing: secrets).trimmingWhitespace())
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    // MARK: Transactions

    /// How a transaction sees others' commits.
    package enum Isolation: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    /// Runs `body` inside BEGIN … COMMIT; rolls back when it throws.
    ///
    /// If the connection breaks while COMMIT is on its way the error's kind is `.outcomeUnknown`:
    /// the server may have committed. A COMMIT the server turned into a ROLLBACK (the transaction
    /// had failed) throws.
    @discardableResult
    package func transaction<T>(_ isolation: Isolation = .readCommitted, _ body: () throws -> T) throws -> T {
        try execute("BEGIN ISOLATION LEVEL " + isolation.rawValue)
        let value: T
        do {
            value = try body()
        } catch {
            if isOpen { _ = try? execute("ROLLBACK") }
            throw error
        }
        try commit()
        return value
    }

    /// COMMIT, telling a lost connection (outcome unknown) from a refusal.
    package func commit() throws(PostgresError) {
        let result: PostgresResult
        do {
            result = try execute("COMMIT")
        } catch {
            if error.kind == .connection || !isOpen {
                throw PostgresError(kind: .outcomeUnknown,
                                    message: "outcome unknown: the connection broke while committing; the transaction may or may not have been recorded (\(error.message))")
            }
            throw error
        }
        if result.commandStatus == "ROLLBACK" {
            throw PostgresError(kind: .server, message: "the transaction had failed and was rolled back")
        }
    }
}
