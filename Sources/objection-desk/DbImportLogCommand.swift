import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import DeskPostgres
import Foundation

struct DbImportLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-log",
        abstract: "Move a decision log file into the database, every record line byte for byte.",
        discussion: """
        The file is verified first, as `verify` and `check` verify it: every link of the chain, \
        every line a record, every batch complete; anything else is printed as file:line: reason \
        and nothing is imported (exit 1). The records are then appended in one transaction, their \
        exact lines kept, and the chain continues from them; the server checks every link again. \
        Running it again, or after the file grew, adds only the records the database lacks; a \
        database holding other records is refused (exit 1). Each record's db_user is the role \
        that imported it.
        """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The decision log (JSON lines).", valueName: "decisions.jsonl"))
    var path: String

    func run() throws {
        let connection = try database.connect(statementTimeout: 3_600)
        try connection.requireDeskSchema()
        let report: ChainReport
        var problems: [DataProblem]
        do {
            report = try ChainVerifier.verify(path: path)
            let read = try DecisionLog(path: path).readNew()
            problems = report.problems
            for problem in read.problems + (read.tornTail.map { [$0] } ?? []) where !problems.contains(where: { $0.line == problem.line }) {
                problems.append(problem)
            }
        } catch let error as StoreError {
            throw CLIFailure(message: error.description)
        }
        if !problems.isEmpty {
            try TerminalOutput.writeAll(Array(problems.sorted { $0.line < $1.line }.map { TerminalSafety.sanitize($0.description).text + "\n" }.joined().utf8))
            FileHandle.standardError.write("objection-desk: \(TerminalSafety.sanitize(path).text) is not a clean decision log (\(Wording.count(problems.count, "problem"))); nothing imported\n")
            throw ExitCode(1)
        }
        let records = try Self.recordLines(path)
        guard records.count == report.records else {
            throw CLIFailure(message: "\(TerminalSafety.sanitize(path).text) changed while it was read (\(report.records) records verified, \(records.count) read); run import-log again")
        }
        let summary: DecisionLogTransfer.ImportSummary
        do {
            summary = try withDatabaseErrors { try DecisionLogTransfer.importRecords(connection, records) }
        } catch let diverged as DecisionLogTransfer.Diverged {
            FileHandle.standardError.write("objection-desk: \(diverged.description)\n")
            throw ExitCode(1)
        }
        print("\(TerminalSafety.sanitize(path).text): \(Wording.count(summary.records, "record")); \(summary.added) added, \(summary.alreadyPresent) already in the database")
        print("head: \(summary.head ?? SHA256Digest.zeroHex)")
    }

    /// Every record line's exact bytes (blank lines are not records), in file order.
    static func recordLines(_ path: String) throws -> [[UInt8]] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw CLIFailure(message: "cannot open \(TerminalSafety.sanitize(path).text): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw CLIFailure(message: "cannot stat \(TerminalSafety.sanitize(path).text)") }
        var lines: [[UInt8]] = []
        try LineReader.read(descriptor: descriptor, from: 0, to: Int64(status.st_size)) { event in
            guard case .line(let line) = event else { return }
            var content = line.bytes
            if line.offset == 0 && LineReader.hasByteOrderMark(content) { content = UnsafeRawBufferPointer(rebasing: content[3...]) }
            if LineReader.isBlank(content) { return }
            lines.append(Array(line.bytes))
        }
        return lines
    }
}
