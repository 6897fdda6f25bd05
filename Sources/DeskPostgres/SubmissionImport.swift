/// Loads queue lines into `objection_desk.submissions`, idempotently by id.
///
/// One transaction: the table is locked against other writers (`SHARE ROW EXCLUSIVE`: readers
/// go on, a form's backend inserting rows waits until the import commits), the ids already there
/// are read, and the rows with new ids go straight into the table by `COPY`. An import is whole
/// or not at all, a second import of the same file adds nothing, and rows already there (and
/// every decision about them) are never changed. A staging table with `INSERT … ON CONFLICT DO
/// NOTHING` gives the same result at 2.7× the time of a plain `\copy` (DECISIONS.md).
package enum SubmissionImport {
    package struct Summary: Sendable, Equatable {
        /// Rows offered (the valid lines of the file).
        package var offered: Int
        /// Rows added: ids that were not in the table yet.
        package var added: Int
        package var alreadyPresent: Int { offered - added }

        package init(offered: Int, added: Int) {
            self.offered = offered
            self.added = added
        }
    }

    /// One submission as the table takes it.
    package struct Row {
        package var id: String
        /// The line's exact bytes, without its terminator (and without a file's leading BOM).
        package var line: UnsafeRawBufferPointer
        /// RFC 3339, as PostgreSQL's timestamptz input reads it (`2026-11-03T14:22:05.000Z`).
        package var submittedAt: String
        /// The ISO 3166-1 alpha-2 code, upper case.
        package var country: String
        package var email: String
        package var emailVerified: Bool?
        package var platform: String?
        package var locale: String?

        package init(id: String, line: UnsafeRawBufferPointer, submittedAt: String, country: String, email: String,
                    emailVerified: Bool?, platform: String?, locale: String?) {
            self.id = id
            self.line = line
            self.submittedAt = submittedAt
            self.country = country
            self.email = email
            self.emailVerified = emailVerified
            self.platform = platform
            self.locale = locale
        }
    }

    /// Adds one row to the COPY that `run` opened. Text columns other than `line` cannot hold
    /// U+0000: it becomes U+FFFD there (they are copies for filters; the line keeps the exact text).
    package static func append(_ row: Row, to copy: inout CopyInWriter) throws(PostgresError) {
        copy.appendField(row.id)
        copy.appendField(row.line)
        copy.appendField(row.submittedAt)
        copy.appendField(row.country)
        copy.appendField(storable(row.email))
        if let verified = row.emailVerified { copy.appendField(verified ? "t" : "f") } else { copy.appendNull() }
        if let platform = row.platform { copy.appendField(storable(platform)) } else { copy.appendNull() }
        if let locale = row.locale { copy.appendField(storable(locale)) } else { copy.appendNull() }
        try copy.endRow()
    }

    static func storable(_ text: String) -> String {
        text.utf8.contains(0) ? text.replacing("\u{0}", with: "\u{FFFD}") : text
    }

    /// Runs the import. `produce` adds the rows with `append(_:to:)`, skipping those whose id
    /// `isPresent` says the table already holds, and returns how many valid rows it had.
    package static func run(_ connection: PostgresConnection,
                           _ produce: (inout CopyInWriter, _ isPresent: (String) -> Bool) throws -> Int) throws -> Summary {
        try connection.transaction {
            try connection.execute("LOCK TABLE objection_desk.submissions IN SHARE ROW EXCLUSIVE MODE")
            var present = Set<String>()
            if try connection.execute("SELECT EXISTS (SELECT 1 FROM objection_desk.submissions)").bool(0, 0) == true {
                try connection.copyOut("COPY (SELECT id FROM objection_desk.submissions) TO STDOUT") { row in
                    let field = UnsafeRawBufferPointer(rebasing: row[..<(row.last == 0x0A ? row.count - 1 : row.count)])
                    if let id = CopyText.decodeField(field) { present.insert(String(decoding: id, as: UTF8.self)) }
                }
            }
            var offered = 0
            let added = try connection.copyIn(
                "COPY objection_desk.submissions (id, line, submitted_at, country, email, email_verified, platform, locale) FROM STDIN"
            ) { copy in
                offered = try produce(&copy) { present.contains($0) }
            }
            return Summary(offered: offered, added: added)
        }
    }
}
