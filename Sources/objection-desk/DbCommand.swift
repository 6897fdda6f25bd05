import ArgumentParser

/// `objection-desk db …`: set up and fill a desk that lives in PostgreSQL.
struct DbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Set up a desk in PostgreSQL: create the schema, grant a reviewer's role, import a queue or a decision log, export the log.",
        discussion: """
        Every subcommand takes --database CONNINFO (or OBJECTION_DESK_DATABASE): a libpq connection \
        string or postgresql:// URI; libpq's environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, \
        PGSSLMODE, ~/.pgpass, PGSERVICE) works as in psql. For a remote server use \
        sslmode=verify-full. Exit status: 0 done, 1 problems in the input, 2 the database or a \
        file could not be used.
        """,
        subcommands: [DbInitCommand.self, DbGrantCommand.self, DbImportCommand.self, DbImportLogCommand.self,
                      DbExportLogCommand.self])
}
