import ArgumentParser
import DeskPostgres

struct DbInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the desk's schema in the database, or upgrade it; print its version.",
        discussion: """
        Creates the schema objection_desk (submissions, decisions, claims) or applies the \
        migrations it lacks, each in one transaction. Running it again changes nothing. The role \
        that runs it owns the tables; reviewers get their rights with `db grant ROLE`.
        """)

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try withDatabaseErrors {
            let connection = try database.connect(statementTimeout: 300)
            let outcome = try DeskSchema.migrate(connection)
            if outcome.applied.isEmpty {
                print("schema version \(outcome.to) (up to date)")
            } else {
                print("schema version \(outcome.to) (was \(outcome.from == 0 ? "absent" : String(outcome.from)); applied \(outcome.applied.map(String.init).joined(separator: ", ")))")
            }
        }
    }
}
