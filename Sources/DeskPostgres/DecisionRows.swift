import DeskCore
import DeskStore

/// Rows for `COPY objection_desk.decisions (submission_id, decision, prev, line)`: what every
/// writer of the log sends (schema v4). The three columns are the line's own fields, as the
/// server reads them back to check them (`record_fields`): a U+0000, which text cannot hold,
/// as U+FFFD.
package enum DecisionRows {
    package static let copySQL = "COPY objection_desk.decisions (\(DeskSchema.decisionColumns)) FROM STDIN"

    /// Encodes `decisions` as records, each carrying `mark` and linked to the one before (the
    /// first to `head`), and copies them in; returns the hash of the last line (the new head).
    package static func copy(_ connection: PostgresConnection, _ decisions: [Decision], mark: BatchMark?, after head: String) throws -> String {
        var link = head
        try connection.copyIn(copySQL) { copy in
            for var decision in decisions {
                decision.batch = mark
                decision.prev = link
                let line = decision.encodedLine().dropLast()
                try line.withUnsafeBytes { bytes in
                    try append(&copy, submissionID: decision.submissionID, decision: decision.kind.name, prev: link, line: bytes)
                }
                link = line.withUnsafeBytes { SHA256Digest.hex($0) }
            }
        }
        return link
    }

    /// One row. `submissionID` and `decision` nil (with `prev`): the server reads all three
    /// from the line, as it did before v4.
    package static func append(_ copy: inout CopyInWriter, submissionID: String?, decision: String?, prev: String?,
                               line: UnsafeRawBufferPointer) throws(PostgresError) {
        for field in [submissionID, decision, prev] {
            if let field { copy.appendField(field.utf8.contains(0) ? field.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : field) } else { copy.appendNull() }
        }
        copy.appendField(line)
        try copy.endRow()
    }

    /// The three columns of a record line written by any desk (a file log's, say): nil when the
    /// line is not a record the desk reads, which then goes in with NULLs for the server to fill.
    package static func fields(of line: UnsafeRawBufferPointer, parser: inout DecisionLineParser) -> (submissionID: String, decision: String, prev: String?)? {
        var content = line
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content = UnsafeRawBufferPointer(rebasing: content[3...]) }
        guard let record = try? parser.parse(content) else { return nil }
        return (record.submissionID, record.kind.name, record.prev)
    }
}
