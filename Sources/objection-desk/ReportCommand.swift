import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import Foundation

struct ReportCommand: ParsableCommand, OffersFormats {
    static let formats: [OutputFormat] = [.table, .jsonl, .csv]

    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Decisions by kind, time to answer, late answers, extensions and overrides.",
        discussion: """
        Counts decision records (not final statuses) per group: by the reviewer who made them, their \
        submission's country, or the UTC day or ISO week (2026-W48) of decided_at; without --by, \
        all of them in one line (group null). Accepted, rejected and verification_requested records \
        are answers: median_hours and p90_hours are the hours from submission to answer (nearest \
        rank), late counts answers made after the due day (one calendar month after submission, \
        GDPR Art. 12(3); three months once extended). overrides counts records that changed an \
        accept or reject made by another reviewer. --since keeps records decided from that date \
        (YYYY-MM-DD, UTC) or instant (RFC 3339). The table ends with a total row.
        """)

    enum Grouping: String, ExpressibleByArgument, CaseIterable {
        case reviewer, country, day, week
        case dbUser = "db_user"

        var core: DecisionReport.Grouping {
            switch self {
            case .dbUser: .dbUser
            case .reviewer: .reviewer
            case .country: .country
            case .day: .day
            case .week: .week
            }
        }
    }

    @OptionGroup var files: FileOptions

    @Option(help: "Group by reviewer, country, day or week (of decided_at, UTC), or db_user (the database role that wrote each record: a database desk only).")
    var by: Grouping?

    @Option(help: ArgumentHelp("Only records decided from this date (YYYY-MM-DD, UTC) or RFC 3339 instant on.", valueName: "date"))
    var since: String?

    @Option(help: "table (for people, sanitized), jsonl or csv (cells starting with = + - @ tab CR get a ' in front).")
    var format = FormatOption<ReportCommand>(.table)

    func run() throws {
        let sinceMillis = try QueryOptions.since(since)
        if by == .dbUser, try files.databaseConninfo() == nil {
            throw CLIFailure(message: "--by db_user needs a desk in PostgreSQL (--database): a file log has no authenticated writer, only the reviewer and os_user each record claims")
        }
        let desk = try files.openDesk()
        let report = DecisionReport(ledger: desk.ledger, table: desk.table, by: by?.core, since: sinceMillis,
                                    writers: by == .dbUser ? desk.log.recordWriters() ?? [] : [])
        var output = OutputBuffer(format: format.value)
        switch format.value {
        case .table:
            try output.write(ReportTableFormatter(report: report).text())
        case .jsonl:
            for line in report.lines {
                try output.write(bytes: line.jsonLine())
                try output.write("\n")
            }
        case .csv:
            try output.write(CSV.line(ReportGroup.columnNames))
            for line in report.lines { try output.write(CSV.line(line.csvFields)) }
        case .mbox:
            break  // not offered (`formats`)
        }
        try output.flush()
    }
}
