import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import Foundation

struct ListCommand: ParsableCommand, OffersFormats {
    static let formats: [OutputFormat] = [.table, .jsonl, .csv]

    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List submissions, filtered and sorted.",
        discussion: FilterParser.grammarHelp)

    @OptionGroup var files: FileOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Only submissions matching this filter expression.", valueName: "expr"))
    var filter: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("submitted (default), country, email or status; a leading - reverses.", valueName: "key"))
    var sort: String?

    @Option(help: "table (for people, sanitized), jsonl (exact values) or csv (cells starting with = + - @ tab CR get a ' in front).")
    var format = FormatOption<ListCommand>(.table)

    // Unconditional so that `--limit -1` reaches validate() and gets a clear error.
    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many rows.", valueName: "n"))
    var limit: Int?

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be zero or more, not \(limit)") }
    }

    func run() throws {
        let expression = try QueryOptions.filter(filter)
        let sortSpec = try QueryOptions.sort(sort)
        let desk = try files.openDesk()
        let now = WallClock.now()
        var rows = CommandProgress.selectingRows(desk) { desk.rows(matching: expression, sortedBy: sortSpec, now: now) }
        if let limit, rows.count > limit { rows = Array(rows[..<limit]) }
        var output = OutputBuffer(format: format.value)
        switch format.value {
        case .table:
            let table = SubmissionTableFormatter(width: TerminalWidth.current() ?? 120, now: now)
            try output.write(table.header())
            for row in rows { try output.write(table.line(try desk.exportRow(Int(row)), escaped: desk.table.columns.attributes[Int(row)].contains(.needsEscaping))) }
        case .jsonl:
            CommandProgress.findingClusters(desk) { desk.buildClusters() }  // rows carry cluster and cluster_size
            for row in rows {
                try output.write(bytes: try desk.exportRow(Int(row)).jsonLine())
                try output.write("\n")
            }
        case .csv:
            try output.write(CSV.line(ExportRow.columnNames(includingDatabaseUser: desk.log.knowsWriters)))
            for row in rows { try output.write(CSV.line(try desk.exportRow(Int(row)).csvFields)) }
        case .mbox:
            break  // not offered (`formats`)
        }
        try output.flush()
    }
}
