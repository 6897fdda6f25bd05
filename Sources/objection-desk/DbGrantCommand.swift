import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import DeskPostgres

struct DbGrantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Give a reviewer's database role what the desk needs, and nothing more.",
        discussion: """
        SELECT on submissions and the log; INSERT on the log's line column only (the server sets \
        every other column, db_user from the authenticated role); SELECT, INSERT, UPDATE and \
        DELETE on claims (row-level security limits changes to the role's own or expired claims); \
        the chain lock. Nobody, the owner included, may UPDATE, DELETE or TRUNCATE decisions. \
        The role must exist (CREATE ROLE ana LOGIN).
        """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The reviewer's role.", valueName: "role"))
    var role: String

    func run() throws {
        try withDatabaseErrors {
            let connection = try database.connect()
            try connection.requireDeskSchema()
            try DeskSchema.grant(connection, to: role)
            print("granted the reviewer's rights to \(TerminalSafety.sanitize(role).text)")
        }
    }
}
