import DeskStore
/// Something PostgreSQL or libpq refused, phrased for a person and never holding a password.
package struct PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The connection could not be made, or was lost.
        case connection
        /// The server refused a statement (its SQLSTATE says why).
        case server
        /// The connection broke while COMMIT was on its way: the transaction may or may not have
        /// committed. Read the data again to find out.
        case outcomeUnknown
        /// The caller asked for something this wrapper refuses (a U+0000 in a parameter, say).
        case usage
    }

    package var kind: Kind
    /// The primary message (libpq's, or the server's).
    package var message: String
    /// The five-character SQLSTATE, when the server sent one (`23505` unique violation, …).
    package var sqlState: String?
    package var detail: String?
    package var hint: String?
    /// The constraint a violation names, when it names one.
    package var constraint: String?

    package init(kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil,
                constraint: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
    }

    /// The message, then the detail and hint when there are any, on one line each.
    package var description: String {
        var text = message
        if let detail, !detail.isEmpty { text += "\n" + detail }
        if let hint, !hint.isEmpty { text += "\nhint: " + hint }
        return text
    }

    /// SQLSTATEs this package raises itself (see `DeskSchema`), and a few standard ones callers test.
    package enum State {
        /// UPDATE, DELETE or TRUNCATE on the append-only decisions table.
        package static let appendOnly = "OD001"
        /// A record whose `prev` is not the SHA-256 of the record line before it.
        package static let chainBroken = "OD002"
        /// A client tried to choose `decisions.seq` (OVERRIDING SYSTEM VALUE).
        package static let serverAssigned = "OD003"
        /// Decisions may only be written under READ COMMITTED (see `DeskSchema`).
        package static let isolation = "OD004"
        /// A record whose `submission_id`, `decision` or `prev` column is not what its line says.
        package static let columnsDisagree = "OD005"
        package static let uniqueViolation = "23505"
        package static let insufficientPrivilege = "42501"
        package static let queryCanceled = "57014"
    }
}

extension PostgresError: RemoteStoreFailure {
    package var isUnreachable: Bool { kind == .connection }
    package var outcomeIsUnknown: Bool { kind == .outcomeUnknown }
}
