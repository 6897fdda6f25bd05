import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import DeskPostgres
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every link of the decision log's hash chain; print the record count and the head.",
        discussion: """
        Each record's "prev" is the SHA-256 of the exact bytes of the record line before it (without \
        the line terminator); the first record's is 64 zeros. An edited, deleted, inserted or \
        reordered line breaks a link and is named as file:line, and so is a line that is not a \
        record or ends in \\r\\n (the desk writes neither). No chain reveals dropping the last \
        records or editing the last line: note the head elsewhere and confirm it later with --head. \
        --decisions - reads the log from standard input: objection-desk db export-log | \
        objection-desk verify --decisions - checks a database desk's log with no database.
        Exit status: 0 intact (and the head found), 1 a broken link, a line that is not a record or the head not found, 2 the \
        file cannot be read.
        """)

    @OptionGroup var files: FileOptions

    @Option(help: ArgumentHelp("Confirm that the record with this SHA-256 (a head noted earlier) is still in the log.", valueName: "hash"))
    var head: String?

    func validate() throws {
        if let head, !SHA256Digest.isDigest(head.lowercased()) {
            throw ValidationError("--head must be a SHA-256: 64 hex digits")
        }
    }

    func run() throws {
        let path: String
        let report: ChainReport
        let read = LoadProgress()
        if let conninfo = try files.databaseConninfo() {
            // The records as the database holds them, judged by the file log's rule.
            let connection = try DatabaseOptions.connect(conninfo, fromCommandLine: files.database != nil)
            try connection.requireDeskSchema()
            path = "database \(connection.target)"
            report = try CommandProgress.verifyingChain(read) {
                try DatabaseChain.verify(connection, findingHead: head?.lowercased(), label: path, progress: read)
            }
        } else if files.decisions == "-" {
            // A log piped in (`db export-log | objection-desk verify --decisions -`): checked
            // from a private copy, its problems named as lines of standard input.
            path = "standard input"
            do {
                report = try StandardInputCopy.withCopy { copy in
                    try CommandProgress.verifyingChain(read) {
                        try ChainVerifier.verify(path: copy, findingHead: head?.lowercased(), progress: read).relabelled(path)
                    }
                }
            } catch let error as StoreError {
                throw CLIFailure(message: error.description)
            }
        } else {
            path = try files.resolve().decisions
            do {
                report = try CommandProgress.verifyingChain(read) { try ChainVerifier.verify(path: path, findingHead: head?.lowercased(), progress: read) }
            } catch let error as StoreError {
                throw CLIFailure(message: error.description)
            }
        }
        let shown = TerminalSafety.sanitize(path).text
        // A line that is not a record (or was changed in a way no link covers) is reported like a
        // broken link: the log is not as the desk wrote it.
        try TerminalOutput.writeAll(Array(report.problems.map { TerminalSafety.sanitize($0.description).text + "\n" }.joined().utf8))
        if !report.isClean {
            let what = report.isIntact ? "lines that are not records as Objection Desk writes them" : "the chain is broken"
            FileHandle.standardError.write("objection-desk: \(what); \(Wording.count(report.records, "record")) read\n")
            throw ExitCode(1)
        }
        var summary = "\(shown): \(report.records) record\(report.records == 1 ? "" : "s"), chain intact"
        if report.unchainedRecords > 0 {
            summary += report.chainStartLine.map { " from line \($0)" } ?? " (no record carries a link yet)"
            summary += "; \(report.unchainedRecords) earlier record\(report.unchainedRecords == 1 ? "" : "s") predate chaining and are not covered"
        }
        try TerminalOutput.writeAll(Array((summary + "\n" + "head: \(report.head ?? SHA256Digest.zeroHex)"
            + (report.headLine.map { " (line \($0))" } ?? " (empty log)") + "\n").utf8))
        guard let wanted = head?.lowercased() else { return }
        if let line = report.foundHeadLine {
            try TerminalOutput.writeAll(Array("\(wanted) is the record at line \(line): nothing up to it has changed since that head was noted\n".utf8))
        } else {
            FileHandle.standardError.write("objection-desk: no record in \(shown) has SHA-256 \(wanted): the log was changed (or cut) at or before the point where that head was noted, or it is another log's head\n")
            throw ExitCode(1)
        }
    }
}
