import CLibPQ

/// The rows (or the command status) a statement returned. Values arrive in PostgreSQL's text
/// format; the accessors convert the few types the desk uses.
///
/// Owns its `PGresult` and frees it when released. Like the connection, use it from one thread
/// at a time.
package final class PostgresResult {
    let handle: OpaquePointer

    init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { PQclear(handle) }

    package var rowCount: Int { Int(PQntuples(handle)) }

    package var columnCount: Int { Int(PQnfields(handle)) }

    package func columnName(_ column: Int) -> String {
        PQfname(handle, Int32(column)).map { String(cString: $0) } ?? ""
    }

    /// The index of the column named `name`, if the result has one.
    package func column(named name: String) -> Int? {
        let index = Int(PQfnumber(handle, name))
        return index >= 0 ? index : nil
    }

    package func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(handle, Int32(row), Int32(column)) == 1
    }

    /// The value as text (UTF-8), or nil for SQL NULL.
    package func string(_ row: Int, _ column: Int) -> String? {
        if isNull(row, column) { return nil }
        return withBytes(row, column) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the value's bytes exactly as the server sent them (text format).
    package func withBytes<T>(_ row: Int, _ column: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        guard let value = PQgetvalue(handle, Int32(row), Int32(column)) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: value, count: length))
    }

    package func int64(_ row: Int, _ column: Int) -> Int64? {
        string(row, column).flatMap { Int64($0) }
    }

    package func int(_ row: Int, _ column: Int) -> Int? {
        string(row, column).flatMap { Int($0) }
    }

    /// `t`/`f`, PostgreSQL's text form of a boolean.
    package func bool(_ row: Int, _ column: Int) -> Bool? {
        switch string(row, column) {
        case "t": true
        case "f": false
        default: nil
        }
    }

    /// The first column of every row.
    package var column0: [String?] { (0..<rowCount).map { string($0, 0) } }

    /// The first column of the first row.
    package var scalar: String? { rowCount > 0 && columnCount > 0 ? string(0, 0) : nil }

    /// Rows inserted, updated, deleted, copied or selected, from the command tag.
    package var affectedRows: Int {
        guard let text = PQcmdTuples(handle) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    /// The command tag (`INSERT 0 3`, `COMMIT`, `ROLLBACK`, …).
    package var commandStatus: String {
        PQcmdStatus(handle).map { String(cString: $0) } ?? ""
    }

    /// The error a failed result carries, passwords scrubbed.
    static func error(from result: OpaquePointer, secrets: [String], fallback: String) -> PostgresError {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { ConnectionString.scrub(String(cString: $0), removing: secrets) }
        }
        let primary = field(desk_pg_diag_message_primary)
            ?? ConnectionString.scrub(PQresultErrorMessage(result).map { String(cString: $0) } ?? fallback, removing: secrets).trimmingWhitespace()
        return PostgresError(kind: .server, message: primary, sqlState: field(desk_pg_diag_sqlstate),
                             detail: field(desk_pg_diag_message_detail), hint: field(desk_pg_diag_message_hint),
                             constraint: field(desk_pg_diag_constraint_name))
    }
}
