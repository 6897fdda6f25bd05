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
        let records = EncodedRecords(decisions, mark: mark, after: head)
        try records.copy(connection)
        return records.head
    }

    /// One row. `submissionID` and `decision` nil (with `prev`): the server reads all three
    /// from the line, as it did before v4.
    package static func append(_ copy: inout CopyInWriter, submissionID: String?, decision: String?, prev: String?,
                               line: UnsafeRawBufferPointer) throws(PostgresError) {
        for field in [submissionID, decision, prev] {
            if let field { copy.appendField(column(field)) } else { copy.appendNull() }
        }
        copy.appendField(line)
        try copy.endRow()
    }

    /// A field as the server reads it from a line into a text column.
    static func column(_ field: String) -> String {
        field.utf8.contains(0) ? field.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : field
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

/// Decisions encoded as chained record lines, before they are sent: a bulk's encoding (SHA-256
/// included, half a second per 100,000) can then run while the server locks its rows, and the
/// lines go to the local copy after the commit without being read back.
package struct EncodedRecords: Sendable {
    /// The record lines, each followed by `\n`: what a file log (and the local copy) holds.
    package private(set) var lines: [UInt8] = []
    /// Where each line ends in `lines` (before its `\n`).
    private var ends: [Int] = []
    /// Each record's `prev`, 64 hex digits apiece.
    private var links: [UInt8] = []
    /// The decisions as sent: batch mark and link set.
    package private(set) var decisions: [Decision] = []
    /// The SHA-256 of the last line: the chain's head once they are in.
    package private(set) var head: String

    package var count: Int { ends.count }

    /// The last line's length, without its newline.
    package var lastLineLength: Int { ends.count > 1 ? ends[ends.count - 1] - ends[ends.count - 2] - 1 : ends.first ?? 0 }

    package init(_ decisions: [Decision], mark: BatchMark?, after head: String) {
        self.head = head
        ends.reserveCapacity(decisions.count)
        links.reserveCapacity(decisions.count * 64)
        self.decisions.reserveCapacity(decisions.count)
        lines.reserveCapacity(decisions.count * 400)
        for var decision in decisions {
            decision.batch = mark
            decision.prev = self.head
            links += self.head.utf8
            let line = decision.encodedLine().dropLast()
            lines += line
            ends.append(lines.count)
            lines.append(0x0A)
            self.decisions.append(decision)
            self.head = line.withUnsafeBytes { SHA256Digest.hex($0) }
        }
    }

    /// COPYs the records in (the caller's transaction holds the chain lock, linked to `head`'s start).
    package func copy(_ connection: PostgresConnection) throws {
        _ = try lines.withUnsafeBytes { all in
            try links.withUnsafeBytes { linkBytes in
                try connection.copyIn(DecisionRows.copySQL) { copy in
                    var start = 0
                    for index in 0..<ends.count {
                        copy.appendField(DecisionRows.column(decisions[index].submissionID))
                        copy.appendField(decisions[index].kind.name)
                        copy.appendField(UnsafeRawBufferPointer(rebasing: linkBytes[(index * 64)..<(index * 64 + 64)]))
                        copy.appendField(UnsafeRawBufferPointer(rebasing: all[start..<ends[index]]))
                        try copy.endRow()
                        start = ends[index] + 1
                    }
                }
            }
        }
    }
}
