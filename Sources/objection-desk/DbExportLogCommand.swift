import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import DeskPostgres
import Foundation

struct DbExportLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-log",
        abstract: "Write the database's decision log to stdout as JSON lines, byte for byte as stored.",
        discussion: """
        The lines are the records exactly as they were inserted, in seq order, each ending in \
        \\n, so `objection-desk verify --decisions FILE` checks the chain offline. When stdout is \
        a terminal, control and invisible characters are shown escaped (redirect for the exact \
        bytes).
        """)

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try withDatabaseErrors {
            let connection = try database.connect(statementTimeout: 3_600)
            try connection.requireDeskSchema()
            var output = OutputBuffer(format: .jsonl)
            let count = try DecisionLogTransfer.export(connection) { block in try output.write(bytes: block) }
            try output.flush()
            FileHandle.standardError.write("objection-desk: \(Wording.count(count, "record")) exported\n")
        }
    }
}
