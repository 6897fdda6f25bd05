import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

extension PostgresConnection {
    /// Runs `sql` as `execute` does, and `work` here while the server runs it: on two cores the
    /// two overlap (a bulk's row locks on the server while its records are encoded here). Every
    /// result is read before returning, so the connection is ready again whatever failed.
    package func execute<T>(_ sql: String, _ parameters: [String?], overlapping work: () throws -> T) throws -> (PostgresResult, T) {
        for (index, parameter) in parameters.enumerated() where parameter?.utf8.contains(0) == true {
            throw PostgresError(kind: .usage, message: "parameter $\(index + 1) holds U+0000, which PostgreSQL text cannot store")
        }
        let pointers = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { pointers.forEach { free($0) } }
        let values: [UnsafePointer<CChar>?] = pointers.map { $0.map { UnsafePointer($0) } }
        let sent = values.withUnsafeBufferPointer { buffer in
            PQsendQueryParams(handle, sql, Int32(buffer.count), nil, buffer.count == 0 ? nil : buffer.baseAddress, nil, nil, 0)
        }
        guard sent == 1 else { throw connectionError("sending the statement failed") }
        let value = Result { try work() }
        var outcome: Result<PostgresResult, PostgresError>?
        // Under the client's own limit, as `execute` is: a server that stopped answering (a
        // stopped backend, a black-holed network) would leave PQgetResult waiting forever.
        stall.watch(socket: PQsocket(handle)) {
            while let result = PQgetResult(handle) {
                if outcome == nil {
                    outcome = Result { () throws(PostgresError) in try check(result, accepting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK]) }
                } else {
                    PQclear(result)
                }
            }
        }
        let done = try value.get()
        guard let outcome else { throw connectionError() }
        return (try outcome.get(), done)
    }
}
