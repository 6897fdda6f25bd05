import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore

struct ExportCommand: ParsableCommand, OffersFormats {
    static let formats: [OutputFormat] = [.csv, .jsonl]

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "One row per submission for a data protection officer or a regulator.",
        discussion: """
        Fields: id, country, submitted_at, due_at (last day in time, UTC: one calendar month after \
        submission, GDPR Art. 12(3)), status, the latest record's decided_at, reviewer, os_user and \
        reason, within_deadline (accepted or rejected by due_at: true or false; open: empty/null \
        until due_at has passed, then false) and decisions (records in its history). Oldest \
        submission first. CSV cells starting with = + - @ tab or CR get a ' in front; jsonl keeps \
        the exact values.

        \(FilterParser.grammarHelp)
        """)

    @OptionGroup var files: FileOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Only submissions matching this filter expression.", valueName: "expr"))
    var filter: String?

    @Option(help: "csv (default) or jsonl.")
    var format = FormatOption<ExportCommand>(.csv)

    func run() throws {
        let expression = try QueryOptions.filter(filter)
        let desk = try files.openDesk()
        let now = WallClock.now()
        var output = OutputBuffer(format: format.value)
        if format.value == .csv { try output.write(CSV.line(AccountabilityRow.columnNames(includingDatabaseUser: desk.log.knowsWriters))) }
        for row in CommandProgress.selectingRows(desk, { desk.rows(matching: expression, now: now) }) {
            let record = try desk.accountabilityRow(Int(row), now: now)
            switch format.value {
            case .csv:
                try output.write(CSV.line(record.csvFields))
            case .jsonl:
                try output.write(bytes: record.jsonLine())
                try output.write("\n")
            case .table, .mbox:
                break  // not offered (`formats`)
            }
        }
        try output.flush()
    }
}
