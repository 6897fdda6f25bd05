import DeskStore
import DeskEngine
import DeskCore

/// Moves a decision log between a JSON-lines file and `objection_desk.decisions`, byte for byte.
package enum DecisionLogTransfer {
    package struct ImportSummary: Sendable, Equatable {
        /// Records in the file.
        package var records: Int
        /// Of those, already in the database (it held the same first records, in the same order).
        package var alreadyPresent: Int
        package var added: Int { records - alreadyPresent }
        /// The SHA-256 of the last record line now in the database (the log's head).
        package var head: String?

        package init(records: Int, alreadyPresent: Int, head: String?) {
            self.records = records
            self.alreadyPresent = alreadyPresent
            self.head = head
        }
    }

    /// Refused: the database holds records that are not the file's first records.
    package struct Diverged: Error, Sendable, Equatable, CustomStringConvertible {
        /// The 1-based position of the first record that differs (or that the file lacks).
        package var record: Int
        package var databaseRecords: Int

        package init(record: Int, databaseRecords: Int) {
            self.record = record
            self.databaseRecords = databaseRecords
        }

        package var description: String {
            "the database's decision log (\(databaseRecords) record\(databaseRecords == 1 ? "" : "s")) is not the start of this file: record \(record) differs; import-log only moves a file log in, or adds what the file gained since"
        }
    }

    /// Appends `records` (each a record line's exact bytes, without its terminator, in file
    /// order) to the database's log in one transaction under the chain lock. The records the
    /// database already holds — the same lines at the same positions, compared by hash — are
    /// skipped, so running it again, or after the file grew, adds only what is new. Any other
    /// content in the database is refused (`Diverged`). The server checks every new link.
    package static func importRecords(_ connection: PostgresConnection, _ records: [[UInt8]]) throws -> ImportSummary {
        try connection.transaction {
            _ = try connection.execute("SELECT * FROM objection_desk.lock_chain()")
            var stored: [String] = []
            try connection.copyOut("COPY (SELECT hash FROM objection_desk.decisions ORDER BY seq) TO STDOUT") { row in
                stored.append(String(decoding: row.prefix(64), as: UTF8.self))
            }
            let present = stored.count
            for (index, hash) in stored.enumerated() {
                guard index < records.count, records[index].withUnsafeBytes({ SHA256Digest.hex($0) }) == hash else {
                    throw Diverged(record: index + 1, databaseRecords: present)
                }
            }
            if records.count > present {
                var parser = DecisionLineParser(keepsChainLinks: true)
                try connection.copyIn(DecisionRows.copySQL) { copy in
                    for record in records[present...] {
                        try record.withUnsafeBytes { line in
                            let fields = DecisionRows.fields(of: line, parser: &parser)
                            try DecisionRows.append(&copy, submissionID: fields?.submissionID, decision: fields?.decision,
                                                    prev: fields?.prev, line: line)
                        }
                    }
                }
            }
            let head = try connection.execute("SELECT last_hash FROM objection_desk.lock_chain()").scalar
            return ImportSummary(records: records.count, alreadyPresent: present, head: head)
        }
    }

    /// Writes every record line, in `seq` order, to `write` (the exact bytes stored, each followed
    /// by `\n`, in blocks); returns the number of records. One `COPY … TO STDOUT` in one
    /// REPEATABLE READ transaction: a consistent snapshot however long the export takes.
    @discardableResult
    package static func export(_ connection: PostgresConnection, to write: ([UInt8]) throws -> Void) throws -> Int {
        try connection.transaction(.repeatableRead) {
            var block: [UInt8] = []
            block.reserveCapacity(1 << 20)
            let count = try connection.copyOut("COPY (SELECT line FROM objection_desk.decisions ORDER BY seq) TO STDOUT") { row in
                // Text format: one row per message, ending in \n; the field escaped.
                let field = UnsafeRawBufferPointer(rebasing: row[..<(row.last == 0x0A ? row.count - 1 : row.count)])
                guard let line = CopyText.decodeField(field) else { return }
                block += line
                block.append(0x0A)
                if block.count >= 1 << 20 {
                    try write(block)
                    block.removeAll(keepingCapacity: true)
                }
            }
            if !block.isEmpty { try write(block) }
            return count
        }
    }
}
